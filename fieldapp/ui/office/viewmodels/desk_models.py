"""The clerk's desk: follow-up calls (回访), complaints (客投) with their countdown, loaners,
units at the service centre, the dashboard and the accounts list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

import flet as ft

from fieldapp.office import accounts as accounts_api
from fieldapp.office import centre_units as units_api
from fieldapp.office import complaints as complaints_api
from fieldapp.office import dashboard as dashboard_api
from fieldapp.office import follow_ups as follow_ups_api
from fieldapp.office import loaners as loaners_api
from fieldapp.office.accounts import AccountForm
from fieldapp.office.complaints import ComplaintForm
from fieldapp.office.follow_ups import CallOutcome
from fieldapp.office.sheet_view import centre_today
from fieldapp.protocol.auth import DevicePublic, Role, UserPublic
from fieldapp.protocol.centre_units import CentreUnitPublic
from fieldapp.protocol.complaints import ComplaintPublic, ComplaintSummary
from fieldapp.protocol.dashboard import Dashboard, TechnicianFigures
from fieldapp.protocol.follow_ups import FollowUpPublic
from fieldapp.protocol.loaners import LoanerPublic
from fieldapp.ui.i18n import message
from fieldapp.ui.office.viewmodels.base import FAILED, DeskModel, Failed, call


@ft.observable
@dataclass
class FollowUpsModel(DeskModel):
    """The calls due, the one being made and its outcome."""

    calls: list[FollowUpPublic] = field(default_factory=list)
    satisfied_share: float | None = None
    selected: int | None = None
    outcome: CallOutcome = field(default_factory=CallOutcome)

    @property
    def call(self) -> FollowUpPublic | None:
        return next((c for c in self.calls if c.id == self.selected), None)

    async def load(self, _event: object = None) -> None:
        with self.loading_data():
            reply = await call(follow_ups_api.follow_ups, self.client, "due")
            self.calls, self.satisfied_share = reply.items, reply.satisfied_share

    def select(self, follow_up_id: int | None) -> None:
        self.selected, self.outcome, self.problems, self.done = (
            follow_up_id,
            CallOutcome(),
            {},
            None,
        )

    def set(self, **changes: Any) -> None:
        """Change the outcome being recorded (reached, scores, notes)."""
        self.outcome = replace(self.outcome, **changes)
        self.problems = {k: v for k, v in self.problems.items() if k not in changes}

    async def save(self, _event: object = None) -> None:
        if self.selected is None:
            return
        saved = await self.attempt(
            follow_ups_api.record_outcome, self.selected, self.outcome, form=True
        )
        if saved is FAILED:
            return
        self.selected = None
        await self.finish(message("follow_ups.saved"))


@ft.observable
@dataclass
class ComplaintsModel(DeskModel):
    """Open complaints counting down, the one being recorded or closed, the summary."""

    complaints: list[ComplaintPublic] = field(default_factory=list)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    form: ComplaintForm = field(default_factory=ComplaintForm)
    recording: bool = False
    closing: int | None = None
    action_taken: str = ""
    customer_follow_up: str = ""
    summary: ComplaintSummary | None = None
    period: tuple[date, date] = field(
        default_factory=lambda: dashboard_api.this_month(centre_today())
    )

    async def load(self, _event: object = None) -> None:
        with self.loading_data():
            self.complaints = await call(complaints_api.complaints, self.client, None)
            self.summary = await call(complaints_api.summary, self.client, *self.period)
        self.now = datetime.now(UTC)

    async def show_period(self, days: int | None) -> None:
        """The summary of this month (``None``) or of the last ``days`` days."""
        today = centre_today()
        if days is None:
            self.period = dashboard_api.this_month(today)
        else:
            self.period = dashboard_api.last_days(today, days)
        try:
            self.summary = await call(complaints_api.summary, self.client, *self.period)
        except Failed as exc:
            self.error = exc.message

    def tick(self) -> None:
        """Move the countdowns on (called every minute while the screen is open)."""
        self.now = datetime.now(UTC)

    def seconds_left(self, complaint: ComplaintPublic) -> int | None:
        return complaints_api.seconds_left(complaint, self.now)

    def start_recording(self, ticket_no: str = "") -> None:
        self.recording, self.closing, self.problems, self.done = True, None, {}, None
        self.form = ComplaintForm().with_value("ticket_no", ticket_no)

    def stop(self, _event: object = None) -> None:
        self.recording, self.closing, self.problems = False, None, {}

    def set_value(self, name: str, value: str) -> None:
        self.form = self.form.with_value(name, value)
        self.problems = {k: v for k, v in self.problems.items() if k != name}

    def set_cause(self, cause: str | None) -> None:
        self.form = replace(self.form, cause=cause or None)
        self.problems = {k: v for k, v in self.problems.items() if k != "cause"}

    async def record(self, _event: object = None) -> None:
        recorded = await self.attempt(complaints_api.record_complaint, self.form, form=True)
        if recorded is FAILED:
            return
        self.recording = False
        await self.finish(message("complaints.recorded"))

    def start_closing(self, complaint_id: int) -> None:
        self.closing, self.recording, self.problems, self.done = complaint_id, False, {}, None
        self.action_taken, self.customer_follow_up = "", ""

    def set_action(self, value: str) -> None:
        self.action_taken = value
        self.problems = {k: v for k, v in self.problems.items() if k != "action_taken"}

    def set_follow_up(self, value: str) -> None:
        self.customer_follow_up = value
        self.problems = {k: v for k, v in self.problems.items() if k != "customer_follow_up"}

    async def close(self, _event: object = None) -> None:
        if self.closing is None:
            return
        closed = await self.attempt(
            complaints_api.close_complaint,
            self.closing,
            self.action_taken,
            self.customer_follow_up,
            form=True,
        )
        if closed is FAILED:
            return
        self.closing = None
        await self.finish(message("complaints.closed"))


@ft.observable
@dataclass
class LoanersModel(DeskModel):
    """The pool by centre, and a return being recorded."""

    groups: dict[str, list[LoanerPublic]] = field(default_factory=dict)
    returning: str | None = None
    condition: str = ""
    photos: list[str] = field(default_factory=list)

    async def load(self, _event: object = None) -> None:
        with self.loading_data():
            self.groups = loaners_api.by_centre(await call(loaners_api.loaners, self.client, None))

    def start_return(self, serial: str | None) -> None:
        self.returning, self.condition, self.photos, self.done = serial, "", [], None
        self.problems = {}

    def set_condition(self, value: str) -> None:
        self.condition, self.problems = value, {}

    async def add_photo(self, data: bytes, name: str) -> None:
        content_type = "image/png" if name.lower().endswith(".png") else "image/jpeg"
        try:
            sha = await call(loaners_api.upload_photo, self.client, data, content_type)
        except Failed as exc:
            self.error = exc.message
            return
        self.photos = [*self.photos, sha]

    async def record_return(self, _event: object = None) -> None:
        if self.returning is None:
            return
        returned = await self.attempt(
            loaners_api.record_return, self.returning, self.condition, self.photos, form=True
        )
        if returned is FAILED:
            return
        done, self.returning = message("loaners.returned_done", serial=self.returning), None
        await self.finish(done)


@ft.observable
@dataclass
class UnitsModel(DeskModel):
    """The units at the centre, earliest promise first."""

    units: list[CentreUnitPublic] = field(default_factory=list)

    async def load(self, _event: object = None) -> None:
        with self.loading_data():
            self.units = await call(units_api.centre_units, self.client)

    async def move(self, unit_id: int, state: str) -> None:
        await self._act(units_api.move_to, unit_id, state)

    async def notified(self, unit_id: int) -> None:
        await self._act(units_api.customer_notified, unit_id)

    async def _act(self, function: Callable[..., CentreUnitPublic], *args: Any) -> None:
        """The unit moved on (or the failure shown), and the list read again."""
        if self.busy:
            return
        await self.attempt(function, *args)
        await self.load()


@ft.observable
@dataclass
class DashboardModel(DeskModel):
    """A period's figures."""

    period: tuple[date, date] = field(
        default_factory=lambda: dashboard_api.last_days(centre_today(), 30)
    )
    figures: Dashboard | None = None

    async def load(self, _event: object = None) -> None:
        with self.loading_data():
            self.figures = await call(dashboard_api.dashboard, self.client, *self.period)
            self.error = None

    # The per-technician table: sorted by a column (0 = name), one technician opened.
    sort_column: int = 0
    sort_ascending: bool = True
    opened: str | None = None

    async def show(self, preset: str) -> None:
        """Load one of ``dashboard.PRESETS`` (this month, last month, the last N days)."""
        self.period = dashboard_api.preset_period(preset, centre_today())
        await self.load()

    def preset(self) -> str | None:
        """The first preset the shown period is, if any (its chip is marked)."""
        today = centre_today()
        return next(
            (
                p
                for p in dashboard_api.PRESETS
                if dashboard_api.preset_period(p, today) == self.period
            ),
            None,
        )

    def sort_by(self, column: int, ascending: bool) -> None:
        self.sort_column, self.sort_ascending = column, ascending

    def open_technician(self, technician_id: str | None) -> None:
        """Show one technician's every figure beside the overall ones (again: close it)."""
        self.opened = None if technician_id == self.opened else technician_id

    def technicians(self) -> list[TechnicianFigures]:
        """The period's technicians in the table's order."""
        if self.figures is None:
            return []
        return dashboard_api.ranked(self.figures.technicians, self.sort_column, self.sort_ascending)


