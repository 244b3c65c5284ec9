"""Where the tests find the real MNIST test files, and the skip that says how to get them when they are absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the 10,000-image MNIST test set in IDX format, gzip-compressed; kept outside the repository (not committed)
FILES = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
MNIST_DIR = Path(os.environ.get("DESCENT_LAB_TEST_MNIST_DIR", ROOT.parent / "shared" / "data" / "mnist-t10k"))
MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/"
SKIP_REASON = (
    f"the real MNIST test set is not in {MNIST_DIR} (../shared/data/mnist-t10k beside the repository, or the "
    f"folder in DESCENT_LAB_TEST_MNIST_DIR): put the two IDX files {FILES[0]} and {FILES[1]} there, e.g. "
    f"`mkdir -p ../shared/data/mnist-t10k && cd ../shared/data/mnist-t10k && curl -O {MIRROR}{FILES[0]} "
    f"-O {MIRROR}{FILES[1]}` (CI has them)"
)
needs_mnist = pytest.mark.skipif(not all((MNIST_DIR / f).is_file() for f in FILES), reason=SKIP_REASON)
