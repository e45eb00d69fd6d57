"""The content hash of a job sheet: what exactly the customer signed.

The hash covers everything the customer agreed to — product, diagnosis, repair,
charges, outcome and the loaner handover — and leaves out what legitimately changes
after signing (the sign-off itself, the loaner's later return, bookkeeping such as
the revision). :func:`sign` stamps it on the sheet when the customer signs; the server
recomputes it to prove a signed sheet was not altered.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fieldapp.domain.job_sheet import CustomerSignOff, JobSheet, SignOffDetails

_UNSIGNED_FIELDS = {"sign_off", "revision", "updated_at", "device_id", "reference_versions"}

# Fields added to the sheet after sheets were first signed, by their place in the signed
# content (part, field). Left out while they hold their default (None, an empty list), so a
# sheet signed before they existed hashes as it did when it was signed, on the phone and on
# the service, which recomputes the hash of every signed sheet it receives.
_ADDED_LATER = (("arrival", "technician_name"), ("repair", "pauses"))


def signed_content(sheet: JobSheet) -> dict[str, Any]:
    """The part of the sheet the customer's signature covers, as plain JSON data."""
    data = sheet.model_dump(mode="json", exclude=_UNSIGNED_FIELDS)
    if data.get("loaner") is not None:
        data["loaner"].pop("returned", None)
    for part, field in _ADDED_LATER:
        held = data.get(part)
        if isinstance(held, dict) and held.get(field) in (None, []):
            held.pop(field, None)
    return data


def sheet_content_hash(sheet: JobSheet) -> str:
    """SHA-256 (hex) of the canonical JSON of :func:`signed_content`."""
    canonical = json.dumps(
        signed_content(sheet), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def signature_matches(sheet: JobSheet) -> bool:
    """Whether a signed sheet's recorded hash matches its content (False if unsigned)."""
    return sheet.sign_off is not None and sheet.sign_off.content_hash == sheet_content_hash(sheet)


def sign(sheet: JobSheet, details: SignOffDetails) -> JobSheet:
    """``sheet`` signed by the customer: ``details`` stamped with the hash of what they signed.

    Signing a sheet that is already signed — the customer signs again after a change — puts
    the new sign-off in place of the old one; a :class:`CustomerSignOff` may be passed as
    ``details`` to re-stamp it as it is. Nothing else on the sheet changes.
    """
    given = {name: getattr(details, name) for name in SignOffDetails.model_fields}
    stamped = CustomerSignOff(**given, content_hash=sheet_content_hash(sheet))
    return sheet.model_copy(update={"sign_off": stamped})
