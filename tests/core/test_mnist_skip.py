"""The MNIST tests' skip message says which folder and files they need and how to get them."""

from __future__ import annotations

from tests.mnist_data import FILES, MIRROR, ROOT, SKIP_REASON


def test_the_skip_names_the_folder_the_files_and_where_to_get_them() -> None:
    assert "../shared/data/mnist-t10k" in SKIP_REASON and all(f in SKIP_REASON for f in FILES)
    assert f"curl -O {MIRROR}{FILES[0]}" in SKIP_REASON
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared/data/mnist-t10k" in readme and all(f"{MIRROR}{f}" in readme for f in FILES)
