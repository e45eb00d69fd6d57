"""The check of a paper job sheet: the stored sheet versions signed with exactly the content
whose hash is printed on it (every version is searched, so an earlier revision's paper copy
is still recognised)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.protocol.signed_content import SignedContentCheck, SignedMatch, Standing
from sync.models.sheet import ReviewRow, SheetRow, SheetVersionRow
from sync.models.user import UserRow
from sync.models.work_order import WorkOrderRow


def check_signed_content(session: Session, *, content_hash: str) -> SignedContentCheck:
    """Whether a sheet signed with exactly this content (lower-case hex) is held, and which."""
    rows = session.execute(
        select(SheetVersionRow, SheetRow, WorkOrderRow, UserRow)
        .join(SheetRow, SheetRow.sheet_id == SheetVersionRow.sheet_id)
        .join(WorkOrderRow, WorkOrderRow.id == SheetRow.work_order_id)
        .join(UserRow, UserRow.id == SheetRow.technician_id)
        .where(SheetVersionRow.content_hash == content_hash)
        .order_by(SheetVersionRow.sheet_id, SheetVersionRow.version)
    ).all()
    matches: dict[str, SignedMatch] = {}
    sheets: dict[str, SheetRow] = {}
    for version, sheet, order, technician in rows:
        found = matches.get(sheet.sheet_id)
        if found is not None:
            found.versions.append(version.version)
            found.current = found.current or version.version == sheet.version
            continue
        sheets[sheet.sheet_id] = sheet
        sign_off = version.data.get("sign_off") or {}
        matches[sheet.sheet_id] = SignedMatch(
            sheet_id=sheet.sheet_id,
            ticket_no=order.ticket_no,
            revision=version.revision,
            versions=[version.version],
            current=version.version == sheet.version,
            status=sheet.status,
            standing=Standing.SUPERSEDED,
            returned=False,
            current_revision=sheet.revision,
            signed_at=sign_off.get("signed_at"),
            signer_name=sign_off.get("signer_name"),
            customer_name=str(order.data.get("customer", {}).get("name", "")),
            technician_name=technician.display_name,
        )
    decisions = _decisions(session, list(matches))
    for match in matches.values():
        _stand(match, sheets[match.sheet_id], decisions.get(match.sheet_id, []))
    return SignedContentCheck(
        content_hash=content_hash, found=bool(matches), matches=list(matches.values())
    )


def _decisions(session: Session, sheet_ids: list[str]) -> dict[str, list[ReviewRow]]:
    found: dict[str, list[ReviewRow]] = {}
    if sheet_ids:
        query = select(ReviewRow).where(ReviewRow.sheet_id.in_(sheet_ids)).order_by(ReviewRow.id)
        for review in session.scalars(query):
            found.setdefault(review.sheet_id, []).append(review)
    return found


def _stand(match: SignedMatch, sheet: SheetRow, decisions: list[ReviewRow]) -> None:
    """The standing of the content printed on the paper, from the decisions taken on the
    versions that carry it — not the sheet's latest state."""
    mine = [d for d in decisions if d.version in match.versions]
    match.returned = any(d.decision == "returned" for d in mine)
    approved = any(d.decision == "approved" for d in mine)
    if approved and sheet.approved_revision == match.revision:
        match.standing = Standing.APPROVED
    elif not match.current:
        match.standing = Standing.SUPERSEDED
    elif sheet.status == "returned":
        match.standing = Standing.RETURNED
    else:
        match.standing = Standing.AWAITING_REVIEW
