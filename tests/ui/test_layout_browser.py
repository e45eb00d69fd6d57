"""Phone layouts under strain: 360 px wide, and large system text (scale 1.3).

Flutter draws on one canvas, so "sideways scrolling" shows as controls laid out past the
right edge: the test checks that no node of the accessibility tree reaches beyond the
viewport, on today's list and on a job, and keeps the screenshots to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.service import LiveService
from tests.ui.conftest import CUSTOMERS, service_root, sign_in
from tests.ui.harness import Browser, Screens, click, run_js, running_app, wait_for_text

pytestmark = pytest.mark.browser

NARROW = (360, 740)
# Flutter web takes the text scale from the page's root font size (browsers' "text size").
LARGE_TEXT = "document.documentElement.style.fontSize = '130%';"


def overflowing(page: Any, width: int) -> list[str]:
    """Nodes whose right edge is past the viewport (1 px of rounding allowed)."""
    return list(
        run_js(
            page,
            """(width) => Array.from(document.querySelectorAll('flt-semantics'))
                 .filter(n => { const r = n.getBoundingClientRect();
                                return r.width > 0 && r.right > width + 1; })
                 .map(n => (n.getAttribute('aria-label') || n.textContent || '').slice(0, 40)
                           + ' @' + Math.round(n.getBoundingClientRect().right))""",
            width,
        )
    )


@pytest.mark.parametrize("large_text", [False, True], ids=["normal-text", "text-x1.3"])
def test_nothing_runs_off_a_360_px_phone(
    browser: Browser, screens: Screens, live: LiveService, tickets: list[str], tmp_path: Path,
    large_text: bool,
) -> None:  # fmt: skip
    for app in running_app(tmp_path / "app", service_root(live)):
        page = browser.open_with_script(app.url, NARROW, LARGE_TEXT if large_text else "")
        screens.shot(page, "sign-in")
        assert overflowing(page, NARROW[0]) == []
        sign_in(page)
        wait_for_text(page, CUSTOMERS[0])
        screens.shot(page, "today")
        assert overflowing(page, NARROW[0]) == []
        click(page, page.locator("[flt-semantics-identifier^='job-']").first)
        wait_for_text(page, "开始上门")
        screens.shot(page, "job")
        assert overflowing(page, NARROW[0]) == []
        page.context.close()
