"""Settings facts (data size, version) and "export diagnostics": no customer data in it.

The export holds the app version, the device id, counts, the sync bookkeeping without
its payloads, the store's problem reports, and the app's log file (which names tickets
and sheet ids, never customers).
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fieldapp
from fieldapp.store import Store

LOG_TAIL_BYTES = 200_000


@dataclass(frozen=True)
class DataSize:
    jobs: int
    sheets: int
    bytes: int


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def data_size(store: Store) -> DataSize:
    """How much this device holds (blocking: walks the store folder)."""
    return DataSize(
        jobs=len(store.list_work_orders(include_removed=True)),
        sheets=len(store.list_sheets()),
        bytes=folder_bytes(store.path),
    )


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"


def diagnostics(store: Store, log_file: Path | None) -> dict[str, Any]:
    """The diagnostics document (no customer names, phones, addresses or serials)."""
    state = store.sync_state()
    size = data_size(store)
    log_tail = ""
    if log_file is not None and log_file.exists():
        with log_file.open("rb") as f:
            f.seek(max(0, log_file.stat().st_size - LOG_TAIL_BYTES))
            log_tail = f.read().decode("utf-8", errors="replace")
    return {
        "made_at": datetime.now(UTC).isoformat(),
        "app_version": fieldapp.__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "device_id": store.device_id,
        "schema_version": store.schema_version,
        "counts": {
            "work_orders": size.jobs,
            "sheets": size.sheets,
            "pending": len(store.pending_sheets()),
            "needs_attention": len(store.needs_attention()),
            "bytes": size.bytes,
        },
        "sync": {
            "last_success_at": state.last_success_at.isoformat() if state.last_success_at else None,
            "last_error": state.last_error.message.en if state.last_error else None,
            "in_flight_items": len(state.in_flight.items) if state.in_flight else 0,
        },
        "problems": [
            {"file": r.file, "kind": r.kind, "reason": r.reason.en, "at": r.at.isoformat()}
            for r in store.problems()
        ],
        "log": log_tail,
    }


def export_diagnostics(store: Store, folder: Path, log_file: Path | None) -> Path:
    """Write the diagnostics to ``folder`` and return the file's path (blocking)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"fieldapp-diagnostics-{stamp}.json"
    path.write_text(
        json.dumps(diagnostics(store, log_file), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return path
