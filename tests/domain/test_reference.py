"""The bundled reference data loads, cross-checks itself and reports its versions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from fieldapp.domain.reference import ReferenceData
from fieldapp.reference import REFERENCE_DIR, load_reference


def test_bundled_reference_versions_include_the_calendar(reference: ReferenceData) -> None:
    assert reference.versions() == {
        "checklists": reference.checklists.version,
        "phrases": reference.phrases.version,
        "catalogue": reference.catalogue.version,
        "parts": reference.parts.version,
        "prices": reference.prices.version,
        "calendar": "2026.11",
    }


def test_reference_without_a_calendar_file_still_loads(tmp_path: Path) -> None:
    for name in ("checklists", "phrases", "catalogue", "parts", "prices"):
        shutil.copy(REFERENCE_DIR / f"{name}.json", tmp_path)

    loaded = load_reference(tmp_path)

    assert loaded.calendar is None
    assert "calendar" not in loaded.versions()


def test_every_part_must_have_a_price(tmp_path: Path) -> None:
    shutil.copytree(REFERENCE_DIR, tmp_path, dirs_exist_ok=True)
    parts = json.loads((tmp_path / "parts.json").read_text("utf-8"))
    parts["parts"][0]["price_code"] = "PT-NOWHERE"
    (tmp_path / "parts.json").write_text(json.dumps(parts), "utf-8")

    with pytest.raises(ValidationError, match="no price PT-NOWHERE"):
        load_reference(tmp_path)


def test_catalogue_refuses_two_models_with_one_serial_prefix(reference: ReferenceData) -> None:
    data = reference.model_dump(mode="json")
    data["catalogue"]["models"][1]["serial_prefix"] = data["catalogue"]["models"][0][
        "serial_prefix"
    ]

    with pytest.raises(ValidationError, match="share a serial prefix"):
        ReferenceData.model_validate(data)


def test_catalogue_lookups(reference: ReferenceData) -> None:
    catalogue = reference.catalogue
    p520 = catalogue.model("MH-P520")

    assert p520 is not None and catalogue.model_for_prefix("PJ52") == p520
    assert catalogue.accessory("RC-P") is not None
    assert catalogue.model("MH-NONE") is None
    assert reference.parts.part("P520-LAMP") is not None
    assert reference.prices.item("SV-VISIT") is not None
