"""Every character the app can show is in the bundled font: one it lacks renders as an
empty box (a ✗ before the serial check's message did, on the phone)."""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTCollection

from fieldapp.fonts import CJK_FONT_FACE, cjk_font_path

PACKAGE = Path(__file__).resolve().parents[2] / "fieldapp"
# Text the app shows comes from its code (translation tables, the domain's messages) and
# from the bundled reference data (catalogue, parts, phrases, checklists).
SOURCES = [*PACKAGE.rglob("*.py"), *(PACKAGE / "data").rglob("*.json")]


def test_the_bundled_font_has_every_character_the_app_carries() -> None:
    font = TTCollection(str(cjk_font_path())).fonts[CJK_FONT_FACE]
    covered = set(font.getBestCmap())
    lacking: dict[str, set[str]] = {}
    for source in SOURCES:
        for char in source.read_text("utf-8"):
            if ord(char) > 127 and ord(char) not in covered:
                lacking.setdefault(f"{char} U+{ord(char):04X}", set()).add(
                    str(source.relative_to(PACKAGE))
                )
    assert not lacking, f"characters the font lacks (shown as empty boxes): {lacking}"
