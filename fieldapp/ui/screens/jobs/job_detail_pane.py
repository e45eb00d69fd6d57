"""A job's detail: what the clerk recorded, deadlines, sheets, warranty verdict, the serial's
earlier visits, and 开始上门. Used alone on a phone and beside the list on a tablet.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

import flet as ft

from fieldapp.application import Delivery
from fieldapp.application.job_detail import JobDetail, SerialHistory
from fieldapp.application.jobs import product_words
from fieldapp.application.visit_start import NextVisit
from fieldapp.domain.reference import Catalogue
from fieldapp.domain.work_order import CustomerType, Urgency
from fieldapp.store import SheetSummary
from fieldapp.ui.components.arrival_checklist import ArrivalChecklist
from fieldapp.ui.components.contact import address_line, phone_button
from fieldapp.ui.components.returned_comment import returned_comment
from fieldapp.ui.components.sheet_delivery import delivery_words
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.services import use_services
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR, OVERDUE_COLOR, TOUCH_TARGET, WARNING_COLOR
from fieldapp.ui.viewmodels.arrival_model import ArrivalModel
from fieldapp.ui.viewmodels.job_detail_model import JobDetailModel
from fieldapp.ui.viewmodels.sync_model import SyncModel


def section(title: str, controls: list[ft.Control]) -> ft.Control:
    return ft.Container(
        content=ft.Column(
            [ft.Text(title, weight=ft.FontWeight.BOLD, size=15), *controls], spacing=4
        ),
        padding=ft.Padding.symmetric(vertical=8),
        border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
    )


def field_line(label: str, value: str) -> ft.Control:
    return ft.Row(
        [
            ft.Text(label, size=13, color=MUTED_COLOR, width=96),
            ft.Text(value, size=14, expand=True),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def _order_section(
    detail: JobDetail, tr: Translator, zone: tzinfo, catalogue: Catalogue
) -> list[ft.Control]:
    order = detail.order
    customer = order.customer
    kind = (
        tr.t("job.customer_type.industry", years=customer.contract_warranty_years)
        if customer.customer_type is CustomerType.INDUSTRY
        else tr.t("job.customer_type.consumer")
    )
    product = order.product
    appointment = (
        order.appointment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if order.appointment else "—"
    )
    return [
        section(
            tr.t("job.customer"),
            [
                ft.Text(customer.name, size=18, weight=ft.FontWeight.BOLD),
                field_line(tr.t("job.customer_type"), kind),
                address_line(customer.address, tr),
                phone_button(customer.phone, tr),
            ],
        ),
        section(
            tr.t("job.product"),
            [
                field_line(tr.t("job.product"), tr.text(product_words(product, catalogue))),
                field_line(tr.t("job.serial"), product.serial or "—"),
                field_line(
                    tr.t("job.purchase_date"),
                    product.purchase_date.isoformat() if product.purchase_date else "—",
                ),
                field_line(tr.t("job.fault"), order.reported_fault),
            ],
        ),
        section(
            tr.t("job.ticket"),
            [
                field_line(tr.t("job.ticket"), order.ticket_no),
                field_line(
                    tr.t("job.reported_at"),
                    order.reported_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                ),
                field_line(tr.t("job.appointment"), appointment),
                field_line(
                    tr.t("job.urgency"),
                    tr.t("urgency.urgent" if order.urgency is Urgency.URGENT else "urgency.normal"),
                ),
                field_line(tr.t("job.status"), tr.t(f"status.{order.status.value}")),
                field_line(tr.t("job.centre"), order.service_centre or "—"),
            ],
        ),
    ]


def _deadlines(detail: JobDetail, tr: Translator) -> ft.Control:
    lines: list[ft.Control] = []
    for deadline, words in detail.deadlines:
        color = OVERDUE_COLOR if words.overdue else (OK_COLOR if deadline.status == "met" else None)
        lines.append(
            ft.Column(
                [
                    ft.Text(tr.text(deadline.name), size=13, color=MUTED_COLOR),
                    ft.Text(tr.text(words.words), color=color, weight=ft.FontWeight.BOLD),
                ],
                spacing=0,
            )
        )
    return section(tr.t("job.service_levels"), lines)


@ft.component
def SheetLine(
    sync: SyncModel, sheet: SheetSummary, revision: int, key: str | None = None
) -> ft.Control:
    """One sheet: being filled in, or submitted (its revision, 第 n 版) and where it is —
    read from the sync summary (``sync``, an argument: re-rendered as the indicator is;
    ``key``: taken by Flet)."""
    tr = use_translator()
    if not sheet.signed:
        return ft.Text(tr.t("job.sheet_open", n=revision), color=MUTED_COLOR, size=13)
    state, color = _sheet_state(sync.delivery(sheet.sheet_id), sheet, tr)
    return ft.Text(f"{tr.t('job.sheet_submitted', n=revision)} · {state}", color=color, size=13)


def _sheet_state(delivery: Delivery | None, sheet: SheetSummary, tr: Translator) -> tuple[str, str]:
    if delivery is Delivery.REFUSED and sheet.attention_message is not None:
        message = tr.text(sheet.attention_message)
        return tr.t("job.sheet_state.attention", message=message), OVERDUE_COLOR
    if delivery is Delivery.SENT and sheet.approved:
        return tr.t("job.sheet_state.approved"), OK_COLOR
    if delivery is not None:
        key, color = delivery_words(delivery)
        return tr.t(key), color
    # The outbox not counted yet: the sheet's own marks, as the job was read.
    if sheet.needs_attention:
        message = tr.text(sheet.attention_message)
        return tr.t("job.sheet_state.attention", message=message), OVERDUE_COLOR
    if sheet.pending:
        return tr.t("job.sheet_state.pending"), WARNING_COLOR
    if sheet.approved:
        return tr.t("job.sheet_state.approved"), OK_COLOR
    return tr.t("job.sheet_state.sent"), OK_COLOR


def _verdict(detail: JobDetail, tr: Translator) -> ft.Control:
    verdict = detail.verdict
    if verdict is None:
        return section(
            tr.t("job.warranty"), [ft.Text(tr.text(detail.verdict_problem), color=MUTED_COLOR)]
        )
    color = WARNING_COLOR if verdict.charged else OK_COLOR
    lines: list[ft.Control] = [
        ft.Semantics(
            identifier="verdict",
            content=ft.Text(
                tr.text(verdict.headline), color=color, weight=ft.FontWeight.BOLD, size=16
            ),
        )
    ]
    lines += [ft.Text(f"· {tr.text(reason.text)}", size=13) for reason in verdict.reasons]
    return section(tr.t("job.warranty"), lines)


def _history(history: SerialHistory | None, tr: Translator, zone: tzinfo) -> ft.Control:
    if history is None:
        return section(tr.t("job.history"), [ft.ProgressRing(width=16, height=16)])
    if history.serial is None:
        return section(
            tr.t("job.history"), [ft.Text(tr.t("job.history_no_serial"), color=MUTED_COLOR)]
        )
    lines: list[ft.Control] = []
    if history.fetched_at is None:
        lines.append(ft.Text(tr.t("job.history_unknown"), color=MUTED_COLOR))
    else:
        if history.from_cache:
            lines.append(ft.Text(tr.t("job.history_offline"), color=WARNING_COLOR, size=13))
        when = history.fetched_at.astimezone(zone).strftime("%m-%d %H:%M")
        lines.append(ft.Text(tr.t("job.history_fetched", when=when), size=12, color=MUTED_COLOR))
        if not history.visits:
            lines.append(ft.Text(tr.t("job.history_none")))
        for visit in history.visits:
            lines.append(
                ft.Text(
                    tr.t(
                        "job.history_visit",
                        day=visit.visit_date.isoformat(),
                        opened=tr.t(
                            "job.history_opened" if visit.opened_unit else "job.history_not_opened"
                        ),
                        resolved=tr.t(
                            "job.history_resolved" if visit.resolved else "job.history_unresolved"
                        ),
                    )
                )
            )
    return section(tr.t("job.history"), lines)


@ft.component
def ArrivalSection(sheet_id: str, ticks: dict[str, bool]) -> ft.Control:
    """Holds the checklist's model for the sheet (made once; the checklist re-renders alone)."""
    services = use_services()
    model = use_model(lambda: ArrivalModel(device=services.device, sheet_id=sheet_id, ticks=ticks))
    return ArrivalChecklist(model)


