"""Photos, the signature image and the job sheet PDF of a visit (blocking: call off the loop).

A photo from the camera or the gallery is downscaled on the phone before it is stored
(long side at most 1600 px, JPEG, location data stripped): a 12 MP photo must not cost
a technician 5 MB of mobile data. The signature is kept as strokes; its PNG is rendered
from them with Pillow and stored beside the sheet. The PDF is the one module the
service uses as well (:mod:`fieldapp.documents`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from fieldapp.application.visit import Visit
from fieldapp.domain.job_sheet import AttachmentKind, AttachmentRef, Point, Signature
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import explain
from fieldapp.media import photo_thumbnail, prepare_photo, render_signature_png

# The caption stored with each kind of photo (the sheet's record, read by the office).
PHOTO_CAPTIONS = {
    "nameplate": "铭牌",
    "evidence": "购机凭证",
    "before": "维修前",
    "after": "维修后",
    "beauty": "一次美容",
    "loaner": "备用机",
}


@dataclass(frozen=True)
class StoredPhoto:
    """A photo as stored on the sheet, with a small JPEG to show at once."""

    ref: AttachmentRef
    thumbnail: bytes
    original_size: int


def store_photo(visit: Visit, data: bytes, caption: str) -> StoredPhoto:
    """Downscale ``data`` and store it; raises :class:`fieldapp.media.PhotoError`."""
    prepared = prepare_photo(data)
    ref = visit.store.put_attachment(
        prepared.data, prepared.content_type, AttachmentKind.PHOTO, caption
    )
    thumbnail = photo_thumbnail(prepared.data).data
    return StoredPhoto(ref=ref, thumbnail=thumbnail, original_size=len(data))


def thumbnail_of(visit: Visit, sha256: str) -> bytes:
    """A small JPEG of a stored photo (for a list of photos)."""
    return photo_thumbnail(visit.store.read_attachment(sha256)).data


NOT_SIGNED = text(
    "用户尚未签名：请用户在签名板上签名",
    "The customer has not signed yet: ask them to sign on the pad",
)


class NotSigned(Exception):
    """The pad holds no signature to keep (nothing drawn, or a dot); ``message`` says so in
    words, for the screen to show beside the pad."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message


def signature_from_strokes(
    visit: Visit, strokes: list[list[tuple[float, float]]], width: int, height: int
) -> Signature:
    """The signature (strokes are the record) with its PNG rendered and stored.

    Raises :class:`NotSigned` when the pad holds no signature (nothing is stored then).
    """
    drawn = [[Point(x=max(0.0, x), y=max(0.0, y)) for x, y in s] for s in strokes if s]
    if not drawn:
        raise NotSigned(NOT_SIGNED)
    try:
        signature = Signature(width=width, height=height, strokes=drawn)
    except ValidationError as exc:
        # Too little drawn (the domain says so), or a pad of a size no signature has.
        raise NotSigned(explain(exc, Signature)[0].message) from None
    png = render_signature_png(signature)
    image = visit.store.put_attachment(png, "image/png", AttachmentKind.SIGNATURE, "签名")
    return signature.model_copy(update={"image": image})


def sheet_pdf(visit: Visit) -> bytes:
    """The job sheet (维修卡) as a PDF, made offline from the sheet on the phone."""
    # Imported here: the PDF library costs about 0.25 s to import, which the app's start
    # (the visit screen is imported with the first page) should not pay.
    from fieldapp.documents import job_sheet_pdf

    return job_sheet_pdf(visit.sheet, visit.order, visit.reference)
