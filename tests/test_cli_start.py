"""The technician app starts without loading what it does not need yet.

A technician opens the app many times a day; the PDF library and the central service's
packages cost about 0.6 s to import on these machines, which the app's cold start (2.5 s
at most, issue 9) cannot afford. They load when a PDF is made, and never on a phone.
"""

from __future__ import annotations

import subprocess
import sys

# What ``fieldapp app`` imports before it listens, and what the first page imports (the
# job list, the job and the visit screens).
_START = """
import sys
from fieldapp.cli import build_parser
build_parser("app").parse_args(["app", "--web"])
import fieldapp.ui.launch
import fieldapp.ui.screens.jobs.job_view
import fieldapp.ui.screens.visit.visit_view
heavy = sorted(name for name in ("fpdf", "fontTools", "sync", "fastapi", "sqlalchemy")
               if name in sys.modules)
print(" ".join(heavy) or "none")
"""


def test_the_app_starts_without_the_pdf_library_or_the_service() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _START], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "none", done.stdout + done.stderr


def test_every_command_is_still_listed_in_the_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fieldapp", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    for command in ("check-warranty", "app", "office", "sheet-pdf", "serve", "demo", "user"):
        assert command in done.stdout
