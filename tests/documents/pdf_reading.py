"""Reading a PDF back as a person (or a scanner) would: its text and its QR codes.

Text comes from ``pdftotext`` and pages as images from ``pdftoppm`` (Debian's
poppler-utils, which ``.ci/run`` installs); QR codes are decoded with zxing-cpp.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    assert found, f"{tool} is missing: install Debian's poppler-utils (.ci/run does)"
    return found


def pdf_text(pdf: bytes, folder: Path) -> str:
    """The text of every page, as ``pdftotext -enc UTF-8`` extracts it."""
    path = folder / "sheet.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [_poppler("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
    )
    return done.stdout.decode("utf-8")


def pdf_qr_codes(pdf: bytes, folder: Path, dpi: int = 150) -> list[str]:
    """The text of every QR code on any page, rendered at ``dpi`` like a phone scan."""
    path = folder / "sheet.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [_poppler("pdftoppm"), "-r", str(dpi), "-png", str(path), str(folder / "page")],
        check=True,
        capture_output=True,
    )
    found: list[str] = []
    for page in sorted(folder.glob("page*.png")):
        with Image.open(page) as image:
            codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        found.extend(code.text for code in codes)
    return found


def pdf_image_sizes(pdf: bytes, folder: Path) -> list[tuple[int, int]]:
    """Width and height of every image placed on any page (``pdfimages -list``)."""
    path = folder / "sheet.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [_poppler("pdfimages"), "-list", str(path)], check=True, capture_output=True, text=True
    )
    rows = [line.split() for line in done.stdout.splitlines()[2:] if line.strip()]
    return [(int(row[3]), int(row[4])) for row in rows]
