"""A job's view-model: the detail, the serial's earlier visits, and 开始上门."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from functools import partial

import flet as ft

from fieldapp.application import Device
from fieldapp.application.job_detail import (
    JobDetail,
    SerialHistory,
    fetch_history,
    job_at_once,
    job_detail,
    opened_job,
)
from fieldapp.application.loaner_pool import fetch_pool
from fieldapp.application.visit_start import VisitRefused, start_visit
from fieldapp.domain.text import Text
from fieldapp.ui.i18n import message

log = logging.getLogger(__name__)


@ft.observable
@dataclass
class JobDetailModel:
    device: Device
    ticket_no: str
    detail: JobDetail | None = None
    history: SerialHistory | None = None
    loading: bool = True
    busy: bool = False
    error: Text | None = None

    @classmethod
    def opened(cls, device: Device, ticket_no: str) -> JobDetailModel:
        """The model of a job just opened: with its detail already in when the store is
        free, so the first render shows the job (one update on the phone, not a spinner
        and then the job); otherwise :meth:`load` reads it on a thread."""
        try:
            found = job_at_once(device.store, device.jobs, ticket_no)
        except Exception:
            log.debug("job %s not read at once; read on a thread", ticket_no, exc_info=True)
            found = None
        if found is None:
            return cls(device=device, ticket_no=ticket_no)
        detail, history = found
        return cls(device=device, ticket_no=ticket_no, detail=detail, history=history,
                   loading=False)  # fmt: skip

    async def load(self) -> None:
        """The detail from the store (unless :meth:`opened` read it), then the serial's
        history (saved copy, then fresh)."""
        if self.detail is None:
            self.loading = True
            try:
                found = await asyncio.to_thread(
                    opened_job, self.device.store, self.device.jobs, self.ticket_no
                )
                if found is not None:
                    self.detail, self.history = found
            except Exception as exc:
                log.exception("job %s could not be read", self.ticket_no)
                self.error = message("error.read_job", detail=exc)
            finally:
                self.loading = False
            if self.detail is None:
                return
        serial = self.detail.order.product.serial
        store = self.device.store
        api = await asyncio.to_thread(self.device.api)
        if api is not None and serial:
            self.history = await asyncio.to_thread(fetch_history, store, api, serial)
        if api is not None:
            # Kept for the loaner handover, which reads it from the store (also offline).
            centre = self.detail.order.service_centre
            await asyncio.to_thread(fetch_pool, store, api, centre)

    async def start_visit(self, _event: object = None, *, second_visit: bool = False) -> None:
        """Check in (saved and queued at once), then sync in the background.

        ``second_visit``: the technician confirmed a new visit after one that booked it."""
        if self.busy:
            return
        self.busy, self.error = True, None
        try:
            await asyncio.to_thread(
                partial(start_visit, second_visit=second_visit),
                self.device.store,
                self.device.jobs.reference,
                self.ticket_no,
            )
            await asyncio.to_thread(self.device.changed_locally)
            self.device.sync_now()
            self.detail = await asyncio.to_thread(job_detail, self.device.jobs, self.ticket_no)
        except VisitRefused as exc:
            self.error = exc.message if isinstance(exc.message, Text) else None
        except Exception as exc:
            log.exception("visit could not start")
            self.error = message("error.start_visit", detail=exc)
        finally:
            self.busy = False
