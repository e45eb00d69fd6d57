"""The browsable API page (``/api/v1/docs``), served entirely by the service.

FastAPI's page loads Swagger UI from a CDN; a service centre without internet then shows a
blank page. The files come from the ``swagger-ui-bundle-v2`` package instead (Swagger UI 5,
which reads the OpenAPI 3.1 document FastAPI writes) and are served under
``/api/v1/docs/assets/``.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path


def install_docs(app: FastAPI, *, prefix: str) -> None:
    """Serve the docs page at ``{prefix}/docs`` and its files at ``{prefix}/docs/assets``."""
    assets = f"{prefix}/docs/assets"
    app.mount(assets, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get(f"{prefix}/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=f"{prefix}/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url=f"{assets}/favicon-32x32.png",
        )