@ft.component
def JobDetailPane(ticket_no: str, key: str | None = None) -> ft.Control:
    """The detail of the job ``ticket_no``; loads on mount (``key``: taken by Flet)."""
    tr = use_translator()
    services = use_services()
    model = use_model(lambda: JobDetailModel.opened(services.device, ticket_no))
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    detail = model.detail
    zone = model.device.jobs.zone
    if detail is None:
        if model.loading:
            return ft.Container(ft.ProgressRing(), alignment=ft.Alignment.CENTER, expand=True)
        message = tr.text(model.error) if model.error else tr.t("job.not_found")
        return ft.Container(ft.Text(message), padding=24)

    page = ft.context.page

    async def start(_e: object = None, second_visit: bool = False) -> None:
        """开始上门: check in, then open the visit (part 2) at its step."""
        await model.start_visit(second_visit=second_visit)
        if model.error is None:
            page.navigate(f"/job/{ticket_no}/visit")

    async def confirmed_second_visit() -> None:
        page.pop_dialog()
        await start(second_visit=True)

    def ask_second_visit(_e: object) -> None:
        """A new visit only after the last one booked it, and only when the technician says so."""
        page.show_dialog(
            ft.AlertDialog(
                title=ft.Text(tr.t("job.second_visit_title")),
                content=ft.Text(tr.t("job.second_visit_confirm")),
                actions=[
                    ft.TextButton(tr.t("common.cancel"), on_click=lambda: page.pop_dialog()),
                    ft.TextButton(tr.t("job.second_visit"), on_click=confirmed_second_visit),
                ],
            )
        )

    def view_sheet(_e: object) -> None:
        page.navigate(f"/job/{ticket_no}/visit")  # opens read-only at 已提交

    controls: list[ft.Control] = []
    if detail.returned_comment is not None:
        title = tr.t("job.review_comment")
        controls.append(returned_comment(title, detail.returned_comment, "review-comment", 10))
    for sheet in detail.sheets:
        revision = detail.revisions.get(sheet.sheet_id, 1)
        controls.append(SheetLine(services.sync, sheet, revision, key=sheet.sheet_id))
    if detail.arrived_at is not None:
        when = detail.arrived_at.astimezone(zone).strftime("%m-%d %H:%M")
        controls.append(ft.Text(tr.t("job.checked_in", when=when), color=OK_COLOR))
        if detail.open_sheet_id is not None:
            controls.append(ArrivalSection(detail.open_sheet_id, detail.arrival_ticks))
        if detail.next_visit is NextVisit.CONTINUE:
            controls.append(ft.Text(tr.t("job.visit_next"), size=12, color=MUTED_COLOR))
    if model.error is not None:
        controls.append(ft.Text(tr.text(model.error), color=OVERDUE_COLOR))
    handlers: dict[NextVisit, tuple[str, Callable[[ft.Event[ft.Button]], Any]]] = {
        NextVisit.START: ("job.start_visit", start),
        NextVisit.CONTINUE: ("job.continue_visit", start),
        NextVisit.REWORK: ("job.fix_returned", start),
        NextVisit.SECOND_VISIT: ("job.second_visit", ask_second_visit),
        NextVisit.SUBMITTED: ("job.view_sheet", view_sheet),
    }
    label, on_click = handlers[detail.next_visit]
    controls.append(
        ft.Semantics(
            identifier="start-visit",
            content=ft.Button(
                tr.t(label),
                icon=ft.Icons.DESCRIPTION
                if detail.next_visit is NextVisit.SUBMITTED
                else ft.Icons.DIRECTIONS_WALK,
                on_click=on_click,
                disabled=model.busy,
                height=TOUCH_TARGET,
                style=ft.ButtonStyle(bgcolor=ft.Colors.PRIMARY, color=ft.Colors.ON_PRIMARY),
            ),
        )
    )
    controls += _order_section(detail, tr, zone, model.device.jobs.reference.catalogue)
    controls += [_deadlines(detail, tr), _verdict(detail, tr), _history(model.history, tr, zone)]
    return ft.ListView(
        controls, padding=ft.Padding.symmetric(horizontal=12, vertical=8), spacing=6, expand=True
    )
