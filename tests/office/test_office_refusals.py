"""Issue 20, items 1–3, at the view-models against a real service: a phone, a date or a length
the service would refuse is said under its field as it is typed; whatever the service still
refuses field by field lands under that field through one mechanism
(``fieldapp.office.errors.refusals_under``), never as a bare banner; what was typed stays."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fieldapp.domain.text import text
from fieldapp.domain.validation import FieldProblem, max_length
from fieldapp.office import accounts, complaints, follow_ups, loaners, reviews
from fieldapp.office import work_orders as wo
from fieldapp.office.errors import placed
from fieldapp.office.sheet_view import centre_today
from fieldapp.ui.office.viewmodels.desk_models import ComplaintsModel
from fieldapp.ui.office.viewmodels.work_orders_model import CallModel
from tests.support.aio import run_to_end as run
from tests.support.sheets import SERIAL

A_CALL = {
    "customer.name": "周子健",
    "customer.phone": "13912345678",
    "customer.address": "上海市徐汇区漕溪北路 88 号",
    "product.brand": "明辉",
    "product.model": "MH-P520",
    "reported_fault": "无法开机",
}


def _orders(clerk) -> int:
    return int(clerk.client.get("/work-orders", {"limit": 1})["total"])


def _call(clerk, **changes: str) -> CallModel:
    model = CallModel(client=clerk.client)
    for name, value in {**A_CALL, **changes}.items():
        model.set_value(name, value)
    return model


def test_a_truncated_phone_is_said_under_the_phone_as_typed_and_nothing_is_sent(clerk) -> None:
    before = _orders(clerk)
    model = _call(clerk, **{"customer.phone": "13801234"})

    assert list(model.problems) == ["customer.phone"]
    assert "11 位" in model.problems["customer.phone"].zh
    run(model.submit())
    assert model.created is None and model.error is None
    assert model.form.values["customer.phone"] == "13801234"  # kept as typed
    assert _orders(clerk) == before
    model.set_value("customer.phone", "021-6488 1234")  # a landline with its area code
    assert not model.problems
    run(model.submit())
    assert model.created is not None and model.created.customer.phone == "021-6488 1234"


@pytest.mark.parametrize(
    ("purchased", "words"),
    [
        ("1900-01-01", "2025-08"),
        ("2025-07-31", "2025-08"),
        ("tomorrow", "晚于今天"),
        ("2025-8-1", "YYYY-MM-DD"),
    ],
)
def test_a_purchase_date_the_serial_contradicts_is_said_with_the_reason(
    clerk, purchased, words
) -> None:
    if purchased == "tomorrow":
        purchased = (centre_today() + timedelta(days=1)).isoformat()
    model = _call(clerk, **{"product.serial": SERIAL, "product.purchase_date": purchased})

    assert list(model.problems) == ["product.purchase_date"]
    assert words in model.problems["product.purchase_date"].zh
    assert model.serial_hint is not None and "2025-08" in model.serial_hint.zh


def test_a_purchase_in_the_factory_month_is_recorded_with_the_call(clerk) -> None:
    model = _call(clerk, **{"product.serial": SERIAL, "product.purchase_date": "2025-08-20"})
    run(model.submit())
    assert model.created is not None
    assert str(model.created.product.purchase_date) == "2025-08-20"


def test_what_the_service_refuses_lands_under_its_field_not_in_a_banner(clerk, monkeypatch) -> None:
    """The form's own checks switched off: the service's 422 for a 600-character fault (and
    a phone it refuses) is shown under those fields, as the issue's clerk should have seen."""
    monkeypatch.setattr(wo, "call_problems", lambda form, touched=None: {})
    model = _call(clerk, reported_fault="屏" * 600, **{"customer.phone": "13801234"})

    run(model.submit())

    assert model.created is None and model.error is None
    assert "500" in model.problems["reported_fault"].zh
    assert "11 位" in model.problems["customer.phone"].zh
    assert model.form.values["reported_fault"] == "屏" * 600  # nothing typed lost
    model.set_value("customer.phone", "13801234567")  # that field's refusal goes when edited
    assert "customer.phone" not in model.problems and "reported_fault" in model.problems


