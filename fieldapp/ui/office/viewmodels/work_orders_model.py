"""Work orders: the call being recorded (checked as typed), the list, assigning, cancelling."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import flet as ft

from fieldapp.domain.text import Text
from fieldapp.domain.work_order import Urgency, WorkOrder
from fieldapp.office import reviews
from fieldapp.office import work_orders as wo
from fieldapp.office.sheet_view import centre_today
from fieldapp.office.work_orders import CallForm, TechnicianDay
from fieldapp.protocol.auth import UserPublic
from fieldapp.ui.i18n import message
from fieldapp.ui.office.viewmodels.base import FAILED, DeskModel, Failed, call


@ft.observable
@dataclass
class CallModel(DeskModel):
    """A customer's call as the clerk types it; each field checked once touched."""

    form: CallForm = field(default_factory=CallForm)
    touched: set[str] = field(default_factory=set)
    # What the service refused, by field, until that field is changed.
    refused: dict[str, Text] = field(default_factory=dict)
    created: WorkOrder | None = None

    def set_value(self, name: str, value: str) -> None:
        self.form = self.form.with_value(name, value)
        self.touched = {*self.touched, name}
        self.refused = {k: v for k, v in self.refused.items() if k != name}
        self.problems = {**self.refused, **wo.call_problems(self.form, self.touched)}

    def set_urgent(self, urgent: bool) -> None:
        self.form = CallForm(self.form.values, Urgency.URGENT if urgent else Urgency.NORMAL)

    @property
    def serial_hint(self) -> Text | None:
        if "product.serial" in self.problems:
            return None
        return wo.serial_hint(self.form)

    async def submit(self, _event: object = None) -> None:
        if self.busy:
            return
        self.touched = set(wo.CALL_FIELDS)
        self.problems = wo.call_problems(self.form)
        if self.problems:
            return
        created = await self.attempt(wo.record_call, self.form, form=True)
        if created is FAILED:
            self.refused = self.problems
            return
        self.created = created
        self.form, self.touched, self.refused = CallForm(), set(), {}

    def new_call(self, _event: object = None) -> None:
        self.created = None


@ft.observable
@dataclass
class OrdersModel(DeskModel):
    """The newest work orders, the one selected, and each technician's day for assigning."""

    can_assign: bool = False
    can_cancel: bool = False
    orders: list[WorkOrder] = field(default_factory=list)
    # Who each order is assigned to (technician id → name), as the service lists them.
    names: dict[str, str] = field(default_factory=dict)
    selected: str | None = None
    day: date = field(default_factory=centre_today)
    technicians: list[UserPublic] = field(default_factory=list)
    days: list[TechnicianDay] = field(default_factory=list)
    cancel_reason: str = ""

    @property
    def order(self) -> WorkOrder | None:
        return next((o for o in self.orders if o.ticket_no == self.selected), None)

    async def load(self, _event: object = None) -> None:
        with self.loading_data():
            page = await call(wo.work_orders, self.client, None, 100)
            self.orders, self.names = page.items, page.technician_names
            if self.can_assign and not self.technicians:
                self.technicians = await call(reviews.technicians, self.client)

    async def select(self, ticket_no: str | None) -> None:
        self.selected, self.cancel_reason, self.problems, self.done = ticket_no, "", {}, None
        order = self.order
        if order is not None:
            self.day = wo.day_of(order) or centre_today()
            await self.load_days()

    async def load_days(self) -> None:
        if not self.can_assign:
            return
        try:
            self.days = await call(wo.technicians_day, self.client, self.technicians, self.day)
        except Failed as exc:
            self.error = exc.message

    async def assign(self, technician_id: str) -> None:
        if self.selected is None:
            return
        if await self.attempt(wo.assign, self.selected, technician_id) is FAILED:
            return
        name = next((t.display_name for t in self.technicians if t.id == technician_id), "")
        await self.finish(message("orders.assigned_done", name=name))
        await self.load_days()

    def set_cancel_reason(self, value: str) -> None:
        self.cancel_reason, self.problems = value, {}

    async def cancel(self, _event: object = None) -> None:
        if self.selected is None:
            return
        if await self.attempt(wo.cancel, self.selected, self.cancel_reason, form=True) is FAILED:
            return
        self.cancel_reason = ""
        await self.finish(message("orders.cancelled_done"))