@ft.observable
@dataclass
class AccountsModel(DeskModel):
    """Every account and registered phone (admins): add an account, disable or enable one,
    release a phone."""

    users: list[UserPublic] = field(default_factory=list)
    phones: list[DevicePublic] = field(default_factory=list)
    form: AccountForm = field(default_factory=AccountForm)
    adding: bool = False
    # A phone whose release waits for the admin's second tap (it signs the phone out).
    releasing: str | None = None

    async def load(self, _event: object = None) -> None:
        with self.loading_data():
            self.users = await call(accounts_api.accounts, self.client)
            self.phones = await call(accounts_api.phones, self.client)

    def start_adding(self, _event: object = None) -> None:
        self.adding, self.problems, self.done, self.error = True, {}, None, None
        self.form = AccountForm()

    def stop(self, _event: object = None) -> None:
        self.adding, self.problems = False, {}

    def set_value(self, name: str, value: str) -> None:
        self.form = self.form.with_value(name, value)
        self.problems = {k: v for k, v in self.problems.items() if k != name}

    def set_role(self, role: str | None) -> None:
        self.form = self.form.with_role(Role(role) if role else None)
        self.problems = {k: v for k, v in self.problems.items() if k != "role"}

    async def add(self, _event: object = None) -> None:
        user = await self.attempt(accounts_api.add_account, self.form, form=True)
        if user is FAILED:
            return
        self.adding = False
        await self.finish(message("accounts.added", username=user.username))

    async def set_active(self, user: UserPublic, active: bool) -> None:
        if self.busy:
            return
        self.done = None
        if await self.attempt(accounts_api.set_active, user.id, active) is FAILED:
            return
        key = "accounts.enabled_done" if active else "accounts.disabled_done"
        await self.finish(message(key, username=user.username))

    def ask_release(self, device_id: str | None) -> None:
        self.releasing, self.done = device_id, None

    async def release(self, device_id: str) -> None:
        if self.busy:
            return
        released = await self.attempt(accounts_api.release_phone, device_id)
        self.releasing = None
        if released is FAILED:
            return
        await self.finish(message("accounts.released", device=device_id))
