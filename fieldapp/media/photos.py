"""Photos as the phone stores them: turned upright, at most 1600 px, JPEG, no metadata.

A technician's 12 MP photo is 3–6 MB; stored and synced as is it costs mobile data in
a basement with one bar. :func:`prepare_photo` makes the copy the job sheet keeps:

- the camera's orientation applied to the pixels (the EXIF tag that says "rotate me"
  goes away with the rest of the metadata, so the photo must already be upright);
- the long side at most :data:`MAX_SIDE` pixels, enough to read a nameplate;
- JPEG at quality :data:`JPEG_QUALITY`;
- no EXIF, XMP or comment: they carry the customer's location (GPS), the time and the
  phone's serial number. The colour profile is kept: it only says how to show colours.

It takes bytes, because that is what a web-mode file pick and a camera capture give;
a large JPEG is decoded at a reduced scale straight away (Pillow's ``draft``), which is
most of the time saved on a phone. :func:`photo_thumbnail` makes the small copy a list
or a gallery shows.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from fieldapp.domain.text import Text, text

MAX_SIDE = 1600
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 82
PHOTO_CONTENT_TYPE = "image/jpeg"
# Beyond a phone camera's usual output (12–50 MP; the rare 200 MP mode is refused):
# decoding more would exhaust a phone's memory, and such a file is likely a decompression
# bomb. Pillow itself refuses images over about 179 MP.
MAX_PIXELS = 120_000_000


class PhotoError(ValueError):
    """The bytes are not a photo this app can store; ``message`` says so in both languages."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo ready to be stored: JPEG bytes and their pixel size."""

    data: bytes
    width: int
    height: int
    content_type: str = PHOTO_CONTENT_TYPE


def prepare_photo(
    data: bytes, *, max_side: int = MAX_SIDE, quality: int = JPEG_QUALITY
) -> PreparedPhoto:
    """The upright, downscaled, metadata-free JPEG of the photo in ``data``.

    Raises :class:`PhotoError` for bytes that are not an image Pillow reads (HEIC
    without a plugin, a PDF, a truncated file) or an image of absurd size.
    """
    if max_side < 16:
        raise ValueError("max_side must be at least 16 pixels")
    image = _open(data)
    _decode_reduced(image, max_side)
    try:
        upright = ImageOps.exif_transpose(image)
        upright = _flattened(upright)
        if max(upright.size) > max_side:
            # After a JPEG's reduced-scale decode the ratio left is under 2, where bicubic
            # looks like Lanczos and takes about 30 % less time (measured); larger ratios
            # (other formats) are box-reduced first (reducing_gap).
            upright.thumbnail((max_side, max_side), Image.Resampling.BICUBIC, reducing_gap=3.0)
    except (OSError, ValueError, SyntaxError) as exc:  # a damaged or truncated file
        raise PhotoError(_UNREADABLE) from exc
    return _encode(upright, quality, image.info.get("icc_profile"))


def photo_thumbnail(data: bytes, *, max_side: int = THUMBNAIL_SIDE) -> PreparedPhoto:
    """A small JPEG of the photo in ``data`` for lists and galleries (same clean-up)."""
    return prepare_photo(data, max_side=max_side, quality=75)


def _open(data: bytes) -> Image.Image:
    if not data:
        raise PhotoError(
            text("照片文件是空的，请重新拍摄", "the photo file is empty; take it again")
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, on huge images; our own limit decides instead.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise PhotoError(_too_large()) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise PhotoError(_UNREADABLE) from exc
    if image.width * image.height > MAX_PIXELS:
        raise PhotoError(_too_large(image.size))
    return image


def _too_large(size: tuple[int, int] | None = None) -> Text:
    pixels = f"（{size[0]}×{size[1]} 像素）" if size else ""
    pixels_en = f" ({size[0]}×{size[1]} pixels)" if size else ""
    return text(
        f"照片太大{pixels}，无法保存；请用相机的普通分辨率重新拍摄",
        f"the photo is too large{pixels_en} to store; take it again at the camera's usual "
        "resolution",
    )


def _decode_reduced(image: Image.Image, max_side: int) -> None:
    """Let a JPEG decode at the smallest 1/2, 1/4 or 1/8 scale still above the target.

    The target keeps the aspect ratio, so the long side stays at least ``max_side``
    whichever way the photo is turned; the final resize then works on far fewer pixels.
    """
    long_side = max(image.size)
    if image.format != "JPEG" or long_side <= max_side:
        return
    ratio = max_side / long_side
    target = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
    image.draft(image.mode if image.mode in ("L", "RGB") else "RGB", target)


def _flattened(image: Image.Image) -> Image.Image:
    """An image JPEG can hold: transparency laid on white, other modes as RGB."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


def _encode(image: Image.Image, quality: int, icc_profile: bytes | None) -> PreparedPhoto:
    # Pillow copies an image's XMP and comment into the JPEG it writes unless told
    # otherwise: start from empty metadata so nothing of the original leaks through.
    image.info = {}
    out = io.BytesIO()
    options: dict[str, object] = {"quality": quality, "optimize": True}
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(out, format="JPEG", **options)
    return PreparedPhoto(data=out.getvalue(), width=image.width, height=image.height)


_UNREADABLE = text(
    "无法读取这张照片（格式不支持或文件已损坏），请重新拍摄或选择 JPEG/PNG 照片",
    "this photo cannot be read (unsupported format or a damaged file); take it again or "
    "choose a JPEG or PNG photo",
)
