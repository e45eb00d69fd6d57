"""The job list with its day switch and search: the day's jobs, not every job on the device.

Takes the session's :class:`JobListModel` as an argument, so it re-renders when the rows
or the day change and not on sync ticks.
"""

from __future__ import annotations

from datetime import date, datetime

import flet as ft

from fieldapp.ui.components.event_value import typed
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.screens.jobs.job_row import JobRow
from fieldapp.ui.theme import MUTED_COLOR, OVERDUE_COLOR, TOUCH_TARGET
from fieldapp.ui.viewmodels.job_list_model import JobListModel


def _picked_day(value: datetime | date | None) -> date | None:
    """DatePicker values are midnight UTC datetimes (FLET.md): keep the calendar date."""
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


@ft.component
def DaySwitch(model: JobListModel, key: str | None = None) -> ft.Control:
    """前一天 / the day (tap: date picker) / 后一天, and 今天 when another day shows.

    ``key`` is the component's identity among its siblings (taken by ``ft.component``)."""
    tr = use_translator()

    async def picked(e: ft.Event[ft.DatePicker]) -> None:
        day = _picked_day(e.control.value)
        if day is not None:
            await model.show_day(day)

    def open_picker() -> None:
        ft.context.page.show_dialog(
            ft.DatePicker(
                value=datetime(model.day.year, model.day.month, model.day.day),
                first_date=datetime(2020, 1, 1),
                last_date=datetime(2100, 12, 31),
                on_change=picked,
                help_text=tr.t("jobs.pick_day"),
            )
        )

    label = model.day.strftime("%Y-%m-%d")
    if model.is_today:
        label = f"{tr.t('jobs.today')} {label}"
    controls: list[ft.Control] = [
        ft.Semantics(
            identifier="previous-day",
            content=ft.IconButton(
                ft.Icons.CHEVRON_LEFT, on_click=model.previous_day, tooltip=tr.t("jobs.prev_day")
            ),
        ),
        ft.Semantics(
            identifier="day",
            content=ft.TextButton(
                label, icon=ft.Icons.CALENDAR_MONTH, on_click=open_picker, height=TOUCH_TARGET
            ),
        ),
        ft.Semantics(
            identifier="next-day",
            content=ft.IconButton(
                ft.Icons.CHEVRON_RIGHT, on_click=model.next_day, tooltip=tr.t("jobs.next_day")
            ),
        ),
    ]
    if not model.is_today:
        controls.append(
            ft.TextButton(tr.t("jobs.today"), on_click=model.today, height=TOUCH_TARGET)
        )
    return ft.Row(controls, spacing=0, wrap=True, alignment=ft.MainAxisAlignment.CENTER)


@ft.component
def SearchBox(model: JobListModel, key: str | None = None) -> ft.Control:
    """Search by ticket, customer, phone or serial (any day); bound to its own state.

    ``key`` is the component's identity among its siblings (taken by ``ft.component``)."""
    tr = use_translator()
    value, set_value = ft.use_state(model.query)

    async def changed(e: ft.Event[ft.TextField]) -> None:
        text = typed(e)
        set_value(text)
        await model.search(text)

    return ft.Semantics(
        identifier="search",
        content=ft.Row(
            [
                ft.TextField(
                    value=value,
                    hint_text=tr.t("jobs.search"),
                    prefix_icon=ft.Icons.SEARCH,
                    on_change=changed,
                    dense=True,
                    border_radius=24,
                    expand=True,
                )
            ]
        ),
    )


@ft.component
def JobList(model: JobListModel, selected: str | None = None) -> ft.Control:
    """Header (day switch, search, count) over the rows."""
    tr = use_translator()
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    # Keyed: the first key typed turns the day's list into search results and the day
    # switch goes; matched by place instead, the search box would be rebuilt from scratch
    # under the technician's finger (focus lost after one character).
    header: list[ft.Control] = [SearchBox(model, key="search-box")]
    if not model.searching:
        header.insert(0, DaySwitch(model, key="day-switch"))
    if model.error is not None:
        header.append(ft.Text(tr.text(model.error), color=OVERDUE_COLOR))
    count = tr.t("jobs.found" if model.searching else "jobs.count", n=len(model.cards))
    header.append(
        ft.Row(
            [
                ft.Text(count, size=13, color=MUTED_COLOR),
                ft.ProgressRing(width=14, height=14, stroke_width=2, visible=model.loading),
            ],
            spacing=8,
        )
    )
    if model.more:
        header.append(
            ft.Text(tr.t("jobs.search_more", n=len(model.cards)), size=13, color=MUTED_COLOR)
        )
    rows: list[ft.Control] = [
        JobRow(card, card.ticket_no == selected, key=card.ticket_no) for card in model.cards
    ]
    if not rows and not model.loading:
        rows = [
            ft.Container(
                ft.Text(
                    tr.t("jobs.none_found" if model.searching else "jobs.none_today"),
                    color=MUTED_COLOR,
                ),
                padding=24,
                alignment=ft.Alignment.CENTER,
            )
        ]
    return ft.Column(
        [
            ft.Container(
                ft.Column(header, spacing=6), padding=ft.Padding.symmetric(horizontal=8, vertical=6)
            ),
            ft.ListView(rows, expand=True, spacing=0),
        ],
        spacing=0,
        expand=True,
    )
