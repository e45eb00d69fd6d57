"""The dashboard: a period's figures (service levels met, satisfaction against the 90 %
target, 「5个1」 and 「九不准」, first-time fix, repeat repairs, charged against free), overall
as numbers with a bar each, the technicians side by side in one bar chart (flet-charts)
against the 90 % line, and one table row per technician (sortable; a row opens that
technician's every figure beside the overall ones).

A table, not a card per technician: fifty cards of sixteen lines were thousands of controls
for Flet to send, and a supervisor compares technicians down a column."""

from __future__ import annotations

import flet as ft
import flet_charts as fch

from fieldapp.office.client import OfficeClient
from fieldapp.office.dashboard import PRESETS, TECHNICIAN_COLUMNS, level, rate
from fieldapp.protocol.dashboard import Figures, TechnicianFigures
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.office.components.widgets import (
    bar,
    card,
    chip,
    do,
    error_line,
    heading,
    muted,
    pick,
)
from fieldapp.ui.office.viewmodels.desk_models import DashboardModel
from fieldapp.ui.theme import OK_COLOR, OVERDUE_COLOR

LEVELS = ("answer", "on_site", "fix")
TARGET = 0.9  # the service standard's satisfaction target, and the line the bars are read by
# What the comparison chart shows per technician: (string key, colour).
COMPARED = (
    ("dashboard.level.on_site", ft.Colors.BLUE_600),
    ("dashboard.level.fix", ft.Colors.TEAL_600),
    ("dashboard.satisfied", ft.Colors.ORANGE_700),
    ("dashboard.first_time_fix", ft.Colors.PURPLE_500),
)
GROUP_WIDTH = 72  # px per technician: four rods and a name under them


def _compared_rates(f: Figures) -> list[float | None]:
    """The figures the chart compares, each a share 0..1 (None when nothing to count)."""
    return [
        f.service_levels.on_site.rate,
        f.service_levels.fix.rate,
        f.satisfaction.share,
        f.first_time_fix_rate,
    ]


def _comparison_chart(tr: Translator, technicians: list[TechnicianFigures]) -> ft.Control:
    """The technicians side by side: a group of bars each, the 90 % line drawn across."""
    groups = []
    for x, t in enumerate(technicians):
        rods = [
            fch.BarChartRod(
                to_y=round((value or 0) * 100, 1),
                width=12,
                color=color,
                border_radius=2,
                tooltip=f"{tr.t(key)} {rate(value)}",
            )
            for (key, color), value in zip(COMPARED, _compared_rates(t), strict=True)
        ]
        groups.append(fch.BarChartGroup(x=x, rods=rods, spacing=2))
    names = [
        fch.ChartAxisLabel(value=x, label=ft.Text(t.technician_name or "—", size=11))
        for x, t in enumerate(technicians)
    ]
    chart = fch.BarChart(
        groups=groups,
        min_y=0,
        max_y=100,
        interactive=True,
        bottom_axis=fch.ChartAxis(labels=names, label_size=28),
        left_axis=fch.ChartAxis(
            labels=[
                fch.ChartAxisLabel(value=v, label=ft.Text(f"{v}%", size=10))
                for v in range(0, 101, 10)
            ],
            label_spacing=10,
            label_size=40,
        ),
        horizontal_grid_lines=fch.ChartGridLines(interval=10, color=ft.Colors.OUTLINE_VARIANT),
        width=max(560, GROUP_WIDTH * len(technicians) + 60),
        height=280,
    )
    legend = ft.Row(
        [
            ft.Row(
                [ft.Container(width=12, height=12, bgcolor=color), ft.Text(tr.t(key), size=12)],
                spacing=4,
                tight=True,
            )
            for key, color in COMPARED
        ]
        + [muted(tr.t("dashboard.target_line"), 12)],
        wrap=True,
        spacing=14,
    )
    return card(
        [
            heading(tr.t("dashboard.compare"), 16),
            legend,
            ft.Row([chart], scroll=ft.ScrollMode.AUTO),
        ],
        "dashboard-chart",
    )


def _headline(tr: Translator, f: Figures) -> list[tuple[str, str, float | None]]:
    """(name, shown value, share for the bar) of the figures compared side by side."""
    sat = f.satisfaction
    et = f.etiquette
    rows: list[tuple[str, str, float | None]] = [
        (tr.t("dashboard.sheets"), str(f.sheets), None),
        (tr.t("dashboard.jobs"), str(f.jobs), None),
    ]
    for key in LEVELS:
        counts = level(f, key)
        rows.append(
            (
                tr.t(f"dashboard.level.{key}"),
                tr.t(
                    "dashboard.level_value",
                    rate=rate(counts.rate),
                    met=counts.met,
                    missed=counts.missed,
                    open=counts.open,
                ),
                counts.rate,
            )
        )
    rows += [
        (
            tr.t("dashboard.satisfied"),
            tr.t("dashboard.satisfied_value", rate=rate(sat.share), n=sat.surveyed),
            sat.share,
        ),
        (tr.t("dashboard.rating"), _avg(sat.rating_avg), _share5(sat.rating_avg)),
        (tr.t("dashboard.attitude"), _avg(sat.attitude_avg), _share5(sat.attitude_avg)),
        (
            tr.t("dashboard.repair_quality"),
            _avg(sat.repair_quality_avg),
            _share5(sat.repair_quality_avg),
        ),
        (
            tr.t("dashboard.response_speed"),
            _avg(sat.response_speed_avg),
            _share5(sat.response_speed_avg),
        ),
        (tr.t("dashboard.five_ones"), rate(et.five_ones_rate), et.five_ones_rate),
        (tr.t("dashboard.nine_rules"), rate(et.nine_rules_rate), et.nine_rules_rate),
        (tr.t("dashboard.first_time_fix"), rate(f.first_time_fix_rate), f.first_time_fix_rate),
        (tr.t("dashboard.repeat_repairs"), str(f.repeat_repairs), None),
        (
            tr.t("dashboard.charged"),
            tr.t(
                "dashboard.charged_value",
                charged=f.charging.charged,
                free=f.charging.free,
                yuan=f"{f.charging.charged_total_fen / 100:.2f}",
            ),
            None,
        ),
    ]
    return rows


