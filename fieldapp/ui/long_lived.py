"""Keeping Python's garbage collector out of the app's start and out of its taps.

The collector's full (generation 2) pass walks every object the process holds. With 2,000
jobs on the device that is about 100,000 objects once the first screen is up (the store's
index, the modules of the screens, the session's view-models and controls), 60–80 ms on
these machines, and one fell inside the opening of a job now and then: the slowest openings
of the round-trip bench. None of those objects becomes garbage while the app runs.

So the app starts with the collector paused (:func:`pause_while_starting`): importing the
app and loading the store make about 130 collections, 40–60 ms of the start, and leave about
900 objects of garbage in cycles. A moment after the first session started, its first screen
shown, everything held is moved to the collector's permanent generation (:func:`gc.freeze`)
and the collector resumes (:func:`settle_once`): a full pass then walks only what was made
afterwards, about 1 ms. Nothing is collected before the freeze (that would be the very
pause this avoids); the cycles that are garbage at that moment stay in memory, once per
process. If no session starts, the collector resumes on its own after
:data:`LONGEST_START` seconds.
"""

from __future__ import annotations

import asyncio
import gc
import threading

#: Seconds after the first session started: its first screen is up and its data loaded.
SETTLE_SECONDS = 2.0
#: Seconds after the start when the collector resumes even if no session has started.
LONGEST_START = 60.0

_settling = False


def pause_while_starting() -> None:
    """Pause the collector for the start (call first thing in the app's process)."""
    gc.disable()
    resume = threading.Timer(LONGEST_START, gc.enable)
    resume.daemon = True
    resume.start()


def settle_once() -> None:
    """A moment from now, freeze what the process holds and resume the collector; once per
    process (call from the first session's loop)."""
    global _settling
    if _settling:
        return
    _settling = True
    asyncio.get_running_loop().call_later(SETTLE_SECONDS, _settle)


def _settle() -> None:
    gc.freeze()
    gc.enable()
