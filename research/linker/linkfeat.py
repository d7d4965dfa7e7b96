"""Candidate generation, features and gold labels for a learned cue -> content / source linker.

No parser: everything is computed from character offsets of the tagger's spans and the raw text.
"""
from __future__ import annotations

import math
import os
import re
from bisect import bisect_left

from quotetrail.evaluate import brat_annotations, letters
from quotetrail.relations import join_cue_pieces

MAX_CNT = 400   # chars between cue and candidate content
MAX_SRC = 150   # chars between cue and candidate source

QUOTES = set('"“”‘’\'«»')
SENT_RE = re.compile(r'[.!?]["\'”’]?\s+["“‘]?[A-Z0-9]')
PRON = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "who", "which", "that"}

CUE_BUCKETS = [
    ("say", {"said", "says", "say", "saying"}),
    ("tell", {"told", "tell", "tells", "telling"}),
    ("according", {"according"}),
    ("add", {"added", "adds", "add", "adding"}),
    ("state", {"stated", "states", "statement", "state"}),
    ("note", {"noted", "notes", "note"}),
    ("ask", {"asked", "asks", "ask", "question"}),
    ("write", {"wrote", "writes", "write", "tweeted", "tweet", "posted"}),
    ("report", {"reported", "reports", "report", "reporting", "reportedly"}),
    ("claim", {"claimed", "claims", "claim", "argued", "argues", "insisted", "contended", "alleged"}),
    ("believe", {"believe", "believes", "believed", "think", "thinks", "thought", "feel", "feels", "felt",
                 "want", "wants", "wanted", "hope", "hopes", "expect", "expects", "fear", "fears"}),
    ("announce", {"announced", "announces", "announce", "declared", "declares"}),
    ("call", {"called", "calls", "call", "urged", "urges"}),
    ("explain", {"explained", "explains", "described", "describes"}),
    ("show", {"shows", "showed", "show", "found", "finds", "suggests", "suggested", "indicated"}),
]
CUE_VOCAB = {w: i for i, (_, ws) in enumerate(CUE_BUCKETS) for w in ws}


def cue_bucket(text: str) -> int:
    toks = re.findall(r"[a-z]+", text.lower())
    for t in toks:
        if t in CUE_VOCAB:
            return CUE_VOCAB[t]
    return len(CUE_BUCKETS)  # other


def gap(a, b) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def inside(a, b) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def signed_gap(c, q) -> int:
    """> 0: candidate after cue; < 0 before; 0 touching/overlapping."""
    if c[0] >= q[1]:
        return c[0] - q[1]
    if c[1] <= q[0]:
        return -(q[0] - c[1])
    return 0


def between(c, q):
    """Span strictly between candidate and cue (empty if they overlap)."""
    if c[0] >= q[1]:
        return (q[1], c[0])
    if c[1] <= q[0]:
        return (c[1], q[0])
    return (min(c[1], q[1]), min(c[1], q[1]))


def n_in(sorted_spans, lo, hi, exclude=()):
    return sum(1 for s in sorted_spans if lo <= s[0] and s[1] <= hi and s not in exclude)


def punct_class(btxt: str) -> list[float]:
    s = btxt.strip()
    return [s == "", s == ",", s == ":", s in {",\"", "\",", ",”", "”,", ",'"}, s.lower() == "that",
            "," in s, ":" in s, "\n" in btxt, len(s) > 0 and all(ch in QUOTES or ch in ",.:; " for ch in s)]


def log1(x):
    return math.log1p(abs(x)) * (1 if x >= 0 else -1)


def quote_feats(text, c):
    s, e = c
    pre = text[max(0, s - 2):s]
    post = text[e:e + 2]
    first = text[s:s + 1]
    last = text[max(s, e - 1):e]
    return [any(ch in QUOTES for ch in pre) or first in QUOTES,
            any(ch in QUOTES for ch in post) or last in QUOTES,
            text[max(s, e - 2):e + 1].strip()[-1:] in {".", "?", "!"} if e > s else False]


CNT_NAMES = None
SRC_NAMES = None


