"""One BLAS thread for the server's numpy work: small products get slower when threads fight over 2 cores."""

from __future__ import annotations

from typing import Any

from threadpoolctl import ThreadpoolController

BLAS = ThreadpoolController()  # built once: each threadpool_limits() call would scan every loaded library again


def one_blas_thread() -> Any:
    """A context in which BLAS uses one thread."""
    return BLAS.limit(limits=1, user_api="blas")
