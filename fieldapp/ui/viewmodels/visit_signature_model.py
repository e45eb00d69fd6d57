"""The signature pad's state: finished strokes and the stroke being drawn, apart.

Two observables on purpose (FLET.md): the stroke under the finger changes on every move,
and only the component drawing it re-renders; the finished strokes re-render once per
stroke. The strokes are the record; the PNG is rendered from them in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import flet as ft

Stroke = list[tuple[float, float]]


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
