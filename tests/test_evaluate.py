"""`quotetrail eval`: the reference scorer's numbers, on invented fixtures and on PolNeAR dev."""

from __future__ import annotations

import functools
import importlib.util
import io
import json
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from quotetrail.cli import cli, main
from quotetrail.errors import InputError
from quotetrail.evaluate import (
    ROLES,
    EvalResult,
    Relation,
    brat_annotations,
    evaluate,
    format_table,
    jaccard,
    letters,
    read_brat,
    read_gold,
    read_jsonl,
    score,
    to_json,
)

RES = Path(__file__).parent / "resources" / "evaluate"
BRAT = RES / "brat"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "bench" / "attribution_score.py"
DEV = SHARED / "data" / "polnear" / "dev"
EXPECTED: dict[str, dict[str, Any]] = json.loads((RES / "expected.json").read_text("utf-8"))
JSONL_CASES = sorted(name for name in EXPECTED if name != "brat")
assert JSONL_CASES, "no fixture case in expected.json"
ALL_CASES = ["brat", *JSONL_CASES]


@functools.cache
def _reference_module() -> ModuleType | None:
    if not REFERENCE.is_file():
        return None
    spec = importlib.util.spec_from_file_location("attribution_score_reference", REFERENCE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference() -> ModuleType:
    """The reference scorer from ../shared, or skip: CI may run without the shared folder."""
    module = _reference_module()
    if module is None:
        pytest.skip(f"reference scorer not found at {REFERENCE} (../shared is absent)")
    return module


def _paths(case: str) -> tuple[list[str], Path, Path | None]:
    """(reference CLI arguments, gold, texts) for one fixture case."""
    if case == "brat":
        return [str(BRAT), str(BRAT / "pred.jsonl")], BRAT, None
    gold, pred = RES / "cases" / f"{case}.gold.jsonl", RES / "cases" / f"{case}.pred.jsonl"
    return [str(gold), str(pred), "--texts", str(RES / "texts")], gold, RES / "texts"


def ours(case: str) -> EvalResult:
    args, gold, texts = _paths(case)
    return evaluate(gold, args[1], texts)


def _lookup(result: EvalResult, dotted: str) -> Any:
    """A number from the result by dotted path: `kinds.<kind>.<field>` or a path in the --json object."""
    head, _, rest = dotted.partition(".")
    if head == "kinds":
        kind, _, name = rest.partition(".")
        return getattr(result.kinds[kind], name)
    value: Any = to_json(result)
    for part in dotted.split("."):
        value = value[part]
    return value


@pytest.mark.parametrize("case", ALL_CASES)
def test_hand_computed_figures(case: str) -> None:
    result = ours(case)
    for key, want in EXPECTED[case].items():
        if key.startswith("_"):
            continue
        assert _lookup(result, key) == pytest.approx(want, abs=5e-5), key


@pytest.mark.parametrize("case", ALL_CASES)
def test_agrees_with_the_reference_json(case: str) -> None:
    ref = reference()
    args, gold, texts = _paths(case)
    if case == "brat":
        g, t = ref.read_brat(str(gold))
    else:
        g = ref.read_jsonl(str(gold))
        t = {d: (Path(str(texts)) / f"{d}.txt").read_text("utf-8") for d in g}
    want = ref.score(g, ref.read_jsonl(args[1]), t)
    got = to_json(ours(case))
    assert got == want
    assert json.dumps(got) == json.dumps(want)  # same key order too


@pytest.mark.parametrize("case", ALL_CASES)
def test_table_is_the_references_table(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = reference()
    args, _, _ = _paths(case)
    monkeypatch.setattr(sys, "argv", ["attribution_score.py", *args])
    printed = io.StringIO()
    with redirect_stdout(printed):
        ref.main()
    assert format_table(ours(case)) == printed.getvalue().rstrip("\n")


def test_threshold_fixture_straddles_one_half() -> None:
    """The Jaccard case is only meaningful if its contents sit just below, at and just above 0.5."""
    gold = read_gold(RES / "cases" / "jaccard_threshold.gold.jsonl", RES / "texts")
    text = gold.texts["lantern"]
    pred = read_jsonl(RES / "cases" / "jaccard_threshold.pred.jsonl")["lantern"]
    pairs = zip(pred[:3], gold.relations["lantern"], strict=True)
    jcs = [jaccard(letters(text, p.content), letters(text, g.content)) for p, g in pairs]
    assert 0.48 < jcs[0] < 0.5
    assert jcs[1] == 0.5
    assert 0.5 < jcs[2] < 0.52


def test_brat_reads_the_first_annotator_and_every_content_fragment() -> None:
    chosen = brat_annotations(BRAT)
    assert list(chosen) == ["lowmoor-ferry", "pellington_mill-closure", "quillon-bay"]
    assert chosen["lowmoor-ferry"].endswith("lowmoor-ferry_a1f0.ann")
    gold = read_brat(BRAT)
    assert "spare-notes" not in gold.relations  # a text without annotations is not gold
    assert gold.relations["quillon-bay"] == []
    lowmoor = gold.relations["lowmoor-ferry"]
    assert len(lowmoor) == 3  # the headline marked Discard is not an attribution
    assert len(lowmoor[1].content) == 2  # `start end;start end`
    assert lowmoor[2].content == () and lowmoor[2].cue  # cue only is still an attribution
    mill = gold.relations["pellington_mill-closure"]
    assert len(mill) == 3  # the Discuss span is a note
    assert mill[0].source == ()  # Attribution-no-source
    assert mill[1].source == ()  # its source span is defined below the relation line: dropped
    assert len(mill[2].content) == 2  # Content and Content2
    assert gold.kinds_known is False
    assert gold.paths["quillon-bay"].endswith("quillon-bay.txt")


def test_brat_reader_matches_the_references() -> None:
    ref = reference()
    g, t = ref.read_brat(str(BRAT))
    gold = read_brat(BRAT)
    assert gold.texts == t
    assert {d: [_as_reference(r) for r in rels] for d, rels in gold.relations.items()} == g


def _as_reference(rel: Relation) -> dict[str, list[list[int]]]:
    return {r: [list(f) for f in rel.role(r)] for r in ROLES}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"doc": "a", "attributions": []}\n{"doc": "b", attributions: []}\n', "not JSON"),
        ('{"attributions": []}\n', "without a document id"),
        ('{"doc": "a", "attributions": [{"content": [[1, "x"]]}]}\n', "is not a list of [start, end]"),
        ('{"doc": "a", "attributions": [{"content": [[1, 2, 3]]}]}\n', "is not a list of [start, end]"),
        ('{"doc": "a", "attributions": ["said"]}\n', "not an object"),
        ('{"doc": "a", "attributions": {"content": []}}\n', "not a list"),
    ],
)
def test_bad_prediction_lines_are_input_errors(tmp_path: Path, content: str, message: str) -> None:
    path = _write(tmp_path / "pred.jsonl", content)
    with pytest.raises(InputError) as exc:
        read_jsonl(path)
    assert message in exc.value.message
    assert exc.value.path and exc.value.path.startswith(str(path) + ":")
    assert exc.value.remedy