def _avg(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} / 5"


def _share5(value: float | None) -> float | None:
    return None if value is None else value / 5


def _figures(tr: Translator, title: str, f: Figures, identifier: str) -> ft.Control:
    lines: list[ft.Control] = [heading(title, 16)]
    for name, shown, share in _headline(tr, f):
        color = OK_COLOR if share is not None and share >= 0.9 else OVERDUE_COLOR
        lines.append(
            ft.Row(
                [
                    ft.Container(ft.Text(name, size=13), width=150),
                    bar(share or 0, 1, color, 160)
                    if share is not None
                    else ft.Container(width=160),
                    ft.Text(shown, size=13, expand=True),
                ]
            )
        )
    return card(lines, identifier, width=580)


def _cell(value: float | int | None, share: bool) -> ft.DataCell:
    if not share:
        return ft.DataCell(ft.Text("—" if value is None else str(value), size=13))
    color = None if value is None else OK_COLOR if value >= TARGET else OVERDUE_COLOR
    return ft.DataCell(ft.Text(rate(None if value is None else float(value)), size=13, color=color))


def _technician_table(tr: Translator, model: DashboardModel) -> ft.Control:
    """One row per technician, sortable by any column; a tap opens that technician."""

    def sort(e: ft.DataColumnSortEvent) -> None:
        model.sort_by(e.column_index, e.ascending)

    columns = [ft.DataColumn(label=ft.Text(tr.t("dashboard.technician")), on_sort=sort)] + [
        ft.DataColumn(label=ft.Text(tr.t(key)), numeric=True, on_sort=sort)
        for key, _figure, _share in TECHNICIAN_COLUMNS
    ]
    rows = [
        ft.DataRow(
            cells=[ft.DataCell(ft.Text(t.technician_name or "—", size=13))]
            + [_cell(figure(t), share) for _key, figure, share in TECHNICIAN_COLUMNS],
            selected=t.technician_id is not None and t.technician_id == model.opened,
            on_select_change=pick(model.open_technician, t.technician_id),
        )
        for t in model.technicians()
    ]
    table = ft.DataTable(
        columns=columns,
        rows=rows,
        sort_column_index=model.sort_column,
        sort_ascending=model.sort_ascending,
        show_checkbox_column=False,
        column_spacing=20,
        heading_row_height=44,
    )
    return card(
        [
            heading(tr.t("dashboard.per_technician"), 16),
            muted(tr.t("dashboard.table_hint"), 12),
            ft.Row([table], scroll=ft.ScrollMode.AUTO),
        ],
        "dashboard-technicians",
    )


@ft.component
def DashboardScreen(client: OfficeClient) -> ft.Control:
    tr = use_translator()
    model = use_model(lambda: DashboardModel(client=client))
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    first, last = model.period
    shown = model.preset()
    labels = {"month-0": tr.t("dashboard.this_month"), "month-1": tr.t("dashboard.last_month")}
    presets = [
        chip(
            labels.get(preset) or tr.t("dashboard.days", n=preset.removeprefix("days-")),
            preset == shown,
            do(model.show, preset),
            preset,
        )
        for preset in PRESETS
    ]
    controls: list[ft.Control] = [
        ft.Row(
            [
                muted(tr.t("dashboard.period", first=first.isoformat(), last=last.isoformat())),
                *presets,
                ft.IconButton(
                    ft.Icons.REFRESH, on_click=model.load, tooltip=tr.t("office.refresh")
                ),
            ],
            wrap=True,
        )
    ]
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    data = model.figures
    if data is None:
        controls.append(ft.ProgressRing() if model.loading else ft.Container())
        return ft.Column(controls)
    controls.append(
        ft.Semantics(
            identifier="dashboard-sheets",
            content=ft.Text(
                tr.t("dashboard.summary", sheets=data.overall.sheets, jobs=data.overall.jobs),
                size=18,
                weight=ft.FontWeight.BOLD,
            ),
        )
    )
    cards = [_figures(tr, tr.t("dashboard.overall"), data.overall, "figures-overall")]
    opened = next((t for t in data.technicians if t.technician_id == model.opened), None)
    if opened is not None:
        cards.append(
            _figures(tr, opened.technician_name or "—", opened, f"figures-{opened.technician_id}")
        )
    controls.append(ft.Row(cards, wrap=True, spacing=12, run_spacing=12))
    if data.technicians:
        controls.append(_technician_table(tr, model))
        controls.append(_comparison_chart(tr, data.technicians))
    return ft.Column(controls, expand=True, spacing=10, scroll=ft.ScrollMode.AUTO)
