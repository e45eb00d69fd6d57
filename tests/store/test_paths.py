"""Where the data lives: Flet's storage folder when packaged, else the user's data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.store import default_store_dir, open_store
from fieldapp.store.paths import FLET_DATA_ENV, STORE_DIR_ENV


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(FLET_DATA_ENV, raising=False)
    monkeypatch.delenv(STORE_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def test_a_packaged_app_keeps_its_data_in_flet_storage(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(FLET_DATA_ENV, str(tmp_path / "flet-data"))
    assert default_store_dir() == tmp_path / "flet-data" / "store"


def test_plain_python_uses_the_per_user_data_folder(tmp_path: Path) -> None:
    assert default_store_dir() == tmp_path / "xdg" / "fieldapp" / "store"


def test_the_folder_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(FLET_DATA_ENV, str(tmp_path / "flet-data"))
    monkeypatch.setenv(STORE_DIR_ENV, str(tmp_path / "support-copy"))
    assert default_store_dir() == tmp_path / "support-copy"


def test_open_store_without_a_path_creates_the_default_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(FLET_DATA_ENV, str(tmp_path / "flet-data"))
    with open_store() as store:
        assert store.path == tmp_path / "flet-data" / "store"
        assert (store.path / "store.json").is_file()
