"""Work orders: the call being recorded (checked as typed), the list, assigning, cancelling."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import flet as ft

from fieldapp.domain.text import Text
from fieldapp.domain.work_order import Urgency, WorkOrder
from fieldapp.office import reviews
from fieldapp.office import work_orders as wo
from fieldapp.office.client import OfficeClient
from fieldapp.office.sheet_view import centre_today
from fieldapp.office.work_orders import CallForm, TechnicianDay
from fieldapp.protocol.auth import UserPublic
from fieldapp.ui.i18n import message
from fieldapp.ui.office.viewmodels.base import Failed, call


@ft.observable
@dataclass
class CallModel:
    """A customer's call as the clerk types it; each field checked once touched."""

    client: OfficeClient
    form: CallForm = field(default_factory=CallForm)
    touched: set[str] = field(default_factory=set)
    problems: dict[str, Text] = field(default_factory=dict)
    # What the service refused, by field, until that field is changed.
    refused: dict[str, Text] = field(default_factory=dict)
    busy: bool = False
    error: Text | None = None
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
        self.busy, self.error = True, None
        try:
            self.created = await call(wo.record_call, self.client, self.form)
        except Failed as exc:
            self.error, self.problems, self.refused = exc.banner, exc.problems, exc.problems
            return
        finally:
            self.busy = False
        self.form, self.touched, self.refused = CallForm(), set(), {}

    def new_call(self, _event: object = None) -> None:
        self.created = None


@ft.observable
@dataclass
class OrdersModel:
    """The newest work orders, the one selected, and each technician's day for assigning."""

    client: OfficeClient
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
    problems: dict[str, Text] = field(default_factory=dict)
    loading: bool = True
    busy: bool = False
    error: Text | None = None
    done: Text | None = None

    @property
    def order(self) -> WorkOrder | None:
        return next((o for o in self.orders if o.ticket_no == self.selected), None)

    async def load(self, _event: object = None) -> None:
        self.loading = True
        try:
            page = await call(wo.work_orders, self.client, None, 100)
            self.orders, self.names = page.items, page.technician_names
            if self.can_assign and not self.technicians:
                self.technicians = await call(reviews.technicians, self.client)
        except Failed as exc:
            self.error = exc.message
        finally:
            self.loading = False

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
        if self.selected is None or self.busy:
            return
        self.busy, self.error = True, None
        try:
            await call(wo.assign, self.client, self.selected, technician_id)
        except Failed as exc:
            self.error = exc.message
            return
        finally:
            self.busy = False
        name = next((t.display_name for t in self.technicians if t.id == technician_id), "")
        self.done = message("orders.assigned_done", name=name)
        await self.load()
        await self.load_days()

    def set_cancel_reason(self, value: str) -> None:
        self.cancel_reason, self.problems = value, {}

    async def cancel(self, _event: object = None) -> None:
        if self.selected is None or self.busy:
            return
        self.busy, self.error = True, None
        try:
            await call(wo.cancel, self.client, self.selected, self.cancel_reason)
        except Failed as exc:
            self.error, self.problems = exc.banner, exc.problems
            return
        finally:
            self.busy = False
        self.done, self.cancel_reason = message("orders.cancelled_done"), ""
        await self.load()
