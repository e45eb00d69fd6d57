"""The collector paused while the app starts always resumes (fieldapp.ui.long_lived): were it
left off, the app's memory would grow for as long as it runs. Each case runs in a process of
its own, so the test process's collector is left alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_first_session_freezes_what_the_start_made_and_resumes_the_collector() -> None:
    out = _run(
        """
        import asyncio, gc
        from fieldapp.ui import long_lived

        long_lived.SETTLE_SECONDS = 0.2
        long_lived.pause_while_starting()
        paused = not gc.isenabled()
        held = [[n] for n in range(50_000)]  # what the start loads and keeps

        async def sessions():
            long_lived.settle_once()
            long_lived.settle_once()  # a second tab: nothing more
            await asyncio.sleep(0.5)

        asyncio.run(sessions())
        print(paused, gc.isenabled(), gc.get_freeze_count() >= len(held))
        """
    )
    assert out == "True True True"


def test_the_collector_resumes_when_no_session_ever_starts() -> None:
    out = _run(
        """
        import gc, time
        from fieldapp.ui import long_lived

        long_lived.LONGEST_START = 0.2
        long_lived.pause_while_starting()
        paused = not gc.isenabled()
        time.sleep(0.6)
        print(paused, gc.isenabled())
        """
    )
    assert out == "True True"
