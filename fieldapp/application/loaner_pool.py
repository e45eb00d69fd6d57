"""The service centre's loaners in stock (备用机在库), as the phone last saw them.

``GET /loaners?service_centre&status=available`` is open to technicians. When a job's
screen opens online (as for the serial's history) the pool of its work order's centre is
asked for and kept in the store; the visit reads that copy, so the loaner handover can
offer those units to pick from — also offline, marked with when they were fetched.
Typing the serial (checked as typed) stays the way that always works: the pool is a
convenience, and a unit lent since it was fetched is the service's to notice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, RootModel

from fieldapp.store import Store
from fieldapp.sync_client import ApiClient, SyncError

log = logging.getLogger(__name__)

# {centre: {"fetched_at": iso, "units": [{"serial": ..., "model": ...}, ...]}}
POOL_SETTING = "loaner_pool"


class PoolUnit(BaseModel):
    """One unit as ``GET /loaners`` lists it (what the handover needs of it)."""

    model_config = ConfigDict(extra="ignore")

    serial: str
    model: str
    service_centre: str = ""


class PoolReply(RootModel[list[PoolUnit]]):
    """The reply of ``GET /loaners``: a list of units."""


@dataclass(frozen=True)
class LoanerPool:
    """The available units of one centre: ``(serial, model)``, and when they were fetched."""

    units: list[tuple[str, str]]
    fetched_at: datetime | None
    from_cache: bool


def cached_pool(store: Store, centre: str) -> LoanerPool:
    """What was kept when last online (no request); empty if never fetched."""
    saved = (store.get_setting(POOL_SETTING) or {}).get(centre)
    if not isinstance(saved, dict):
        return LoanerPool([], None, True)
    units = [(str(u["serial"]), str(u["model"])) for u in saved.get("units", [])]
    fetched = datetime.fromisoformat(saved["fetched_at"]) if saved.get("fetched_at") else None
    return LoanerPool(units, fetched, True)


def fetch_pool(store: Store, api: ApiClient | None, centre: str) -> LoanerPool:
    """Ask the service for ``centre``'s available loaners and keep them; the kept copy when
    offline, refused or not signed in."""
    if api is None:
        return cached_pool(store, centre)
    params: dict[str, Any] = {"status": "available"}
    if centre:
        params["service_centre"] = centre
    try:
        reply = api.get("/loaners", PoolReply, params)
    except SyncError as exc:
        log.info("loaner pool of %r not fetched: %s", centre, exc.message.en)
        return cached_pool(store, centre)
    now = datetime.now(UTC)
    units = [{"serial": u.serial, "model": u.model} for u in reply.root]
    saved = dict(store.get_setting(POOL_SETTING) or {})
    saved[centre] = {"fetched_at": now.isoformat(), "units": units}
    store.set_setting(POOL_SETTING, saved)
    return LoanerPool([(u["serial"], u["model"]) for u in units], now, False)
