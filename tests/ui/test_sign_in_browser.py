"""The sign-in screen in Chromium: Chinese by default, rendered with the bundled font."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.harness import PHONE, SIZES, Browser, Screens, run_js, running_app, wait_for_text

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", SIZES)
def test_first_run_shows_the_chinese_sign_in_form(
    browser: Browser, screens: Screens, tmp_path: Path, size: tuple[int, int]
) -> None:
    for app in running_app(tmp_path / "app", "http://127.0.0.1:9"):
        page = browser.open(app.url, size)
        seen = wait_for_text(page, "技术员登录")
        for label in ("服务地址", "用户名", "密码", "登录"):
            assert label in seen
        screens.shot(page, "sign-in")
        page.context.close()


def test_the_page_runs_one_render_thread_and_loads_only_the_fonts_it_uses(
    browser: Browser, tmp_path: Path
) -> None:
    """Served without cross-origin isolation (single-threaded skwasm: the renderer cannot
    race itself into a frozen tab, docs/app.md), and before its first frame the page loads
    Material's icons but not the KaTeX and Cupertino fonts Flet's client also lists."""
    for app in running_app(tmp_path / "app", "http://127.0.0.1:9"):
        page = browser.open(app.url, PHONE)
        wait_for_text(page, "技术员登录")
        assert run_js(page, "window.crossOriginIsolated") is False
        families = run_js(
            page,
            "fetch('/assets/FontManifest.json').then(r => r.json())"
            ".then(m => m.map(f => f.family))",
        )
        assert families == ["MaterialIcons"]
        loaded = run_js(
            page, "performance.getEntriesByType('resource').map(e => e.name).join('\\n')"
        )
        assert "MaterialIcons-Regular.otf" in loaded
        assert "KaTeX" not in loaded and "CupertinoIcons" not in loaded
        page.context.close()
