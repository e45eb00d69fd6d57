"""What the service rules (fieldapp.domain) say about a sheet, for the supervisor's review.

Filled in once the rules modules exist; see :func:`rules_for_sheet`.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from sync.models.sheet import SheetRow
from sync.models.work_order import WorkOrderRow


def rules_for_sheet(
    session: Session, *, sheet: SheetRow, order: WorkOrderRow, zone: ZoneInfo
) -> dict[str, Any]:
    return {}