def test_an_unknown_ticket_in_a_complaint_is_named_under_the_ticket(clerk) -> None:
    model = ComplaintsModel(client=clerk.client)
    model.start_recording()
    for name, value in {
        "customer_name": "陈晓明",
        "customer_phone": "13801234567",
        "ticket_no": "BX20250101-9999",
        "details": "上门迟到",
    }.items():
        model.set_value(name, value)
    model.set_cause("attitude")

    run(model.record())

    assert model.error is None and model.recording
    assert "BX20250101-9999" in model.problems["ticket_no"].zh
    assert model.form.values["details"] == "上门迟到"


def test_a_complaint_checks_the_phone_and_the_length_before_sending(clerk) -> None:
    model = ComplaintsModel(client=clerk.client)
    model.start_recording()
    model.set_value("customer_name", "陈晓明")
    model.set_value("customer_phone", "13801234")
    model.set_value("details", "慢" * 5000)
    model.set_cause("other")

    run(model.record())

    assert model.error is None
    assert "11 位" in model.problems["customer_phone"].zh
    assert "1000" in model.problems["details"].zh and "5000" in model.problems["details"].zh


def test_a_problem_about_no_field_of_the_form_is_named_in_the_banner() -> None:
    found = placed(
        [
            FieldProblem(
                path="body.customer.phone", field=text("联系电话", "Phone"), message=text("a", "a")
            ),
            FieldProblem(path="urgency", field=text("紧急程度", "Urgency"), message=text("b", "b")),
        ],
        wo.CALL_FIELDS,
        {},
    )
    assert list(found.problems) == ["customer.phone"]
    assert found.banner is not None and found.banner.zh == "紧急程度：b"


def test_every_form_takes_as_many_characters_as_the_service_and_no_more() -> None:
    from fieldapp.protocol.complaints import ComplaintClose, ComplaintCreate
    from fieldapp.protocol.follow_ups import FollowUpOutcome
    from fieldapp.protocol.loaners import ReturnRequest
    from fieldapp.protocol.review_queue import DecisionRequest
    from fieldapp.protocol.work_orders import CancelRequest, WorkOrderCreate

    for name, limit in wo.CALL_LIMITS.items():
        if name != "product.purchase_date":
            assert max_length(WorkOrderCreate, name) == limit, name
    for name, limit in complaints.COMPLAINT_LIMITS.items():
        if name != "ticket_no":
            assert max_length(ComplaintCreate, name) == limit, name
    assert max_length(ComplaintClose, "action_taken") == complaints.CLOSE_LIMIT
    assert max_length(ComplaintClose, "customer_follow_up") == complaints.CLOSE_LIMIT
    assert max_length(FollowUpOutcome, "notes") == follow_ups.NOTES_LIMIT
    assert max_length(ReturnRequest, "condition_notes") == loaners.CONDITION_LIMIT
    assert max_length(DecisionRequest, "comment") == reviews.COMMENT_LIMIT
    assert max_length(CancelRequest, "reason") == wo.CANCEL_REASON_LIMIT
    assert accounts.ACCOUNT_LIMITS["display_name"] == 60


def test_an_emoji_is_said_under_its_field_instead_of_showing_as_a_box(clerk) -> None:
    """Issue 20, item 8: the bundled font has no emoji; a name or note with one is refused in
    words (counted, not shown: shown, it would be the empty box) and kept as typed."""
    model = _call(clerk, **{"customer.name": "王🙂明", "reported_fault": "屏幕👍🏻不亮"})
    assert "1 个字符无法显示" in model.problems["customer.name"].zh
    assert "2 个字符无法显示" in model.problems["reported_fault"].zh  # the emoji, its skin tone
    run(model.submit())
    assert model.created is None and model.form.values["customer.name"] == "王🙂明"
    model.set_value("customer.name", "王喆明")  # a rare character the font has is fine
    model.set_value("reported_fault", "屏幕不亮")
    assert not model.problems

    complaint = ComplaintsModel(client=clerk.client)
    complaint.start_recording()
    complaint.set_value("details", "态度差😡")
    assert "details" in complaint.form.problems()
