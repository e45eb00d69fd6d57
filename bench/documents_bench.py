"""Benchmark of the phone's media and the job sheet PDF, with references from the same run.

Photos (issue 10, "a 12 MP JPEG from picking to thumbnail shown, and its stored size"):
a 12 MP camera JPEG (4000 × 3000, GPS in its EXIF) arrives as bytes, as a web-mode pick
gives it; measured are :func:`fieldapp.media.prepare_photo` (the stored ≤ 1600 px copy)
and :func:`fieldapp.media.photo_thumbnail` (the 320 px copy a list shows), beside two
references: decoding the original alone, and a naive resize (full decode, LANCZOS to
1600 px, save) without the reduced-scale decode.

The PDF (issue 10, "time to build and size"): :func:`fieldapp.documents.job_sheet_pdf`
for a signed, charged visit with a loaner handover, beside a bare fpdf2 page with the
same font and one line of Chinese, and the signature PNG rendering alone.

Run: ``.venv/bin/python -m bench.documents_bench`` (``--quick`` for fewer samples). The
machine is shared: read the reference beside each figure.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable

from fpdf import FPDF
from PIL import ExifTags, Image, ImageDraw, ImageFilter

from fieldapp.documents import job_sheet_pdf
from fieldapp.fonts import CJK_FONT_FACE, cjk_font_path
from fieldapp.media import photo_thumbnail, prepare_photo, render_signature_png
from fieldapp.reference import bundled_reference
from tests.support.visits import a_charged_visit, a_work_order, signed_by_customer


def camera_jpeg(width: int = 4000, height: int = 3000) -> bytes:
    """A 12 MP photo-like JPEG: smooth light, shapes, sensor noise, EXIF with GPS.

    Pure noise would compress far worse than a photo and flat colour far better; this
    lands where phone photos do (3–5 MB at quality 92).
    """
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(base)
    for i in range(40):
        x, y = (i * 397) % width, (i * 211) % height
        colour = ((i * 53) % 256, (i * 97) % 256, (i * 151) % 256)
        draw.rectangle((x, y, x + 600, y + 300), fill=colour)
        draw.ellipse((y, x % height, y + 400, x % height + 400), outline=(20, 20, 20), width=9)
    base = base.filter(ImageFilter.GaussianBlur(3))
    noise = Image.effect_noise((width, height), 28).convert("RGB")
    photo = Image.blend(base, noise, 0.18)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 11.0, 7.4)
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=92, exif=exif)
    return out.getvalue()


def timed(action: Callable[[], object], runs: int) -> tuple[list[float], object]:
    """Run ``action`` once to warm up, then ``runs`` times; the times in ms and a result."""
    result = action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(name: str, times: list[float], size: int | None, note: str = "") -> str:
    median = statistics.median(times)
    shown = f"{size / 1024:,.0f} KiB" if size is not None else "—"
    return f"| {name} | {median:,.0f} | {p95(times):,.0f} | {shown} | {note} |"


def naive_resize(data: bytes) -> bytes:
    image = Image.open(io.BytesIO(data))
    image.load()
    image = image.resize((1600, 1200), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82)
    return out.getvalue()


def decode_only(data: bytes) -> None:
    Image.open(io.BytesIO(data)).load()


def photo_table(runs: int) -> list[str]:
    original = camera_jpeg()
    stored_times, stored = timed(lambda: prepare_photo(original), runs)
    assert hasattr(stored, "data")
    stored_bytes: bytes = stored.data  # type: ignore[attr-defined]
    thumb_times, thumb = timed(lambda: photo_thumbnail(stored_bytes), runs)
    thumb_bytes: bytes = thumb.data  # type: ignore[attr-defined]
    total = [a + b for a, b in zip(stored_times, thumb_times, strict=True)]
    decode_times, _ = timed(lambda: decode_only(original), runs)
    naive_times, naive = timed(lambda: naive_resize(original), runs)
    assert isinstance(naive, bytes)
    width, height = stored.width, stored.height  # type: ignore[attr-defined]
    return [
        f"Photo: a 12 MP JPEG (4000×3000) from bytes, {runs} runs",
        "",
        "| step | median ms | p95 ms | size | note |",
        "|---|---:|---:|---:|---|",
        row("original as picked", [0.0], len(original), "quality 92, EXIF with GPS"),
        row("prepare_photo → stored JPEG", stored_times, len(stored_bytes), f"{width}×{height}"),
        row("photo_thumbnail ← stored", thumb_times, len(thumb_bytes), "320 px long side"),
        row("picked → thumbnail (both)", total, None, "what the phone spends before showing it"),
        row("reference: decode the original only", decode_times, None, "full 12 MP decode"),
        row("reference: naive full decode + resize", naive_times, len(naive), "no draft"),
        "",
        f"Stored size: {len(stored_bytes) / len(original):.1%} of the original "
        f"({len(original) / 1024 / 1024:.2f} MB → {len(stored_bytes) / 1024:,.0f} KiB).",
    ]


def bare_page() -> bytes:
    pdf = FPDF()
    pdf.add_font("wqy", "", str(cjk_font_path()), collection_font_number=CJK_FONT_FACE)
    pdf.add_page()
    pdf.set_font("wqy", size=12)
    pdf.cell(0, 10, "售后服务报告单 BX20261122-0007")
    return bytes(pdf.output())


def pdf_table(runs: int) -> list[str]:
    reference = bundled_reference()
    order = a_work_order()
    sheet = signed_by_customer(
        a_charged_visit(reference, order, back_to_centre=True), comment="师傅很专业"
    )
    assert sheet.sign_off is not None
    signature = sheet.sign_off.signature
    sheet_times, pdf = timed(lambda: job_sheet_pdf(sheet, order, reference), runs)
    assert isinstance(pdf, bytes)
    bare_times, bare = timed(bare_page, runs)
    assert isinstance(bare, bytes)
    sig_times, png = timed(lambda: render_signature_png(signature, scale=2), runs)
    assert isinstance(png, bytes)
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
    return [
        f"PDF: the job sheet of a signed, charged visit with a loaner, {runs} runs",
        "",
        "| document | median ms | p95 ms | size | note |",
        "|---|---:|---:|---:|---|",
        row("job_sheet_pdf", sheet_times, len(pdf), f"{pages} A4 pages, 2 signatures, QR"),
        row("reference: bare fpdf2 page, same font", bare_times, len(bare), "one line of Chinese"),
        row("signature PNG (800×320)", sig_times, len(png), "rendered from the strokes"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, a smoke run")
    args = parser.parse_args()
    runs = 3 if args.quick else 15
    for line in [*photo_table(runs), "", *pdf_table(runs)]:
        print(line, flush=True)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average: {load} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
