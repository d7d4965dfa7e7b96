"""Sentence vectors from the packaged all-MiniLM-L6-v2, run in ONNX Runtime (no PyTorch at inference).

Reads: a model folder (`model.onnx` that already mean-pools over the attention mask and L2-normalises,
`tokenizer.json`, `config.json` with the model's sha256). Writes: float32 vectors of unit length, one per
text, so a dot product is the cosine. `research/encoder/export.py` builds the folder and measures how
closely the int8 model agrees with sentence-transformers.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelNotFound

ENV_ENCODER = "QUOTETRAIL_ENCODER"
"""An encoder folder to use instead of the packaged one."""

PACKAGED_ENCODER = Path(__file__).parent / "models" / "encoder"
"""Where the shipped encoder lives inside the package."""

ENV_CLAIM_ENCODER = "QUOTETRAIL_CLAIM_ENCODER"
"""A claim-grouping encoder folder to use instead of the packaged one."""

PACKAGED_CLAIM_ENCODER = Path(__file__).parent / "models" / "claims_encoder"
"""The encoder fine-tuned for claim grouping (research/claims_news), used beside the base encoder."""

DIM = 384
MAX_PIECES = 128
"""Word pieces per text, [CLS] and [SEP] included: what all-MiniLM-L6-v2 was trained on."""


def file_sha256(path: Path) -> str:
    """Hex digest of a file, to check that a model folder holds the weights its config names."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_session(folder: Path, env: str, retrain: str, threads: int | None = None) -> tuple[Any, Any, dict]:
    """(ONNX session, tokenizer, config) of a model folder whose model.onnx matches its config's sha256."""
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - both are install requirements
        raise ModelNotFound(f"cannot load the model: {exc}") from exc
    for name in ("model.onnx", "tokenizer.json", "config.json"):
        if not (folder / name).is_file():
            raise ModelNotFound(
                f"no {name} in the model folder", path=str(folder), remedy=f"point {env} at a model folder"
            )
    config = json.loads((folder / "config.json").read_text("utf-8"))
    expected = config.get("model_sha256") or config.get("onnx", {}).get("sha256")
    if expected and file_sha256(folder / "model.onnx") != expected:
        raise ModelNotFound(
            "model.onnx does not match the sha256 in config.json (damaged or replaced)",
            path=str(folder),
            remedy=f"reinstall quotetrail, or {retrain}",
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    return session, tokenizer, config


class Encoder:
    """A loaded sentence encoder: `encode(texts)` gives one unit vector per text."""

    def __init__(self, folder: Path | None = None, threads: int | None = None) -> None:
        self.folder = folder or encoder_folder()
        self.session, self.tokenizer, self.config = load_session(
            self.folder, ENV_ENCODER, "export it again with research/encoder/export.py", threads
        )
        self.max_pieces = int(self.config.get("max_pieces", MAX_PIECES))
        self.dim = int(self.config.get("dim", DIM))
        self.tokenizer.enable_truncation(self.max_pieces)
        self.tokenizer.no_padding()

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """Vectors (n, 384), float32, L2-normalised; texts are cut at 128 word pieces.

        Batches hold texts of similar length (little padding). int8 dynamic quantization scales
        activations per batch, so a vector moves slightly with its companions (cosine >= 0.98).
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        pieces = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(texts)), key=lambda i: len(pieces[i]))
        for b in range(0, len(order), batch):
            idx = order[b : b + batch]
            ids, mask = pad([pieces[i] for i in idx])
            out[idx] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out


def pad(rows: list[list[int]], pad_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Ids and attention mask of word-piece rows padded to the longest."""
    length = max(len(r) for r in rows)
    ids = np.full((len(rows), length), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), length), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
        mask[i, : len(r)] = 1
    return ids, mask


def encoder_folder() -> Path:
    """The encoder to use: $QUOTETRAIL_ENCODER, else the packaged one."""
    env = os.environ.get(ENV_ENCODER)
    return Path(env).expanduser() if env else PACKAGED_ENCODER


@functools.lru_cache(maxsize=4)
def _cached(folder: Path) -> Encoder:
    return Encoder(folder)


def encoder() -> Encoder:
    """The encoder of `encoder_folder()`, loaded once per process."""
    return _cached(encoder_folder())


class MixedEncoder:
    """Several encoders' unit vectors side by side, each scaled by the root of its weight.

    The dot product of two such vectors is the weighted mean of the parts' cosines, so grouping,
    thresholds and the embedding cache work on them as on one encoder's vectors.
    """

    def __init__(self, parts: list[tuple[Any, float]]) -> None:
        if not parts or any(w <= 0 for _, w in parts) or abs(sum(w for _, w in parts) - 1) > 1e-6:
            raise ValueError("mixed encoder weights must be positive and sum to 1")
        self.parts = parts
        self.dim = sum(int(getattr(e, "dim", DIM)) for e, _ in parts)
        shas = [(_sha(e), w) for e, w in parts]
        key = json.dumps(shas, sort_keys=True).encode("utf-8")
        self.config = {"model_sha256": hashlib.sha256(key).hexdigest(), "parts": shas}

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """Unit vectors (n, sum of the parts' widths), float32."""
        blocks = [np.sqrt(w) * e.encode(texts, batch=batch) for e, w in self.parts]
        return np.hstack(blocks).astype(np.float32) if blocks else np.zeros((0, self.dim), np.float32)


def _sha(enc: Any) -> str:
    """The sha256 an encoder's config names (its class name if none): the part's cache identity."""
    return str((getattr(enc, "config", None) or {}).get("model_sha256", type(enc).__name__))


def claim_encoder_folder() -> Path:
    """The claim-grouping encoder to use: $QUOTETRAIL_CLAIM_ENCODER, else the packaged one."""
    env = os.environ.get(ENV_CLAIM_ENCODER)
    return Path(env).expanduser() if env else PACKAGED_CLAIM_ENCODER


def claim_encoder() -> Encoder | MixedEncoder:
    """The vectors claims are grouped and asked by: the claim encoder beside the base encoder.

    The claim encoder's config names the base encoder's weight (`mix_with_base`); without it the
    claim encoder is used alone (so pointing $QUOTETRAIL_CLAIM_ENCODER at the base folder restores
    the base encoder alone).
    """
    folder = claim_encoder_folder()
    claims = _cached(folder)
    base = float(claims.config.get("mix_with_base", 0) or 0)
    if not 0 <= base < 1:
        raise ModelNotFound(
            f"mix_with_base must be at least 0 and below 1, not {base}",
            path=str(folder / "config.json"),
            remedy="fix config.json or export the claim encoder again",
        )
    return MixedEncoder([(encoder(), base), (claims, 1 - base)]) if base > 0 else claims


__all__ = [
    "DIM",
    "ENV_CLAIM_ENCODER",
    "ENV_ENCODER",
    "MAX_PIECES",
    "PACKAGED_CLAIM_ENCODER",
    "PACKAGED_ENCODER",
    "Encoder",
    "MixedEncoder",
    "claim_encoder",
    "claim_encoder_folder",
    "encoder",
    "encoder_folder",
]
