"""Long computations as generators that yield between pieces of work, so a caller can take turns with others,
pause, or stop between the pieces; the generator's return value is the answer."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from typing import Any, TypeVar

T = TypeVar("T")
Resumable = Generator[None, None, T]


def at_once(fn: Callable[..., T], *args: Any) -> Resumable[T]:
    """fn(*args) as a resumable computation of one piece."""
    return fn(*args)
    yield  # a generator: the answer comes with the first next()


def finish(work: Resumable[T]) -> T:
    """Run `work` to its end in this thread and return its answer."""
    while True:
        try:
            next(work)
        except StopIteration as done:
            answer: T = done.value
            return answer


def advance(work: Resumable[T], seconds: float) -> tuple[bool, T | None]:
    """Run `work` for about `seconds` (at least one piece): (True, answer) when it ended, else (False, None)."""
    end = time.perf_counter() + seconds
    try:
        while True:
            next(work)
            if time.perf_counter() >= end:
                return False, None
    except StopIteration as done:
        return True, done.value
