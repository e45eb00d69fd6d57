"""The sync protocol's wire shapes, shared by the phone (``fieldapp.sync_client``) and the
central queue service (``sync``): what each request carries and each reply holds.

docs/sync-protocol.md describes the protocol; these models are its typed form. The package
ships to phones, so it imports only pydantic and the domain core. Modules, by concept:

- ``patterns``: the shared identifier patterns and limits (sheet id, SHA-256, keys);
- ``errors``: the error body every refusal carries and its codes;
- ``auth``: signing in and the account the phone sees;
- ``health``: whether the service is up (the phone's cheap check that it answers);
- ``attachments``: uploading photos and signatures, and asking which are missing;
- ``push``: a batch of sheet versions and one result each;
- ``pull``: a page of changes, each kind its own shape;
- ``review``: a supervisor's decision as the technician receives it.

The back office's shapes, served by the service and read by ``fieldapp.office``:

- ``review_queue``: the queue of signed sheets, a decision's history and the decision sent;
- ``sheet_detail``: a sheet opened for review, with the rules' answer and what changed;
- ``work_orders``: recording and changing a work order, a page of them;
- ``follow_ups``, ``complaints``, ``loaners``, ``centre_units``, ``messages``: the clerk's desk;
- ``dashboard``: a period's figures; ``serials``: a unit's visits; ``signed_content``: the
  paper sheet check.

A reply that does not match its shape is a broken reply, never a default: validate it with
``Model.model_validate`` and treat a ``ValidationError`` as a retryable failure.
"""

from fieldapp.protocol.attachments import (
    BatchResult,
    BatchStatus,
    BatchUploadReply,
    MissingReply,
    MissingRequest,
    StoredReply,
    StoredStatus,
)
from fieldapp.protocol.auth import LoginReply, LoginRequest, Role, UserPublic
from fieldapp.protocol.errors import ErrorCode, ErrorDetail, ErrorReply
from fieldapp.protocol.health import Health
from fieldapp.protocol.patterns import (
    CURSOR_MAX_LENGTH,
    DEVICE_ID_PATTERN,
    IDEMPOTENCY_KEY_PATTERN,
    MAX_HASHES_PER_CHECK,
    MAX_PULL_LIMIT,
    MAX_PUSH_ITEMS,
    MAX_VERSION,
    SHA256_PATTERN,
    SHEET_ID_PATTERN,
    TICKET_NO_PATTERN,
    DeviceId,
    Sha256,
    SheetId,
    Version,
)
from fieldapp.protocol.pull import (
    Change,
    ChangeKind,
    PullPage,
    ReferenceChange,
    ReferenceUpdate,
    ReviewResultChange,
    WorkOrderChange,
    WorkOrderRemoval,
    WorkOrderRemovedChange,
)
from fieldapp.protocol.push import PushItem, PushReply, PushRequest, PushResult, PushStatus
from fieldapp.protocol.review import ReviewDecision, ReviewResult

__all__ = [
    "CURSOR_MAX_LENGTH",
    "DEVICE_ID_PATTERN",
    "IDEMPOTENCY_KEY_PATTERN",
    "MAX_HASHES_PER_CHECK",
    "MAX_PULL_LIMIT",
    "MAX_PUSH_ITEMS",
    "MAX_VERSION",
    "SHA256_PATTERN",
    "SHEET_ID_PATTERN",
    "TICKET_NO_PATTERN",
    "BatchResult",
    "BatchStatus",
    "BatchUploadReply",
    "Change",
    "ChangeKind",
    "DeviceId",
    "ErrorCode",
    "ErrorDetail",
    "ErrorReply",
    "Health",
    "LoginReply",
    "LoginRequest",
    "MissingReply",
    "MissingRequest",
    "PullPage",
    "PushItem",
    "PushReply",
    "PushRequest",
    "PushResult",
    "PushStatus",
    "ReferenceChange",
    "ReferenceUpdate",
    "ReviewDecision",
    "ReviewResult",
    "ReviewResultChange",
    "Role",
    "Sha256",
    "SheetId",
    "StoredReply",
    "StoredStatus",
    "UserPublic",
    "Version",
    "WorkOrderChange",
    "WorkOrderRemoval",
    "WorkOrderRemovedChange",
]
