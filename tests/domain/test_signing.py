"""The content hash: what the customer signed, and proof it was not changed after."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from fieldapp.domain.job_sheet import (
    Diagnosis,
    FaultCause,
    JobSheet,
    LoanerHandover,
    LoanerReturn,
    SignOffDetails,
)
from fieldapp.domain.signing import sheet_content_hash, sign, signature_matches
from fieldapp.domain.validation import explain

from .conftest import VISIT_DAY, a_signature, at, signed


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
