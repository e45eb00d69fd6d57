"""The signature pad: a canvas the customer signs on with a finger (clear and redo).

Finished strokes and the live stroke are separate components over each other (FLET.md:
re-rendering every stroke on each move took 108–204 ms p95 at 2,000 points; split, 38 ms).
The gesture layer is a transparent container of the pad's size; the white background is
on the outer container (a background on the inner one paints over the strokes).
"""

from __future__ import annotations

import flet as ft
import flet.canvas as cv

from fieldapp.ui.viewmodels.visit_signature_model import LiveStroke, SignaturePadModel, Stroke

_INK = ft.Paint(
    color=ft.Colors.BLACK,
    stroke_width=3,
    style=ft.PaintingStyle.STROKE,
    stroke_cap=ft.StrokeCap.ROUND,
    stroke_join=ft.StrokeJoin.ROUND,
)


def _shape(stroke: Stroke) -> cv.Shape:
    return cv.Points(
        points=[ft.Offset(x, y) for x, y in stroke], point_mode=cv.PointMode.POLYGON, paint=_INK
    )


@ft.component
def FinishedStrokes(pad: SignaturePadModel) -> ft.Control:
    """Every finished stroke; re-renders once per stroke."""
    return cv.Canvas(shapes=[_shape(s) for s in pad.strokes], width=pad.width, height=pad.height)


@ft.component
def LiveStrokeCanvas(live: LiveStroke, width: int, height: int) -> ft.Control:
    """The stroke under the finger; re-renders on each move."""
    shapes = [_shape(live.points)] if live.points else []
    # The label counts the points Python has drawn: what the pad bench watches for.
    return ft.Semantics(
        identifier="signature-live",
        label=str(live.moves),
        content=cv.Canvas(shapes=shapes, width=width, height=height),
    )


@ft.component
def SignaturePad(pad: SignaturePadModel, enabled: bool = True) -> ft.Control:
    """The pad: strokes under a gesture layer of the pad's size."""

    def started(e: ft.DragStartEvent[ft.GestureDetector]) -> None:
        if enabled and e.local_position is not None:
            pad.start(e.local_position.x, e.local_position.y)

    def moved(e: ft.DragUpdateEvent[ft.GestureDetector]) -> None:
        if enabled and e.local_position is not None:
            pad.move(e.local_position.x, e.local_position.y)

    async def ended(_e: object) -> None:
        await pad.stroke_ended()

    return ft.Semantics(
        identifier="signature-pad",
        content=ft.Container(
            content=ft.Stack(
                [
                    FinishedStrokes(pad),
                    LiveStrokeCanvas(pad.live, pad.width, pad.height),
                    ft.GestureDetector(
                        content=ft.Container(width=pad.width, height=pad.height),
                        on_pan_start=started,
                        on_pan_update=moved,
                        on_pan_end=ended,
                        drag_interval=0,
                    ),
                ],
                width=pad.width,
                height=pad.height,
            ),
            bgcolor=ft.Colors.WHITE,
            border=ft.Border.all(1, ft.Colors.OUTLINE),
            border_radius=4,
            width=pad.width + 2,
            height=pad.height + 2,
        ),
    )
