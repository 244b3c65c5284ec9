"""`descent-lab run`: the same runs as the API, as JSON, CSV or SVG, and clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.cli import main
from app.core.runs import DescentSpec, run_all


def test_json_matches_the_core(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["run", "--surface", "bowl", "--start=-3,4", "--lr", "10", "--grad", "central", "--steps", "100"])
    assert ended.value.code == 0
    out = json.loads(capsys.readouterr().out)
    cols, _, _ = run_all(DescentSpec(lr=10, gradient="central"))
    assert out["steps"]["xy"] == [list(p) for p in cols.xy]
    assert out["done"]["diagnosis"]["verdict"] == "gradient_breakdown"


def test_compare_to_csv_file(tmp_path: Path) -> None:
    target = tmp_path / "runs.csv"
    with pytest.raises(SystemExit) as ended:
        main(["run", "--vary", "lr", "--values", "0.1,1e-10", "--steps", "5", "--format", "csv", "-o", str(target)])
    assert ended.value.code == 0
    rows = target.read_text().strip().split("\n")
    assert len(rows) == 1 + 2 * 6 and rows[1].startswith("r1,0,") and rows[-1].startswith("r2,5,")


def test_svg_from_a_config_file(tmp_path: Path) -> None:
    config = tmp_path / "run.json"
    config.write_text(json.dumps({"kind": "descent", "surface": "himmelblau", "optimizer": {"lr": 0.01}}))
    out = subprocess.run([sys.executable, "-m", "app.cli", "run", "--config", str(config), "--format", "svg"],
                         capture_output=True, text=True, check=True).stdout
    assert ET.fromstring(out).tag.endswith("svg")


@pytest.mark.parametrize(("args", "message"), [(["--lr", "x"], "lr"), (["--opt", "lion"], "optimizer.name"),
                                               (["--steps", "200000"], "at most 100,000 steps")])
def test_bad_options_exit_2_naming_the_field(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["run", *args])
    assert ended.value.code == 2 and message in capsys.readouterr().err


def test_the_entry_points_cap_malloc_arenas(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.cli import limit_malloc_arenas

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    limit_malloc_arenas()
    assert os.environ["MALLOC_ARENA_MAX"] == "2"  # inherited by uvicorn's worker processes too
    dockerfile = (Path(__file__).resolve().parents[2] / "Dockerfile").read_text()
    assert "MALLOC_ARENA_MAX=2" in dockerfile
