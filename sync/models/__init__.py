"""Database tables (``*Row``), one module per entity; the shapes the API reads and writes are
in ``fieldapp.protocol``, shared with the clients.

Importing this package registers every table on :class:`sync.core.db.Base` (the migrations
and the tests rely on that).
"""

from sync.models.attachment import (
    AttachmentBlobRow,
    AttachmentRow,
    AttachmentUploaderRow,
    SheetAttachmentRow,
)
from sync.models.centre_unit import CentreUnitRow
from sync.models.change import ChangeCounterRow, ChangeRow, PushReceiptRow
from sync.models.complaint import ComplaintRow
from sync.models.follow_up import FollowUpRow
from sync.models.loaner import LoanerRow, LoanPhotoRow, LoanRow
from sync.models.message import CustomerMessageRow, MessageTemplateRow, TrackThrottleRow
from sync.models.reference import ReferenceFileRow
from sync.models.sheet import JobServiceLevelRow, ReviewRow, SheetRow, SheetVersionRow
from sync.models.user import DeviceRow, LoginThrottleRow, Role, UserRow
from sync.models.work_order import TicketCounterRow, WorkOrderRow

__all__ = [
    "AttachmentBlobRow",
    "AttachmentRow",
    "AttachmentUploaderRow",
    "CentreUnitRow",
    "ChangeCounterRow",
    "ChangeRow",
    "ComplaintRow",
    "CustomerMessageRow",
    "DeviceRow",
    "FollowUpRow",
    "JobServiceLevelRow",
    "LoanPhotoRow",
    "LoanRow",
    "LoanerRow",
    "LoginThrottleRow",
    "MessageTemplateRow",
    "PushReceiptRow",
    "ReferenceFileRow",
    "ReviewRow",
    "Role",
    "SheetAttachmentRow",
    "SheetRow",
    "SheetVersionRow",
    "TicketCounterRow",
    "TrackThrottleRow",
    "UserRow",
    "WorkOrderRow",
]
