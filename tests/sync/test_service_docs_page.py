"""The browsable API page (``/api/v1/docs``) works in a service centre without internet.

It loaded Swagger UI from a CDN: with no internet the page stayed blank. A real Chromium opens
it with every request outside the service refused, and reads the operations it renders.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests")
    pytest.skip(reason)


@pytest.mark.browser
@pytest.mark.parametrize("service", ["sqlite"], indirect=True)
def test_the_api_docs_render_their_operations_with_no_internet(service):
    _chromium_or_skip()
    from playwright.sync_api import Route, sync_playwright

    document = requests.get(f"{service.base}/openapi.json", timeout=30).json()
    operations = sum(len(ops) for ops in document["paths"].values())
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(service.base))
    outside: list[str] = []

    def only_the_service(route: Route) -> None:
        if route.request.url.startswith(origin):
            route.continue_()
        else:  # a service centre without internet
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", only_the_service)
            page.goto(f"{service.base}/docs")
            page.locator(".opblock").first.wait_for(timeout=30_000)
            paths = page.locator(".opblock-summary-path").evaluate_all(
                "nodes => nodes.map(n => n.getAttribute('data-path'))"
            )
            title = page.locator(".information-container .title").first.inner_text()
        finally:
            browser.close()

    assert outside == []
    assert "fieldapp central queue service" in title
    assert len(paths) == operations
    assert {"/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/auth/login"} <= set(paths)
