"""Worker threads that compute runs yield the core to the event loop: a higher nice value per thread (Linux).

numpy releases the interpreter inside a matrix product, so a training chunk and the event loop run as two
threads at once; on a core they share, the kernel splits it between them by weight. At the same nice value a
thread computing a training takes half the core whenever it wants it, and the event loop, woken by a socket, waits
its turn in the run queue (tens of milliseconds in a burst). At nice 5 the worker weighs 335 to the loop's 1,024
(the kernel's table), so the loop gets the core at once when it wakes and the worker every cycle the loop leaves
idle: no work is lost, only its order changes. Linux applies `setpriority` to one thread; a thread cannot lower
its nice value again, so every compute thread of the pool (anyio's, shared with file responses and sync routes)
keeps it. Elsewhere, or when the call is refused, nothing changes.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_set = threading.local()  # this thread's nice value, once set


def lower_this_thread(nice: int) -> None:
    """Raise the calling thread's nice value to `nice` (once per thread; never lowers it)."""
    if getattr(_set, "nice", None) == nice or nice <= 0 or not hasattr(os, "setpriority"):
        return
    _set.nice = nice
    tid = threading.get_native_id()
    with contextlib.suppress(OSError):
        if os.getpriority(os.PRIO_PROCESS, tid) < nice:
            os.setpriority(os.PRIO_PROCESS, tid, nice)


def niced(fn: Callable[[], T], nice: int) -> Callable[[], T]:
    """fn, run in a thread whose nice value is first raised to `nice`."""
    def run() -> T:
        lower_this_thread(nice)
        return fn()

    return run
