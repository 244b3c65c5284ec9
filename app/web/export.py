"""Encoding gathered results for an HTTP answer, as iterators of chunks.

Starlette runs each `next()` of a plain iterator in a worker thread, so encoding never blocks the event loop, and
a large answer goes out in slices instead of one buffer. JSON is encoded a few thousand list items per call: one
orjson call on a 100,000-step run holds the interpreter (and so the event loop) for tens of milliseconds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from .protocol import dumps

DESCENT_COLUMNS = ("t", "x", "y", "loss", "grad_x", "grad_y", "grad_norm", "lr")
TRAIN_COLUMNS = ("t", "epoch", "iteration", "loss", "grad_norm", "lr")
ROWS_PER_CHUNK = 2_000
SLICE_BYTES = 256 * 1024
LIST_PIECE = 4_096  # list items per encoder call


def _rows(r: dict[str, Any], columns: tuple[str, ...]) -> Iterator[list[Any]]:
    s = r["steps"]
    n = len(s.get("t", []))
    flat: dict[str, list[Any]] = {k: v for k, v in s.items() if k not in ("xy", "grad", "velocity")}
    if s.get("xy"):
        flat["x"], flat["y"] = [p[0] for p in s["xy"]], [p[1] for p in s["xy"]]
    if "grad" in s:
        flat["grad_x"], flat["grad_y"] = [g[0] for g in s["grad"]], [g[1] for g in s["grad"]]
    for i in range(n):
        yield [r["run_id"], *(repr(flat[c][i]) if c in flat and c != "t" and c not in ("epoch", "iteration")
                              else flat[c][i] if c in flat else "" for c in columns)]


def csv_chunks(results: list[dict[str, Any]]) -> Iterator[str]:
    """Step records of one or more results as CSV, one row per step (descent) or iteration (training)."""
    kinds = {r["meta"]["kind"] for r in results}
    columns = DESCENT_COLUMNS if kinds == {"descent"} else TRAIN_COLUMNS if kinds == {"train"} else \
        tuple(dict.fromkeys(TRAIN_COLUMNS + DESCENT_COLUMNS))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(("run_id", *columns))
    rows = 0
    for r in results:
        for row in _rows(r, columns):
            w.writerow(row)
            rows += 1
            if rows % ROWS_PER_CHUNK == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
    yield out.getvalue()


def result_csv(results: list[dict[str, Any]]) -> str:
    """The whole CSV as one string (the CLI)."""
    return "".join(csv_chunks(results))


def _pieces(obj: Any) -> Iterator[bytes]:
    """The JSON of `obj` (exactly dumps(obj)) in pieces: a long list is encoded LIST_PIECE items at a time, so no
    single encoder call holds the interpreter for long (the event loop and the other workers get their turns)."""
    if isinstance(obj, dict):
        yield b"{"
        for i, (key, value) in enumerate(obj.items()):
            yield (b"," if i else b"") + dumps(str(key)) + b":"
            yield from _pieces(value)
        yield b"}"
    elif isinstance(obj, list | tuple) and len(obj) > LIST_PIECE:
        yield b"["
        for i in range(0, len(obj), LIST_PIECE):
            yield (b"," if i else b"") + dumps(obj[i:i + LIST_PIECE])[1:-1]
        yield b"]"
    else:
        yield dumps(obj)


def json_chunks(body: Any) -> Iterator[bytes]:
    """The JSON encoding of `body` (see protocol.dumps), encoded piece by piece and sent in slices of about
    SLICE_BYTES."""
    buffer: list[bytes] = []
    size = 0
    for piece in _pieces(body):
        buffer.append(piece)
        size += len(piece)
        if size >= SLICE_BYTES:
            yield b"".join(buffer)
            buffer, size = [], 0
    yield b"".join(buffer)
