"""Small typed hooks shared by the screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import flet as ft

T = TypeVar("T")


def use_model(factory: Callable[[], T]) -> T:
    """A view-model made once per mounted component (kept across re-renders).

    Being held in state, an observable view-model re-renders its component when it changes.
    """
    state: Any = ft.use_state(cast(Any, factory))
    return cast(T, state[0])
