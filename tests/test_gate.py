"""The quality gates: floors pinned in eval/baseline.json (extraction) and eval/claims/baseline.json (claims)
hold, and only --allow-lower lowers them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrail.cli import cli
from quotetrail.gate import CLAIMS_GATED, GATED, GateFailed, check, flatten, flatten_claims, updated

ROOT = Path(__file__).parent.parent
GOLD = ROOT / "eval" / "gold"
BASELINE = ROOT / "eval" / "baseline.json"
CLAIMS_BASELINE = ROOT / "eval" / "claims" / "baseline.json"
# the invented news sets only: the sample corpus is the demo, reported but never a floor to hold
CLAIMS_SETS = ("news1", "news2", "news3", "news4", "news5")
CLAIMS_GOLD = [a for n in CLAIMS_SETS for a in ("--gold", str(ROOT / "eval" / "claims" / n))]
# real reporting: the PolNeAR claim sets, read from ../shared beside the repository
REAL_BASELINE = ROOT / "eval" / "claims" / "baseline_real.json"
REAL_SETS = ("polnear_emails", "polnear_muslims", "polnear_benghazi", "polnear_wallstreet")
REAL_GOLD = [a for n in REAL_SETS for a in ("--gold", str(ROOT / "eval" / "claims" / n))]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


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
        "claims/news3",
        "claims/news4",
        "claims/news5",
        "claims/news6",
        *(f"../research/claims_news/articles/a{i}" for i in range(1, 7)),
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


def _claims_row(f1: float, with_query: bool = True) -> dict[str, object]:
    row: dict[str, object] = {
        "threshold": 0.4,
        "pairs": {"gold": 9, "pred": 4, "tp": 2, "p": 0.5, "r": 0.2, "f1": f1},
        "stance_in_claims": {"judged": 4, "right": 3, "accuracy": 0.75},
        "stance_direct": {"judged": 9, "right": 6, "accuracy": 0.6667},
    }
    if with_query:
        row["query"] = {"r_precision": 0.4, "map": 0.45, "p": 0.1, "r": 0.9}
    return row


def test_flatten_claims_reads_every_gated_figure() -> None:
    figures = flatten_claims(_claims_row(0.3))
    assert set(figures) == set(CLAIMS_GATED)
    assert figures["claims.pairs.f1"] == 0.3 and figures["claims.query.map"] == 0.45
    # scored from an `export claims` file there is no query: those floors then fail as not measured
    assert "claims.query.map" not in flatten_claims(_claims_row(0.3, with_query=False))


def test_claims_floors_do_not_go_down_without_the_flag() -> None:
    old = updated(flatten_claims(_claims_row(0.3)), None, "g")
    with pytest.raises(GateFailed, match=r"claims\.pairs\.f1"):
        updated(flatten_claims(_claims_row(0.2)), old, "g")
    lowered = updated(flatten_claims(_claims_row(0.2)), old, "g", allow_lower=True)
    assert lowered["floors"]["claims.pairs.f1"] == 0.2


@pytest.mark.model
def test_claims_gate_holds_and_fails_above_the_figures(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["eval-claims", *CLAIMS_GOLD, "--baseline", str(CLAIMS_BASELINE), "--json"])
    assert res.exit_code == 0, res.output
    (row,) = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    floors = json.loads(CLAIMS_BASELINE.read_text("utf-8"))["floors"]
    assert set(floors) == set(CLAIMS_GATED)
    assert all(flatten_claims(row)[k] >= v for k, v in floors.items())
    strict = tmp_path / "claims.json"
    strict.write_text(json.dumps({"floors": {**floors, "claims.pairs.f1": 0.9999}}), "utf-8")
    res = CliRunner().invoke(cli, ["eval-claims", *CLAIMS_GOLD, "--baseline", str(strict)])
    assert isinstance(res.exception, GateFailed)
    assert "claims.pairs.f1" in res.exception.message and "< floor 0.9999" in res.exception.message


@pytest.mark.model
@pytest.mark.skipif(not POLNEAR.is_dir(), reason="no PolNeAR beside the repository")
def test_real_news_claims_gate_holds() -> None:
    baseline = json.loads(REAL_BASELINE.read_text("utf-8"))
    assert set(baseline["floors"]) == set(CLAIMS_GATED)
    assert baseline["gold"].split() == [f"eval/claims/{n}" for n in REAL_SETS]
    res = CliRunner().invoke(cli, ["eval-claims", *REAL_GOLD, "--baseline", str(REAL_BASELINE), "--json"])
    assert res.exit_code == 0, res.output
    (row,) = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert row["members"] == 309 and all(flatten_claims(row)[k] >= v for k, v in baseline["floors"].items())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "eval-claims",
                "--data",
                str(ROOT / "tests" / "resources" / "perspectrum"),
                "--baseline",
                "b.json",
            ],
            "not --data",
        ),
        (
            ["eval-claims", "--gold", str(ROOT / "eval" / "claims" / "news1"), "--update-baseline"],
            "need --baseline",
        ),
        (["eval", "--gold", str(GOLD), "--allow-lower"], "need --baseline"),
    ],
)
def test_gate_options_are_refused_where_they_mean_nothing(args: list[str], message: str) -> None:
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2 and message in res.output
    assert "attributing" not in res.output and "extracting" not in res.output  # refused before any work
