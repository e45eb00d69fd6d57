"""Small typed hooks shared by the screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast

import flet as ft

T = TypeVar("T")
P = ParamSpec("P")


def use_model(factory: Callable[[], T]) -> T:
    """A view-model made once per mounted component (kept across re-renders).

    Being held in state, an observable view-model re-renders its component when it changes.
    """
    state: Any = ft.use_state(cast(Any, factory))
    return cast(T, state[0])


def use_kept(factory: Callable[[], T]) -> T:
    """An object made once per mounted component, held without subscribing to it.

    Unlike :func:`use_model`, a change to the object does not re-render the caller; pass
    it to the child components that should re-render instead.
    """
    ref: Any = ft.use_ref(cast(Any, factory))
    return cast(T, ref.current)


def memoized(component: Callable[P, T]) -> Callable[P, T]:
    """``ft.memo``, typed: ``component`` renders again only when its props change or what
    it observes (its observable props and contexts) tells it to."""
    return cast(Callable[P, T], ft.memo(component))  # type: ignore[no-untyped-call]
