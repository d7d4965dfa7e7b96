"""The trained extractor: a word-piece BIO tagger run in ONNX Runtime (no PyTorch), then grouping.

Reads: a text and a model folder (`model.onnx`, `tokenizer.json`, `config.json`). Writes: role
spans per text (`tag`) and relations (`extract`). Long texts are cut into overlapping windows;
each word piece keeps the logits of the window where it sits most centrally.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelNotFound
from .linker import Linker
from .quotes import find_quotes
from .relations import ROLES, decode_bio, extend_sources, group, split_at_paragraphs
from .types import Span

ENV_MODEL = "QUOTETRAIL_MODEL"
"""A model folder to use instead of the packaged one."""

PACKAGED = Path(__file__).parent / "models" / "attribution"
"""Where the shipped model lives inside the package."""


@dataclass(frozen=True)
class TaggerConfig:
    """How the model was trained to see text: window size, overlap, special ids, role order."""

    window: int = 256
    stride: int = 192
    cls_id: int = 101
    sep_id: int = 102
    roles: tuple[str, ...] = ROLES
    batch: int = 8

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TaggerConfig:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "roles" in known:
            known["roles"] = tuple(known["roles"])
        return cls(**known)


def windows(n: int, window: int, stride: int) -> list[tuple[int, int]]:
    """Word-piece ranges covering n pieces, each at most window - 2 long (room for [CLS] and [SEP])."""
    size = window - 2
    if n <= size:
        return [(0, n)]
    out: list[tuple[int, int]] = []
    start = 0
    while True:
        end = min(start + size, n)
        out.append((start, end))
        if end == n:
            return out
        start += stride


def batch_windows(ids: np.ndarray, wins: list[tuple[int, int]], cls_id: int, sep_id: int) -> tuple[Any, Any]:
    """Input ids and attention masks for a batch of windows, padded to the longest."""
    length = max(e - s for s, e in wins) + 2
    x = np.zeros((len(wins), length), dtype=np.int64)
    mask = np.zeros((len(wins), length), dtype=np.int64)
    for i, (s, e) in enumerate(wins):
        x[i, 0] = cls_id
        x[i, 1 : e - s + 1] = ids[s:e]
        x[i, e - s + 1] = sep_id
        mask[i, : e - s + 2] = 1
    return x, mask


def merge_logits(n: int, wins: list[tuple[int, int]], logits: list[np.ndarray]) -> np.ndarray:
    """Per word piece, the logits of the window in which it is most central (far from both edges)."""
    width = logits[0].shape[-1]
    out = np.zeros((n, width), dtype=np.float32)
    best = np.full(n, -1)
    for (s, e), lg in zip(wins, logits, strict=True):
        idx = np.arange(s, e)
        centrality = np.minimum(idx - s, e - 1 - idx)
        better = centrality > best[s:e]
        out[idx[better]] = lg[1 : e - s + 1][better]
        best[s:e][better] = centrality[better]
    return out


class Tagger:
    """A loaded model: call `tag(text)` for role spans or `extract(text)` for relations."""

    def __init__(self, folder: Path, threads: int | None = None) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are install requirements
            raise ModelNotFound(f"cannot load the trained model: {exc}") from exc
        for name in ("model.onnx", "tokenizer.json", "config.json"):
            if not (folder / name).is_file():
                raise ModelNotFound(
                    f"no {name} in the model folder",
                    path=str(folder),
                    remedy=f"point {ENV_MODEL} at a model folder",
                )
        data = json.loads((folder / "config.json").read_text("utf-8"))
        self.config = TaggerConfig.from_json(data)
        expected = data.get("model_sha256")
        if expected and hashlib.sha256((folder / "model.onnx").read_bytes()).hexdigest() != expected:
            raise ModelNotFound(
                "model.onnx does not match the sha256 in config.json (damaged or replaced)",
                path=str(folder),
                remedy="reinstall quotetrail, or retrain with `quotetrail train`",
            )
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        linker = folder / "linker.json"
        self.linker = Linker.load(linker) if linker.is_file() else None

    def tag(self, text: str) -> dict[str, list[Span]]:
        """Role spans of a text: every stretch the model tags as source, cue or content."""
        cfg = self.config
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        if not enc.ids:
            return {r: [] for r in cfg.roles}
        ids = np.asarray(enc.ids, dtype=np.int64)
        wins = windows(len(ids), cfg.window, cfg.stride)
        logits: list[np.ndarray] = []
        for b in range(0, len(wins), cfg.batch):
            x, mask = batch_windows(ids, wins[b : b + cfg.batch], cfg.cls_id, cfg.sep_id)
            logits.extend(self.session.run(None, {"input_ids": x, "attention_mask": mask})[0])
        merged = merge_logits(len(ids), wins, logits)
        tags = merged.reshape(len(ids), len(cfg.roles), 3).argmax(-1)
        spans = {r: decode_bio(enc.offsets, tags[:, k].tolist()) for k, r in enumerate(cfg.roles)}
        if "content" in spans:
            spans["content"] = split_at_paragraphs(text, spans["content"], find_quotes(text))
        return spans

    def extract(self, text: str) -> list[dict[str, list[Span]]]:
        """Relations of a text: its role spans linked by the learned linker (else grouped around cues)."""
        spans = self.tag(text)
        relations = self.linker.link(text, spans) if self.linker else group(spans, text)
        return extend_sources(text, relations, spans.get("source", []))


def model_folder() -> Path:
    """The model to use: $QUOTETRAIL_MODEL, else the packaged one."""
    env = os.environ.get(ENV_MODEL)
    return Path(env).expanduser() if env else PACKAGED


__all__ = [
    "ENV_MODEL",
    "PACKAGED",
    "Tagger",
    "TaggerConfig",
    "batch_windows",
    "merge_logits",
    "model_folder",
    "windows",
]
