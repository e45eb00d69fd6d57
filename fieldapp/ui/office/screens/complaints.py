"""Complaints (客投登记): record one; each open complaint's 24-hour answer countdown, ticking
every minute; close with the action taken and the customer's follow-up; a summary of the
period by cause and by technician."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, cast

import flet as ft

from fieldapp.office.client import OfficeClient
from fieldapp.office.complaints import (
    CAUSES,
    CLOSE_LIMIT,
    COMPLAINT_FIELDS,
    COMPLAINT_LIMITS,
    countdown_words,
)
from fieldapp.office.sheet_view import show_time
from fieldapp.protocol.complaints import ComplaintPublic
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.office.components.widgets import (
    action,
    bar,
    card,
    chip,
    do,
    error_line,
    field,
    heading,
    keyed,
    muted,
    ok_line,
    pick,
)
from fieldapp.ui.office.viewmodels.desk_models import ComplaintsModel
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR, OVERDUE_COLOR, PAD, WARNING_COLOR

TICK_SECONDS = 60


def _setter(model: ComplaintsModel, name: str) -> Callable[[str], None]:
    return lambda value: model.set_value(name, value)


@ft.component
def ComplaintForm(model: ComplaintsModel) -> ft.Control:
    tr = use_translator()
    form = model.form
    controls: list[ft.Control] = [
        heading(tr.t("complaints.record_title"), 16),
        ft.Row(
            [
                field(
                    tr.t(f"complaints.field.{name}"),
                    form.values[name],
                    _setter(model, name),
                    f"complaint-{name}",
                    message=tr.text(model.problems.get(name)),
                    multiline=name == "details",
                    width=520 if name in ("details", "customer_address") else 250,
                    max_length=COMPLAINT_LIMITS[name],
                )
                for name in COMPLAINT_FIELDS
            ],
            wrap=True,
            spacing=12,
            run_spacing=12,
        ),
        muted(tr.t("complaints.cause")),
        ft.Row(
            [
                chip(
                    tr.t(f"complaints.cause.{c}"),
                    form.cause == c,
                    pick(model.set_cause, c),
                    f"cause-{c}",
                )
                for c in CAUSES
            ],
            wrap=True,
            spacing=6,
        ),
    ]
    if "cause" in model.problems:
        controls.append(ft.Text(tr.text(model.problems["cause"]), color=OVERDUE_COLOR))
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    controls.append(
        ft.Row(
            [
                action(
                    tr.t("complaints.record"), model.record, "complaint-save", icon=ft.Icons.SAVE
                ),
                action(tr.t("common.cancel"), model.stop, "complaint-cancel", filled=False),
            ]
        )
    )
    return card(controls, "complaint-form")


@ft.component
def CloseForm(model: ComplaintsModel) -> ft.Control:
    tr = use_translator()
    controls: list[ft.Control] = [
        heading(tr.t("complaints.close_title"), 16),
        field(
            tr.t("complaints.action_taken"),
            model.action_taken,
            model.set_action,
            "complaint-action",
            message=tr.text(model.problems.get("action_taken")),
            multiline=True,
            max_length=CLOSE_LIMIT,
        ),
        field(
            tr.t("complaints.customer_follow_up"),
            model.customer_follow_up,
            model.set_follow_up,
            "complaint-follow-up",
            message=tr.text(model.problems.get("customer_follow_up")),
            multiline=True,
            max_length=CLOSE_LIMIT,
        ),
    ]
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    controls.append(
        ft.Row(
            [
                action(
                    tr.t("complaints.close"), model.close, "complaint-close", icon=ft.Icons.DONE_ALL
                ),
                action(tr.t("common.cancel"), model.stop, "close-cancel", filled=False),
            ]
        )
    )
    return card(controls, "close-form")


@ft.component
def ComplaintRow(complaint: ComplaintPublic, model: ComplaintsModel) -> ft.Control:
    tr = use_translator()
    left = model.seconds_left(complaint)
    state: ft.Control
    if left is None:
        state = ft.Text(
            tr.t(
                "complaints.closed_in_time"
                if complaint.answered_in_time
                else "complaints.closed_late"
            ),
            color=OK_COLOR if complaint.answered_in_time else WARNING_COLOR,
        )
    else:
        state = ft.Semantics(
            identifier=f"countdown-{complaint.id}",
            content=ft.Text(
                tr.text(countdown_words(left)),
                color=OVERDUE_COLOR if left < 4 * 3600 else None,
                weight=ft.FontWeight.BOLD,
            ),
        )
    about = complaint.ticket_no or tr.t("complaints.no_ticket")
    tech = complaint.technician_name or ""
    buttons: list[ft.Control] = []
    if complaint.open and model.can_write:
        buttons.append(
            action(
                tr.t("complaints.close"),
                lambda: model.start_closing(complaint.id),
                f"close-{complaint.id}",
                filled=False,
            )
        )
    elif not complaint.open:
        buttons.append(muted(complaint.action_taken))
    return ft.Semantics(
        identifier=f"complaint-{complaint.id}",
        content=ft.Container(
            ft.Row(
                [
                    ft.Column(
                        [
                            ft.Row(
                                [
                                    ft.Text(complaint.customer_name, weight=ft.FontWeight.BOLD),
                                    ft.Text(tr.text(complaint.cause_name)),
                                    ft.Text(about, color=MUTED_COLOR),
                                    ft.Text(tech, color=MUTED_COLOR),
                                ],
                                wrap=True,
                            ),
                            ft.Text(complaint.details, size=13),
                            muted(tr.t("complaints.received", at=show_time(complaint.received_at))),
                        ],
                        spacing=2,
                        expand=True,
                    ),
                    state,
                    *buttons,
                ]
            ),
            padding=PAD,
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
        ),
    )


@ft.component
def Summary(model: ComplaintsModel) -> ft.Control:
    tr = use_translator()
    summary = model.summary
    if summary is None:
        return ft.Container()
    most = max([r.total for r in summary.by_cause + summary.by_technician] + [1])
    first, last = model.period
    span = (last - first).days + 1
    month = first.day == 1 and first.month == last.month
    periods = ft.Row(
        [
            muted(tr.t("complaints.period")),
            chip(tr.t("complaints.this_month"), month, do(model.show_period, None), "period-month"),
            *[
                chip(
                    tr.t("complaints.days", n=n),
                    span == n and not month,
                    do(model.show_period, n),
                    f"period-{n}",
                )
                for n in (30, 90)
            ],
        ],
        wrap=True,
    )
    lines: list[ft.Control] = [
        periods,
        heading(
            tr.t(
                "complaints.summary",
                first=summary.date_from.isoformat(),
                last=summary.date_to.isoformat(),
                n=summary.all.total,
                late=summary.all.answered_late + summary.all.overdue,
            ),
            15,
        ),
    ]
    for row in summary.by_cause:
        name = tr.text(row.cause_name) if row.cause_name else "—"
        lines.append(
            ft.Row(
                [
                    ft.Container(ft.Text(name), width=150),
                    bar(row.total, most, ft.Colors.ORANGE_400, 200),
                    ft.Text(str(row.total)),
                ]
            )
        )
    for tech in summary.by_technician:
        name = tech.technician_name or tr.t("complaints.no_technician")
        lines.append(
            ft.Row(
                [
                    ft.Container(ft.Text(name), width=150),
                    bar(tech.total, most, ft.Colors.BLUE_400, 200),
                    ft.Text(str(tech.total)),
                ]
            )
        )
    return card(lines, "complaint-summary")


@ft.component
def ComplaintsScreen(client: OfficeClient, can_write: bool) -> ft.Control:
    tr = use_translator()
    model = use_model(lambda: ComplaintsModel(client=client, can_write=can_write))

    ticker: Any = ft.use_ref(cast(Any, None))

    def start() -> None:
        page = ft.context.page
        page.run_task(model.load)

        async def ticking() -> None:
            # The countdowns move every minute while the screen is open; the service is not asked.
            while True:
                await asyncio.sleep(TICK_SECONDS)
                model.tick()

        ticker.current = page.run_task(ticking)

    def stop() -> None:
        if ticker.current is not None:
            ticker.current.cancel()

    ft.use_effect(start, [], cleanup=stop)
    top: list[ft.Control] = []
    if model.done is not None:
        top.append(ok_line(tr.text(model.done)))
    if model.recording:
        top.append(ComplaintForm(model))
    elif model.closing is not None:
        top.append(CloseForm(model))
    else:
        top.append(
            ft.Row(
                [
                    action(
                        tr.t("complaints.new"),
                        lambda: model.start_recording(),
                        "complaint-new",
                        icon=ft.Icons.ADD_COMMENT,
                    )
                    if model.can_write
                    else ft.Container(),
                    ft.IconButton(
                        ft.Icons.REFRESH, on_click=model.load, tooltip=tr.t("office.refresh")
                    ),
                ]
            )
        )
        if model.error is not None:
            top.append(error_line(tr.text(model.error)))
    rows: list[ft.Control] = [
        keyed(f"complaint-{c.id}", ComplaintRow(c, model)) for c in model.complaints
    ]
    if not rows and not model.loading:
        rows.append(muted(tr.t("complaints.none"), 16))
    return ft.Column(
        [*top, *rows, Summary(model)],
        expand=True,
        spacing=10,
        scroll=ft.ScrollMode.AUTO,
    )
