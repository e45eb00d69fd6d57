"""What ``flet build`` would package: the app folder without its excludes, installed with the
phone's dependencies only (no ``server`` extra) into a fresh virtualenv, starts and shows
the sign-in screen with its bundled font — so the phone never needs server packages.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import time
import tomllib
import venv
from pathlib import Path

import pytest
import requests

from tests.support.service import free_port
from tests.ui.harness import PHONE, ROOT, Browser, Screens, wait_for_text

# Installing the app into a fresh virtualenv takes minutes on these machines.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]


def packaged_copy(target: Path) -> Path:
    """Copy the project as ``[tool.flet.app]`` says flet build would."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["flet"]["app"]
    source = (ROOT / settings.get("path", ".")).resolve()
    excluded = set(settings["exclude"]) | {".git", "data"}  # data: the demo's, if any
    anywhere = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder).resolve().relative_to(source)
        return {
            n
            for n in names
            if n in anywhere or any(fnmatch.fnmatch((here / n).as_posix(), p) for p in excluded)
        }

    shutil.copytree(source, target, ignore=ignore)
    return target


def test_the_packaged_folder_runs_with_the_phones_dependencies_only(
    browser: Browser, screens: Screens, tmp_path: Path
) -> None:
    app = packaged_copy(tmp_path / "app")
    assert not (app / "sync").exists() and not (app / "tests").exists()
    assert not (app / "fieldapp" / "office").exists()  # the back office stays at the centre
    assert not (app / "fieldapp" / "ui" / "office").exists()
    assert (app / "assets" / "fonts" / "wqy-microhei.ttc").exists()
    assert (app / "fieldapp" / "data" / "reference").is_dir()
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(app)],
        check=True,
        timeout=900,
    )
    installed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True
    ).stdout.lower()
    # The service's own packages stay off the phone. (fastapi and uvicorn do arrive, as
    # flet-web's web server: the web-mode demo needs them, a packaged app does not use them.)
    for server_package in ("sqlalchemy", "alembic", "psycopg", "argon2-cffi", "python-multipart"):
        assert f"{server_package}==" not in installed, f"{server_package} would ship to phones"
    probe = subprocess.run(
        [str(python), "-c", "import importlib.util as u; print(u.find_spec('sync'))"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert probe.stdout.strip() == "None"  # the service's package is not installed
    port = free_port()
    data = tmp_path / "phone-data"
    data.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FIELDAPP_")},
        "FLET_FORCE_WEB_SERVER": "1",
        "FLET_SERVER_PORT": str(port),
        "FLET_APP_STORAGE_DATA": str(data),  # what a packaged app is given
    }
    log = (tmp_path / "app.log").open("wb")
    process = subprocess.Popen(
        [str(python), "main.py"], cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, (
                tmp_path / "app.log"
            ).read_text("utf-8", "replace")
            time.sleep(0.2)
        page = browser.open(url, PHONE)
        wait_for_text(page, "技术员登录")
        screens.shot(page, "packaged-sign-in")
        page.context.close()
        assert (data / "store" / "store.json").exists()  # its data where Flet says
    finally:
        process.terminate()
        process.wait(timeout=15)
