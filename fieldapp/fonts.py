"""Where the bundled Chinese font is: ``assets/fonts/`` beside the ``fieldapp`` package.

The app's ``main.py`` sits at the repository root next to ``fieldapp/`` and ``assets/``;
``flet build`` packages that folder with ``assets/`` in it, and the service runs from the
same checkout, so one relative location serves the phone, the back office and the PDF.
The font is WenQuanYi Micro Hei (Debian's ``fonts-wqy-microhei``), kept byte for byte with
its licence beside it; it covers the rare characters customers' names use (喆, 堃, 珺).
"""

from __future__ import annotations

from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
CJK_FONT_FILE = "fonts/wqy-microhei.ttc"
# A .ttc holds several faces; face 0 is Micro Hei (1 is its monospaced sibling).
CJK_FONT_FACE = 0


class FontMissingError(FileNotFoundError):
    """The bundled font is not where the app expects it (a broken install or checkout)."""


def cjk_font_path(assets_dir: Path | None = None) -> Path:
    """The bundled CJK font file; raises :class:`FontMissingError` naming the path."""
    path = (assets_dir or ASSETS_DIR) / CJK_FONT_FILE
    if not path.is_file():
        raise FontMissingError(
            f"找不到中文字体文件 {path}：请确认 assets/fonts/ 与 fieldapp 目录放在一起 / "
            f"the Chinese font {path} is missing: assets/fonts/ must sit beside the fieldapp "
            "package"
        )
    return path
