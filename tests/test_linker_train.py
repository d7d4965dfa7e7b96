"""Training the linker: labels, tree export, threshold tuning, and `quotetrail train --linker-only`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from quotetrail.cli import main
from quotetrail.evaluate import Gold, Relation
from quotetrail.linker import CueScores, Forest, Linker
from quotetrail.linker_train import (
    NotEnoughExamples,
    Thresholds,
    export_forest,
    fit_model,
    label_document,
    split_documents,
    tune_thresholds,
)
from quotetrail.neural import PACKAGED
from quotetrail.types import Span

DATA = Path(__file__).parent / "resources" / "linker_train"


def at(text: str, phrase: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of phrase in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def cut(text: str, phrase: str, drop_head: int = 0, drop_tail: int = 0) -> Span:
    """The span of phrase with some characters cut off either end (to sit exactly on a boundary)."""
    s, e = at(text, phrase)
    return s + drop_head, e - drop_tail


# --- labels --------------------------------------------------------------------------------------------

FEE = "Ann Roe said the fee rises in June and July. Bo Lin disagreed."
FEE_GOLD = [Relation((at(FEE, "Ann Roe"),), (at(FEE, "said"),), (at(FEE, "the fee rises in June and July"),))]
# gold content: 24 letters

BUILD = '"We will build it," Ann Roe said, "and we will pay for every part of it." Critics were unconvinced.'
BUILD_GOLD = [
    Relation(
        (at(BUILD, "Ann Roe"),),
        (at(BUILD, "said"),),
        (at(BUILD, '"We will build it,"'), at(BUILD, '"and we will pay for every part of it."')),
    )
]  # 13 + 28 letters

SPOKES = "Bo Lin spoke first. Spokeswoman Ann Roe said the fee rises in June and July."
SPOKES_GOLD = [
    Relation((at(SPOKES, "Ann Roe"),), (at(SPOKES, "said"),), (at(SPOKES, "the fee rises in June and July"),))
]


@pytest.mark.parametrize(
    ("text", "spans", "gold", "full", "part", "source_y"),
    [
        pytest.param(  # 12 of 24 letters: Jaccard exactly 0.5 is a match
            FEE,
            {
                "cue": [at(FEE, "said")],
                "content": [cut(FEE, "the fee rises in", 0, 1)],
                "source": [at(FEE, "Ann Roe")],
            },
            FEE_GOLD,
            [1],
            [1],
            [1],
            id="jaccard-at-0.5",
        ),
        pytest.param(  # 11 of 24 letters: no match, though every letter is inside the gold content
            FEE,
            {"cue": [at(FEE, "said")], "content": [at(FEE, "the fee rises")], "source": [at(FEE, "Ann Roe")]},
            FEE_GOLD,
            [0],
            [1],
            [],  # no right content: the cue gives no source rows
            id="jaccard-under-0.5",
        ),
        pytest.param(  # 20 letters inside, 5 outside ("Bo Lin"): exactly 80% is a fragment
            FEE,
            {
                "cue": [at(FEE, "said")],
                "content": [cut(FEE, "fee rises in June and July. Bo Lin", 1)],
                "source": [],
            },
            FEE_GOLD,
            [1],
            [1],
            [],
            id="part-at-80%",
        ),
        pytest.param(  # 19 inside, 5 outside: 79%, not a fragment
            FEE,
            {
                "cue": [at(FEE, "said")],
                "content": [cut(FEE, "fee rises in June and July. Bo Lin", 2)],
                "source": [],
            },
            FEE_GOLD,
            [1],
            [0],
            [],
            id="part-under-80%",
        ),
        pytest.param(  # two quote fragments: the short one is a part only, the long one the content
            BUILD,
            {
                "cue": [at(BUILD, "said")],
                "content": [
                    at(BUILD, '"We will build it,"'),
                    at(BUILD, '"and we will pay for every part of it."'),
                    at(BUILD, "were unconvinced"),
                ],
                "source": [at(BUILD, "Ann Roe"), at(BUILD, "Critics")],
            },
            BUILD_GOLD,
            [0, 1, 0],
            [1, 1, 0],
            [1, 0],
            id="second-fragment",
        ),
        pytest.param(  # a source overlapping the gold one is right; one inside the content is no row
            SPOKES,
            {
                "cue": [at(SPOKES, "said")],
                "content": [at(SPOKES, "the fee rises in June and July")],
                "source": [at(SPOKES, "Bo Lin"), at(SPOKES, "Spokeswoman Ann"), at(SPOKES, "fee")],
            },
            SPOKES_GOLD,
            [1],
            [1],
            [0, 1],
            id="source-overlap",
        ),
        pytest.param(  # a cue no gold relation has: every candidate negative, no source rows
            FEE,
            {
                "cue": [at(FEE, "disagreed")],
                "content": [at(FEE, "the fee rises in June and July")],
                "source": [at(FEE, "Bo Lin")],
            },
            FEE_GOLD,
            [0],
            [0],
            [],
            id="spurious-cue",
        ),
    ],
)
def test_labels(
    text: str,
    spans: dict[str, list[Span]],
    gold: list[Relation],
    full: list[int],
    part: list[int],
    source_y: list[int],
) -> None:
    rows = label_document(text, spans, gold)
    assert (rows.full, rows.part, rows.source_y) == (full, part, source_y)
    assert len(rows.content) == len(full) and all(len(r) == 54 for r in rows.content)
    assert len(rows.source) == len(source_y) and all(len(r) == 50 for r in rows.source)


def test_labels_join_cue_pieces_and_take_the_gold_with_most_cue_letters() -> None:
    text = "Ann Roe said the fee rises. Bo Lin further asserted that the fee is fair."
    gold = [
        Relation((at(text, "Ann Roe"),), (at(text, "said"),), (at(text, "the fee rises"),)),
        Relation((at(text, "Bo Lin"),), (at(text, "asserted"),), (at(text, "the fee is fair"),)),
    ]
    spans = {
        "cue": [at(text, "further"), at(text, "asserted")],  # one cue once joined
        "content": [at(text, "the fee rises"), at(text, "the fee is fair")],
        "source": [],
    }
    rows = label_document(text, spans, gold)
    assert rows.full == [0, 1]  # the joined cue is "asserted"'s relation, so its content is right


# --- export --------------------------------------------------------------------------------------------


def test_exported_forest_gives_sklearns_probabilities() -> None:
    pytest.importorskip("sklearn")
    rng = np.random.default_rng(7)
    n = 1500
    x = np.column_stack(
        [
            rng.normal(size=n),  # continuous: more distinct values than bins, so thresholds are bin edges
            rng.integers(0, 4, n),  # few values: thresholds between them
            rng.exponential(size=n),
            rng.integers(0, 2, n),
            rng.uniform(-5, 5, n).round(1),
        ]
    ).astype(np.float64)
    y = (x[:, 0] + 0.7 * x[:, 1] - x[:, 3] + 0.3 * x[:, 4] + rng.normal(size=n) > 0.5).astype(int)
    model = fit_model(x, y, seed=0)
    data = json.loads(json.dumps(export_forest(model)))  # through JSON, as linker.json stores it
    forest = Forest.from_json(data)
    assert len(forest.roots) == model.n_iter_ and int(forest.leaf.sum()) > model.n_iter_

    test = rng.normal(size=(300, 5)) * [1, 2, 1, 1, 3]
    on_edges = []  # rows sitting exactly on split thresholds: x <= t goes left in both
    for node in np.nonzero(~forest.leaf)[0][:400]:
        row = x[int(node) % n].copy()
        row[forest.feature[node]] = forest.threshold[node]
        on_edges.append(row)
    rows = np.vstack([x[:200], test, np.array(on_edges)])
    expected = model.predict_proba(rows)[:, 1]
    assert np.max(np.abs(forest.proba(rows.tolist()) - expected)) <= 1e-9


def test_a_model_with_one_class_of_examples_is_refused() -> None:
    pytest.importorskip("sklearn")
    with pytest.raises(NotEnoughExamples):
        fit_model(np.zeros((30, 3)), np.zeros(30, dtype=int), seed=0, name="source")


@pytest.mark.parametrize(("n", "held"), [(840, 168), (5, 1), (2, 1)])
def test_split_holds_out_a_fifth_and_is_seeded(n: int, held: int) -> None:
    docs = [f"doc{i:04d}" for i in range(n)]
    fit, out = split_documents(docs, 0)
    assert len(out) == held and sorted(fit + out) == docs
    assert split_documents(list(reversed(docs)), 0) == (fit, out)  # the order given does not matter


def test_split_needs_two_articles() -> None:
    with pytest.raises(NotEnoughExamples):
        split_documents(["only"], 0)


# --- thresholds ----------------------------------------------------------------------------------------

DOC1 = "Ann said four five six. Bo nodded eight nine."
DOC2 = '"one two three ten," Cy said, "four five six."'


def _toy() -> tuple[dict[str, list[CueScores]], Gold]:
    """Two articles: the first needs the content threshold above a spurious cue and the source threshold
    below the right source; the second needs the second fragment (the after-cue part alone is < 0.5)."""
    a = np.array
    doc1 = [
        CueScores(
            at(DOC1, "said"), [at(DOC1, "four five six")], a([0.6]), a([0.6]), [at(DOC1, "Ann")], a([0.45])
        ),
        CueScores(
            at(DOC1, "nodded"), [at(DOC1, "eight nine")], a([0.3]), a([0.1]), [at(DOC1, "Bo")], a([0.35])
        ),
    ]
    before, after = at(DOC2, '"one two three ten,"'), at(DOC2, '"four five six."')
    doc2 = [
        CueScores(at(DOC2, "said"), [before, after], a([0.1, 0.7]), a([0.6, 0.9]), [at(DOC2, "Cy")], a([0.8]))
    ]
    gold = Gold(
        {
            "d1": [Relation((at(DOC1, "Ann"),), (at(DOC1, "said"),), (at(DOC1, "four five six"),))],
            "d2": [Relation((at(DOC2, "Cy"),), (at(DOC2, "said"),), (before, after))],
        },
        {"d1": DOC1, "d2": DOC2},
    )
    return {"d1": doc1, "d2": doc2}, gold


def test_tuning_picks_the_thresholds_with_the_best_f1() -> None:
    scored, gold = _toy()
    got = tune_thresholds(scored, gold, tc_grid=(0.2, 0.4), ts_grid=(0.3, 0.5), t2_grid=(None, 0.5, 0.8))
    assert got == Thresholds(tc=0.4, ts=0.3, t2=0.5, f1=1.0)


def test_tuning_keeps_the_first_of_equal_grid_points() -> None:
    scored, gold = _toy()
    # without a fragment threshold low enough, d2 never matches: t2 None and 0.8 tie, None comes first
    got = tune_thresholds(scored, gold, tc_grid=(0.4,), ts_grid=(0.3,), t2_grid=(None, 0.8))
    assert got == Thresholds(tc=0.4, ts=0.3, t2=None, f1=0.5)


# --- the command ---------------------------------------------------------------------------------------


def test_linker_only_refits_the_linker_of_a_model_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("sklearn")
    from quotetrail.neural import Tagger

    out = tmp_path / "model"
    out.mkdir()
    for name in ("model.onnx", "tokenizer.json", "config.json"):
        shutil.copyfile(PACKAGED / name, out / name)
    config = (out / "config.json").read_bytes()
    main(["train", "--linker-only", "--data", str(DATA), "--out", str(out), "--dev", str(DATA)])
    captured = capsys.readouterr()
    assert "linker: " in captured.out and "5 articles" in captured.out
    assert "attribution (content Jaccard>=0.5" in captured.out  # dev table
    assert "linker: tagged 5/5 articles" in captured.err

    data = json.loads((out / "linker.json").read_text("utf-8"))
    assert {data[k]["kind"] for k in ("content", "part", "source")} == {"forest"}
    assert data["recipe"]["documents"] == 5 and data["recipe"]["held_out"]["documents"] == 1
    th = data["thresholds"]
    assert th["tc"] in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5) and th["ts"] in (0.2, 0.3, 0.4, 0.5)
    linker = Linker.load(out / "linker.json")
    assert isinstance(linker.content, Forest) and linker.min_content == th["tc"]
    assert (out / "config.json").read_bytes() == config  # the tagger's record is left alone
    dev = json.loads((out / "dev_scores.json").read_text("utf-8"))
    assert dev["documents"] == 5 and dev["attribution"]["f1"] > 0.5

    text = next((DATA / "text").glob("*.txt")).read_text("utf-8")
    relations = Tagger(out).extract(text)
    assert relations and all(r["cue"] and r["content"] for r in relations)


def test_linker_only_needs_a_tagger_in_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sklearn")
    with pytest.raises(SystemExit) as code:
        main(["train", "--linker-only", "--data", str(DATA), "--out", str(tmp_path)])
    assert code.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error QT100: ") and "no tagger (model.onnx)" in err
    assert not (tmp_path / "linker.json").exists()


def test_no_linker_and_linker_only_exclude_each_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as code:
        main(["train", "--no-linker", "--linker-only", "--data", str(DATA), "--out", str(tmp_path)])
    assert code.value.code != 0
    assert "exclude each other" in capsys.readouterr().err


def test_inference_never_imports_sklearn() -> None:
    code = (
        "import sys, quotetrail.linker_train, quotetrail.train, quotetrail.cli\n"
        "from quotetrail.linker import Linker\n"
        "from quotetrail.neural import PACKAGED\n"
        "text = 'Ann Roe said the fee rises in June.'\n"
        "spans = {'source': [(0, 7)], 'cue': [(8, 12)], 'content': [(13, 35)]}\n"
        "print(len(Linker.load(PACKAGED / 'linker.json').link(text, spans)), 'sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "False"]
