"""The job sheet viewer: every stage as captured, what the rules say, what changed since the
last decision (and between every version), who decided what and when, the complaints about
the job; Approve, or Return with a comment naming the section; the PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from fieldapp.domain.sheet_changes import SECTIONS, section_name
from fieldapp.office.client import OfficeClient
from fieldapp.office.reviews import change_label, decision_comment
from fieldapp.office.session import can_decide
from fieldapp.office.sheet_view import (
    Section,
    bookkeeping,
    change_values,
    show_day,
    show_time,
)
from fieldapp.protocol.auth import Role
from fieldapp.protocol.review import ReviewDecision
from fieldapp.protocol.sheet_detail import SheetDetail, VersionChange
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.office.components.widgets import (
    action,
    card,
    chip,
    error_line,
    field,
    heading,
    muted,
    ok_line,
    pair,
    pick,
)
from fieldapp.ui.office.viewmodels.sheet_model import SheetModel
from fieldapp.ui.services import use_layout
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR, OVERDUE_COLOR, WARNING_COLOR

WIDE = 1280


def _enlarge(tr: Translator, data: bytes) -> None:
    page = ft.context.page
    page.show_dialog(
        ft.AlertDialog(
            content=ft.Image(src=data, fit=ft.BoxFit.CONTAIN, width=900, height=700),
            actions=[
                ft.Semantics(
                    identifier="close-photo",
                    content=ft.TextButton(tr.t("common.ok"), on_click=lambda: page.pop_dialog()),
                )
            ],
        )
    )


def _image(tr: Translator, model: SheetModel, sha: str, identifier: str) -> ft.Control:
    data = model.images.get(sha)
    if data is None:
        missing = model.detail is not None and sha in model.detail.missing_attachments
        return ft.Container(
            ft.Text(tr.t("sheet.photo_missing" if missing else "sheet.photo_loading"), size=12),
            width=120,
            height=90,
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
            alignment=ft.Alignment.CENTER,
            border_radius=6,
        )
    return ft.Semantics(
        identifier=identifier,
        button=True,
        label=tr.t("sheet.enlarge"),
        content=ft.Container(
            ft.Image(src=data, width=120, height=90, fit=ft.BoxFit.COVER),
            on_click=lambda: _enlarge(tr, data),
            border_radius=6,
            tooltip=tr.t("sheet.enlarge"),
        ),
    )


def _section(tr: Translator, model: SheetModel, section: Section) -> ft.Control:
    controls: list[ft.Control] = [heading(tr.text(section.name), 16)]
    if section.note is not None:
        controls.append(muted(tr.text(section.note)))
    elif section.empty:
        controls.append(muted(tr.t("sheet.not_filled")))
    for line in section.lines:
        controls.append(pair(tr.text(line.label), tr.text(line.value)))
    if section.photos:
        controls.append(
            ft.Row(
                [
                    _image(tr, model, sha, f"photo-{section.key}-{i}")
                    for i, sha in enumerate(section.photos)
                ],
                wrap=True,
            )
        )
    if section.signature:
        controls.append(muted(tr.t("sheet.signature")))
        controls.append(_image(tr, model, section.signature, "signature"))
    return card(controls, f"section-{section.key}")


def _change(tr: Translator, change: VersionChange, title: str, identifier: str) -> ft.Control:
    controls: list[ft.Control] = [
        heading(title, 16),
        muted(
            tr.t("sheet.change_resent", rev=change.to_revision, at=show_time(change.received_at))
            if change.from_revision == change.to_revision
            else tr.t(
                "sheet.change_between",
                a=change.from_revision,
                b=change.to_revision,
                at=show_time(change.received_at),
            )
        ),
    ]
    shown = 0
    for section in change.sections:
        lines: list[ft.Control] = []
        for f in section.fields[:30]:
            values = (
                None
                if bookkeeping(section.section, f.path)
                else change_values(f.before, f.after, f.path)
            )
            if values is None:
                continue
            name = tr.text(change_label(section.section, f.path))
            before, after = tr.text(values[0]), tr.text(values[1])
            lines.append(
                ft.Text(tr.t("sheet.change_line", name=name, before=before, after=after), size=13)
            )
        if lines:
            controls += [ft.Text(tr.text(section.name), weight=ft.FontWeight.BOLD), *lines]
            shown += 1
    if not shown:
        controls.append(muted(tr.t("sheet.no_change")))
    return card(controls, identifier, bgcolor=ft.Colors.AMBER_50)


def _rules(tr: Translator, detail: SheetDetail) -> ft.Control:
    rules = detail.rules
    controls: list[ft.Control] = [heading(tr.t("sheet.rules"), 16)]
    verdict = rules.warranty
    if verdict is None:
        controls.append(muted(tr.t("sheet.no_verdict")))
    else:
        color = WARNING_COLOR if verdict.charged else OK_COLOR
        controls.append(ft.Text(tr.text(verdict.headline), color=color, weight=ft.FontWeight.BOLD))
        if verdict.start and verdict.end:
            controls.append(
                muted(tr.t("sheet.warranty_period", start=verdict.start, end=verdict.end))
            )
        for reason in verdict.reasons:
            controls.append(_bullet(tr.text(reason.text)))
    for deadline in rules.service_levels or []:
        color = {"missed": OVERDUE_COLOR, "overdue": OVERDUE_COLOR, "met": OK_COLOR}.get(
            deadline.status, MUTED_COLOR
        )
        controls.append(
            ft.Text(
                tr.t(
                    f"sheet.deadline.{deadline.status}",
                    name=tr.text(deadline.name),
                    due=show_time(deadline.due),
                ),
                color=color,
                size=13,
            )
        )
    for missing in rules.completion:
        controls.append(_bullet(tr.text(missing.text), WARNING_COLOR))
    return card(controls, "rules")


def _bullet(words: str, color: str | None = None) -> ft.Control:
    """A reason under a bullet of its own: a long one wraps under its own first word, not
    under the bullet (in the narrow column beside the sheet, most of them wrap)."""
    return ft.Row(
        [ft.Text("•", size=13, color=color), ft.Text(words, size=13, color=color, expand=True)],
        spacing=6,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def _history(tr: Translator, detail: SheetDetail) -> ft.Control:
    controls: list[ft.Control] = [heading(tr.t("sheet.history"), 16)]
    if not detail.reviews:
        controls.append(muted(tr.t("sheet.no_decision")))
    for d in detail.reviews:
        controls.append(
            ft.Text(
                tr.t(
                    f"sheet.decision.{d.decision}",
                    who=d.reviewer,
                    at=show_time(d.reviewed_at),
                    rev=d.revision,
                    ver=d.version,
                ),
                weight=ft.FontWeight.BOLD,
                color=OK_COLOR if d.decision is ReviewDecision.APPROVED else WARNING_COLOR,
            )
        )
        if d.comment:
            controls.append(ft.Text(tr.text(decision_comment(d.comment)), size=13))
    return card(controls, "history")


def _complaints(tr: Translator, detail: SheetDetail) -> ft.Control:
    controls: list[ft.Control] = [heading(tr.t("sheet.complaints"), 16)]
    items = detail.complaints or []
    if not items:
        controls.append(muted(tr.t("sheet.no_complaints")))
    for c in items:
        state = tr.t("complaints.state_open" if c.open else "complaints.state_closed")
        controls.append(ft.Text(f"{tr.text(c.cause_name)} · {state} · {c.details}", size=13))
    return card(controls, "sheet-complaints")


@ft.component
def ReturnForm(model: SheetModel) -> ft.Control:
    tr = use_translator()
    controls: list[ft.Control] = [
        heading(tr.t("sheet.return_title"), 16),
        muted(tr.t("sheet.return_section")),
        ft.Row(
            [
                chip(
                    tr.text(section_name(key)),
                    model.return_section == key,
                    pick(model.set_section, key),
                    f"return-section-{key}",
                )
                for key in SECTIONS
            ],
            wrap=True,
            spacing=6,
        ),
    ]
    if "section" in model.problems:
        controls.append(ft.Text(tr.text(model.problems["section"]), color=OVERDUE_COLOR))
    controls += [
        field(
            tr.t("sheet.return_comment"),
            model.comment,
            model.set_comment,
            "return-comment",
            message=tr.text(model.problems.get("comment")),
            multiline=True,
            max_length=model.comment_limit,
        ),
        ft.Row(
            [
                action(
                    tr.t("sheet.return_send"),
                    model.send_back,
                    "return-send",
                    icon=ft.Icons.UNDO,
                    disabled=model.busy,
                    color=ft.Colors.ORANGE_800,
                ),
                action(tr.t("common.cancel"), model.stop_return, "return-cancel", filled=False),
            ]
        ),
    ]
    return card(controls, "return-form")


@ft.component
def DecisionBar(model: SheetModel, role: Role | None) -> ft.Control:
    tr = use_translator()
    detail = model.detail
    controls: list[ft.Control] = []
    if model.too_late is not None:
        controls.append(error_line(tr.text(model.too_late), "too-late"))
        controls.append(
            action(tr.t("sheet.open_again"), model.load, "open-again", icon=ft.Icons.REFRESH)
        )
    if model.decided is not None:
        controls.append(ok_line(tr.text(model.decided), "decided"))
    if detail is None:
        return ft.Column(controls)
    waiting = detail.summary.status == "submitted"
    if role is not None and can_decide(role) and waiting and model.too_late is None:
        if model.returning:
            controls.append(ReturnForm(model))
        else:
            controls.append(
                ft.Row(
                    [
                        action(
                            tr.t("sheet.approve"),
                            model.approve,
                            "approve",
                            icon=ft.Icons.CHECK,
                            disabled=model.busy,
                            color=ft.Colors.GREEN_700,
                        ),
                        action(
                            tr.t("sheet.return"),
                            model.start_return,
                            "return",
                            icon=ft.Icons.UNDO,
                            filled=False,
                        ),
                    ],
                    spacing=12,
                )
            )
    elif not waiting:
        controls.append(muted(tr.t(f"sheet.status.{detail.summary.status}"), 15))
    return ft.Column(controls, spacing=10)


@ft.component
def SheetScreen(
    client: OfficeClient, sheet_id: str, role: Role | None, on_close: Callable[..., Any]
) -> ft.Control:
    tr = use_translator()
    layout = use_layout()
    model = use_model(lambda: SheetModel(client=client, sheet_id=sheet_id))
    saver = ft.use_memo(lambda: ft.FilePicker(), [])
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])

    async def pdf(_e: object = None) -> None:
        data = await model.make_pdf()
        if data is not None and model.detail is not None:
            await saver.save_file(file_name=f"{model.detail.summary.ticket_no}.pdf", src_bytes=data)

    detail = model.detail
    head: list[ft.Control] = [
        ft.Semantics(
            identifier="back-to-queue",
            content=ft.TextButton(tr.t("sheet.back"), icon=ft.Icons.ARROW_BACK, on_click=on_close),
        )
    ]
    if detail is not None:
        s = detail.summary
        head += [
            ft.Text(s.ticket_no, size=20, weight=ft.FontWeight.BOLD),
            ft.Text(f"{s.customer_name} · {s.product_model} · {s.technician_name}", size=16),
            muted(tr.t("sheet.version", rev=s.revision, ver=s.version, day=show_day(s.visit_date))),
            action(tr.t("sheet.pdf"), pdf, "pdf", icon=ft.Icons.PICTURE_AS_PDF, filled=False),
        ]
    top = ft.Row(head, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER)
    if detail is None:
        body: list[ft.Control] = [top]
        if model.error is not None:
            body.append(error_line(tr.text(model.error)))
        else:
            body.append(ft.ProgressRing())
        return ft.Column(body)

    review: list[ft.Control] = [DecisionBar(model, role)]
    if model.error is not None:
        review.append(error_line(tr.text(model.error)))
    if detail.since_last_decision is not None:
        review.append(
            _change(tr, detail.since_last_decision, tr.t("sheet.since_decision"), "since-decision")
        )
    for change in reversed(detail.changes):
        if detail.since_last_decision is None or change != detail.since_last_decision:
            review.append(_change(tr, change, tr.t("sheet.changes"), f"change-{change.to_version}"))
    review += [_rules(tr, detail), _history(tr, detail), _complaints(tr, detail)]
    sections = [_section(tr, model, s) for s in model.sections]
    if layout.width >= WIDE:
        content: ft.Control = ft.Row(
            [
                ft.Column(
                    sections,
                    scroll=ft.ScrollMode.AUTO,
                    expand=3,
                    spacing=10,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
                ft.Column(
                    review,
                    scroll=ft.ScrollMode.AUTO,
                    expand=2,
                    spacing=10,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
            ],
            expand=True,
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
    else:
        content = ft.Column(
            [*review, *sections],
            scroll=ft.ScrollMode.AUTO,
            expand=True,
            spacing=10,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
    return ft.Column(
        [top, content],
        expand=True,
        spacing=8,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
