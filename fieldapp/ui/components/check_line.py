"""One line of a check's answer (a serial that fails its check, a phrase not to say), its
mark drawn as an icon.

The mark is an icon rather than a symbol in the text: the bundled CJK font (WenQuanYi
Micro Hei) has no ballot X (U+2717), which showed as an empty box before the message.
"""

from __future__ import annotations

import flet as ft

from fieldapp.ui.theme import OK_COLOR, OVERDUE_COLOR


def check_line(
    words: str, ok: bool = False, size: int = 13, icon: ft.IconData | None = None
) -> ft.Control:
    """``words`` after a red cross (or a green tick when ``ok``), wrapping under itself."""
    color = OK_COLOR if ok else OVERDUE_COLOR
    mark = icon or (ft.Icons.CHECK_CIRCLE_OUTLINE if ok else ft.Icons.CANCEL_OUTLINED)
    return ft.Row(
        [
            ft.Icon(mark, color=color, size=size + 3),
            ft.Text(words, color=color, size=size, expand=True),
        ],
        spacing=4,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
