"""The review queue (审批): counts per status, the filters the service has, the oldest sheets
first, one page at a time; each row says whether the job missed a service level."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import flet as ft

from fieldapp.office.client import OfficeClient
from fieldapp.office.reviews import QUEUE_STATUSES
from fieldapp.office.sheet_view import centre_today, show_day, show_time
from fieldapp.protocol.review_queue import SheetSummary
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.office.components.widgets import chip, do, error_line, keyed, muted, pick
from fieldapp.ui.office.viewmodels.queue_model import QueueModel
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR, OVERDUE_COLOR, PAD, WARNING_COLOR


def _level(tr: Translator, row: SheetSummary) -> ft.Control:
    if row.service_level_missed is None:
        return ft.Text(tr.t("queue.level_unknown"), color=MUTED_COLOR, size=13)
    if row.service_level_missed:
        return ft.Row(
            [
                ft.Icon(ft.Icons.TIMER_OFF, color=OVERDUE_COLOR, size=18),
                ft.Text(tr.t("queue.level_missed"), color=OVERDUE_COLOR, size=13),
            ],
            spacing=4,
        )
    return ft.Row(
        [
            ft.Icon(ft.Icons.TIMER, color=OK_COLOR, size=18),
            ft.Text(tr.t("queue.level_met"), color=OK_COLOR, size=13),
        ],
        spacing=4,
    )


@ft.component
def QueueRowView(row: SheetSummary, on_open: Callable[[str], None]) -> ft.Control:
    tr = use_translator()
    tags: list[ft.Control] = [_level(tr, row)]
    if row.new_revision:
        approved = row.approved_revision or row.revision - 1
        tags.append(
            ft.Text(
                tr.t("queue.tag_revision", n=row.revision, approved=approved),
                color=WARNING_COLOR,
            )
        )
    if row.charged:
        tags.append(ft.Text(tr.t("queue.tag_charged", yuan=f"{row.total_fen / 100:.2f}")))
    if row.rating is not None:
        color = OVERDUE_COLOR if row.rating <= 3 else None
        tags.append(ft.Text(tr.t("queue.tag_rating", n=row.rating), color=color))
    if not row.complete:
        tags.append(ft.Text(tr.t("queue.tag_incomplete"), color=WARNING_COLOR))
    received = row.submitted_at or row.received_at
    return ft.Semantics(
        identifier=f"row-{row.ticket_no}",
        content=ft.Container(
            ft.Column(
                [
                    ft.Row(
                        [
                            ft.Text(row.ticket_no, weight=ft.FontWeight.BOLD, size=16),
                            ft.Text(row.customer_name, size=16),
                            ft.Text(row.product_model, color=MUTED_COLOR),
                            ft.Text(row.technician_name, weight=ft.FontWeight.W_500),
                        ],
                        wrap=True,
                    ),
                    ft.Row(
                        [
                            muted(tr.t("queue.visited", day=show_day(row.visit_date))),
                            *(
                                [muted(tr.t("queue.signed", at=show_time(row.signed_at)))]
                                if row.signed_at is not None
                                else []
                            ),
                            muted(tr.t("queue.waiting_since", at=show_time(received))),
                            *tags,
                        ],
                        wrap=True,
                        spacing=14,
                    ),
                ],
                spacing=4,
            ),
            padding=PAD,
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
            on_click=lambda: on_open(row.sheet_id),
            ink=True,
        ),
    )


@ft.component
def QueueFiltersView(model: QueueModel) -> ft.Control:
    tr = use_translator()
    f = model.filters
    statuses = [
        chip(
            tr.t(f"queue.status.{s.value}", n=model.counts.get(s.value, 0)),
            f.status is s,
            do(model.show_status, s),
            f"status-{s.value}",
        )
        for s in QUEUE_STATUSES
    ]
    toggles = [
        chip(
            tr.t(f"queue.filter.{name}"),
            bool(getattr(f, name)),
            do(model.toggle, name),
            f"filter-{name}",
        )
        for name in ("service_level_missed", "charged", "low_rating", "new_revision")
    ]
    today = centre_today()
    periods = [
        chip(
            tr.t("queue.days_any"),
            f.visited_from is None,
            do(model.set_days, None, None),
            "days-any",
        ),
        chip(
            tr.t("queue.days_7"),
            f.visited_from == today - timedelta(days=6),
            do(model.set_days, today - timedelta(days=6), today),
            "days-7",
        ),
        chip(
            tr.t("queue.days_30"),
            f.visited_from == today - timedelta(days=29),
            do(model.set_days, today - timedelta(days=29), today),
            "days-30",
        ),
    ]

    def pick_day(which: str) -> None:
        current = (f.visited_from if which == "from" else f.visited_to) or today

        async def picked(e: ft.Event[ft.DatePicker]) -> None:
            value = e.control.value
            day = value.date() if isinstance(value, datetime) else value
            if day is None:
                return
            if which == "from":
                await model.set_days(day, f.visited_to or today)
            else:
                await model.set_days(f.visited_from or day, day)

        ft.context.page.show_dialog(
            ft.DatePicker(
                value=datetime(current.year, current.month, current.day),
                first_date=datetime(2020, 1, 1),
                last_date=datetime(2099, 12, 31),
                on_change=picked,
            )
        )

    periods += [
        ft.Semantics(
            identifier=f"days-{which}",
            content=ft.TextButton(
                tr.t(
                    f"queue.day_{which}",
                    day=(day.isoformat() if day else tr.t("queue.day_pick")),
                ),
                icon=ft.Icons.CALENDAR_MONTH,
                on_click=pick(pick_day, which),
            ),
        )
        for which, day in (("from", f.visited_from), ("to", f.visited_to))
    ]
    techs = [
        chip(
            tr.t("queue.all_technicians"),
            f.technician_id is None,
            do(model.set_technician, None),
            "tech-any",
        )
    ] + [
        chip(
            t.display_name,
            f.technician_id == t.id,
            do(model.set_technician, t.id),
            f"tech-{t.username}",
        )
        for t in model.technicians
    ]
    return ft.Column(
        [
            ft.Row(statuses, wrap=True, spacing=8),
            ft.Row([muted(tr.t("queue.only")), *toggles], wrap=True, spacing=8),
            ft.Row([muted(tr.t("queue.visit_days")), *periods], wrap=True, spacing=8),
            ft.Row([muted(tr.t("queue.technician")), *techs], wrap=True, spacing=8),
        ],
        spacing=8,
    )


@ft.component
def QueueScreen(client: OfficeClient, on_open: Callable[[str], None]) -> ft.Control:
    tr = use_translator()
    model = use_model(lambda: QueueModel(client=client))
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    body: list[ft.Control] = [QueueFiltersView(model)]
    if model.error is not None:
        body.append(error_line(tr.text(model.error)))
    if model.loading and not model.rows:
        body.append(ft.ProgressRing())
    elif not model.rows:
        body.append(ft.Semantics(identifier="queue-empty", content=muted(tr.t("queue.empty"), 16)))
    pager = ft.Row(
        [
            ft.Semantics(
                identifier="queue-total",
                content=ft.Text(
                    tr.t("queue.page", page=model.page + 1, pages=model.pages, total=model.total)
                ),
            ),
            ft.IconButton(
                ft.Icons.CHEVRON_LEFT,
                on_click=model.previous_page,
                disabled=model.page == 0,
                tooltip=tr.t("queue.previous"),
            ),
            ft.IconButton(
                ft.Icons.CHEVRON_RIGHT,
                on_click=model.next_page,
                disabled=model.page + 1 >= model.pages,
                tooltip=tr.t("queue.next"),
            ),
            ft.IconButton(ft.Icons.REFRESH, on_click=model.load, tooltip=tr.t("office.refresh")),
        ],
        alignment=ft.MainAxisAlignment.END,
    )
    return ft.Column(
        [
            *body,
            pager,
            ft.ListView(
                [keyed(r.sheet_id, QueueRowView(r, on_open)) for r in model.rows], expand=True
            ),
        ],
        expand=True,
        spacing=10,
    )
