"""Stance of a statement toward a claim (supports / opposes / neither), run in ONNX Runtime.

Reads: a stance folder (`model.onnx`: a cross-encoder over `[CLS] claim [SEP] statement [SEP]` giving
logits for opposes and supports; `tokenizer.json`; `config.json` with the sha256, the input order and
the relatedness threshold) and the sentence encoder of `quotetrail.embed`. Writes: (label, score) per
pair. "neither" comes from relatedness, not from the cross-encoder (PERSPECTRUM has no unrelated
pairs to learn it from): a statement whose encoder cosine with the claim is below the threshold
(chosen so that >= 99% of PERSPECTRUM dev pairs stay related) is "neither".

Two packaged folders: `models/stance` for a statement toward a claim (`quotetrail stance`, `claim TEXT`)
and `models/agreement`, trained on statement-to-statement pairs too, for a claim's member toward the
claim's label statement (research/claims_stance).
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .embed import Encoder, encoder, load_session

ENV_STANCE = "QUOTETRAIL_STANCE"
"""A stance model folder to use instead of the packaged one."""

PACKAGED_STANCE = Path(__file__).parent / "models" / "stance"
"""Where the shipped stance model lives inside the package."""

ENV_AGREEMENT = "QUOTETRAIL_AGREEMENT"
"""A stance model folder for claims' members (read against their label) instead of the packaged one."""

PACKAGED_AGREEMENT = Path(__file__).parent / "models" / "agreement"
"""The same cross-encoder trained on statement-to-statement agreement pairs too (research/claims_stance)."""

LABELS = ("opposes", "supports")
"""The cross-encoder's two outputs, in logit order."""

NEITHER = "neither"
CLAIM_FIRST = "claim-first"
STATEMENT_FIRST = "statement-first"
BOTH = "both"
ORDERS = (CLAIM_FIRST, STATEMENT_FIRST, BOTH)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large logits."""
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def relatedness(claims: Sequence[str], statements: Sequence[str], enc: Encoder | None = None) -> np.ndarray:
    """Cosine of the encoder vectors of each claim and its statement (n,), in [-1, 1]."""
    enc = enc or encoder()
    if not claims:
        return np.zeros(0, dtype=np.float32)
    unique = sorted(set(claims) | set(statements))
    vectors = enc.encode(unique)
    at = {t: i for i, t in enumerate(unique)}
    a = vectors[[at[c] for c in claims]]
    b = vectors[[at[s] for s in statements]]
    return (a * b).sum(1)


# --- negation ---------------------------------------------------------------------------------------

_AUX = r"is|are|was|were|should|will|would|can|could|must|may|might|has|have|does|do|did"
_NEGATED = re.compile(rf"\b({_AUX})(?: not|n't)\b|\b(cannot)\b", re.IGNORECASE)
_PLAIN = re.compile(rf"\b({_AUX})\b", re.IGNORECASE)


def negate(text: str) -> str | None:
    """The claim with its first auxiliary negated ("should" -> "should not", "is not" -> "is"), or None."""
    m = _NEGATED.search(text)
    if m:
        if m.group(2):
            return text[: m.start()] + m.group(2)[:3] + text[m.end() :]
        return text[: m.start()] + m.group(1) + text[m.end() :]
    m = _PLAIN.search(text)
    if not m:
        return None
    return text[: m.end()] + " not" + text[m.end() :]


class StanceModel:
    """A loaded stance model: `predict(pairs)` gives (stance, confidence) per (claim, statement)."""

    def __init__(
        self,
        folder: Path | None = None,
        enc: Encoder | None = None,
        threads: int | None = None,
        env: str = ENV_STANCE,
    ) -> None:
        self.folder = folder or stance_folder()
        self.session, self.tokenizer, self.config = load_session(
            self.folder, env, "retrain it with `quotetrail train-stance`", threads
        )
        self.order = self.config.get("order", CLAIM_FIRST)
        self.threshold = float(self.config.get("neither_below", -1.0))
        self.max_pieces = int(self.config.get("max_pieces", 128))
        self.negated_view = bool(self.config.get("negation_augmentation", False))
        """Average each pair with its negated-claim view, flipped (only for models trained on negations)."""
        self.tokenizer.enable_truncation(self.max_pieces)
        self.tokenizer.enable_padding(pad_id=0)
        self._encoder = enc

    @property
    def encoder(self) -> Encoder:
        """The sentence encoder behind relatedness, loaded on first use."""
        if self._encoder is None:
            self._encoder = encoder()
        return self._encoder

    def logits(self, firsts: Sequence[str], seconds: Sequence[str], batch: int = 32) -> np.ndarray:
        """Cross-encoder logits (n, 2) of text pairs in the order given."""
        out = np.zeros((len(firsts), len(LABELS)), dtype=np.float32)
        order = sorted(range(len(firsts)), key=lambda i: len(firsts[i]) + len(seconds[i]))
        for b in range(0, len(order), batch):
            idx = order[b : b + batch]
            enc = self.tokenizer.encode_batch([(firsts[i], seconds[i]) for i in idx])
            feed = {
                "input_ids": np.asarray([e.ids for e in enc], dtype=np.int64),
                "attention_mask": np.asarray([e.attention_mask for e in enc], dtype=np.int64),
                "token_type_ids": np.asarray([e.type_ids for e in enc], dtype=np.int64),
            }
            out[idx] = self.session.run(None, feed)[0]
        return out

    def probabilities(self, pairs: Sequence[tuple[str, str]], batch: int = 32) -> np.ndarray:
        """P(supports) per pair, ignoring relatedness: the support-vs-undermine decision alone."""
        claims = [c for c, _ in pairs]
        statements = [s for _, s in pairs]
        probs = []
        if self.order in (CLAIM_FIRST, BOTH):
            probs.append(softmax(self.logits(claims, statements, batch))[:, 1])
        if self.order in (CLAIM_FIRST, BOTH) and self.negated_view:
            # the model also learned negated claims: P(supports | c, s) should be 1 - P(supports | not c, s)
            negated = [negate(c) for c in claims]
            view = probs[-1].copy()
            idx = [i for i, n in enumerate(negated) if n]
            if idx:
                firsts = [n for n in negated if n]
                flipped = softmax(self.logits(firsts, [statements[i] for i in idx], batch))
                view[idx] = flipped[:, 0]
            probs.append(view)
        if self.order in (STATEMENT_FIRST, BOTH):
            probs.append(softmax(self.logits(statements, claims, batch))[:, 1])
        return np.mean(probs, axis=0) if pairs else np.zeros(0, dtype=np.float32)

    def relatedness(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Encoder cosine of each claim with its statement: below `threshold` the pair is 'neither'."""
        return relatedness([c for c, _ in pairs], [s for _, s in pairs], self.encoder)

    def predict(self, pairs: Sequence[tuple[str, str]], batch: int = 32) -> list[tuple[str, float]]:
        """("supports" | "opposes" | "neither", confidence in [0, 1] of that label) per (claim, statement)."""
        if not pairs:
            return []
        p = self.probabilities(pairs, batch)
        related = self.relatedness(pairs)
        out: list[tuple[str, float]] = []
        for ps, cos in zip(p.tolist(), related.tolist(), strict=True):
            if cos < self.threshold:
                out.append((NEITHER, round(min(1.0, max(0.0, 1.0 - cos)), 4)))
            elif ps >= 0.5:
                out.append((LABELS[1], round(ps, 4)))
            else:
                out.append((LABELS[0], round(1.0 - ps, 4)))
        return out


