"""Follow-up calls (回访): the calls due with why and the phrase to open with; the outcome
with the satisfaction survey (attitude, repair quality, response speed)."""

from __future__ import annotations

import flet as ft

from fieldapp.office.client import OfficeClient
from fieldapp.office.dashboard import rate
from fieldapp.office.follow_ups import NOTES_LIMIT, SURVEY, reason_names
from fieldapp.office.sheet_view import show_time
from fieldapp.protocol.follow_ups import FollowUpPublic
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.office.components.widgets import (
    action,
    card,
    chip,
    error_line,
    field,
    heading,
    keyed,
    muted,
    ok_line,
    pick,
)
from fieldapp.ui.office.viewmodels.desk_models import FollowUpsModel
from fieldapp.ui.theme import OVERDUE_COLOR, PAD


def _choice(tr: Translator, model: FollowUpsModel, name: str, value: bool | None) -> ft.Control:
    return ft.Row(
        [
            ft.Container(ft.Text(tr.t(f"follow_ups.{name}")), width=150),
            chip(
                tr.t("common.yes"), value is True, lambda: model.set(**{name: True}), f"{name}-yes"
            ),
            chip(
                tr.t("common.no"), value is False, lambda: model.set(**{name: False}), f"{name}-no"
            ),
            *(
                [ft.Text(tr.text(model.problems[name]), color=OVERDUE_COLOR)]
                if name in model.problems
                else []
            ),
        ],
        wrap=True,
    )


def _score(tr: Translator, model: FollowUpsModel, name: str) -> ft.Control:
    current = getattr(model.outcome, name)
    return ft.Row(
        [
            ft.Container(ft.Text(tr.t(f"follow_ups.{name}")), width=150),
            *[
                chip(str(n), current == n, pick(model.set, **{name: n}), f"{name}-{n}")
                for n in range(1, 6)
            ],
            *(
                [ft.Text(tr.text(model.problems[name]), color=OVERDUE_COLOR)]
                if name in model.problems
                else []
            ),
        ],
        wrap=True,
    )


def _what_they_said(tr: Translator, call: FollowUpPublic) -> list[ft.Control]:
    """The rating and comment the customer gave when signing: the clerk calls knowing them."""
    if call.customer_rating is None:
        return []
    low = call.customer_rating <= 3
    lines: list[ft.Control] = [
        ft.Text(
            tr.t("follow_ups.their_rating", n=call.customer_rating),
            weight=ft.FontWeight.BOLD,
            color=OVERDUE_COLOR if low else None,
        )
    ]
    lines.append(
        ft.Text(
            tr.t("follow_ups.their_comment", comment=call.customer_comment)
            if call.customer_comment
            else tr.t("follow_ups.no_comment"),
            size=14,
        )
    )
    return [ft.Semantics(identifier="their-words", content=ft.Column(lines, spacing=2))]


@ft.component
def OutcomeForm(model: FollowUpsModel, call: FollowUpPublic) -> ft.Control:
    tr = use_translator()
    o = model.outcome
    controls: list[ft.Control] = [
        heading(tr.t("follow_ups.calling", name=call.customer_name, phone=call.customer_phone), 16),
        ft.Container(
            ft.Text(tr.text(call.phrase), size=15, italic=True),
            bgcolor=ft.Colors.BLUE_50,
            padding=PAD,
            border_radius=8,
        ),
        *_what_they_said(tr, call),
        _choice(tr, model, "reached", o.reached),
    ]
    if o.reached:
        controls.append(_choice(tr, model, "unit_working", o.unit_working))
        controls += [_score(tr, model, name) for name in SURVEY]
        controls.append(_choice(tr, model, "satisfied", o.satisfied))
    controls.append(
        field(
            tr.t("follow_ups.notes"),
            o.notes,
            lambda v: model.set(notes=v),
            "follow-up-notes",
            message=tr.text(model.problems.get("notes")),
            multiline=True,
            max_length=NOTES_LIMIT,
        )
    )
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    controls.append(
        ft.Row(
            [
                action(tr.t("follow_ups.save"), model.save, "follow-up-save", icon=ft.Icons.SAVE),
                action(
                    tr.t("common.cancel"),
                    lambda: model.select(None),
                    "follow-up-cancel",
                    filled=False,
                ),
            ]
        )
    )
    return card(controls, "follow-up-form")


@ft.component
def CallRow(call: FollowUpPublic, model: FollowUpsModel) -> ft.Control:
    tr = use_translator()
    reasons = " · ".join(tr.text(r) for r in reason_names(call))
    return ft.Semantics(
        identifier=f"call-{call.ticket_no}",
        content=ft.Container(
            ft.Row(
                [
                    ft.Column(
                        [
                            ft.Text(
                                f"{call.ticket_no} · {call.customer_name} · {call.customer_phone}",
                                weight=ft.FontWeight.BOLD,
                            ),
                            muted(tr.t("follow_ups.due", at=show_time(call.due_at), why=reasons)),
                        ],
                        spacing=2,
                        expand=True,
                    ),
                    action(
                        tr.t("follow_ups.make_call"),
                        lambda: model.select(call.id),
                        f"make-call-{call.ticket_no}",
                        icon=ft.Icons.PHONE,
                        filled=False,
                    )
                    if model.can_write
                    else ft.Container(),
                ]
            ),
            padding=PAD,
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
        ),
    )


@ft.component
def FollowUpsScreen(client: OfficeClient, can_write: bool) -> ft.Control:
    tr = use_translator()
    model = use_model(lambda: FollowUpsModel(client=client, can_write=can_write))
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    top: list[ft.Control] = [
        ft.Row(
            [
                ft.Semantics(
                    identifier="satisfied-share",
                    content=ft.Text(
                        tr.t("follow_ups.share", share=rate(model.satisfied_share)), size=15
                    ),
                ),
                muted(tr.t("follow_ups.due_count", n=len(model.calls))),
                ft.IconButton(
                    ft.Icons.REFRESH, on_click=model.load, tooltip=tr.t("office.refresh")
                ),
            ],
            spacing=20,
        )
    ]
    if model.done is not None:
        top.append(ok_line(tr.text(model.done)))
    call = model.call
    if call is not None:
        top.append(OutcomeForm(model, call))
    if not model.calls and not model.loading:
        top.append(muted(tr.t("follow_ups.none"), 16))
    return ft.Column(
        [
            *top,
            ft.ListView(
                [keyed(f"call-{c.id}", CallRow(c, model)) for c in model.calls], expand=True
            ),
        ],
        expand=True,
        spacing=10,
        scroll=ft.ScrollMode.AUTO if call is not None else None,
    )
