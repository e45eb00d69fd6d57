"""Settings: defaults, durable changes, and nothing stored that cannot be read back."""

from __future__ import annotations

import pytest

from fieldapp.store import Store, open_store


def test_built_in_defaults(store: Store) -> None:
    assert store.get_setting("archive_after_days") == 30
    assert store.get_setting("attachment_grace_minutes") == 24 * 60
    assert store.get_setting("font_size", "normal") == "normal"


def test_a_setting_is_kept_across_restarts(store: Store) -> None:
    store.set_setting("archive_after_days", 14)
    store.set_setting("language", "zh")
    store.close()
    with open_store(store.path) as reopened:
        assert reopened.get_setting("archive_after_days") == 14
        assert reopened.settings()["language"] == "zh"


def test_a_value_that_is_not_json_is_refused_and_nothing_changes(store: Store) -> None:
    store.set_setting("language", "zh")
    with pytest.raises(TypeError):
        store.set_setting("language", {"zh", "en"})
    assert store.get_setting("language") == "zh"