def content_features(text, q, c, ctx):
    """Features of content candidate c for cue q; ctx holds the document's sorted spans."""
    sg = signed_gap(c, q)
    b = between(c, q)
    btxt = text[b[0]:b[1]]
    after = c[0] >= q[1]
    part_ov = overlap(c, q)
    same_side = [x for x in ctx["cand"] if (x[0] >= q[1]) == after]
    rank_side = sorted(same_side, key=lambda x: gap(x, q)).index(c)
    rank_all = sorted(ctx["cand"], key=lambda x: (gap(x, q), 0 if x[0] >= q[1] else 1, x)).index(c)
    ncue = n_in(ctx["cue"], b[0], b[1])
    ncnt = n_in(ctx["content"], b[0], b[1])
    nsrc = n_in(ctx["source"], b[0], b[1])
    # competition: another cue closer to this candidate than q
    other = [gap(c, x) for x in ctx["cue"] if x != q and not inside(x, c)]
    closer_cue = min(other) < gap(c, q) if other else False
    min_other = min(other) if other else 1000
    qf = quote_feats(text, c)
    bucket = cue_bucket(text[q[0]:q[1]])
    onehot = [bucket == i for i in range(len(CUE_BUCKETS) + 1)]
    cue_ntok = len(text[q[0]:q[1]].split())
    # "that" right after the cue
    post_cue = text[q[1]:q[1] + 6].strip().lower()
    # source adjacency
    src_near_before = any(0 <= q[0] - s[1] <= 3 for s in ctx["source"])
    src_near_after = any(0 <= s[0] - q[1] <= 3 for s in ctx["source"])
    clen = c[1] - c[0]
    ntok = len(btxt.split())
    feats = [
        sg, log1(sg), after, part_ov, ntok, math.log1p(ntok),
        rank_side, rank_side == 0, rank_all, rank_all == 0,
        ncue, ncnt, nsrc,
        btxt.count("\n"), len(SENT_RE.findall(btxt)),
        sum(ch in QUOTES for ch in btxt),
        *qf,
        math.log1p(clen), len(text[c[0]:c[1]].split()),
        closer_cue, math.log1p(min_other), math.log1p(gap(c, q)) - math.log1p(min_other),
        *punct_class(btxt),
        post_cue.startswith("that"),
        cue_ntok, src_near_before, src_near_after,
        len(ctx["cand"]),
        *onehot,
    ]
    return [float(x) for x in feats]


def source_features(text, q, s, content, ctx):
    """Features of source candidate s for cue q, given the chosen content (or None)."""
    sg = signed_gap(s, q)
    b = between(s, q)
    btxt = text[b[0]:b[1]]
    after = s[0] >= q[1]
    same_side = [x for x in ctx["scand"] if (x[0] >= q[1]) == after]
    rank_side = sorted(same_side, key=lambda x: gap(x, q)).index(s)
    rank_all = sorted(ctx["scand"], key=lambda x: (gap(x, q), x)).index(s)
    ncue = n_in(ctx["cue"], b[0], b[1])
    ncnt = n_in(ctx["content"], b[0], b[1])
    nsrc = n_in(ctx["source"], b[0], b[1])
    other = [gap(s, x) for x in ctx["cue"] if x != q]
    closer_cue = min(other) < gap(s, q) if other else False
    stxt = text[s[0]:s[1]]
    toks = stxt.lower().split()
    bucket = cue_bucket(text[q[0]:q[1]])
    onehot = [bucket == i for i in range(len(CUE_BUCKETS) + 1)]
    if content is not None:
        in_cnt = overlap(s, content)
        c_after = content[0] >= q[1]
        opp = after != c_after
        btw = (q[1] <= s[0] and s[1] <= content[0]) or (content[1] <= s[0] and s[1] <= q[0])
        cg = gap(s, content)
    else:
        in_cnt, opp, btw, cg = False, False, False, 1000
    feats = [
        sg, log1(sg), after, len(btxt.split()), rank_side, rank_side == 0, rank_all, rank_all == 0,
        ncue, ncnt, nsrc, btxt.count("\n"), len(SENT_RE.findall(btxt)), sum(ch in QUOTES for ch in btxt),
        closer_cue, math.log1p(s[1] - s[0]), len(toks),
        len(toks) == 1 and toks[0] in PRON, stxt[:1].isupper(),
        *punct_class(btxt),
        content is not None, in_cnt, opp, btw, math.log1p(cg),
        len(ctx["scand"]), *onehot,
    ]
    return [float(x) for x in feats]


