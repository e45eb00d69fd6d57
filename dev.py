#!/usr/bin/env python3
"""The project's two commands, for a fresh machine with nothing but Python 3.11+.

    python3 dev.py run    # runs the product on embedded defaults (SQLite, local files, demo data)
    python3 dev.py test   # runs every test, with ruff and mypy

Both create ``.venv`` beside this file on first use and install the project into it
(again whenever ``pyproject.toml`` changes). Extra arguments after ``test`` go to
pytest; extra arguments after ``run`` go to ``fieldapp demo``.

``run`` starts the whole demo as child processes: the central service with demo data
(``fieldapp demo``), the technician app in web mode (``fieldapp app --web``, its device
data in ``data/phone``) and the back office for supervisors and clerks (``fieldapp office``).
One Ctrl-C stops them all.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".fieldapp-installed"


def ensure_env() -> None:
    """Create the virtual environment and install the project if needed."""
    if sys.version_info < (3, 11):
        sys.exit(f"fieldapp needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PY.exists():
        return
    if not PY.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing fieldapp with its server and dev extras into .venv ...", flush=True)
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[server,dev]"], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


def run(cmd: list[str]) -> int:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def test(args: list[str]) -> int:
    """ruff, mypy, then pytest; stops at the first that fails."""
    for cmd in (
        [str(BIN / "ruff"), "check", "fieldapp", "sync", "tests", "bench"],
        [str(PY), "-m", "mypy"],
        [str(PY), "-m", "pytest", *args],
    ):
        code = run(cmd)
        if code != 0:
            return code
    return 0


SERVICE_URL = "http://127.0.0.1:8700"
APP_URL = "http://127.0.0.1:8550/"
OFFICE_URL = "http://127.0.0.1:8560/"


def demo(args: list[str]) -> int:
    """The whole demo: the service, then the technician app and the back office once the
    service answers. One process ending does not end the others: stopping the service is
    how to try working offline, and it can be started again beside them."""
    fieldapp = str(BIN / "fieldapp")
    signal.signal(signal.SIGTERM, _interrupted)  # stopped by a supervisor: same as Ctrl-C
    service_cmd = [fieldapp, "demo", *args]
    children = {"service": subprocess.Popen(service_cmd, cwd=ROOT)}
    try:
        if not _wait_for(SERVICE_URL + "/api/v1/health", children["service"]):
            return children["service"].wait()
        env = {**os.environ, "FLET_FORCE_WEB_SERVER": "1"}
        # FIELDAPP_STORE_DIR, when set, says where the phone's data lives (as for the app).
        store = (
            []
            if os.environ.get("FIELDAPP_STORE_DIR")
            else ["--store-dir", str(ROOT / "data" / "phone")]
        )
        children["app"] = subprocess.Popen(
            [fieldapp, "app", "--web", "--port", "8550", "--service-url", SERVICE_URL, *store],
            cwd=ROOT, env=env,
        )  # fmt: skip
        children["office"] = subprocess.Popen(
            [fieldapp, "office", "--port", "8560", "--service-url", SERVICE_URL],
            cwd=ROOT, env=env,
        )  # fmt: skip
        print(f"\n技术员应用 / technician app: {APP_URL}  (tech1 / tech1-demo)", flush=True)
        print(
            f"售后服务后台 / back office: {OFFICE_URL}  (supervisor / supervisor-demo, "
            "clerk / clerk-demo, admin / admin-demo)",
            flush=True,
        )
        print(
            f"中心服务 / central service: pid {children['service'].pid} — stop it (kill "
            f"{children['service'].pid}) to try working offline; Ctrl-C stops everything.",
            flush=True,
        )
        return _watch(children, " ".join(service_cmd))
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children.values():
            if child.poll() is None:
                child.terminate()  # all three shut down cleanly on SIGTERM
        for child in children.values():
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


NAMES = {
    "service": "中心服务 / the central service",
    "app": "技术员应用 / the technician app",
    "office": "售后服务后台 / the back office",
}


def _watch(children: dict[str, subprocess.Popen[bytes]], service_cmd: str) -> int:
    """Say which process ended, and keep the others running until all have ended."""
    reported: set[str] = set()
    while len(reported) < len(children):
        for name, child in children.items():
            code = child.poll()
            if code is None or name in reported:
                continue
            reported.add(name)
            print(f"\n{NAMES[name]} ended (exit code {code}); the others keep running.", flush=True)
            if name == "service":
                print(f"start it again in another terminal with: {service_cmd}", flush=True)
        time.sleep(0.5)
    return 0


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> bool:
    from urllib.error import URLError
    from urllib.request import urlopen

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urlopen(url, timeout=2):
                return True
        except (URLError, OSError):
            time.sleep(0.3)
    return False


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test"}:
        print(__doc__)
        return 2
    ensure_env()
    if sys.argv[1] == "test":
        return test(sys.argv[2:])
    return demo(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
