"""The identifiers and limits both sides check, each defined once.

The sheet id and the SHA-256 of an attachment belong to the job sheet and the ticket number
to the work order, so their patterns live in the domain core; they are gathered here with
the protocol's own (device id, idempotency key) so that a reader of the protocol finds them
all in one place.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from fieldapp.domain.job_sheet import SHA256_PATTERN, SHEET_ID_PATTERN
from fieldapp.domain.validation import label
from fieldapp.domain.work_order import TICKET_NO_PATTERN

# A device id: printable ASCII without spaces, as the phone makes it.
DEVICE_ID_PATTERN = r"^[\x21-\x7e]+$"
DEVICE_ID_MAX_LENGTH = 64
# 8-100 characters of A-Z a-z 0-9 . _ : - (a UUID fits); scoped to the user.
IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9._:\-]{8,100}$"
# Save counters and revisions fit a signed 32-bit column.
MAX_VERSION = 2**31 - 1
MAX_PUSH_ITEMS = 200
MAX_HASHES_PER_CHECK = 2000
MAX_BATCH_FILES = 200
MAX_PULL_LIMIT = 1000
CURSOR_MAX_LENGTH = 40

SheetId = Annotated[str, Field(pattern=SHEET_ID_PATTERN, **label("报告单编号", "Sheet id"))]
Sha256 = Annotated[str, Field(pattern=SHA256_PATTERN, **label("文件校验值", "File hash"))]
Version = Annotated[int, Field(ge=1, le=MAX_VERSION, **label("保存版本", "Version"))]
DeviceId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=DEVICE_ID_MAX_LENGTH,
        pattern=DEVICE_ID_PATTERN,
        **label("设备编号", "Device id"),
    ),
]

__all__ = [
    "CURSOR_MAX_LENGTH",
    "DEVICE_ID_MAX_LENGTH",
    "DEVICE_ID_PATTERN",
    "IDEMPOTENCY_KEY_PATTERN",
    "MAX_BATCH_FILES",
    "MAX_HASHES_PER_CHECK",
    "MAX_PULL_LIMIT",
    "MAX_PUSH_ITEMS",
    "MAX_VERSION",
    "SHA256_PATTERN",
    "SHEET_ID_PATTERN",
    "TICKET_NO_PATTERN",
    "DeviceId",
    "Sha256",
    "SheetId",
    "Version",
]
