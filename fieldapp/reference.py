"""Loads the versioned reference data files shipped inside the package
(``fieldapp/data/reference``).

The files are data the company edits (checklists, phrase card, catalogue, parts,
prices); this module reads and validates them. A different folder can be given,
e.g. reference data received from the central service.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from fieldapp.domain.reference import ReferenceData

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
