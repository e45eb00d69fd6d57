"""Images the phone makes or keeps: photos downscaled before storing, the signature PNG.

Pure Pillow, no Flet: the screens call these off the event loop
(``asyncio.to_thread``), and the service may call them too.
"""

from fieldapp.media.photos import (
    MAX_SIDE,
    PhotoError,
    PreparedPhoto,
    photo_thumbnail,
    prepare_photo,
)
from fieldapp.media.signature import render_signature_png

__all__ = [
    "MAX_SIDE",
    "PhotoError",
    "PreparedPhoto",
    "photo_thumbnail",
    "prepare_photo",
    "render_signature_png",
]
