"""The content hash: what the customer signed, and proof it was not changed after."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from fieldapp.domain.job_sheet import (
    Diagnosis,
    FaultCause,
    JobSheet,
    LoanerHandover,
    LoanerReturn,
    RepairPause,
    SignOffDetails,
)
from fieldapp.domain.signing import sheet_content_hash, sign, signature_matches, signed_content
from fieldapp.domain.validation import explain
from tests.support.sheets import a_signature
from tests.support.times import VISIT_DAY, at

from .conftest import signed


def test_signed_sheet_matches_until_its_content_changes(complete_sheet: JobSheet) -> None:
    sheet = signed(complete_sheet, at(VISIT_DAY, 11))
    tampered = sheet.model_copy(
        update={"diagnosis": Diagnosis(symptoms="人为摔坏", cause=FaultCause.MISUSE)}
    )

    assert signature_matches(sheet)
    assert not signature_matches(tampered)
    assert not signature_matches(complete_sheet)  # unsigned


def test_bookkeeping_and_the_loaners_return_are_not_signed_content(
    complete_sheet: JobSheet,
) -> None:
    loaner = LoanerHandover(
        loaner_serial="LN-0001",
        loaner_model="MH-P520",
        handed_over_at=at(VISIT_DAY, 11),
        due_date=date(2026, 12, 1),
        customer_signature=a_signature(),
    )
    sheet = signed(complete_sheet.model_copy(update={"loaner": loaner}), at(VISIT_DAY, 11))
    later = sheet.model_copy(
        update={
            "revision": 3,
            "updated_at": at(date(2026, 11, 30), 16),
            "loaner": loaner.model_copy(
                update={
                    "returned": LoanerReturn(
                        returned_at=at(date(2026, 11, 30), 15), received_by="李工"
                    )
                }
            ),
        }
    )

    assert sheet_content_hash(later) == sheet_content_hash(sheet)
    assert signature_matches(later)


def test_sign_stamps_the_hash_of_what_the_customer_signed(complete_sheet: JobSheet) -> None:
    details = SignOffDetails(
        functions_checked=True,
        rating=4,
        comment="满意",
        signer_name="王女士",
        signature=a_signature(),
        signed_at=at(VISIT_DAY, 11),
    )

    sheet = sign(complete_sheet, details)

    assert sheet.sign_off is not None
    assert sheet.sign_off.content_hash == sheet_content_hash(complete_sheet)
    assert signature_matches(sheet)
    assert SignOffDetails.model_validate(sheet.sign_off.model_dump(exclude={"content_hash"})) == (
        details
    )
    assert sheet.model_copy(update={"sign_off": None}) == complete_sheet
    assert complete_sheet.sign_off is None  # the sheet given is not changed


def test_signing_again_after_a_change_matches_the_new_content(complete_sheet: JobSheet) -> None:
    first = signed(complete_sheet, at(VISIT_DAY, 11))
    changed = first.model_copy(
        update={"repair": first.repair.model_copy(update={"actions": "更换灯泡，试机正常"})}
    )
    assert not signature_matches(changed)

    assert changed.sign_off is not None
    again = sign(changed, changed.sign_off)

    assert signature_matches(again)
    assert again.sign_off is not None and first.sign_off is not None
    assert again.sign_off.content_hash != first.sign_off.content_hash
    assert again.sign_off.signed_at == first.sign_off.signed_at


def test_sign_off_details_are_checked_with_the_field_named() -> None:
    with pytest.raises(ValidationError) as caught:
        SignOffDetails.model_validate(
            {
                "functions_checked": True,
                "rating": 0,
                "signer_name": "王女士",
                "signature": a_signature().model_dump(),
                "signed_at": at(VISIT_DAY, 11),
            }
        )
    [found] = explain(caught.value, SignOffDetails)
    assert found.path == "rating"
    assert found.field.zh == "满意度评分"


# A charged visit signed and stored by the app before the technician's name and the repair's
# stops were recorded (its JSON as the service holds it). The hash the customer signed must
# still verify, on the phone and on the service (which recomputes it on every push).
SIGNED_EARLIER = Path(__file__).parent / "data" / "signed_before_names_and_stops.json"


def test_a_sheet_signed_before_names_and_stops_were_recorded_still_verifies() -> None:
    raw = json.loads(SIGNED_EARLIER.read_text(encoding="utf-8"))
    assert "technician_name" not in raw["arrival"] and "pauses" not in raw["repair"]

    sheet = JobSheet.model_validate(raw)

    assert sheet.arrival is not None and sheet.arrival.technician_name is None
    assert sheet.repair.pauses == []
    assert sheet.sign_off is not None
    assert sheet_content_hash(sheet) == sheet.sign_off.content_hash
    assert signature_matches(sheet)
    # Stored again by this app (the new fields written out at their defaults): unchanged.
    again = JobSheet.model_validate_json(sheet.model_dump_json())
    assert signature_matches(again)


def test_the_technicians_name_and_the_stops_are_signed_once_recorded(
    complete_sheet: JobSheet,
) -> None:
    sheet = signed(complete_sheet, at(VISIT_DAY, 11))
    assert sheet.arrival is not None and sheet.repair.started_at is not None
    named = sheet.model_copy(
        update={"arrival": sheet.arrival.model_copy(update={"technician_name": "张伟"})}
    )
    stop = RepairPause(paused_at=sheet.repair.started_at + timedelta(minutes=10))
    stopped = sheet.model_copy(
        update={"repair": sheet.repair.model_copy(update={"pauses": [stop]})}
    )

    assert not signature_matches(named)  # what the customer signed names the person
    assert not signature_matches(stopped)
    assert signed_content(named)["arrival"]["technician_name"] == "张伟"
    assert signature_matches(signed(named, at(VISIT_DAY, 11)))
