"""Every string the back office asks for is in the table, in both languages: the keys the
screens name literally and those they build from the service's values."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from fieldapp.domain.work_order import WorkOrderStatus
from fieldapp.office.complaints import CAUSES, COMPLAINT_FIELDS
from fieldapp.office.follow_ups import SURVEY
from fieldapp.office.reviews import QUEUE_STATUSES
from fieldapp.office.session import Place
from fieldapp.office.work_orders import CALL_FIELDS
from fieldapp.protocol.auth import Role
from fieldapp.protocol.centre_units import NEXT_STATES
from fieldapp.ui.strings import STRINGS

OFFICE_UI = Path(__file__).resolve().parents[2] / "fieldapp" / "ui" / "office"


def _literal_keys() -> set[str]:
    keys = set()
    for path in OFFICE_UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            first = node.args[0]
            if name in ("t", "message") and isinstance(first, ast.Constant):
                keys.add(str(first.value))
    return keys


def _built_keys() -> set[str]:
    keys = {f"office.place.{p.value}" for p in Place}
    keys |= {f"office.role.{r.value}" for r in Role}
    keys |= {f"orders.status.{s.value}" for s in WorkOrderStatus}
    keys |= {f"orders.field.{f}" for f in CALL_FIELDS}
    keys |= {f"queue.status.{s.value}" for s in QUEUE_STATUSES}
    keys |= {f"sheet.status.{s}" for s in ("approved", "returned", "draft")}
    keys |= {f"sheet.decision.{d}" for d in ("approved", "returned")}
    keys |= {f"sheet.deadline.{d}" for d in ("met", "missed", "open", "overdue")}
    keys |= {
        f"queue.filter.{f}"
        for f in ("service_level_missed", "charged", "low_rating", "new_revision")
    }
    keys |= {f"complaints.cause.{c}" for c in CAUSES}
    keys |= {f"complaints.field.{f}" for f in COMPLAINT_FIELDS}
    keys |= {f"follow_ups.{f}" for f in (*SURVEY, "reached", "unit_working", "satisfied")}
    keys |= {f"units.to.{s}" for states in NEXT_STATES.values() for s in states}
    keys |= {f"dashboard.level.{k}" for k in ("answer", "on_site", "fix")}
    return keys


@pytest.mark.parametrize("key", sorted(_literal_keys() | _built_keys()))
def test_the_back_office_key_is_in_the_table(key: str) -> None:
    assert key in STRINGS, f"{key} is missing from fieldapp/ui/strings_office.py"
