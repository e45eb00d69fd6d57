"""What can go wrong when the back office talks to the service, in words for the user.

    OfficeError                 every failure; ``message`` is bilingual, ``field`` names the input
    ├── ServiceUnreachable      no connection, a timeout, a reply that is not the service's
    ├── SignInNeeded            401: the token is missing or expired; sign in again
    ├── Refused                 any other 4xx/5xx; ``code`` is the protocol's ErrorCode
    │   └── DecisionTooLate     409 stale_decision / already_reviewed: open the sheet again
    └── FormProblems            the input was checked before sending (or 422): per field

Every message names what to do next: a clerk never sees a status code alone.
"""

from __future__ import annotations

from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import FieldProblem
from fieldapp.protocol import ErrorCode


class OfficeError(Exception):
    """Base of every back-office failure; ``message`` is shown as it is."""

    def __init__(self, message: Text, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class ServiceUnreachable(OfficeError):
    """The service did not answer, or what answered is not the service."""


class SignInNeeded(OfficeError):
    """The sign-in has expired (or was never made): sign in again."""


class Refused(OfficeError):
    """The service refused the request; ``code`` says why when the body is the protocol's."""

    def __init__(
        self,
        message: Text,
        *,
        status: int,
        code: ErrorCode | None = None,
        problems: list[FieldProblem] | None = None,
    ) -> None:
        super().__init__(message, problems[0].path if problems else None)
        self.status = status
        self.code = code
        self.problems = problems or []


class DecisionTooLate(Refused):
    """Someone (the technician resubmitting, another supervisor deciding) got there first."""


class FormProblems(OfficeError):
    """What to fix in a form, field by field (``problems``: path → message)."""

    def __init__(self, problems: dict[str, Text]) -> None:
        first = next(iter(problems.values()), text("请检查填写的内容", "check what was entered"))
        super().__init__(first, next(iter(problems), None))
        self.problems = problems


def unreachable(url: str) -> ServiceUnreachable:
    """The service at ``url`` cannot be reached."""
    return ServiceUnreachable(
        text(
            f"无法连接服务 {url}：请检查网络和服务地址",
            f"cannot reach the service at {url}: check the network and the address",
        ),
        "service_url",
    )


def generic(status: int) -> Text:
    """A refusal whose body is not the protocol's (a proxy's page, say)."""
    if status >= 500:
        return text(
            "服务暂时出错，请稍后再试", "the service had a problem; please try again shortly"
        )
    return text(f"服务拒绝了请求（{status}）", f"the service refused the request ({status})")


def too_late(message: Text) -> Text:
    """The service's explanation of a late decision, with what to do about it (added when
    the service's own words do not already say to open the sheet again)."""
    if "重新打开" in message.zh:
        return message
    return text(
        f"{message.zh}。请重新打开这张报告单，看过最新内容后再审批。",
        f"{message.en}. Open the sheet again and decide on what it says now.",
    )
