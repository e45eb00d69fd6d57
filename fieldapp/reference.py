"""The reference data the phone fills sheets against: the newer of what the service
published and what the app bundles.

The files are data the company edits (checklists, phrase card, catalogue, parts, prices,
working-day calendar). The app ships a copy inside the package (``fieldapp/data/reference``,
so a packaged app finds it); the service publishes newer versions, which the sync client
keeps as the settings ``reference.<name>`` (``{"version", "content"}``).
:func:`current_reference` is the one answer to "which reference data applies now".
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from fieldapp.domain.reference import (
    Catalogue,
    Checklists,
    PartsList,
    PhraseCard,
    PriceList,
    ReferenceData,
)
from fieldapp.domain.service_levels import WorkingCalendar

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE_DIR = DATA_DIR / "reference"
_FILES = {
    "checklists": "checklists.json",
    "phrases": "phrases.json",
    "catalogue": "catalogue.json",
    "parts": "parts.json",
    "prices": "prices.json",
}
# Files a folder may lack (reference data from before they existed).
_OPTIONAL_FILES = {"calendar": "calendar.json"}
NAMES = (*_FILES, *_OPTIONAL_FILES)


def load_reference(folder: Path = REFERENCE_DIR) -> ReferenceData:
    """Read and validate every reference file in ``folder``."""
    raw = {key: json.loads((folder / name).read_text("utf-8")) for key, name in _FILES.items()}
    for key, name in _OPTIONAL_FILES.items():
        if (folder / name).exists():
            raw[key] = json.loads((folder / name).read_text("utf-8"))
    return ReferenceData.model_validate(raw)


@lru_cache(maxsize=1)
def bundled_reference() -> ReferenceData:
    """The reference data shipped with the app (read once)."""
    return load_reference()


def pulled_setting(name: str) -> str:
    """The setting under which the sync client keeps the published file ``name``."""
    return f"reference.{name}"


class SettingsSource(Protocol):
    """Where pulled reference files are kept: the offline store (``Store``) has this method."""

    def get_setting(self, name: str, default: Any = None) -> Any: ...


def current_reference(settings: SettingsSource) -> ReferenceData:
    """The reference data that applies now: for each file, the newer version (by version
    number, ``2026.11`` after ``2026.3``) of the one pulled from the service and the
    bundled one.

    The service checks a published set as a whole, so if taking files from both sides
    breaks a cross-reference (a part priced in a list that is older here), the pulled set
    is used as it is; a pulled file that does not validate is passed over (logged) in
    favour of the bundled one. The result is cached by content, so calling this for every
    screen costs little.
    """
    bundled = _bundled_files()
    pulled = _pulled_files(settings)
    newest = dict(bundled)
    for name, content in pulled.items():
        mine = bundled.get(name)
        if mine is None or version_key(content["version"]) > version_key(mine["version"]):
            newest[name] = content
    for candidate in (newest, {**bundled, **pulled}):
        try:
            return _validated(candidate)
        except ValidationError as exc:
            log.warning("reference files do not fit together (%s); trying the next choice", exc)
    return bundled_reference()


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """A version's sort key: numbers compare as numbers (``2026.11`` > ``2026.3``)."""
    parts = re.split(r"[.\-_]", version)
    return tuple((0, int(p)) if p.isascii() and p.isdigit() else (1, p) for p in parts)


@lru_cache(maxsize=1)
def _bundled_files() -> dict[str, Any]:
    return bundled_reference().model_dump(mode="json")


def _pulled_files(settings: SettingsSource) -> dict[str, dict[str, Any]]:
    """The pulled files that are whole and valid on their own, by name."""
    found: dict[str, dict[str, Any]] = {}
    for name in NAMES:
        stored = settings.get_setting(pulled_setting(name))
        if stored is None:
            continue
        try:
            content = stored["content"]
            _FILE_MODELS[name].model_validate(content)
            version_key(content["version"])
        except (KeyError, TypeError, AttributeError, ValueError) as exc:  # pydantic's too
            log.warning(
                "pulled reference file %s unreadable (%s); the bundled one applies", name, exc
            )
            continue
        found[name] = content
    return found


_FILE_MODELS: dict[str, type[BaseModel]] = {
    "checklists": Checklists,
    "phrases": PhraseCard,
    "catalogue": Catalogue,
    "parts": PartsList,
    "prices": PriceList,
    "calendar": WorkingCalendar,
}
# Validated reference data by its content (cheap to hash, costly to validate every time).
_CACHE: dict[str, ReferenceData] = {}


def _validated(files: dict[str, Any]) -> ReferenceData:
    key = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()
    if key not in _CACHE:
        _CACHE[key] = ReferenceData.model_validate(files)
    return _CACHE[key]
