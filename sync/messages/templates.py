"""The message texts: Chinese templates with ``{placeholders}``, one per event.

The bundled texts apply until an admin publishes a version of their own
(``PUT /api/v1/message-templates``); every version is kept and the newest applies, as the
reference data's files are versioned. A template may use only the placeholders below, so a
typing slip is refused when it is published rather than sent to customers.
"""

from __future__ import annotations

import string
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.protocol.messages import MessageEvent, MessageTemplates
from sync.core.errors import conflict, unprocessable
from sync.models.message import MessageTemplateRow
from sync.models.user import UserRow

PLACEHOLDERS = {
    "ticket_no": "报修单号",
    "technician": "技术员姓名",
    "appointment": "预约上门时间",
    "reason": "原因",
    "next_visit": "再次上门时间",
    "promised_by": "承诺修复日期",
    "centre_phone": "服务中心电话",
    "loaner": "备用机说明（有备用机时）",
    "loaner_due": "备用机归还日期",
    "link": "进度查询链接",
}

BUNDLED = MessageTemplates(
    version="bundled-1",
    templates={
        MessageEvent.ASSIGNED: "【售后服务】您的报修（单号 {ticket_no}）已派工："
        "技术员 {technician}，预约上门时间 {appointment}。查看进度：{link}",
        MessageEvent.ANOTHER_VISIT: "【售后服务】您的报修（单号 {ticket_no}）需要再次上门："
        "{reason}。再次上门时间 {next_visit}。查看进度：{link}",
        MessageEvent.TO_CENTRE: "【售后服务】您的机器已带回服务中心维修（单号 {ticket_no}），"
        "承诺修复日期 {promised_by}，服务中心电话 {centre_phone}。{loaner}查看进度：{link}",
        MessageEvent.UNIT_READY: "【售后服务】您的机器已修复（单号 {ticket_no}），"
        "我们将与您约定送回或取回的时间，服务中心电话 {centre_phone}。查看进度：{link}",
        MessageEvent.UNIT_RETURNED: "【售后服务】您的机器已交还（单号 {ticket_no}），感谢您的耐心。"
        "查看进度：{link}",
        MessageEvent.LOANER_DUE: "【售后服务】提醒：您借用的备用机应于明天（{loaner_due}）归还"
        "（单号 {ticket_no}），服务中心电话 {centre_phone}。",
    },
)


def current_templates(session: Session) -> MessageTemplates:
    """The newest published version, else the bundled one."""
    row = session.scalar(select(MessageTemplateRow).order_by(MessageTemplateRow.id.desc()).limit(1))
    return BUNDLED if row is None else MessageTemplates.model_validate(row.content)


def render(template: str, values: dict[str, str]) -> str:
    """The text of ``template`` with its placeholders filled (an unknown one is left empty)."""
    return string.Formatter().vformat(template, (), _Blank(values))[:1000]


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def check_templates(new: MessageTemplates) -> None:
    """Refuse (422) a version missing an event or using a placeholder that does not exist."""
    missing = [e.value for e in MessageEvent if not new.templates.get(e, "").strip()]
    if missing:
        raise unprocessable(
            f"缺少以下消息的模板：{'、'.join(missing)}",
            f"templates missing for {', '.join(missing)}",
        )
    for event, template in new.templates.items():
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        except ValueError as exc:
            raise unprocessable(
                f"「{event.value}」模板的花括号不成对", f"the {event.value} template: {exc}"
            ) from exc
        unknown = names - set(PLACEHOLDERS)
        if unknown:
            listed = ", ".join(sorted(unknown))
            raise unprocessable(
                f"「{event.value}」模板中有未知的占位符：{listed}"
                f"（可用：{', '.join(PLACEHOLDERS)}）",
                f"the {event.value} template uses unknown placeholders: {listed}",
            )


def publish_templates(session: Session, *, new: MessageTemplates, admin: UserRow) -> None:
    """Keep ``new`` as the newest version; refused if it is wrong or its version was used."""
    check_templates(new)
    used = session.scalar(
        select(MessageTemplateRow.id).where(MessageTemplateRow.version == new.version)
    )
    if used is not None or new.version == BUNDLED.version:
        raise conflict(
            f"版本号 {new.version} 已用过，请使用新的版本号",
            f"the version {new.version} was used already; give a new one",
        )
    session.add(
        MessageTemplateRow(
            version=new.version, content=new.model_dump(mode="json"), published_by=admin.id
        )
    )