def test_gold_errors_name_the_path_and_the_remedy(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such gold") as missing:
        read_gold(tmp_path / "nowhere")
    assert missing.value.path == str(tmp_path / "nowhere")
    (tmp_path / "half" / "attributions").mkdir(parents=True)
    with pytest.raises(InputError, match="no text/ folder"):
        read_gold(tmp_path / "half")
    gold = _write(tmp_path / "gold.jsonl", '{"doc": "ghost", "attributions": []}\n')
    with pytest.raises(InputError) as no_texts:
        read_gold(gold)
    assert "--texts" in no_texts.value.remedy
    with pytest.raises(InputError, match="no text for gold document 'ghost'"):
        read_gold(gold, tmp_path)


def test_documents_only_in_predictions_are_ignored() -> None:
    gold = read_brat(BRAT)
    pred = read_jsonl(BRAT / "pred.jsonl")
    assert "not-in-gold" in pred
    without = {d: rels for d, rels in pred.items() if d != "not-in-gold"}
    assert score(gold, pred) == score(gold, without)


# --- PolNeAR dev --------------------------------------------------------------------------------------


def _degrade(gold: dict[str, list[Relation]]) -> list[dict[str, Any]]:
    """Predictions made from the gold: relations dropped, shifted, unsourced, doubled; docs left out."""
    kinds = ("speech", "thought", "speech", "other")
    out = []
    for n, (doc, rels) in enumerate(gold.items()):
        if n % 10 == 0:
            continue
        atts: list[dict[str, Any]] = []
        for k, rel in enumerate(rels):
            if k % 3 == 2:
                continue
            att: dict[str, Any] = {**_as_reference(rel), "kind": kinds[(n + k) % 4]}
            if k % 4 == 1:
                att["content"] = [[s + 2, e + 5] for s, e in att["content"]]
                att["cue"] = [[s - 1, e] for s, e in att["cue"]]
            if k % 5 == 0:
                att["source"] = []
            if k % 6 == 4:
                att["source"] = [[s, e + 8] for s, e in att["source"]]
            atts.append(att)
            if k % 7 == 0:
                atts.append(att)
        out.append({"doc": doc, "attributions": atts})
    return out


def test_dev_agrees_with_the_reference_to_the_fourth_decimal(tmp_path: Path) -> None:
    ref = reference()
    if not (DEV / "attributions").is_dir():
        pytest.skip(f"PolNeAR dev not found at {DEV} (../shared is absent)")
    gold = read_brat(DEV)
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r) + "\n" for r in _degrade(gold.relations)), encoding="utf-8")
    started = time.perf_counter()
    result = evaluate(DEV, pred)
    elapsed = time.perf_counter() - started
    g, t = ref.read_brat(str(DEV))
    assert {d: [_as_reference(r) for r in rels] for d, rels in gold.relations.items()} == g
    assert to_json(result) == ref.score(g, ref.read_jsonl(str(pred)), t)
    assert result.documents == 84 and result.documents_without_prediction == 9
    assert 0.3 < result.attribution.f1 < 0.95  # degraded, not trivially perfect or empty
    assert set(result.kinds) == {"speech", "thought", "other"}
    assert sum(k.matched for k in result.kinds.values()) == result.attribution.tp
    assert elapsed < 5.0


