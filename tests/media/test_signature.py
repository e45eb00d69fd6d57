"""The signature PNG drawn from the customer's strokes."""

from __future__ import annotations

import io

from PIL import Image

from fieldapp.domain.job_sheet import Point, Signature
from fieldapp.media import render_signature_png
from tests.support.visits import a_drawn_signature


def darkness(image: Image.Image, x: float, y: float) -> int:
    """How dark the pixel at (x, y) is: 0 white paper, 255 black."""
    value = image.convert("L").getpixel((round(x), round(y)))
    assert isinstance(value, int)
    return 255 - value


def test_ink_lies_where_the_strokes_were_and_nowhere_else() -> None:
    signature = a_drawn_signature()

    image = Image.open(io.BytesIO(render_signature_png(signature)))

    assert image.format == "PNG"
    assert image.size == (signature.width, signature.height)
    for stroke in signature.strokes:
        for point in stroke:
            assert darkness(image, point.x, point.y) > 120, (point.x, point.y)
    # Below the straight stroke on the right, and the pad's corners: untouched paper.
    for x, y in [(300, 150), (390, 10), (5, 5), (5, 155)]:
        assert darkness(image, x, y) == 0, (x, y)


def test_a_scaled_rendering_keeps_the_strokes_in_place() -> None:
    signature = Signature(width=100, height=50, strokes=[[Point(x=10, y=25), Point(x=90, y=25)]])

    image = Image.open(io.BytesIO(render_signature_png(signature, scale=3)))

    assert image.size == (300, 150)
    assert darkness(image, 150, 75) > 120  # the middle of the line
    assert darkness(image, 150, 20) == 0


def test_the_same_strokes_give_the_same_file() -> None:
    # The PNG is an attachment named by its hash: rendering again must not make a new one.
    assert render_signature_png(a_drawn_signature()) == render_signature_png(a_drawn_signature())
