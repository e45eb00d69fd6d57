"""current_reference: the newer of the reference files pulled from the service and bundled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldapp.reference import bundled_reference, current_reference, pulled_setting, version_key
from fieldapp.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "phone") as opened:
        yield opened


def publish(store: Store, name: str, content: dict[str, Any]) -> None:
    """What the sync client stores for a ``reference`` change."""
    store.set_setting(pulled_setting(name), {"version": content["version"], "content": content})


def prices(version: str, bump_fen: int = 0) -> dict[str, Any]:
    content = bundled_reference().prices.model_dump(mode="json")
    content["version"] = version
    content["items"][0]["unit_price_fen"] += bump_fen
    return content


def test_with_nothing_pulled_the_bundled_files_apply(store: Store) -> None:
    assert current_reference(store) == bundled_reference()


def test_a_newer_published_file_replaces_the_bundled_one_and_only_that_one(store: Store) -> None:
    publish(store, "prices", prices("2099.1", bump_fen=500))

    current = current_reference(store)

    assert current.prices.version == "2099.1"
    assert current.prices.items[0].unit_price_fen == (
        bundled_reference().prices.items[0].unit_price_fen + 500
    )
    assert current.catalogue == bundled_reference().catalogue
    assert current.versions()["prices"] == "2099.1"


def test_an_older_published_file_gives_way_to_a_newer_bundled_one(store: Store) -> None:
    publish(store, "prices", prices("2001.1", bump_fen=500))  # the app was updated since
    assert current_reference(store).prices == bundled_reference().prices


def test_versions_compare_as_numbers() -> None:
    assert version_key("2026.11") > version_key("2026.3")
    assert version_key("2027.1") > version_key("2026.12")
    assert version_key("2026.3") == version_key("2026.3")


def test_a_damaged_pulled_file_is_passed_over_for_the_bundled_one(store: Store) -> None:
    store.set_setting(pulled_setting("catalogue"), {"version": "2099.1", "content": {"x": 1}})
    store.set_setting(pulled_setting("phrases"), "not a file")
    assert current_reference(store) == bundled_reference()


def test_files_that_only_fit_together_as_published_are_taken_together(store: Store) -> None:
    # The service withdrew the fan's price (prices 2099.1) together with the fan from its
    # parts list, published as 2001.1 (older than the parts list bundled here). Taking the
    # newer of each would leave the bundled fan without a price: the published set applies.
    new_prices = prices("2099.1")
    new_prices["items"] = [i for i in new_prices["items"] if i["code"] != "PT-FAN-S"]
    parts = bundled_reference().parts.model_dump(mode="json")
    parts["version"] = "2001.1"
    parts["parts"] = [p for p in parts["parts"] if p["price_code"] != "PT-FAN-S"]
    publish(store, "prices", new_prices)
    publish(store, "parts", parts)

    current = current_reference(store)

    assert current.prices.version == "2099.1" and current.parts.version == "2001.1"
    assert current.prices.item("PT-FAN-S") is None
    assert all(part.price_code != "PT-FAN-S" for part in current.parts.parts)
