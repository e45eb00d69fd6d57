"""The customer's progress page (``/track``): server-rendered HTML for a cheap phone.

``GET /track`` asks for the 报修单号 and the last four digits of the phone number the clerk
recorded; ``POST /track`` checks them and sends the browser on to ``/track?t=<link>``, the
page of that job, which a message's link opens directly. The page has no script and no web
font; it is rendered from ``sync/templates/track`` in Chinese, or English by ``lang=en``.

No way in for others: a wrong ticket and wrong digits get the same answer; wrong answers are
counted per client address and per ticket in the database (:mod:`sync.crud.track_access`);
the log never carries the digits nor a whole ticket number (the access log logs paths only,
and the link is in the query string).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from fieldapp.domain.progress import Fact, phone_digits_match, timeline
from fieldapp.domain.text import Text
from fieldapp.domain.work_order import is_ticket_no
from fieldapp.protocol.complaints import ComplaintCause
from sync.api.deps import DatabaseDep, SettingsDep
from sync.core.config import Settings
from sync.core.db import utcnow
from sync.crud import track_access as access
from sync.crud.page_complaints import lodge_complaint
from sync.crud.progress import customer_phone, job_facts, order_by_ticket
from sync.models.complaint import CAUSE_NAMES

log = logging.getLogger("sync.track")
router = APIRouter(prefix="/track", include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[2] / "templates")
# A lookup's link: long enough to read and complain, short on a shared phone.
LOOKUP_LINK_TTL = timedelta(hours=2)
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}
Lang = Annotated[str, Query()]


def _language(lang: str) -> str:
    return "en" if lang == "en" else "zh"


def _page(
    request: Request, name: str, lang: str, status: int = 200, **context: Any
) -> HTMLResponse:
    response = templates.TemplateResponse(
        request, name, {"lang": lang, "t": _words(lang), **context}, status_code=status
    )
    response.headers.update(HEADERS)
    return response


@router.get("", response_class=HTMLResponse)
def track(
    request: Request,
    settings: SettingsDep,
    database: DatabaseDep,
    t: Annotated[str, Query()] = "",
    lang: Lang = "zh",
    sent: Annotated[str, Query()] = "",
) -> Response:
    """The lookup form, or the job of the link ``t``."""
    lang = _language(lang)
    if not t:
        return _page(request, "track/form.html", lang)
    ticket_no = access.read_link(t, secret=settings.secret_key, now=utcnow())
    if ticket_no is None:
        return _page(request, "track/form.html", lang, status=410, problem="expired")
    with database.session(write=False) as session:
        order = order_by_ticket(session, ticket_no=ticket_no)
        if order is None:
            return _page(request, "track/form.html", lang, status=410, problem="expired")
        facts = job_facts(session, order=order)
    steps = timeline(facts)
    zone = settings.zone
    return _page(
        request,
        "track/progress.html",
        lang,
        ticket_no=ticket_no,
        link=t,
        status_title=steps[0].title.in_language(lang),
        steps=[
            {
                "title": s.title.in_language(lang),
                "at": _when(s.at, zone, lang),
                "facts": [(f.label.in_language(lang), _value(f, zone, lang)) for f in s.facts],
            }
            for s in steps
        ],
        causes=[(c.value, CAUSE_NAMES[c].in_language(lang)) for c in ComplaintCause],
        sent=sent == "1",
    )


@router.post("", response_class=HTMLResponse)
def look_up(
    request: Request,
    settings: SettingsDep,
    database: DatabaseDep,
    ticket: Annotated[str, Form()] = "",
    digits: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "zh",
) -> Response:
    """Check the ticket and the phone's last four digits; on to the job's page if right."""
    lang = _language(lang)
    ticket_no = ticket.strip().upper()[:40]
    digits = digits.strip()[:10]
    address = request.client.host if request.client is not None else "unknown"
    limits = _limits(settings)
    shaped = is_ticket_no(ticket_no)  # else only the address counts the wrong answer
    keys = {access.address_key(address): limits.per_address}
    if shaped:
        keys[access.ticket_key(ticket_no)] = limits.per_ticket
    now = utcnow()
    with database.transaction() as session:
        wait = access.wait_seconds(session, keys=list(keys), now=now)
        if wait:
            ok = False
        else:
            order = order_by_ticket(session, ticket_no=ticket_no) if shaped else None
            phone = customer_phone(order) if order is not None else ""
            ok = phone_digits_match(phone, digits) and order is not None
            if ok:
                access.forget(session, key=access.ticket_key(ticket_no))
            else:
                access.count_failure(session, keys=keys, limits=limits, now=now)
    log.info(
        "progress page lookup",
        extra={
            "ticket": _masked_ticket(ticket_no),
            "digits": access.masked(digits),
            "address": address,
            "outcome": "found" if ok else ("throttled" if wait else "no match"),
        },
    )
    if wait:
        minutes = max(1, (wait + 59) // 60)
        response = _page(
            request, "track/form.html", lang, status=429, wait_minutes=minutes, ticket=ticket_no
        )
        response.headers["Retry-After"] = str(wait)
        return response
    if not ok:
        # The ticket stays typed (the customer corrects one digit); the digits do not.
        return _page(
            request, "track/form.html", lang, status=404, problem="no_match", ticket=ticket_no
        )
    link = access.issue_link(
        secret=settings.secret_key, ticket_no=ticket_no, expires_at=now + LOOKUP_LINK_TTL
    )
    return RedirectResponse(f"/track?t={link}&lang={lang}", status_code=303, headers=HEADERS)


@router.post("/complaint", response_class=HTMLResponse)
def complain(
    request: Request,
    settings: SettingsDep,
    database: DatabaseDep,
    t: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    cause: Annotated[str, Form()] = "",
    details: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "zh",
) -> Response:
    """Lodge the customer's complaint about the job of the link ``t``."""
    lang = _language(lang)
    ticket_no = access.read_link(t, secret=settings.secret_key, now=utcnow())
    if ticket_no is None:
        return _page(request, "track/form.html", lang, status=410, problem="expired")
    name, details, cause = name.strip(), details.strip(), cause[:40]
    causes = {c.value: c for c in ComplaintCause}
    if not 1 <= len(name) <= 60 or not 2 <= len(details) <= 1000 or cause not in causes:
        return _page(
            request,
            "track/complaint.html",
            lang,
            status=422,
            link=t,
            problem="incomplete",
            causes=[(c.value, CAUSE_NAMES[c].in_language(lang)) for c in ComplaintCause],
        )
    with database.transaction() as session:
        order = order_by_ticket(session, ticket_no=ticket_no)
        row = None
        if order is not None:
            row = lodge_complaint(
                session, order=order, name=name, cause=causes[cause], details=details
            )
    if row is None:
        return _page(request, "track/complaint.html", lang, status=429, link=t, problem="limit")
    log.info("complaint from the progress page", extra={"complaint_id": row.id})
    return RedirectResponse(f"/track?t={t}&lang={lang}&sent=1", status_code=303, headers=HEADERS)


