#!/usr/bin/env python3
"""The project's two commands, for a fresh machine with nothing but Python 3.11+.

    python3 dev.py run    # runs the product on embedded defaults (SQLite, local files, demo data)
    python3 dev.py test   # runs every test, with ruff and mypy

Both create ``.venv`` beside this file on first use and install the project into it
(again whenever ``pyproject.toml`` changes). Extra arguments after ``test`` go to
pytest; extra arguments after ``run`` go to ``fieldapp demo``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
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


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test"}:
        print(__doc__)
        return 2
    ensure_env()
    if sys.argv[1] == "test":
        return test(sys.argv[2:])
    return run([str(BIN / "fieldapp"), "demo", *sys.argv[2:]])


if __name__ == "__main__":
    sys.exit(main())
