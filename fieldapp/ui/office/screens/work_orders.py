"""Work orders: record a customer's call (checked as typed; the new 报修单号 shown large),
the newest orders, and for the one selected: assign or reassign with each technician's jobs
that day (supervisors), cancel with a reason."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.domain.work_order import WorkOrder, WorkOrderStatus
from fieldapp.office.client import OfficeClient
from fieldapp.office.session import can_assign, can_record_calls
from fieldapp.office.sheet_view import show_time
from fieldapp.office.work_orders import (
    CALL_FIELDS,
    CALL_LIMITS,
    CANCEL_REASON_LIMIT,
    TechnicianDay,
)
from fieldapp.protocol.auth import Role
from fieldapp.ui.components.event_value import ticked
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.office.components.widgets import (
    action,
    card,
    do,
    error_line,
    field,
    heading,
    keyed,
    muted,
    ok_line,
)
from fieldapp.ui.office.viewmodels.work_orders_model import CallModel, OrdersModel
from fieldapp.ui.services import use_layout
from fieldapp.ui.theme import MUTED_COLOR, OVERDUE_COLOR, PAD

FIELD_WIDTH = {"customer.address": 520, "reported_fault": 520, "product.purchase_date": 520}
CLOSED = (WorkOrderStatus.CLOSED, WorkOrderStatus.CANCELLED)


def _setter(model: CallModel, name: str) -> Callable[[str], None]:
    return lambda value: model.set_value(name, value)


@ft.component
def CallFormView(model: CallModel, on_recorded: Callable[[], Awaitable[None]]) -> ft.Control:
    tr = use_translator()
    if model.created is not None:
        return card(
            [
                ok_line(tr.t("orders.created")),
                muted(tr.t("orders.ticket_no")),
                ft.Semantics(
                    identifier="new-ticket",
                    content=ft.Text(
                        model.created.ticket_no,
                        size=40,
                        weight=ft.FontWeight.BOLD,
                        color=ft.Colors.PRIMARY,
                    ),
                ),
                muted(tr.t("orders.tell_customer")),
                action(tr.t("orders.new_call"), model.new_call, "new-call", icon=ft.Icons.ADD),
            ],
            "call-created",
        )
    fields: list[ft.Control] = []
    for name in CALL_FIELDS:
        problem = model.problems.get(name) if name in model.touched else None
        helper = None
        if name == "product.serial" and model.serial_hint is not None:
            helper = tr.text(model.serial_hint)
        fields.append(
            field(
                tr.t(f"orders.field.{name}"),
                model.form.values[name],
                _setter(model, name),
                f"call-{name.replace('.', '-')}",
                message=tr.text(problem),
                helper=helper,
                width=FIELD_WIDTH.get(name, 250),
                multiline=name == "reported_fault",
                max_length=CALL_LIMITS.get(name),
                hint="YYYY-MM-DD" if name == "product.purchase_date" else None,
            )
        )
    controls: list[ft.Control] = [
        heading(tr.t("orders.record_call"), 16),
        ft.Row(fields, wrap=True, spacing=12, run_spacing=12),
        ft.Semantics(
            identifier="call-urgent",
            content=ft.Checkbox(
                label=tr.t("orders.urgent"),
                value=model.form.urgency.value == "urgent",
                on_change=lambda e: model.set_urgent(ticked(e)),
            ),
        ),
    ]
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))

    async def submit(_e: object = None) -> None:
        await model.submit()
        if model.created is not None:
            await on_recorded()

    controls.append(
        action(
            tr.t("orders.record"), submit, "call-record", icon=ft.Icons.SAVE, disabled=model.busy
        )
    )
    return card(controls, "call-form")


@ft.component
def OrderRow(order: WorkOrder, selected: bool, model: OrdersModel) -> ft.Control:
    tr = use_translator()
    tech = (
        tr.t("orders.assigned_to", name=model.names.get(order.technician_id, ""))
        if order.technician_id
        else tr.t("orders.unassigned")
    )
    when = show_time(order.appointment) if order.appointment else tr.t("orders.no_appointment")
    line = " · ".join(part for part in (order.product.model, when, tech) if part)
    return ft.Semantics(
        identifier=f"order-{order.ticket_no}",
        content=ft.Container(
            ft.Column(
                [
                    ft.Row(
                        [
                            ft.Text(order.ticket_no, weight=ft.FontWeight.BOLD),
                            ft.Text(order.customer.name),
                            ft.Text(
                                tr.t(f"orders.status.{order.status.value}"),
                                color=MUTED_COLOR if order.status in CLOSED else None,
                            ),
                        ],
                        wrap=True,
                    ),
                    muted(line),
                ],
                spacing=2,
            ),
            padding=PAD,
            bgcolor=ft.Colors.SECONDARY_CONTAINER if selected else None,
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
            on_click=do(model.select, order.ticket_no),
            ink=True,
        ),
    )


def _tech_day(
    t: Translator, day: TechnicianDay, order: WorkOrder, model: OrdersModel
) -> ft.Control:
    current = order.technician_id == day.technician.id
    jobs = [
        muted(f"{show_time(j.appointment)[-5:] if j.appointment else '--:--'} "
              f"{j.ticket_no} {j.customer.name}")
        for j in day.jobs
    ]  # fmt: skip
    return ft.Container(
        ft.Row(
            [
                ft.Column(
                    [
                        ft.Text(
                            f"{day.technician.display_name} · "
                            + t.t("orders.jobs_that_day", n=len(day.jobs)),
                            weight=ft.FontWeight.BOLD,
                        ),
                        *jobs,
                    ],
                    spacing=2,
                    expand=True,
                ),
                ft.Text(t.t("orders.current"), color=ft.Colors.PRIMARY)
                if current
                else action(
                    t.t("orders.assign_to"),
                    do(model.assign, day.technician.id),
                    f"assign-{day.technician.username}",
                    filled=False,
                    disabled=model.busy,
                ),
            ]
        ),
        padding=8,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        border_radius=8,
    )


@ft.component
def OrderDetail(model: OrdersModel) -> ft.Control:
    tr = use_translator()
    order = model.order
    if order is None:
        return card([muted(tr.t("orders.pick_one"))], "order-detail")
    controls: list[ft.Control] = [
        heading(f"{order.ticket_no} · {order.customer.name}", 16),
        muted(f"{order.customer.phone} · {order.customer.address}"),
        muted(f"{order.product.brand} {order.product.model} {order.product.serial or ''}"),
        ft.Text(order.reported_fault),
        ft.Text(tr.t(f"orders.status.{order.status.value}")),
    ]
    if model.done is not None:
        controls.append(ok_line(tr.text(model.done)))
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    open_order = order.status not in CLOSED
    if model.can_assign and open_order:
        controls.append(heading(tr.t("orders.assign_title", day=model.day.isoformat()), 15))
        controls += [_tech_day(tr, d, order, model) for d in model.days]
    if open_order and model.can_cancel:
        controls += [
            field(
                tr.t("orders.cancel_reason"),
                model.cancel_reason,
                model.set_cancel_reason,
                "cancel-reason",
                message=tr.text(model.problems.get("reason")),
                max_length=CANCEL_REASON_LIMIT,
            ),
            action(
                tr.t("orders.cancel"),
                model.cancel,
                "cancel-order",
                icon=ft.Icons.CANCEL,
                filled=False,
                disabled=model.busy,
            ),
        ]
    elif order.status == WorkOrderStatus.CANCELLED:
        controls.append(ft.Text(tr.t("orders.cancelled"), color=OVERDUE_COLOR))
    return card(controls, "order-detail")


@ft.component
def WorkOrdersScreen(client: OfficeClient, role: Role | None) -> ft.Control:
    tr = use_translator()
    layout = use_layout()
    call_model = use_model(lambda: CallModel(client=client))
    orders = use_model(
        lambda: OrdersModel(
            client=client,
            can_assign=role is not None and can_assign(role),
            can_cancel=role is not None and can_record_calls(role),
        )
    )
    ft.use_effect(lambda: ft.context.page.run_task(orders.load), [])
    rows: list[ft.Control] = [
        keyed(o.ticket_no, OrderRow(o, o.ticket_no == orders.selected, orders))
        for o in orders.orders
    ]
    listing = ft.Column(
        [
            ft.Row(
                [
                    heading(tr.t("orders.list"), 16),
                    ft.IconButton(
                        ft.Icons.REFRESH, on_click=orders.load, tooltip=tr.t("office.refresh")
                    ),
                ]
            ),
            ft.ListView(rows, expand=True),
        ],
        expand=True,
    )
    writer = role is not None and can_record_calls(role)
    form = CallFormView(call_model, orders.load) if writer else ft.Container()
    if layout.width >= 1280:
        return ft.Row(
            [
                ft.Column(
                    [form, OrderDetail(orders)],
                    scroll=ft.ScrollMode.AUTO,
                    expand=3,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
                ft.Container(listing, expand=2),
            ],
            expand=True,
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
    return ft.Column(
        [
            form,
            OrderDetail(orders),
            ft.Container(listing, height=520),
        ],
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
