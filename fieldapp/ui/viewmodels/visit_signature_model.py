"""The signature pad's state: finished strokes and the stroke being drawn, apart.

Two observables on purpose (FLET.md): the stroke under the finger changes on every move,
and only the component drawing it re-renders; the finished strokes re-render once per
stroke. The strokes are the record; the PNG is rendered from them in Python.

Each finished stroke is saved on the device as it is drawn (:func:`pad_for` gives a pad
its ``keeper``): a killed app shows the pad as the customer left it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import flet as ft

from fieldapp.application.visit import Visit
from fieldapp.application.visit_strokes import Pad, keep_strokes, kept_strokes

Stroke = list[tuple[float, float]]
StrokeKeeper = Callable[[list[Stroke]], Awaitable[None]]


@ft.observable
@dataclass
class LiveStroke:
    """The stroke being drawn."""

    points: list[tuple[float, float]] = field(default_factory=list)
    moves: int = 0  # counts updates (the bench reads it)


@ft.observable
@dataclass
class SignaturePadModel:
    """The pad's finished strokes and its size in logical pixels."""

    width: int = 340
    height: int = 160
    strokes: list[Stroke] = field(default_factory=list)
    live: LiveStroke = field(default_factory=LiveStroke)
    keeper: StrokeKeeper | None = None  # saves the finished strokes on the device

    async def stroke_ended(self) -> None:
        """The finger lifted: the stroke is finished, and kept."""
        had = len(self.strokes)
        self.end()
        if self.keeper is not None and len(self.strokes) != had:
            await self.keeper(self.strokes)

    async def cleared(self) -> None:
        """清除 (or signed with): nothing left on the pad to keep."""
        self.clear()
        if self.keeper is not None:
            await self.keeper([])

    def start(self, x: float, y: float) -> None:
        self.live.points = [(x, y)]

    def move(self, x: float, y: float) -> None:
        self.live.points = [*self.live.points, (x, y)]
        self.live.moves += 1

    def end(self) -> None:
        if self.live.points:
            self.strokes = [*self.strokes, list(self.live.points)]
        self.live.points = []

    def clear(self) -> None:
        self.strokes = []
        self.live.points = []

    @property
    def point_count(self) -> int:
        return sum(len(s) for s in self.strokes) + len(self.live.points)

    @property
    def drawn(self) -> bool:
        return self.point_count >= 2


def pad_for(
    visit: Visit | None, pad: Pad, width: int = 340, height: int = 160
) -> SignaturePadModel:
    """A pad showing the strokes kept for ``visit``'s sheet, keeping each new one."""
    if visit is None:
        return SignaturePadModel(width=width, height=height)

    async def keep(strokes: list[Stroke]) -> None:
        await asyncio.to_thread(keep_strokes, visit, pad, strokes)

    return SignaturePadModel(
        width=width, height=height, strokes=kept_strokes(visit, pad), keeper=keep
    )
