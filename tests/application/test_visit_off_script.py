"""The visit off the scripted paths (issue 16), at the application layer on a real store:
a half-typed serial is unfinished rather than wrong; what the app fills in is known as
such; charges come in quantities with their units, this unit's model first; the brand in
the chosen language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from fieldapp.application import Device
from fieldapp.application.visit import Visit
from fieldapp.application.visit_forms import (
    add_charge,
    charge_offers,
    other_models_of_charge,
    product_defaults,
    save_product,
    set_charge_quantity,
    suggested_values,
)
from fieldapp.application.visit_media import sheet_pdf
from fieldapp.application.visit_steps import VisitStep
from fieldapp.domain.serial import make_serial
from fieldapp.domain.signed_summary import signed_summary
from tests.application.conftest import NOW, SERIAL, an_order

TICKET = "BX20261122-0001"
P880_SERIAL = make_serial("PJ88", date(2025, 8, 1), 77)


@pytest.fixture
def phone(device: Device) -> Iterator[Device]:
    """A signed-in device holding one job for today (a P520 registered, customer 陈晓明)."""
    device.sign_in("http://svc", "tech1", "right")
    device.close()
    clock = iter(NOW + timedelta(seconds=n) for n in range(100_000))
    offline = Device(device.store_dir, vault=device.vault, clock=lambda: next(clock))
    offline.store.apply_work_order(an_order(1, appointment=NOW))
    yield offline
    offline.close()


def open_visit(phone: Device) -> Visit:
    return Visit.open(phone.store, phone.jobs.reference, TICKET, clock=phone.clock)


def checked_as(visit: Visit, model: str, serial: str) -> None:
    form = {**product_defaults(visit), "model": model, "serial_read": serial,
            "purchase_date": "2026-01-10", "purchase_evidence": "invoice"}  # fmt: skip
    assert save_product(visit, form) == []


def test_a_serial_still_being_typed_is_unfinished_not_wrong(phone: Device) -> None:
    visit = open_visit(phone)
    assert visit.serial_findings("PJ5225", typing=True) == []
    left = visit.serial_findings("PJ5225")  # the field left: its length is said
    assert [f.code for f in left] == ["serial_length"] and "现为 6 位" in left[0].text.zh
    typo = SERIAL[:-1] + ("X" if SERIAL[-1] != "X" else "Y")
    as_typed = visit.serial_findings(typo, typing=True)  # complete: judged as typed
    assert [f.code for f in as_typed] == ["serial_check_character"]
    too_long = visit.serial_findings(SERIAL + "1", typing=True)  # longer is wrong at once
    assert [f.code for f in too_long] == ["serial_length"]


def test_the_values_the_app_fills_in_are_named(phone: Device) -> None:
    visit = open_visit(phone)
    suggested = suggested_values(visit)
    assert suggested[VisitStep.DIAGNOSIS]["symptoms"] == "开机后画面偏暗"  # the reported fault
    assert suggested[VisitStep.SIGN_OFF]["signer_name"] == "陈晓明"  # the customer
    assert suggested[VisitStep.OUTCOME]["promised_by"]  # the latest date the centre may promise
    assert "serial_read" not in suggested.get(VisitStep.PRODUCT, {})  # read off the unit


def test_a_charge_comes_in_quantities_and_its_total_follows(phone: Device) -> None:
    visit = open_visit(phone)
    add_charge(visit, "LB-30")
    add_charge(visit, "LB-30")  # 30 more minutes: the same line, twice
    add_charge(visit, "SV-VISIT")
    lines = {line.code: line.quantity for line in visit.sheet.charges.lines}
    assert lines == {"LB-30": 2, "SV-VISIT": 1}
    assert visit.sheet.charges.total_fen == 2 * 4000 + 5000
    set_charge_quantity(visit, "LB-30", 3)
    assert visit.sheet.charges.total_fen == 3 * 4000 + 5000
    set_charge_quantity(visit, "LB-30", 0)  # never below one: the line is removed instead
    assert [line.quantity for line in visit.sheet.charges.lines if line.code == "LB-30"] == [1]
    assert visit.sheet.charges.customer_agreed_at is None  # a changed charge is agreed again
    charges = next(s for s in signed_summary(visit.sheet, visit.reference, visit.reference.zone)
                   if s.part == "charges")  # fmt: skip
    said = " ".join(line.zh for line in charges.lines)
    assert "¥40.00/30分钟 × 1" in said and "¥50.00/次 × 1" in said  # what the PDF prints


def test_the_pdf_prints_each_charge_with_its_quantity_and_unit(phone: Device, tmp_path) -> None:
    import subprocess

    visit = open_visit(phone)
    add_charge(visit, "LB-30")
    add_charge(visit, "LB-30")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(sheet_pdf(visit))
    words = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", "")
    assert "¥40.00/30分钟 × 2 = ¥80.00" in words


def test_the_price_list_offers_this_units_model_first_and_says_whose_the_rest_are(
    phone: Device,
) -> None:
    visit = open_visit(phone)
    checked_as(visit, "MH-P880", P880_SERIAL)  # the unit on site is a P880
    offers = charge_offers(visit)
    assert offers[:2] == ["SV-VISIT", "LB-30"]  # what every visit may charge
    panel, laser = offers.index("PT-D65-PANEL"), offers.index("PT-P880-LASER")
    assert laser < panel  # this model's parts before another model's
    assert other_models_of_charge(visit, "PT-P880-LASER") == ()
    assert other_models_of_charge(visit, "PT-FAN-S") == ()  # a P520's and a P880's fan
    assert other_models_of_charge(visit, "PT-D65-PANEL") == ("MH-D65",)
    assert other_models_of_charge(visit, "SV-VISIT") == ()
    fitting = [c for c in offers if not other_models_of_charge(visit, c)]
    assert offers[: len(fitting)] == fitting  # every fitting item before any other


def test_the_brand_is_named_in_the_chosen_language(phone: Device) -> None:
    visit = open_visit(phone)
    checked_as(visit, "MH-P520", SERIAL)
    product = next(s for s in signed_summary(visit.sheet, visit.reference, visit.reference.zone)
                   if s.part == "product_check")  # fmt: skip
    brand = product.lines[0]
    assert "明辉" in brand.zh and "Minghui" in brand.en and "明辉" not in brand.en
    card = phone.jobs.day(phone.jobs.today())[0]
    assert (card.product.zh, card.product.en) == ("明辉 MH-P520", "Minghui MH-P520")
