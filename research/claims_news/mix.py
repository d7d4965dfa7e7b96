"""Claim grouping with the base encoder and a claim encoder side by side, weighted (research).

    PYTHONPATH=src python research/claims_news/mix.py CLAIM_ENCODER_FOLDER eval/claims/news1

Each folder is extracted once into a scratch store (as `eval-claims --gold` does); the statements are
encoded by both encoders and grouped (claims.group) with the vectors side by side, the base
encoder's scaled by sqrt(w) and the claim encoder's by sqrt(1 - w), so a dot product is
w x base cosine + (1 - w) x claim-encoder cosine. Scored over the gold members (pairwise P/R/F1).
"""
import sys, json, tempfile
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from quotetrail.claims import _normalised, group, statement_vectors
from quotetrail.claims_eval import PredMember, doc_stem, pool_golds, pooled_names, score_claims
from quotetrail.cli import add_gold_texts
from quotetrail.embed import Encoder
from quotetrail.store import Store
from quotetrail.embed import PACKAGED_ENCODER
stock = Encoder(PACKAGED_ENCODER)
disp = Encoder(Path(sys.argv[1]))
folders = sys.argv[2:]
gold = pool_golds(folders)
pooled = pooled_names(gold)
with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.db") as store:
    add_gold_texts(store, folders)
    ga = statement_vectors(store, stock); gb = statement_vectors(store, disp)
    assert [r["content"] for r in ga.rows] == [r["content"] for r in gb.rows]
    names = {r[0]: r[1] for r in store._conn.execute("SELECT id, name FROM documents")}
    base = []
    for r in ga.rows:
        name = names[r["doc_id"]]
        base.append((pooled.get(doc_stem(name), name), tuple(tuple(x) for x in json.loads(r["content"]))))
    A, B = _normalised(ga.matrix), _normalised(gb.matrix)
    print(len(A), "statements")
    for w in (1.0, 0.5, 0.25, 0.0):
        V = np.hstack([np.sqrt(w) * A, np.sqrt(1 - w) * B])
        for t in np.arange(0.3, 0.66, 0.05):
            pred = [PredMember(d, c, str(int(g)), "supports") for (d, c), g in zip(base, group(V, t, method="exact"))]
            p = score_claims(gold, pred)["pairs"]
            print(f"w_stock {w} t {t:.2f} P {p['p']:.3f} R {p['r']:.3f} F1 {p['f1']:.3f}")
