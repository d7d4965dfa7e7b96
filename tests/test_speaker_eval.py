"""Speaker figures of `quotetrail eval`: accuracy where the content is found, who said what, gold notes."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from quotetrail.cli import cli
from quotetrail.evaluate import (
    ROLES,
    Gold,
    Relation,
    ann_speakers,
    found_share,
    letters,
    read_brat,
    read_gold,
    read_jsonl,
    same_speaker,
    score,
    score_speakers,
    to_json,
)
from quotetrail.gate import SPEAKER_GATED, flatten, updated

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold"
REFERENCE = ROOT.parent / "shared" / "bench" / "attribution_score.py"
REFERENCE_KEYS = ["documents", "documents_without_prediction", "roles", "attribution"]


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build_gold = _module("build_gold", ROOT / "eval" / "build_gold.py")


def reference() -> ModuleType:
    """The reference scorer from ../shared, or skip: CI may run without the shared folder."""
    if not REFERENCE.is_file():
        pytest.skip(f"reference scorer not found at {REFERENCE}")
    return _module("attribution_score_reference", REFERENCE)


# --- the metrics on an inline invented text -----------------------------------------------------------

TEXT = (
    "Jane Doe said the pier abcdefghij klmnopqrst would reopen. "
    "Critics say the fares are too high for the island families."
)
"""Two gold statements: Jane Doe's (20 letters between "pier" and "would") and an unnamed source's."""


def at(words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return start, start + len(words)


GOLD_DOE = Relation((at("Jane Doe"),), (at("said"),), (at("abcdefghij klmnopqrst"),), speaker="Jane Doe")
GOLD_CRITICS = Relation(
    (at("Critics"),), (at("say"),), (at("the fares are too high for the island families"),), speaker=""
)


def pred(content: str, speaker: str | None) -> Relation:
    return Relation((at("Jane Doe"),), (at("said"),), (at(content),), speaker=speaker)


def figures(preds: list[Relation], gold: list[Relation] | None = None) -> dict[str, Any]:
    g = Gold({"doc": gold if gold is not None else [GOLD_DOE, GOLD_CRITICS]}, {"doc": TEXT})
    s = score_speakers(g, {"doc": preds})
    assert s is not None
    return {
        "found": s.found,
        "right": s.right,
        "accuracy": s.accuracy,
        "pred": s.pred,
        "tp": s.tp,
        "gold": s.gold,
        "anonymous_named": s.anonymous_named,
    }


@pytest.mark.parametrize(
    ("preds", "want"),
    [
        pytest.param(
            [pred("abcdefghij klmnopqrst", "Jane Doe")], {"found": 1, "right": 1, "tp": 1}, id="right"
        ),
        pytest.param(
            [pred("abcdefghij klmnopqrst", "John Roe")], {"found": 1, "right": 0, "tp": 0}, id="wrong"
        ),
        # 9, 10 and 11 of the gold content's 20 letters: below, at and above one half
        pytest.param([pred("abcdefghi", "Jane Doe")], {"found": 0, "right": 0, "tp": 0}, id="below-half"),
        pytest.param([pred("abcdefghij", "Jane Doe")], {"found": 1, "right": 1, "tp": 1}, id="half"),
        pytest.param([pred("abcdefghij k", "Jane Doe")], {"found": 1, "right": 1, "tp": 1}, id="above-half"),
        pytest.param(
            [pred("pier abcdefghij klmnopqrst would reopen", "Jane Doe")],
            {"found": 1, "right": 1, "tp": 1},
            id="longer-than-gold",
        ),
        pytest.param(
            [pred("abcdefghij klmnopqrst", "")], {"found": 1, "right": 0, "tp": 0, "pred": 0}, id="unnamed"
        ),
        pytest.param(
            [pred("abcdefghij klmnopqrst", None)], {"found": 1, "right": 0, "tp": 0, "pred": 0}, id="no-field"
        ),
        pytest.param(
            [pred("abcdefghij klmnopqrst", "Jane Doe")] * 2,
            {"found": 1, "right": 1, "tp": 1, "pred": 2},
            id="duplicate-prediction",
        ),
        pytest.param(
            [pred("abcdefghij klmnopqrst", "Doe")], {"found": 1, "right": 0, "tp": 0}, id="surname-only"
        ),
        pytest.param(
            [pred("abcdefghij klmnopqrst", "John Roe"), pred("abcdefghij klmnopqrs", "Jane Doe")],
            {"found": 1, "right": 0, "tp": 1, "pred": 2},
            id="best-cover-judged-any-right-one-matched",
        ),
        pytest.param(
            [pred("the fares are too high for the island families", "Critics")],
            {"found": 0, "tp": 0, "pred": 1, "anonymous_named": 1},
            id="named-where-the-text-names-nobody",
        ),
        pytest.param([], {"found": 0, "right": 0, "accuracy": 0.0, "tp": 0, "pred": 0, "gold": 1}, id="none"),
    ],
)
def test_speaker_metrics(preds: list[Relation], want: dict[str, Any]) -> None:
    got = figures(preds)
    assert {k: got[k] for k in want} == want


def test_duplicate_gold_relations_each_need_their_own_prediction() -> None:
    both = [GOLD_DOE, GOLD_DOE]
    assert figures([pred("abcdefghij klmnopqrst", "Jane Doe")], both)["tp"] == 1
    assert figures([pred("abcdefghij klmnopqrst", "Jane Doe")] * 2, both)["tp"] == 2


def test_found_share_divides_by_the_gold_letters() -> None:
    g = letters(TEXT, [at("abcdefghij klmnopqrst")])
    assert found_share(letters(TEXT, [at("abcdefghij")]), g) == 0.5
    assert found_share(letters(TEXT, [at("pier abcdefghij klmnopqrst would")]), g) == 1.0
    assert found_share(g, frozenset()) == 0.0


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("Jane Doe", "Jane Doe", True),
        ("jane DÖE", "Jane Doe", True),  # case and accents folded
        ("Karim Haddad", "Karim al-Haddad", True),  # particles folded
        ("Jane Q. Doe", "Jane Doe", True),  # a middle initial added
        ("Jane Doe", "Jane Quinn Doe", True),  # or dropped
        ("Dr. Jane Doe", "Jane Doe", True),  # honorific
        ("the Transport Ministry", "Transport Ministry", True),
        ("Doe", "Jane Doe", False),  # surname alone is not resolved
        ("John Doe", "Jane Doe", False),  # a namesake
        ("Jane Doe Smith", "Jane Smith", True),
        ("Jane Roe", "Jane Doe", False),
        ("Librarian Jane Doe", "Jane Doe", False),  # a title kept in the name is not the name
        ("the spokeswoman", "Jane Doe", False),
        ("", "Jane Doe", False),
        ("Transport Ministry", "Infrastructure Ministry", False),
    ],
)
def test_same_speaker(predicted: str, gold: str, same: bool) -> None:
    assert same_speaker(predicted, gold) is same


def test_gold_without_speakers_gives_no_speaker_figures() -> None:
    plain = Relation(GOLD_DOE.source, GOLD_DOE.cue, GOLD_DOE.content)
    assert score_speakers(Gold({"doc": [plain]}, {"doc": TEXT}), {"doc": [GOLD_DOE]}) is None


def test_prediction_lines_carry_the_speaker(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    atts = [
        {"content": [[0, 4]], "speaker": "Jane Doe"},
        {"content": [[5, 9]]},
        {"content": [[5, 9]], "speaker": ""},
    ]
    path.write_text(json.dumps({"doc": "d", "attributions": atts}) + "\n", "utf-8")
    assert [r.speaker for r in read_jsonl(path)["d"]] == ["Jane Doe", None, ""]


# --- the gold markup -------------------------------------------------------------------------------------

MARKED = (
    "{Q1|The pier will reopen}, {S1=Anton Wessel|chief engineer Anton Wessel} {C1|said}. "
    "{S2=Anton Wessel|He} {C2|added} {Q2|that repairs were done}. {S3|Critics} {C3|say} {Q3|it is late}. "
    "{C4|It was reported} {Q4|that the mayor agreed}{S4=Mara Quellen|}."
)


def test_markup_names_speakers_and_keeps_the_text_plain() -> None:
    text, relations, speakers = build_gold.parse(MARKED)
    assert "{" not in text and "=" not in text and "Anton Wessel|" not in text
    assert speakers == {1: "Anton Wessel", 2: "Anton Wessel", 4: "Mara Quellen"}
    assert [text[s:e] for s, e in relations[2]["S"]] == ["He"]
    ((start, end),) = relations[4]["S"]
    assert start == end == text.index("agreed") + len("agreed")


def test_brat_output_notes_every_relation_and_reads_back(tmp_path: Path) -> None:
    text, relations, speakers = build_gold.parse(MARKED)
    ann = build_gold.brat(text, relations, speakers)
    lines = ann.splitlines()
    notes = [line for line in lines if line.startswith("#")]
    assert notes == [
        "#1\tAnnotatorNotes E1\tspeaker=Anton Wessel",
        "#2\tAnnotatorNotes E2\tspeaker=Anton Wessel",
        "#3\tAnnotatorNotes E3\tspeaker=",
        "#4\tAnnotatorNotes E4\tspeaker=Mara Quellen",
    ]
    assert lines.index(notes[0]) > max(i for i, line in enumerate(lines) if line.startswith("E"))
    assert "E4\tAttribution-no-source:" in ann  # the empty source mark adds no span
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "pier.txt").write_text(text, "utf-8")
    (tmp_path / "attributions" / "pier_gold.ann").write_text(ann, "utf-8")
    gold = read_brat(tmp_path)
    assert [r.speaker for r in gold.relations["pier"]] == ["Anton Wessel", "Anton Wessel", "", "Mara Quellen"]
    assert gold.speakers_known
    assert build_gold.brat(text, relations) == "\n".join(ln for ln in lines if not ln.startswith("#")) + "\n"


@pytest.mark.parametrize(
    ("marked", "message"),
    [
        ("{S1=Ann Lee|she} {C1=Ann Lee|said} {Q1|yes}", "source mark only"),
        ("{S1=|she} {C1|said} {Q1|yes}", "with a name"),
        ("{S1=Ann Lee|she} and {S1=Ann Leigh|her} {C1|said} {Q1|yes}", "names two speakers"),
    ],
)
def test_bad_speaker_marks(marked: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_gold.parse(marked)


def test_speaker_notes_align_with_the_relations_the_reader_keeps(tmp_path: Path) -> None:
    ann = tmp_path / "x_a.ann"
    ann.write_text(
        "T1\tSource 0 3\tAnn\n"
        "T2\tCue 4 8\tsaid\n"
        "T3\tContent 9 12\tyes\n"
        "E1\tAttribution:T2 Source:T1\n"  # neither cue nor content: dropped by the reader
        "E2\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
        "E3\tAttribution-no-source:T2 Content:T3 Cue:T2\n"
        "#1\tAnnotatorNotes E1\tspeaker=Nobody\n"
        "#2\tAnnotatorNotes E2\tspeaker= Ann Lee \n"
        "#3\tAnnotatorNotes T1\tspeaker=Ann Lee\n"
        "#4\tAnnotatorNotes E3\tchecked twice\n",
        "utf-8",
    )
    assert ann_speakers(ann) == ["Ann Lee", None]


# --- eval/gold: the reference's figures stay, the speaker figures are extra ---------------------------------


def _predictions_from_gold(gold: Gold) -> dict[str, Any]:
    """Predictions made from the gold: every third relation dropped, every fourth speaker wrong."""
    out = {}
    for doc, rels in gold.relations.items():
        atts = []
        for k, rel in enumerate(rels):
            if k % 3 == 2:
                continue
            att: dict[str, Any] = {r: [list(f) for f in rel.role(r)] for r in ROLES}
            att["speaker"] = "Someone Else" if k % 4 == 1 else rel.speaker
            atts.append(att)
        out[doc] = atts
    return out


@pytest.fixture(scope="module")
def gold_pred(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pred") / "pred.jsonl"
    recs = _predictions_from_gold(read_brat(GOLD))
    path.write_text(
        "".join(json.dumps({"doc": d, "attributions": a}) + "\n" for d, a in recs.items()), "utf-8"
    )
    return path


def test_eval_gold_names_speakers_for_every_article() -> None:
    gold = read_brat(GOLD)
    assert len(gold.relations) >= 11
    for doc, rels in gold.relations.items():
        assert any(r.speaker for r in rels), doc
        assert all(r.speaker is not None for r in rels), doc


def test_speaker_notes_do_not_move_the_reference_figures(gold_pred: Path, tmp_path: Path) -> None:
    ref = reference()
    bare = tmp_path / "gold"
    shutil.copytree(GOLD / "text", bare / "text")
    (bare / "attributions").mkdir()
    for ann in (GOLD / "attributions").glob("*.ann"):
        kept = [ln for ln in ann.read_text("utf-8").splitlines(keepends=True) if not ln.startswith("#")]
        assert len(kept) < len(ann.read_text("utf-8").splitlines())  # the notes were there
        (bare / "attributions" / ann.name).write_text("".join(kept), "utf-8")
    figures = []
    for folder in (GOLD, bare):
        gold, texts = ref.read_brat(str(folder))
        figures.append(ref.score(gold, ref.read_jsonl(str(gold_pred)), texts))
    with_notes, without = figures
    assert with_notes == without
    assert to_json(score(read_gold(GOLD), read_jsonl(gold_pred))) == with_notes


def test_cli_adds_speakers_after_the_reference_keys(gold_pred: Path) -> None:
    res = CliRunner().invoke(cli, ["eval", "--gold", str(GOLD), "--pred", str(gold_pred), "--json"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    assert list(got) == [*REFERENCE_KEYS, "speakers"]
    assert {k: got[k] for k in REFERENCE_KEYS} == to_json(score(read_gold(GOLD), read_jsonl(gold_pred)))
    sp = got["speakers"]
    # every kept relation's content is found; named ones are right unless their speaker was replaced
    assert 0 < sp["right"] < sp["found"] < sp["gold"]
    assert sp["who_said_what"]["tp"] == sp["right"]
    assert sp["anonymous"]["named"] > 0  # "Someone Else" put on relations the text gives no name
    table = CliRunner().invoke(cli, ["eval", "--gold", str(GOLD), "--pred", str(gold_pred)]).stdout
    assert f"accuracy {sp['accuracy']:.3f} ({sp['right']} of {sp['found']} found;" in table
    assert f"F1 {sp['who_said_what']['f1']:.3f} ({sp['who_said_what']['tp']} of {sp['gold']} gold," in table


def test_gate_pins_the_speaker_figures(gold_pred: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["eval", "--gold", str(GOLD), "--pred", str(gold_pred), "--json"])
    figures = flatten(json.loads(res.stdout))
    assert set(SPEAKER_GATED) <= set(figures)
    assert set(SPEAKER_GATED) <= set(updated(figures, None, "g")["floors"])
    strict = tmp_path / "baseline.json"
    strict.write_text(json.dumps({"floors": {"speakers.accuracy": 0.9999}}), "utf-8")
    res = CliRunner().invoke(
        cli, ["eval", "--gold", str(GOLD), "--pred", str(gold_pred), "--baseline", str(strict)]
    )
    assert res.exit_code == 1 and "speakers.accuracy" in str(res.exception)


def test_baseline_pins_speaker_floors() -> None:
    floors = json.loads((ROOT / "eval" / "baseline.json").read_text("utf-8"))["floors"]
    assert set(SPEAKER_GATED) <= set(floors)
