"""Training the learned linker (`linker.json`) on a tagger's own spans, with the study's recipe.

Reads: a PolNeAR-style folder (the articles of `train.training_files`, gold .ann parsed fully) and a
model folder holding a tagger. Writes: `linker.json` in that folder, as `linker.Linker.load` reads it.

Recipe (research/linker): the tagger tags every training article; the candidates and feature rows of
each cue are exactly those `linker.Candidates` builds at inference. Labels: a cue takes the gold
relation whose cue letters it overlaps most (none: every candidate is negative); a content candidate
is right when its letter Jaccard with the gold content is at least 0.5, a part (second fragment) when
at least 80% of its letters lie inside the gold content, and a source candidate when it overlaps the
gold source; sources are featurised given the cue's first right content, leaving out candidates that
overlap it. Three HistGradientBoosting classifiers (300 iterations, 31 leaves) are fitted on 80% of
the articles, the thresholds tuned on the other 20% for the reference scorer's attribution F1, then
all three refitted on every article. `export_forest` turns each into the arrays `linker.Forest` runs.

scikit-learn is imported only inside the fitting functions: inference never needs it.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .evaluate import ROLES, EvalResult, Gold, Relation, jaccard, letters, parse_ann, score, to_json
from .linker import Candidates, CueScores, Forest, Linker, _overlap, decode
from .types import Span

LINKER_SEED = 0
"""The study's seed: held-out split and the trees' early-stopping split."""

HGB_PARAMS: dict[str, Any] = {
    "max_iter": 300,
    "learning_rate": 0.05,
    "max_leaf_nodes": 31,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
}
"""HistGradientBoostingClassifier settings of the study (early stopping left at sklearn's 'auto')."""

CONTENT_JACCARD = 0.5
"""A content candidate is right at this letter Jaccard with the gold content (the scorer's match)."""
PART_SHARE = 0.8
"""A candidate is a right fragment when this share of its letters lies inside the gold content."""

TC_GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
TS_GRID = (0.2, 0.3, 0.4, 0.5)
T2_GRID: tuple[float | None, ...] = (None, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
"""Threshold grids of the study: content x source first, then the second fragment's."""

FIT_THREADS = 1
"""OpenMP threads per fit. The trees came out identical on one and two; on PolNeAR train one thread took
48.5 s for the final fit against the study's 49.6 s on two, and more threads stall when cores are busy."""

SKLEARN_REMEDY = "pip install 'quotetrail[train]' (scikit-learn)"

TagProgress = Callable[[int, int], None]
"""Called after each tagged article with (articles done, articles in all)."""


class NotEnoughExamples(InputError):
    """A model gets one class of examples only (too few articles, or a tagger that finds nothing)."""

    remedy = "train on more annotated articles (or a better tagger)"


def print_tagging(done: int, total: int) -> None:
    """Default progress: a line on stderr every 100 articles and at the last one."""
    if done % 100 == 0 or done == total:
        print(f"linker: tagged {done}/{total} articles", file=sys.stderr, flush=True)


# --- labels --------------------------------------------------------------------------------------------


@dataclass
class Rows:
    """Training rows of some articles: content rows with full/part labels, source rows with labels."""

    content: list[list[float]] = field(default_factory=list)
    full: list[int] = field(default_factory=list)
    part: list[int] = field(default_factory=list)
    source: list[list[float]] = field(default_factory=list)
    source_y: list[int] = field(default_factory=list)


def _gold_of(cue: frozenset[int], gold: Sequence[Mapping[str, frozenset[int]]]) -> int | None:
    """Index of the gold relation sharing most cue letters with the cue (the first on ties; None: none)."""
    best, most = None, 0
    for i, g in enumerate(gold):
        shared = len(cue & g["cue"])
        if shared > most:
            best, most = i, shared
    return best


def label_document(text: str, spans: dict[str, list[Span]], gold: Sequence[Relation]) -> Rows:
    """The rows one article gives, labelled against its (fully parsed) gold relations."""
    doc = Candidates(text, spans)
    glet = [{r: letters(text, g.role(r)) for r in ROLES} for g in gold]
    rows = Rows()
    for cue in doc:
        n = len(cue.contents)
        rows.content.extend(cue.rows)
        at = _gold_of(letters(text, [cue.cue]), glet)
        if at is None:
            rows.full.extend([0] * n)
            rows.part.extend([0] * n)
            continue
        g = glet[at]
        cl = [letters(text, [c]) for c in cue.contents]
        full = [int(jaccard(c, g["content"]) >= CONTENT_JACCARD) for c in cl]
        rows.full.extend(full)
        rows.part.extend(int(bool(c) and len(c & g["content"]) / len(c) >= PART_SHARE) for c in cl)
        if 1 not in full:
            continue
        content = cue.contents[full.index(1)]
        for x, s in zip(doc.source_rows(cue, content), cue.sources, strict=True):
            if not _overlap(s, content):
                rows.source.append(x)
                rows.source_y.append(int(bool(letters(text, [s]) & g["source"])))
    return rows


# --- models --------------------------------------------------------------------------------------------


def check_sklearn() -> tuple[Any, Any]:
    """HistGradientBoostingClassifier and threadpool_limits, or TrainingUnavailable with the remedy."""
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier
        from threadpoolctl import threadpool_limits
    except ImportError as exc:
        from .train import TrainingUnavailable

        raise TrainingUnavailable(
            f"training the linker needs scikit-learn: {exc}", remedy=SKLEARN_REMEDY
        ) from None
    return HistGradientBoostingClassifier, threadpool_limits


def fit_model(x: np.ndarray, y: np.ndarray, *, seed: int, threads: int = FIT_THREADS, name: str = "") -> Any:
    """One gradient-boosted classifier with the study's settings; both classes must occur."""
    hgb, threadpool_limits = check_sklearn()
    if len(set(np.asarray(y).tolist())) < 2:
        raise NotEnoughExamples(
            f"the {name or 'linker'} model has only one class of examples ({len(y)} rows)"
        )
    if not np.isfinite(x).all():  # Forest sends NaN right; sklearn may not: keep them out
        raise ValueError("feature rows must be finite")
    with threadpool_limits(limits=threads, user_api="openmp"):
        return hgb(**HGB_PARAMS, random_state=seed).fit(x, y)


def export_forest(model: Any) -> dict[str, Any]:
    """A fitted binary HistGradientBoostingClassifier as the arrays `linker.Forest` evaluates.

    Nodes of all trees are concatenated (child indices shifted by the tree's offset); a node's
    threshold is its real-valued `num_threshold`, and x <= threshold goes left, as in sklearn.
    """
    if len(getattr(model, "classes_", ())) != 2:
        raise ValueError("only a binary classifier can be exported")
    out: dict[str, Any] = {
        "kind": "forest",
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "roots": [],
        "feature": [],
        "threshold": [],
        "left": [],
        "right": [],
        "leaf": [],
        "value": [],
    }
    for trees in model._predictors:
        (tree,) = trees  # binary: one tree per iteration
        nodes = tree.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits cannot be exported")
        offset = len(out["feature"])
        out["roots"].append(offset)
        out["feature"] += nodes["feature_idx"].astype(int).tolist()
        out["threshold"] += nodes["num_threshold"].astype(float).tolist()
        out["left"] += (nodes["left"].astype(int) + offset).tolist()
        out["right"] += (nodes["right"].astype(int) + offset).tolist()
        out["leaf"] += nodes["is_leaf"].astype(int).tolist()
        out["value"] += nodes["value"].astype(float).tolist()
    return out


def fit_linker(rows: Iterable[Rows], *, seed: int, threads: int = FIT_THREADS) -> dict[str, dict[str, Any]]:
    """The three models (content, part, source) fitted on the rows and exported."""
    parts = list(rows)
    x = np.array([r for p in parts for r in p.content], dtype=np.float64)
    xs = np.array([r for p in parts for r in p.source], dtype=np.float64)
    full = np.array([v for p in parts for v in p.full])
    part = np.array([v for p in parts for v in p.part])
    source = np.array([v for p in parts for v in p.source_y])
    return {
        "content": export_forest(fit_model(x, full, seed=seed, threads=threads, name="content")),
        "part": export_forest(fit_model(x, part, seed=seed, threads=threads, name="part")),
        "source": export_forest(fit_model(xs, source, seed=seed, threads=threads, name="source")),
    }


# --- thresholds ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds (content, source, second fragment) and the held-out F1 they reach."""

    tc: float
    ts: float
    t2: float | None
    f1: float


def _f1(
    scored: Mapping[str, list[CueScores]], gold: Gold, tc: float, ts: float, t2: float | None, dedupe: bool
) -> float:
    pred = {
        doc: [
            Relation(tuple(r["source"]), tuple(r["cue"]), tuple(r["content"]))
            for r in decode(cues, tc, ts, t2, dedupe=dedupe)
        ]
        for doc, cues in scored.items()
    }
    return score(gold, pred).attribution.f1


def tune_thresholds(
    scored: Mapping[str, list[CueScores]],
    gold: Gold,
    tc_grid: Sequence[float] = TC_GRID,
    ts_grid: Sequence[float] = TS_GRID,
    t2_grid: Sequence[float | None] = T2_GRID,
) -> Thresholds:
    """Best attribution F1 on scored articles: content x source thresholds first, then the fragment's.

    Decoding is the linker's own (`linker.decode`); the first grid point wins ties. As in the study,
    the first stage decodes single contents without the one-relation-per-content rule, the second
    with both (what inference does); this reproduces the shipped thresholds.
    """
    best: tuple[float, float, float] | None = None
    for tc in tc_grid:
        for ts in ts_grid:
            f1 = _f1(scored, gold, tc, ts, None, dedupe=False)
            if best is None or f1 > best[2]:
                best = (tc, ts, f1)
    assert best is not None, "empty threshold grid"
    tc, ts, _ = best
    best2: tuple[float | None, float] | None = None
    for t2 in t2_grid:
        f1 = _f1(scored, gold, tc, ts, t2, dedupe=True)
        if best2 is None or f1 > best2[1]:
            best2 = (t2, f1)
    assert best2 is not None, "empty fragment grid"
    return Thresholds(tc, ts, best2[0], best2[1])


def split_documents(docs: Sequence[str], seed: int) -> tuple[list[str], list[str]]:
    """(fit, held-out): a seeded shuffle of the sorted names, the first fifth (at least one) held out."""
    if len(docs) < 2:
        raise NotEnoughExamples(
            f"{len(docs)} annotated article(s): the linker needs at least 2 (one is held out)"
        )
    order = sorted(docs)
    random.Random(seed).shuffle(order)
    n_held = max(1, len(order) // 5)
    return order[n_held:], order[:n_held]


# --- the whole run -------------------------------------------------------------------------------------


@dataclass
class LinkerResult:
    """What a linker training run produced, for the CLI, `train` and tests."""

    path: Path
    documents: int
    content_rows: int
    source_rows: int
    thresholds: Thresholds
    seconds: float
    tag_seconds: float
    recipe: dict[str, Any]
    dev: EvalResult | None = None


def train_linker(
    data_dir: str | os.PathLike[str],
    model_dir: str | os.PathLike[str],
    *,
    dev_dir: str | os.PathLike[str] | None = None,
    seed: int = LINKER_SEED,
    threads: int | None = None,
    progress: TagProgress | None = print_tagging,
    log: Callable[[str], None] | None = None,
) -> LinkerResult:
    """Tag the training articles with the folder's tagger, fit and tune the linker, write linker.json.

    `threads` is for tagging (ONNX Runtime). With dev_dir, the folder (tagger and new linker) is scored
    there and dev_scores.json written.
    """
    from . import __version__
    from .neural import Tagger
    from .train import evaluate_model, training_files

    say = log or (lambda _msg: None)
    t_start = time.monotonic()
    check_sklearn()  # fail before tagging, not after
    folder = Path(model_dir)
    if not (folder / "model.onnx").is_file():
        raise InputError(
            "no tagger (model.onnx) in the model folder",
            path=str(folder),
            remedy="train the tagger first (`quotetrail train` without --linker-only) or copy a model folder",
        )
    gold = None
    if dev_dir is not None:  # a bad dev folder should fail before training, not after
        from .evaluate import read_gold

        gold = read_gold(dev_dir)
    files = training_files(data_dir)
    fit_docs, held_out = split_documents([doc for doc, _, _ in files], seed)
    tagger = Tagger(folder, threads=threads or os.cpu_count())
    texts: dict[str, str] = {}
    spans: dict[str, dict[str, list[Span]]] = {}
    rows: dict[str, Rows] = {}
    scorer_gold: dict[str, list[Relation]] = {}
    for i, (doc, text_path, ann) in enumerate(files, 1):
        with open(text_path, encoding="utf-8") as f:  # universal newlines, as the offsets assume
            texts[doc] = f.read()
        spans[doc] = tagger.tag(texts[doc])
        rows[doc] = label_document(texts[doc], spans[doc], parse_ann(ann, complete=True))
        scorer_gold[doc] = parse_ann(ann)
        if progress is not None:
            progress(i, len(files))
    tag_seconds = time.monotonic() - t_start
    n_content = sum(len(r.full) for r in rows.values())
    n_source = sum(len(r.source_y) for r in rows.values())
    say(
        f"linker: tagged {len(files)} articles in {tag_seconds:.1f} s; {n_content} content rows "
        f"({sum(sum(r.full) for r in rows.values())} right), {n_source} source rows"
    )

    held = fit_linker((rows[d] for d in fit_docs), seed=seed)
    probe = _as_linker(held, Thresholds(0.0, 0.0, None, 0.0))
    scored = {d: probe.score(texts[d], spans[d], every=True) for d in held_out}
    th = tune_thresholds(scored, Gold({d: scorer_gold[d] for d in held_out}, {d: texts[d] for d in held_out}))
    say(
        f"linker: thresholds tc {th.tc} ts {th.ts} t2 {th.t2}, "
        f"held-out F1 {th.f1:.4f} ({len(held_out)} articles)"
    )

    # every article, fit ones first as in the study (row order steers early stopping's split)
    models = fit_linker((rows[d] for d in [*fit_docs, *held_out]), seed=seed)
    import sklearn

    recipe = {
        "data": str(Path(data_dir).resolve()),
        "documents": len(files),
        "content_rows": n_content,
        "source_rows": n_source,
        "held_out": {"documents": len(held_out), "f1": th.f1},
        "model": "sklearn HistGradientBoostingClassifier",
        "params": {**HGB_PARAMS, "random_state": seed},
        "labels": {"content_jaccard": CONTENT_JACCARD, "part_share": PART_SHARE},
        "trees": {k: len(v["roots"]) for k, v in models.items()},
        "versions": {"quotetrail": __version__, "scikit-learn": sklearn.__version__},
    }
    data = {
        **models,
        "thresholds": {"tc": th.tc, "ts": th.ts, "t2": th.t2, "dedupe": "keep"},
        "about": (
            "Gradient-boosted trees (scikit-learn HistGradientBoosting, exported to arrays) for content, "
            "second content fragment and source, as used by quotetrail.linker.Forest; trained by "
            f"`quotetrail train` on the tagger spans of {len(files)} articles, thresholds tuned on a "
            f"held-out {len(held_out)} of them (research/linker)."
        ),
        "recipe": recipe,
    }
    path = folder / "linker.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)
    seconds = time.monotonic() - t_start
    say(f"linker: wrote {path} in {seconds:.1f} s")
    dev = None
    if gold is not None:
        dev = evaluate_model(folder, gold)
        (folder / "dev_scores.json").write_text(json.dumps(to_json(dev), indent=2) + "\n", encoding="utf-8")
    return LinkerResult(path, len(files), n_content, n_source, th, seconds, tag_seconds, recipe, dev)


def _as_linker(models: Mapping[str, dict[str, Any]], th: Thresholds) -> Linker:
    """A linker running exported models, exactly as inference loads them."""
    return Linker(
        Forest.from_json(models["content"]),
        Forest.from_json(models["part"]),
        Forest.from_json(models["source"]),
        th.tc,
        th.ts,
        th.t2,
    )


__all__ = [
    "HGB_PARAMS",
    "LINKER_SEED",
    "LinkerResult",
    "NotEnoughExamples",
    "Rows",
    "Thresholds",
    "check_sklearn",
    "export_forest",
    "fit_linker",
    "fit_model",
    "label_document",
    "print_tagging",
    "split_documents",
    "train_linker",
    "tune_thresholds",
]
