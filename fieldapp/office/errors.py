"""What can go wrong when the back office talks to the service, in words for the user.

    OfficeError                 every failure; ``message`` is bilingual, ``field`` names the input
    ├── ServiceUnreachable      no connection, a timeout, a reply that is not the service's
    ├── SignInNeeded            401: the token is missing or expired; sign in again
    ├── Refused                 any other 4xx/5xx; ``code`` is the protocol's ErrorCode
    │   └── DecisionTooLate     409 stale_decision / already_reviewed: open the sheet again
    └── FormProblems            the input was checked before sending (or 422): per field

Every message names what to do next: a clerk never sees a status code alone.

A form is sent inside :func:`refusals_under` with the names of its fields: whatever the
service refuses field by field (a 422's ``problems``) comes back as :class:`FormProblems`
keyed by those names, so each message lands under the field it is about, on every form the
same way; a problem about no field of the form stays in ``banner``, named, never dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager

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
    """What to fix in a form, field by field (``problems``: field → message); ``banner``
    says what concerns no field of the form (None: every problem has its field)."""

    def __init__(self, problems: dict[str, Text], banner: Text | None = None) -> None:
        first = banner or next(
            iter(problems.values()), text("请检查填写的内容", "check what was entered")
        )
        super().__init__(first, next(iter(problems), None))
        self.problems = problems
        self.banner = banner


@contextmanager
def refusals_under(
    fields: Collection[str], aliases: Mapping[str, str] | None = None
) -> Iterator[None]:
    """Send a form: a refusal naming fields is raised as :class:`FormProblems` keyed by the
    form's ``fields`` (a service path is the field's name, or mapped by ``aliases``)."""
    try:
        yield
    except Refused as exc:
        if not exc.problems:
            raise
        raise placed(exc.problems, fields, aliases or {}) from exc


def placed(
    problems: list[FieldProblem], fields: Collection[str], aliases: Mapping[str, str]
) -> FormProblems:
    """The service's ``problems`` under the form's fields; the rest named in the banner."""
    under: dict[str, Text] = {}
    rest: list[FieldProblem] = []
    for found in problems:
        # FastAPI's own checks say where in the request ("body."); the rules checked after
        # them give the path in the body.
        path = found.path.removeprefix("body.")
        name = aliases.get(path, path)
        if name in fields:
            under.setdefault(name, found.message)
        else:
            rest.append(found)
    banner = None
    if rest:
        banner = text(
            "；".join(f"{p.field.zh}：{p.message.zh}" for p in rest),
            "; ".join(f"{p.field.en}: {p.message.en}" for p in rest),
        )
    return FormProblems(under, banner)


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


def too_long(limit: int, length: int) -> Text:
    """A text over the service's limit (pasted in whole: typing itself stops at the limit)."""
    return text(
        f"最多 {limit} 个字，现在 {length} 个，请删减",
        f"at most {limit} characters; this has {length}: shorten it",
    )
