"""One process at a time: a second opener is refused with a message, never a corrupt store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fieldapp.store import StoreLocked, open_store

TRY_OPEN = """
import sys
from fieldapp.store import StoreLocked, open_store
try:
    open_store(sys.argv[1]).close()
except StoreLocked as exc:
    print(exc.message.en)
    sys.exit(7)
"""


def test_another_process_cannot_open_an_open_store(store_path: Path) -> None:
    with open_store(store_path):
        result = subprocess.run(
            [sys.executable, "-c", TRY_OPEN, str(store_path)], capture_output=True, text=True
        )
        assert result.returncode == 7, result.stderr
        assert "already open in another process" in result.stdout
    result = subprocess.run([sys.executable, "-c", TRY_OPEN, str(store_path)])
    assert result.returncode == 0  # released on close


def test_a_second_store_object_in_the_same_process_is_refused(store_path: Path) -> None:
    with open_store(store_path):
        with pytest.raises(StoreLocked) as refused:
            open_store(store_path)
        assert "已被另一个程序打开" in refused.value.message.zh


def test_a_killed_process_leaves_no_stale_lock(store_path: Path) -> None:
    code = "import os, sys\nfrom fieldapp.store import open_store\n"
    code += "open_store(sys.argv[1])\nos._exit(0)  # killed: no close()"
    subprocess.run([sys.executable, "-c", code, str(store_path)], check=True)
    open_store(store_path).close()
