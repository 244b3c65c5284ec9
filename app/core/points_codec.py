"""A compact text encoding of a small 2D data set, for permalinks (`pts=` on /train) and embeds.

Format: a kind letter, a dot, then base64url (no padding) of little-endian bytes:
  c (classification):  float32 s, then N × (int16 x1, int16 x2), then N × uint8 label
  r (regression):      float32 sx, float32 sy, then N × (int16 x, int16 y)
Coordinates are stored as round(v / s) with s = max|v| / 32767 per axis group, so they come back to within
s/2 (relative 1.5·10⁻⁵ of the largest coordinate). About 6.7 characters per point: 300 points ≈ 2 KB.
static/js/train/points-codec.js is the same code for the page.
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Sequence

import numpy as np

from .custom_data import MAX_CLASSES, PointsError

Q = 32767


def _scale(v: np.ndarray) -> float:
    m = float(np.max(np.abs(v))) if v.size else 0.0
    s = float(np.float32(m / Q)) if m > 0 else 1.0
    while s > 0 and m / s > Q:  # float32 rounding must not push a value past the int16 range
        s = float(np.nextafter(np.float32(s), np.float32(np.inf)))
    return s


def _quantise(v: np.ndarray, s: float) -> np.ndarray:
    return np.clip(np.rint(v / s), -Q, Q).astype("<i2")


def encode_points(points: Sequence[Sequence[float]]) -> str:
    """The compact code of rows [x1, x2, label] or [x, y]."""
    table = np.asarray(points, dtype=np.float64)
    if table.ndim != 2 or table.shape[1] not in (2, 3):
        raise PointsError("row_length", None, None, expected="2 or 3", got=table.shape[-1] if table.ndim else 0)
    if table.shape[1] == 3:
        s = _scale(table[:, :2])
        body = struct.pack("<f", s) + _quantise(table[:, :2], s).tobytes() + table[:, 2].astype(np.uint8).tobytes()
        kind = "c"
    else:
        sx, sy = _scale(table[:, 0]), _scale(table[:, 1])
        xy = np.stack([_quantise(table[:, 0], sx), _quantise(table[:, 1], sy)], axis=1)
        body = struct.pack("<ff", sx, sy) + xy.astype("<i2").tobytes()
        kind = "r"
    return kind + "." + base64.urlsafe_b64encode(body).decode("ascii").rstrip("=")


def decode_points(code: str, max_rows: int) -> list[list[float]]:
    """Rows back from a code; PointsError("bad_code") for anything that is not one."""
    if len(code) > 12 * max_rows + 32 or len(code) < 2 or code[1:2] != "." or code[0] not in "cr":
        raise PointsError("bad_code")
    try:
        raw = base64.urlsafe_b64decode(code[2:] + "=" * (-len(code[2:]) % 4))
    except ValueError:
        raise PointsError("bad_code") from None
    if code[0] == "c":
        n, rest = divmod(len(raw) - 4, 5)
        if len(raw) < 4 or rest or n > max_rows:
            raise PointsError("bad_code")
        (s,) = struct.unpack("<f", raw[:4])
        xy = np.frombuffer(raw[4:4 + 4 * n], dtype="<i2").reshape(n, 2) * float(s)
        labels = np.frombuffer(raw[4 + 4 * n:], dtype=np.uint8)
        if not np.isfinite(s) or s <= 0 or np.any(labels >= MAX_CLASSES):
            raise PointsError("bad_code")
        return [[float(a), float(b), int(c)] for (a, b), c in zip(xy, labels, strict=True)]
    n, rest = divmod(len(raw) - 8, 4)
    if len(raw) < 8 or rest or n > max_rows:
        raise PointsError("bad_code")
    sx, sy = struct.unpack("<ff", raw[:8])
    if not (np.isfinite(sx) and np.isfinite(sy)) or sx <= 0 or sy <= 0:
        raise PointsError("bad_code")
    q = np.frombuffer(raw[8:], dtype="<i2").reshape(n, 2)
    return [[float(a) * sx, float(b) * sy] for a, b in q]
