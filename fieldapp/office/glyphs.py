"""Characters the back office cannot show: what the bundled font lacks (emoji above all).

The screens and the PDF draw every text with the bundled Chinese font; a character it has
no glyph for shows as an empty box (tofu) on the screen and on the customer's 维修卡, and the
web client has no other font to fall back on offline. So a form says so under the field, in
words, naming the characters, before anything is sent; what was typed stays as typed for
the clerk to change. (Bundling a colour emoji font would add some 10 MB to every page load
and still not reach the PDF.)
"""

from __future__ import annotations

import functools
import unicodedata

from fontTools.ttLib import TTCollection

from fieldapp.domain.text import Text, text
from fieldapp.fonts import CJK_FONT_FACE, cjk_font_path

# Characters that draw nothing and need no glyph: the joiners and variation selectors that
# travel with emoji are reported with the emoji itself.
_INVISIBLE = {"\n", "\r", "\t"}


@functools.cache
def _covered() -> frozenset[int]:
    font = TTCollection(str(cjk_font_path())).fonts[CJK_FONT_FACE]
    return frozenset(font.getBestCmap())


def unshowable(value: str) -> list[str]:
    """The characters of ``value`` the bundled font cannot draw, each once, in order."""
    covered = _covered()
    found: list[str] = []
    for char in value:
        if char in _INVISIBLE or ord(char) in covered or char in found:
            continue
        if unicodedata.category(char) in {"Mn", "Cf"} and ord(char) not in range(0x1F000, 0x20000):
            continue  # a combining mark or a joiner: part of the character before it
        found.append(char)
    return found


def glyph_problem(value: str) -> Text | None:
    """What to say under a field holding characters that would show as empty boxes."""
    found = unshowable(value)
    if not found:
        return None
    # Named by count, not shown: shown, they would be the very empty boxes.
    n = len(found)
    return text(
        f"有 {n} 个字符无法显示或打印（如表情符号），会变成空白方框：请删去或改用文字",
        f"{n} character{'s' if n > 1 else ''} cannot be shown or printed (an emoji, say) and "
        "would show as empty boxes: delete or write in words",
    )


def glyph_problems(values: dict[str, str]) -> dict[str, Text]:
    """:func:`glyph_problem` for each field of a form, by field name."""
    return {name: found for name, value in values.items() if (found := glyph_problem(value))}
