"""The paper-sheet check (核对纸质单): is a printed 维修卡 one the service holds, and what is
its content's standing?

The customer's copy prints the signed-content hash in full and as a QR code. The clerk types
or pastes the hash, or the text a QR scanner gives; :func:`hash_in` finds the 64 hex digits
in it (spaces, line breaks and a label around them do not matter). The service
(``GET /signed-content/{hash}``) says which sheet was signed with exactly that content, and
where that content stands — approved, awaiting review, returned, or superseded by what the
technician sent later — and :func:`verdict` says it in words a clerk can read out.
"""

from __future__ import annotations

import re

from fieldapp.domain.text import Text, text
from fieldapp.office.client import OfficeClient
from fieldapp.office.errors import FormProblems
from fieldapp.office.sheet_view import show_time
from fieldapp.protocol.signed_content import SignedContentCheck, SignedMatch

_HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
_LAYOUT = re.compile(r"[\s\-:：]+")
PASTE_LIMIT = 400  # a hash with its label, as a QR scanner or a PDF reader gives it


def hash_in(typed: str) -> str | None:
    """The signed-content hash in what was typed, pasted or scanned (lower case), if any."""
    value = typed.strip().lower()
    found = _HEX64.search(value) or _HEX64.search(_LAYOUT.sub("", value))
    return found.group(0) if found else None


def check_paper(client: OfficeClient, typed: str) -> SignedContentCheck:
    """Ask the service about the hash in ``typed``; what it holds signed with that content."""
    found = hash_in(typed)
    if found is None:
        digits = sum(ch in "0123456789abcdef" for ch in typed.lower())
        raise FormProblems(
            {
                "hash": text(
                    "校验值是 64 位数字和字母 a–f（纸质单二维码下方的一长串），"
                    f"现在找到 {digits} 位",
                    f"the hash is 64 digits and letters a–f (the long line under the paper's QR "
                    f"code); {digits} found",
                )
            }
        )
    return SignedContentCheck.model_validate(client.get(f"/signed-content/{found}"))


_STANDING: dict[str, tuple[str, str]] = {
    "approved": ("这一版已由主管审批通过，是有效的报告单。", "This revision is the one approved."),
    "awaiting_review": (
        "这一版是报告单的最新内容，尚待主管审批。",
        "This is the sheet's latest content, not reviewed yet.",
    ),
    "returned": (
        "这一版已被主管退回，等待技术员修改。",
        "This revision was returned to the technician, who is to change it.",
    ),
}


def verdict(check: SignedContentCheck) -> list[Text]:
    """What the check found, sentence by sentence, for each sheet held with that content."""
    if not check.found:
        return [
            text(
                "不是我们保存的报告单：没有任何报告单以这个校验值签字。请核对是否抄错，"
                "或扫描纸质单上的二维码再查。",
                "Not a sheet we hold: no sheet was signed with this hash. Check it was copied "
                "right, or scan the QR code on the paper.",
            )
        ]
    return [line for match in check.matches for line in _match_words(match)]


def _match_words(m: SignedMatch) -> list[Text]:
    when = show_time(m.signed_at) if m.signed_at else "—"
    who = m.signer_name or m.customer_name
    lines = [
        text(
            f"是我们保存的报告单：报修单号 {m.ticket_no}，第 {m.revision} 版，由 {who} 于 "
            f"{when} 签字，技术员 {m.technician_name}。",
            f"A sheet we hold: ticket {m.ticket_no}, revision {m.revision}, signed by {who} at "
            f"{when}; technician {m.technician_name}.",
        )
    ]
    if m.standing == "superseded":
        lines.append(
            text(
                f"这一版{'曾被主管退回，' if m.returned else ''}已被技术员后来提交的内容取代"
                f"（报告单现为第 {m.current_revision} 版）：这张纸质单不是最新的。",
                f"This revision{' was returned and' if m.returned else ''} has been replaced by "
                f"what the technician sent later (the sheet is at revision "
                f"{m.current_revision} now): this paper is not the latest.",
            )
        )
    else:
        zh, en = _STANDING.get(m.standing, (m.standing, m.standing))
        lines.append(text(zh, en))
    return lines