def _limits(settings: Settings) -> access.Limits:
    return access.Limits(
        per_address=settings.track_free_failures_per_address,
        per_ticket=settings.track_free_failures_per_ticket,
        first_delay_seconds=settings.track_first_delay_seconds,
        max_delay_seconds=settings.track_max_delay_seconds,
    )


def _masked_ticket(ticket_no: str) -> str:
    """The day of a ticket number, never its sequence (BX20261205-****)."""
    return ticket_no[:11] + "****" if is_ticket_no(ticket_no) else access.masked(ticket_no)


def _when(at: datetime, zone: ZoneInfo, lang: str) -> str:
    local = at.astimezone(zone)
    if lang == "en":
        return f"{local.day} {local:%b %Y}, {local:%H:%M}"
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _day(day: date, lang: str) -> str:
    return f"{day.day} {day:%b %Y}" if lang == "en" else f"{day.year}年{day.month}月{day.day}日"


def _value(fact: Fact, zone: ZoneInfo, lang: str) -> str:
    value = fact.value
    if isinstance(value, datetime):
        return _when(value, zone, lang)
    if isinstance(value, date):
        return _day(value, lang)
    if isinstance(value, Text):
        return value.in_language(lang)
    if isinstance(value, int) and fact.money:
        return f"¥{value / 100:.2f}"
    return str(value)


_WORDS: dict[str, Text] = {
    "title": Text(zh="维修进度查询", en="Repair progress"),
    "other_language": Text(zh="English", en="中文"),
    "ticket": Text(zh="报修单号", en="Ticket number (报修单号)"),
    "ticket_hint": Text(zh="例如 BX20261205-0001", en="e.g. BX20261205-0001"),
    "digits": Text(zh="报修电话后四位", en="Last four digits of your phone number"),
    "look_up": Text(zh="查询", en="Look up"),
    "no_match": Text(
        zh="报修单号或电话后四位不正确，请核对后再试。",
        en="The ticket number or the phone digits are not right; check them and try again.",
    ),
    "expired": Text(
        zh="此链接已失效，请输入报修单号和电话后四位查询。",
        en="This link has expired; enter your ticket number and phone digits.",
    ),
    "throttled": Text(
        zh="尝试次数过多，请 {minutes} 分钟后再试。",
        en="Too many tries; try again in {minutes} min.",
    ),
    "now": Text(zh="当前状态", en="Now"),
    "history": Text(zh="服务记录", en="History"),
    "times_note": Text(
        zh="时间为服务中心当地时间。", en="Times are the service centre's local time."
    ),
    "complain": Text(zh="对服务不满意？投诉", en="Not happy with the service? Complain"),
    "complain_intro": Text(
        zh="我们会在 24 小时内联系您。", en="We will contact you within 24 hours."
    ),
    "name": Text(zh="您的姓名", en="Your name"),
    "cause": Text(zh="投诉类别", en="About"),
    "details": Text(zh="发生了什么", en="What happened"),
    "send": Text(zh="提交投诉", en="Send the complaint"),
    "sent": Text(
        zh="投诉已收到，我们会在 24 小时内联系您。",
        en="Your complaint was received; we will contact you within 24 hours.",
    ),
    "incomplete": Text(
        zh="请填写姓名（最多 60 字）和发生的事情（2–1000 字）。",
        en="Fill in your name (up to 60 characters) and what happened (2–1000).",
    ),
    "limit": Text(
        zh="今天已收到此单的多次投诉，请致电服务中心。",
        en="Several complaints about this job arrived today; please call the service centre.",
    ),
    "back": Text(zh="返回进度", en="Back to the progress"),
    "new_lookup": Text(zh="查询其他单号", en="Look up another ticket"),
}


def _words(lang: str) -> dict[str, str]:
    return {key: value.in_language(lang) for key, value in _WORDS.items()}
