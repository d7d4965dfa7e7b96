"""Cue-anchored grouping of role spans into attribution relations (heuristic, no learning)."""

def gap(a, b):
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))

def inside(a, b):
    return b[0] <= a[0] and a[1] <= b[1]

def group(text, spans, max_src_gap=80, max_cnt_gap=200, two_sided=False, eff=False, right_pen=1, merge_content=0, merge_cue=True):
    """spans: {"source": [(s,e)], "cue": [...], "content": [...]} -> list of relations."""
    if merge_cue:
        # adjacent cue pieces ("further" "asserted") separated only by whitespace -> one cue
        merged = []
        for x in sorted(spans["cue"]):
            if merged and 0 <= x[0] - merged[-1][1] <= 1 and not text[merged[-1][1]:x[0]].strip():
                merged[-1] = (merged[-1][0], max(merged[-1][1], x[1]))
            else:
                merged.append(tuple(x))
        spans = dict(spans, cue=merged)
    if merge_content:
        # the tagger often splits one content at a comma (B mid-span): merge spans separated only by
        # whitespace/punctuation that contains no cue
        merged = []
        for x in sorted(spans["content"]):
            if merged and 0 <= x[0] - merged[-1][1] <= merge_content and \
                    not any(ch.isalnum() for ch in text[merged[-1][1]:x[0]]) and \
                    not any(merged[-1][1] <= c[0] < x[0] for c in spans["cue"]):
                merged[-1] = (merged[-1][0], max(merged[-1][1], x[1]))
            else:
                merged.append(tuple(x))
        spans = dict(spans, content=merged)
    rels = []
    # prefix count of alphanumeric chars not covered by a source span (for the effective gap)
    cov = bytearray(len(text) + 1)
    for s0, e0 in spans["source"]:
        cov[s0:e0] = b"\x01" * (e0 - s0)
    pref = [0] * (len(text) + 1)
    for i, ch in enumerate(text):
        pref[i + 1] = pref[i] + (1 if ch.isalnum() and not cov[i] else 0)
    for c in spans["cue"]:
        cands = [x for x in spans["content"] if not (x[0] <= c[0] and c[1] <= x[1])]
        def egap(x):
            a, b = (x[1], c[0]) if x[1] <= c[0] else (c[1], x[0])
            n = pref[b] - pref[a] if b > a else 0
            return (n, 0 if x[0] >= c[1] else right_pen)
        cands = sorted(cands, key=(egap if eff else (lambda x: (gap(x, c), 0 if x[0] >= c[1] else right_pen))))
        if not cands or gap(cands[0], c) > max_cnt_gap:
            continue
        content = [cands[0]]
        if two_sided:
            # '"A," he said, "B."' : a second fragment on the other side, close by
            other = [x for x in cands[1:] if (x[0] >= c[1]) != (cands[0][0] >= c[1]) and gap(x, c) <= 25]
            if other and gap(cands[0], c) <= 25:
                between = text[min(other[0][1], cands[0][1]):max(other[0][0], cands[0][0])]
                if text[cands[0][0]:cands[0][1]].strip()[:1] in "\"“" or '"' in between or "“" in between or "”" in between:
                    content.append(other[0])
        srcs = [s for s in spans["source"] if not any(inside(s, x) for x in content)
                and gap(s, c) <= max_src_gap]
        srcs.sort(key=lambda s: gap(s, c))
        rels.append({"source": [list(srcs[0])] if srcs else [], "cue": [list(c)],
                     "content": [list(x) for x in sorted(content)]})
    return rels
