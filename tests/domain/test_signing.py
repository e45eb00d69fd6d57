"""The content hash: what the customer signed, and proof it was not changed after."""

from __future__ import annotations

from datetime import date

from fieldapp.domain.job_sheet import Diagnosis, FaultCause, JobSheet, LoanerHandover, LoanerReturn
from fieldapp.domain.signing import sheet_content_hash, signature_matches

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
