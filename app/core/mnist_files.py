"""MNIST from files in a directory chosen by the server operator: IDX (plain or gzip) or a Keras-style .npz.

IDX layout (big-endian): bytes 0–1 are zero, byte 2 is the element type (0x08 uint8, 0x09 int8, 0x0B int16,
0x0C int32, 0x0D float32, 0x0E float64), byte 3 the number of dimensions d; then d uint32 sizes; then the data,
row-major. MNIST images are 0x00000803 (N × 28 × 28 uint8), labels 0x00000801 (N uint8).
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path
from typing import BinaryIO, cast

import numpy as np

IDX_TYPES: dict[int, np.dtype] = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
PARTS = ("train", "t10k")
_IDX_NAME = re.compile(r"^(train|t10k)-(images|labels)[-.]idx([13])-ubyte(\.gz)?$")
_GZIP_MAGIC = b"\x1f\x8b"


class IdxFormatError(ValueError):
    """The bytes are not a well-formed IDX file."""


def _open(path: Path) -> BinaryIO:
    with open(path, "rb") as fh:
        head = fh.read(2)
    return cast(BinaryIO, gzip.open(path, "rb") if head == _GZIP_MAGIC else open(path, "rb"))


def _header(fh: BinaryIO, name: str) -> tuple[np.dtype, tuple[int, ...]]:
    magic = fh.read(4)
    if len(magic) != 4 or magic[0] != 0 or magic[1] != 0:
        raise IdxFormatError(f"{name}: not an IDX file (magic {magic.hex() or 'empty'})")
    if magic[2] not in IDX_TYPES:
        raise IdxFormatError(f"{name}: unknown IDX element type 0x{magic[2]:02x}")
    ndim = magic[3]
    raw = fh.read(4 * ndim)
    if len(raw) != 4 * ndim:
        raise IdxFormatError(f"{name}: header ends before its {ndim} dimension sizes")
    return IDX_TYPES[magic[2]], tuple(int(d) for d in np.frombuffer(raw, dtype=">u4"))


def read_idx_header(path: str | Path) -> tuple[np.dtype, tuple[int, ...]]:
    """Element type and shape of an IDX file, reading only its header."""
    path = Path(path)
    with _open(path) as fh:
        return _header(fh, path.name)


def read_idx(path: str | Path) -> np.ndarray:
    """The array stored in an IDX file (gzip-compressed or not), in native byte order."""
    path = Path(path)
    with _open(path) as fh:
        dtype, shape = _header(fh, path.name)
        count = int(np.prod(shape, dtype=np.int64))
        data = fh.read(count * dtype.itemsize + 1)
    if len(data) != count * dtype.itemsize:
        have = len(data) // dtype.itemsize
        raise IdxFormatError(f"{path.name}: header says {count} elements of shape {shape}, file holds {have}")
    return np.frombuffer(data, dtype=dtype).astype(dtype.newbyteorder("="), copy=True).reshape(shape)


def find_files(directory: str | Path) -> dict[str, dict[str, Path]]:
    """The MNIST parts found in a directory: {"train"|"t10k": {"images": path, "labels": path}}, complete pairs only.

    IDX files are preferred; otherwise a .npz holding x_train/y_train (and x_test/y_test as "t10k") is used,
    reported as {"npz": path} under each part it holds.
    """
    directory = Path(directory)
    if not directory.is_dir():
        return {}
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(directory.iterdir()):
        m = _IDX_NAME.match(path.name)
        if m and path.is_file():
            found.setdefault(m.group(1), {}).setdefault(m.group(2), path)
    parts = {p: f for p, f in found.items() if {"images", "labels"} <= f.keys()}
    if parts:
        return {p: parts[p] for p in PARTS if p in parts}
    for path in sorted(directory.glob("*.npz")):
        try:
            with np.load(path, allow_pickle=False) as z:
                keys = set(z.files)
        except (OSError, ValueError):
            continue
        npz = {p: {"npz": path} for p, k in (("train", "train"), ("t10k", "test")) if {f"x_{k}", f"y_{k}"} <= keys}
        if npz:
            return npz
    return {}


def count(directory: str | Path) -> int:
    """How many images the directory holds (headers only for IDX); 0 when there are none."""
    total = 0
    for part, files in find_files(directory).items():
        if "npz" in files:
            with np.load(files["npz"], allow_pickle=False) as z:
                total += len(z["y_train" if part == "train" else "y_test"])
        else:
            total += read_idx_header(files["labels"])[1][0]
    return total


@cache
def _load_raw(directory: str) -> tuple[np.ndarray, np.ndarray, tuple[tuple[str, int], ...]]:
    images, labels, sizes = [], [], []
    for part, files in find_files(directory).items():
        if "npz" in files:
            key = "train" if part == "train" else "test"
            with np.load(files["npz"], allow_pickle=False) as z:
                x, y = np.asarray(z[f"x_{key}"]), np.asarray(z[f"y_{key}"])
        else:
            x, y = read_idx(files["images"]), read_idx(files["labels"])
        if x.ndim != 3 or x.dtype != np.uint8 or y.ndim != 1 or len(x) != len(y):
            raise IdxFormatError(f"{part}: expected N×rows×cols uint8 images and N labels, got {x.shape} and {y.shape}")
        images.append(x)
        labels.append(y.astype(np.int64))
        sizes.append((part, len(y)))
    if not images:
        raise FileNotFoundError(f"no MNIST files (IDX or .npz) in {directory}")
    x, y = np.concatenate(images), np.concatenate(labels)
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y, tuple(sizes)


def load_raw(directory: str | Path) -> tuple[np.ndarray, np.ndarray, tuple[tuple[str, int], ...]]:
    """uint8 images (N, rows, cols), int64 labels and the parts (name, size) in order: train first, then t10k.

    Cached per directory; the arrays are read-only.
    """
    return _load_raw(str(Path(directory).resolve()))
