"""How well does a stance model tell whether two statements of one claim take the same side? (research)

    [QUOTETRAIL_STANCE=DIR] PYTHONPATH=src python research/claims_stance/agree_eval.py eval/claims/news1 ...

Stance in a claim is judged against the claim's label statement, so what matters is agreement
between two statements. For every pair of gold members of one claim: agree when both have the same
stance; the model's P(supports | a, b) >= 0.5 is its call. Also 1,500 random pairs of PERSPECTRUM dev
perspectives of one claim (one text per paraphrase cluster), and the held-out written disputes'
agreement pairs (agree_pairs.py held) when given with --held FILE.
"""
import json, sys, random, itertools
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src"))
import numpy as np
from quotetrail.claims_eval import read_claims_gold
from quotetrail.stance import stance_model
m = stance_model()
def acc(pairs, gold):
    p = m.probabilities(pairs)
    return np.mean((p >= 0.5) == np.asarray(gold)), len(pairs)
args = sys.argv[1:]
held = None
if "--held" in args:
    i = args.index("--held"); held = args[i + 1]; del args[i:i + 2]
for f in args:
    g = read_claims_gold(f)
    pairs, gold = [], []
    for a, b in itertools.combinations(g.members, 2):
        if a.claim == b.claim:
            pairs.append((g.content_text(a), g.content_text(b))); gold.append(a.stance == b.stance)
    print(f, "gold-claim pairs agree acc %.3f n=%d" % acc(pairs, gold), "agree share %.2f" % np.mean(gold))
claims = json.load(open("/work/shared/data/perspectrum/claims_dev.json"))
texts = {p["pId"]: p["text"] for p in json.load(open("/work/shared/data/perspectrum/perspectives_dev.json"))}
rng = random.Random(1); pairs, gold = [], []
for c in claims:
    ps = [(texts[pid], cl["stance_label_3"]) for cl in c["perspectives"] for pid in cl["pids"][:1]]
    for (a, sa), (b, sb) in itertools.combinations(ps, 2):
        pairs.append((a, b)); gold.append(sa == sb)
idx = rng.sample(range(len(pairs)), 1500)
print("perspectrum dev perspective pairs %.3f n=%d" % acc([pairs[i] for i in idx], [gold[i] for i in idx]))
if held:
    rows = [json.loads(l) for l in open(held)]
    print("held-out written disputes %.3f n=%d" % acc([(r["claim"], r["statement"]) for r in rows], [r["stance"] == "supports" for r in rows]))
