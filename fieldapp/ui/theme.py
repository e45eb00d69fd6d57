"""The app's one theme: the bundled CJK font, colours, sizes that suit a hand on a phone.

The font (WenQuanYi Micro Hei, ``assets/fonts/wqy-microhei.ttc``, licence beside it) is
registered with the page and set as the theme font: without it Chinese renders as boxes
in web mode and on phones without a CJK system font.
"""

from __future__ import annotations

import flet as ft

FONT_FAMILY = "WQY MicroHei"
FONT_ASSET = "fonts/wqy-microhei.ttc"  # relative to the assets dir (``assets/``)

SEED_COLOR = ft.Colors.BLUE_800
OVERDUE_COLOR = ft.Colors.RED_700
WARNING_COLOR = ft.Colors.ORANGE_800
OK_COLOR = ft.Colors.GREEN_700
MUTED_COLOR = ft.Colors.GREY_700

# Touch targets: at least 48 logical pixels (Material and the rule).
TOUCH_TARGET = 48
# From this width on, the job list and the job show side by side.
WIDE_LAYOUT_MIN_WIDTH = 900
PAD = 12


def app_theme() -> ft.Theme:
    """The theme every screen uses."""
    return ft.Theme(
        font_family=FONT_FAMILY,
        color_scheme_seed=SEED_COLOR,
        visual_density=ft.VisualDensity.STANDARD,
    )


def apply_theme(page: ft.Page) -> None:
    """Register the bundled font and set the theme (light mode: outdoor readability)."""
    page.fonts = {FONT_FAMILY: FONT_ASSET}
    page.theme = app_theme()
    page.theme_mode = ft.ThemeMode.LIGHT