def parse_request(raw: bytes | str) -> tuple[str, str] | str:
    """(claim, statement) of one `quotetrail stance` input line, or why it cannot be read."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        rec = json.loads(text)
    except UnicodeDecodeError:
        return "not UTF-8"
    except json.JSONDecodeError as exc:
        return f"not JSON ({exc.msg})"
    if not isinstance(rec, dict):
        return "not a JSON object"
    missing = [k for k in ("claim", "statement") if not isinstance(rec.get(k), str)]
    if missing:
        return "needs string fields claim and statement (" + ", ".join(missing) + " missing or not text)"
    if not rec["claim"].strip() or not rec["statement"].strip():
        return "claim and statement must not be empty"
    return rec["claim"], rec["statement"]


def stance_folder() -> Path:
    """The stance model to use: $QUOTETRAIL_STANCE, else the packaged one."""
    env = os.environ.get(ENV_STANCE)
    return Path(env).expanduser() if env else PACKAGED_STANCE


@functools.lru_cache(maxsize=4)
def _cached(folder: Path, env: str = ENV_STANCE) -> StanceModel:
    return StanceModel(folder, env=env)


def stance_model() -> StanceModel:
    """The stance model of `stance_folder()`, loaded once per process."""
    return _cached(stance_folder())


def agreement_folder() -> Path:
    """The model reading a claim's member against its label: $QUOTETRAIL_AGREEMENT, else the packaged one."""
    env = os.environ.get(ENV_AGREEMENT)
    return Path(env).expanduser() if env else PACKAGED_AGREEMENT


def agreement_model() -> StanceModel:
    """The stance model claims use (two statements, not a claim and a statement), loaded once per process."""
    return _cached(agreement_folder(), ENV_AGREEMENT)


__all__ = [
    "ENV_AGREEMENT",
    "ENV_STANCE",
    "LABELS",
    "NEITHER",
    "ORDERS",
    "PACKAGED_AGREEMENT",
    "PACKAGED_STANCE",
    "StanceModel",
    "agreement_folder",
    "agreement_model",
    "negate",
    "parse_request",
    "relatedness",
    "softmax",
    "stance_folder",
    "stance_model",
]
