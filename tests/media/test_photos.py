"""Photos are stored upright, at most 1600 px, as JPEG, without the customer's location."""

from __future__ import annotations

import io

import pytest
from PIL import ExifTags, Image

from fieldapp.media import MAX_SIDE, PhotoError, photo_thumbnail, prepare_photo

GPS_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="31,11.1234N" exif:GPSLongitude="121,26.5678E"/></rdf:RDF></x:xmpmeta>'
)


def a_camera_photo(width: int, height: int, *, orientation: int = 1) -> bytes:
    """A JPEG as a phone camera writes it: GPS position and orientation in EXIF, and XMP.

    The left half is red and the right half blue, so a rotation shows in the pixels.
    """
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (width // 2, 0, width, height))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 11.0, 7.4)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 26.0, 34.1)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95, exif=exif, xmp=GPS_XMP, comment=b"Shanghai home")
    data = out.getvalue()
    reread = Image.open(io.BytesIO(data))
    assert reread.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test photo carries a position"
    return data


def test_a_camera_photo_is_stored_small_and_without_its_location() -> None:
    original = a_camera_photo(4000, 3000)

    stored = prepare_photo(original)

    image = Image.open(io.BytesIO(stored.data))
    assert image.format == "JPEG"
    assert image.size == (stored.width, stored.height) == (MAX_SIDE, 1200)
    assert dict(image.getexif()) == {}
    assert "xmp" not in image.info and "comment" not in image.info
    for trace in (b"GPS", b"PhoneMaker", b"121,26", b"Shanghai", b"Exif"):
        assert trace not in stored.data, trace
    assert len(stored.data) < len(original)


def test_the_camera_orientation_is_applied_to_the_pixels() -> None:
    # Orientation 6: the camera was held upright, the sensor wrote the picture sideways;
    # shown correctly, the red half is on top.
    stored = prepare_photo(a_camera_photo(3200, 2400, orientation=6))

    image = Image.open(io.BytesIO(stored.data)).convert("RGB")
    assert image.size == (1200, MAX_SIDE)
    top, bottom = image.getpixel((600, 200)), image.getpixel((600, 1400))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 150 and top[2] < 80  # red
    assert bottom[2] > 150 and bottom[0] < 80  # blue


def test_a_small_photo_is_not_enlarged() -> None:
    stored = prepare_photo(a_camera_photo(800, 600))

    assert (stored.width, stored.height) == (800, 600)
    assert b"GPS" not in stored.data


def test_a_transparent_screenshot_is_laid_on_white() -> None:
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")

    stored = prepare_photo(out.getvalue())

    pixel = Image.open(io.BytesIO(stored.data)).convert("RGB").getpixel((100, 50))
    assert isinstance(pixel, tuple) and min(pixel) > 245


def test_the_thumbnail_is_small() -> None:
    thumbnail = photo_thumbnail(prepare_photo(a_camera_photo(4000, 3000)).data)

    assert max(thumbnail.width, thumbnail.height) == 320
    assert len(thumbnail.data) < 30_000


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7 not a photo", a_camera_photo(400, 300)[:600]],
    ids=["empty", "a PDF", "cut short"],
)
def test_what_is_not_a_photo_is_refused_in_words(data: bytes) -> None:
    with pytest.raises(PhotoError) as refused:
        prepare_photo(data)

    assert "照片" in refused.value.message.zh
    assert "photo" in refused.value.message.en
