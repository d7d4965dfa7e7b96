"""Permutation importance (drop in average precision) of the content and source models on dev,
with dev labels from the full brat parse. Features are grouped as in linkfeat.py."""
import json, pickle, sys
import numpy as np
from sklearn.metrics import average_precision_score
import linkfeat as LF

PUNCT = ["btw_empty", "btw_comma", "btw_colon", "btw_comma_quote", "btw_that", "btw_has_comma", "btw_has_colon", "btw_newline", "btw_only_punct"]
NB = len(LF.CUE_BUCKETS) + 1
CNT = ["sgap", "log_sgap", "after", "partial_overlap", "tok_gap", "log_tok_gap", "rank_side", "nearest_side", "rank_all", "heuristic_choice",
       "n_cues_btw", "n_contents_btw", "n_sources_btw", "newlines_btw", "sent_breaks_btw", "quotes_btw",
       "quote_at_start", "quote_at_end", "ends_sentence", "log_len", "n_tokens", "other_cue_closer", "log_gap_other_cue", "gap_ratio_other_cue",
       *PUNCT, "that_after_cue", "cue_ntok", "src_adjacent_before", "src_adjacent_after", "n_cands"] + ["cue_vocab"] * NB
SRC = ["sgap", "log_sgap", "after", "tok_gap", "rank_side", "nearest_side", "rank_all", "nearest_all", "n_cues_btw", "n_contents_btw", "n_sources_btw",
       "newlines_btw", "sent_breaks_btw", "quotes_btw", "other_cue_closer", "log_len", "n_tokens", "pronoun", "capitalized", *PUNCT,
       "has_content", "in_content", "opposite_side_of_content", "between_cue_and_content", "log_gap_content", "n_cands"] + ["cue_vocab"] * NB
model = sys.argv[1] if len(sys.argv) > 1 else "linker_hgb_pred.pkl"
mc, mp, ms = pickle.load(open(model, "rb"))
texts, gold = LF.read_split("dev")
spans = json.load(open("spans_dev.json"))
Xc, yc, Xs, ys = [], [], [], []
for d in sorted(spans):
    ctx, recs = LF.build_doc(texts[d], spans[d], gold[d])
    for rec in recs:
        Xc += rec["X"]; yc += rec["y"]
        pos = [c for c, y in zip(rec["cand"], rec["y"]) if y]
        if rec.get("gold") is None or not pos: continue
        xs = LF.src_examples(texts[d], ctx, rec, pos[0]); lab, _ = LF.src_labels(texts[d], rec)
        for x, y, s in zip(xs, lab, rec["scand"]):
            if not LF.overlap(s, pos[0]): Xs.append(x); ys.append(y)
rng = np.random.default_rng(0)
for name, m, X, y, names in (("content", mc, np.array(Xc), np.array(yc), CNT), ("source", ms, np.array(Xs), np.array(ys), SRC)):
    assert X.shape[1] == len(names), (X.shape, len(names))
    base = average_precision_score(y, m.predict_proba(X)[:, 1])
    print(f"{name}: {len(y)} dev examples, AP {base:.4f}")
    out = []
    for g in dict.fromkeys(names):
        cols = [i for i, n in enumerate(names) if n == g]
        Xp = X.copy(); perm = rng.permutation(len(X)); Xp[:, cols] = X[perm][:, cols]
        out.append((base - average_precision_score(y, m.predict_proba(Xp)[:, 1]), g))
    for dv, g in sorted(out, reverse=True)[:12]:
        print(f"  {g:28s} -{dv:.4f}")
