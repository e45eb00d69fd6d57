"""The sign-in screen in Chromium: Chinese by default, rendered with the bundled font."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.harness import SIZES, Browser, Screens, running_app, wait_for_text

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