# --- gold ---------------------------------------------------------------------------------------

def parse_brat_full(path):
    """Attribution relations of one .ann, resolving T ids defined anywhere in the file."""
    spans, events = {}, []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _lab, _, offs = parts[1].partition(" ")
            try:
                spans[parts[0]] = [tuple(int(x) for x in f.split()) for f in offs.split(";")]
            except ValueError:
                pass
        elif line.startswith("E") and len(parts) >= 2:
            args = parts[1].split()
            if args and args[0].startswith("Attribution"):
                events.append(args[1:])
    rels = []
    for args in events:
        r = {"source": [], "cue": [], "content": []}
        for a in args:
            name, _, tid = a.partition(":")
            role = name.rstrip("0123456789").lower()
            if role in r and tid in spans:
                r[role].extend(spans[tid])
        if r["content"] or r["cue"]:
            rels.append(r)
    return rels


def read_split(split):
    folder = f"/work/shared/data/polnear/{split}"
    texts, gold = {}, {}
    for doc, ann in brat_annotations(folder).items():
        texts[doc] = open(os.path.join(folder, "text", doc + ".txt"), encoding="utf-8").read()
        gold[doc] = parse_brat_full(ann)
    return texts, gold


def jacc(a, b):
    return len(a & b) / len(a | b) if (a or b) else 1.0


# --- building examples ----------------------------------------------------------------------------

def doc_context(text, spans):
    content = sorted(tuple(x) for x in spans.get("content", []))
    source = sorted(tuple(x) for x in spans.get("source", []))
    cues = join_cue_pieces(text, sorted(tuple(x) for x in spans.get("cue", [])))
    return {"content": content, "source": source, "cue": cues}


def cue_candidates(q, ctx):
    cand = [c for c in ctx["content"] if not inside(q, c) and gap(c, q) <= MAX_CNT]
    scand = [s for s in ctx["source"] if gap(s, q) <= MAX_SRC and not overlap(s, q)]
    return cand, scand


def build_doc(text, spans, gold_rels=None):
    """Per cue: content candidates with features (+labels), source candidates with features (+labels).

    Source features are computed twice at train time is avoided: they are given the content
    chosen by `content_for_source` (gold-matching candidate in training; the prediction at test).
    Returns list of dicts.
    """
    ctx = doc_context(text, spans)
    out = []
    glet = None
    if gold_rels is not None:
        glet = [{r: letters(text, g[r]) for r in ("source", "cue", "content")} for g in gold_rels]
    for q in ctx["cue"]:
        cand, scand = cue_candidates(q, ctx)
        ctx["cand"], ctx["scand"] = cand, scand
        rec = {"cue": q, "cand": cand, "scand": scand,
               "X": [content_features(text, q, c, ctx) for c in cand]}
        if glet is not None:
            ql = letters(text, [q])
            best, bo = None, 0
            for g in glet:
                o = len(ql & g["cue"])
                if o > bo:
                    best, bo = g, o
            rec["gold"] = best
            if best is None:
                rec["y"] = [0] * len(cand)
                rec["ypart"] = [0] * len(cand)
            else:
                rec["y"] = [int(jacc(letters(text, [c]), best["content"]) >= 0.5) for c in cand]
                rec["ypart"] = []
                for c in cand:
                    cl = letters(text, [c])
                    rec["ypart"].append(int(bool(cl) and len(cl & best["content"]) / len(cl) >= 0.8))
        out.append(rec)
    return ctx, out


def src_examples(text, ctx, rec, content):
    q = rec["cue"]
    ctx["cand"], ctx["scand"] = rec["cand"], rec["scand"]
    return [source_features(text, q, s, content, ctx) for s in rec["scand"]]


def src_labels(text, rec):
    g = rec.get("gold")
    if g is None:
        return [0] * len(rec["scand"]), 0
    ys = [int(bool(letters(text, [s]) & g["source"])) for s in rec["scand"]]
    return ys, int(not g["source"])
