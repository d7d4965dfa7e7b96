"""The quality gate: floors pinned in eval/baseline.json hold, and only --allow-lower lowers them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrail.cli import cli
from quotetrail.gate import GATED, GateFailed, check, flatten, updated

ROOT = Path(__file__).parent.parent
GOLD = ROOT / "eval" / "gold"
BASELINE = ROOT / "eval" / "baseline.json"


def _result(f1: float) -> dict[str, object]:
    role = {
        "gold": 1,
        "pred": 1,
        "exact": {"p": f1, "r": f1, "f1": f1},
        "overlap": {"p": f1, "r": f1, "f1": f1},
    }
    return {
        "roles": {r: role for r in ("source", "cue", "content")},
        "attribution": {"gold": 1, "pred": 1, "tp": 1, "p": f1, "r": f1, "f1": f1},
    }


def test_flatten_reads_every_gated_figure() -> None:
    figures = flatten(_result(0.5))
    assert sorted(figures) == sorted(GATED) and set(figures.values()) == {0.5}


@pytest.mark.parametrize(
    ("value", "floor", "failures"),
    [
        (0.80, 0.80, 0),  # equal holds
        (0.81, 0.80, 0),
        (0.7999, 0.80, 1),
    ],
)
def test_check_against_floor(value: float, floor: float, failures: int) -> None:
    assert len(check({"attribution.f1": value}, {"attribution.f1": floor})) == failures


def test_missing_figure_fails() -> None:
    assert check({}, {"attribution.f1": 0.1}) == ["attribution.f1: not measured (floor 0.1000)"]


def test_update_refuses_to_lower_without_the_flag() -> None:
    old = updated(flatten(_result(0.8)), None, "g")
    with pytest.raises(GateFailed, match="would lower floors"):
        updated(flatten(_result(0.7)), old, "g")
    lowered = updated(flatten(_result(0.7)), old, "g", allow_lower=True)
    assert lowered["floors"]["attribution.f1"] == 0.7
    assert updated(flatten(_result(0.9)), old, "g")["floors"]["cue.exact.f1"] == 0.9


@pytest.mark.parametrize(
    "folder",
    [
        "gold",
        "heldout",
        "heldout2",
        "heldout3",
        "heldout4",
        "heldout5",
        "heldout6",
        "heldout7",
        "heldout8",
        "heldout9",
        "heldout10",
        "heldout11",
        "heldout12",
        "heldout13",
        "heldout14",
        "heldout15",
        "heldout16",
        "heldout17",
        "claims/sample",
        "claims/news1",
        "claims/news2",
    ],
)
def test_gold_set_matches_its_markup(folder: str) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "build_gold.py"), "--check", "--dir", f"eval/{folder}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.model
def test_quality_gate_holds_on_the_hand_made_gold_set() -> None:
    res = CliRunner().invoke(cli, ["eval", "--gold", str(GOLD), "--baseline", str(BASELINE), "--json"])
    assert res.exit_code == 0, res.output
    figures = flatten(json.loads(res.stdout))
    floors = json.loads(BASELINE.read_text("utf-8"))["floors"]
    assert all(figures[k] >= v for k, v in floors.items())


@pytest.mark.model
def test_gate_fails_when_a_floor_is_above_the_figures(tmp_path: Path) -> None:
    strict = tmp_path / "baseline.json"
    floors = json.loads(BASELINE.read_text("utf-8"))["floors"]
    strict.write_text(json.dumps({"floors": {**floors, "attribution.f1": 0.9999}}), "utf-8")
    res = CliRunner().invoke(cli, ["eval", "--gold", str(GOLD), "--baseline", str(strict)])
    assert isinstance(res.exception, GateFailed)
    assert "attribution.f1" in res.exception.message and "< floor 0.9999" in res.exception.message
    res = CliRunner().invoke(
        cli, ["eval", "--gold", str(GOLD), "--baseline", str(strict), "--update-baseline"]
    )
    assert isinstance(res.exception, GateFailed) and "would lower" in res.exception.message
    res = CliRunner().invoke(
        cli, ["eval", "--gold", str(GOLD), "--baseline", str(strict), "--update-baseline", "--allow-lower"]
    )
    assert res.exit_code == 0
    assert json.loads(strict.read_text("utf-8"))["floors"]["attribution.f1"] == floors["attribution.f1"]