# --- CLI ----------------------------------------------------------------------------------------------


def _invoke(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_cli_prints_the_table_and_the_kinds() -> None:
    res = _invoke(["eval", "--gold", str(BRAT), "--pred", str(BRAT / "pred.jsonl")])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0] == "documents: 3 (without prediction: 0)"
    assert lines[2].split()[:3] == ["source", "4", "4"]
    assert lines[5].endswith("P 0.500 R 0.500 F1 0.500 (3 of 6 gold, 6 predicted)")
    assert "by predicted kind" in lines[6]
    assert lines[7].split() == ["other", "pred", "1", "matched", "1", "P", "1.000"]
    assert lines[9].split() == ["thought", "pred", "1", "matched", "0", "P", "0.000"]


def test_cli_json_is_the_references_object() -> None:
    res = _invoke(["eval", "--gold", str(BRAT), "--pred", str(BRAT / "pred.jsonl"), "--json"])
    assert res.exit_code == 0
    got = json.loads(res.stdout)
    assert list(got) == ["documents", "documents_without_prediction", "roles", "attribution"]
    assert got == to_json(ours("brat"))
    assert got["attribution"] == {"gold": 6, "pred": 6, "tp": 3, "p": 0.5, "r": 0.5, "f1": 0.5}


def test_cli_reads_jsonl_gold_with_texts() -> None:
    gold = RES / "cases" / "missing_document.gold.jsonl"
    pred = RES / "cases" / "missing_document.pred.jsonl"
    res = _invoke(["eval", "--gold", str(gold), "--pred", str(pred), "--texts", str(RES / "texts"), "--json"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["documents_without_prediction"] == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--gold", "{tmp}/missing", "--pred", "{brat}/pred.jsonl"], "no such gold"),
        (["--gold", "{res}/cases/empty_source.gold.jsonl", "--pred", "{brat}/pred.jsonl"], "--texts"),
        (["--gold", "{brat}", "--pred", "{tmp}/bad.jsonl"], "bad.jsonl:1: not JSON"),
        (["--gold", "{brat}", "--pred", "{tmp}/absent.jsonl"], "absent.jsonl: no such file"),
    ],
)
def test_cli_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    _write(tmp_path / "bad.jsonl", "{not json\n")
    filled = [a.format(tmp=tmp_path, brat=BRAT, res=RES) for a in args]
    with pytest.raises(SystemExit) as exc:
        main(["eval", *filled])
    assert exc.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error QT100") and needle in err and "\n" not in err


def test_cli_output_needs_the_extractor(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(
            ["eval", "--gold", str(BRAT), "--pred", str(BRAT / "pred.jsonl"), "-o", str(tmp_path / "p.jsonl")]
        )
    assert exc.value.code != 0
    assert "-o saves the extractor's predictions" in capsys.readouterr().err
    assert not (tmp_path / "p.jsonl").exists()


@pytest.mark.model
def test_cli_runs_the_extractor_on_the_gold_texts(tmp_path: Path) -> None:
    saved = tmp_path / "pred.jsonl"
    res = _invoke(["eval", "--gold", str(BRAT), "--json", "-o", str(saved)])
    assert res.exit_code == 0
    recs = [json.loads(line) for line in saved.read_text("utf-8").splitlines()]
    assert [r["doc"] for r in recs] == ["lowmoor-ferry", "pellington_mill-closure", "quillon-bay"]
    got = json.loads(res.stdout)
    assert got == to_json(evaluate(BRAT, saved))
    assert got["documents_without_prediction"] == 0
    assert got["attribution"]["pred"] == sum(len(r["attributions"]) for r in recs) > 0
