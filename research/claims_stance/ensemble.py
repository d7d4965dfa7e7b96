"""Stance toward the proposition on news1, news4 and news5 gold contents: each model and their averaged P(supports) (research).

    PYTHONPATH=src python research/claims_stance/ensemble.py   # the third model is a run folder of this session
"""
import sys, numpy as np
from pathlib import Path
from quotetrail.claims_eval import read_claims_gold
from quotetrail.claims import claim_text
from quotetrail.stance import StanceModel
models = {n: StanceModel(Path(p)) for n, p in [("stance", "src/quotetrail/models/stance"), ("agreement", "src/quotetrail/models/agreement"), ("new", "/tmp/qt/s11/agree4")]}
P, G = {n: [] for n in models}, []
for f in ["eval/claims/news1", "eval/claims/news4", "eval/claims/news5"]:
    g = read_claims_gold(f)
    pairs = [(g.propositions[x.claim], claim_text(g.content_text(x))) for x in g.members]
    G += [x.stance == "supports" for x in g.members]
    for n, m in models.items():
        P[n] += list(m.probabilities(pairs))
G = np.asarray(G)
for combo in [("stance",), ("agreement",), ("new",), ("stance", "agreement"), ("stance", "new"), ("stance", "agreement", "new")]:
    p = np.mean([P[n] for n in combo], axis=0)
    print(combo, round(float(np.mean((p >= 0.5) == G)), 3))
