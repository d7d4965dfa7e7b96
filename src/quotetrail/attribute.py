"""Rule-based attribution over a spaCy parse: reads a parsed Doc, writes Attribution spans.

Every span is a character offset pair into the text the Doc was made from, which is the
stored document text (boilerplate masked by spaces, so offsets never move).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import ACCORDING_TO, CUE_KIND
from .quotes import find_quotes, quote_type
from .types import Attribution
from .types import Span as Offsets

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
CONTENT_DEPS = ("ccomp", "parataxis")
CUE_MODIFIER_DEPS = ("aux", "auxpass", "neg", "prt")
SOURCE_DROP_DEPS = ("punct", "advcl")
MIN_CONTENT_LETTERS = 8
NAMING_VERBS = frozenset(
    {"call", "describe", "label", "brand", "dub", "term", "characterize", "characterise"}
)
DEMAND_VERBS = frozenset({"call", "ask", "press", "push", "appeal", "argue"})


@dataclass
class Candidate:
    """An attribution found in the parse, with the tokens later stages need."""

    attribution: Attribution
    cue_token: Token | None
    source_token: Token | None
    continues: Candidate | None = None
    """For a quote with no cue of its own: the attribution whose speaker it continues."""


def _merge(offsets: list[Offsets], text: str) -> list[Offsets]:
    """Sorted, merged spans; spans separated only by whitespace are joined."""
    out: list[Offsets] = []
    for s, e in sorted(offsets):
        if out and (s <= out[-1][1] or not text[out[-1][1] : s].strip()):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _trim(text: str, span: Offsets) -> Offsets | None:
    """A span without edge whitespace and separating punctuation (quote marks are kept)."""
    s, e = span
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
        e -= 1
    return (s, e) if e > s else None


def _tokens_span(tokens: list[Token]) -> Offsets:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _subtree_offsets(tok: Token, exclude: set[int] | None = None) -> Offsets:
    toks = [t for t in tok.subtree if not exclude or t.i not in exclude]
    toks = [t for t in toks if not t.is_space]
    return (min(t.idx for t in toks), max(t.idx + len(t) for t in toks))


def _letters(text: str, span: Offsets) -> int:
    return sum(1 for ch in text[span[0] : span[1]] if ch.isalnum())


def cue_kind(tok: Token) -> str | None:
    """'speech', 'thought' or None: whether this token can report what someone said or thought."""
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    return CUE_KIND.get(tok.lemma_.lower())


def find_subject(verb: Token, quotes: list[Offsets] | None = None) -> Token | None:
    """The subject of a cue verb, inherited through conjunctions, participles and relative clauses.

    A subject inside a quotation is the quote's own grammar (a misparse), not the source.
    """
    seen = 0
    tok = verb
    while tok is not None and seen < 6:
        seen += 1
        for child in tok.children:
            if quotes and any(qs <= child.idx < qe for qs, qe in quotes):
                continue
            if child.dep_ in SUBJECT_DEPS:
                if child.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                    return tok.head
                return child
        for child in tok.children:
            if child.dep_ == "agent":
                for gc in child.children:
                    if gc.dep_ == "pobj":
                        return gc
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ in ("conj", "advcl", "xcomp", "ccomp") and tok.head is not tok:
            if tok.dep_ == "ccomp" and tok.tag_ != "VBG":
                return None
            tok = tok.head
            continue
        return None
    return None


def source_span(subj: Token) -> Offsets:
    """The noun phrase naming the source, without relative clauses or trailing appositions."""
    drop: set[int] = set()
    for child in subj.children:
        if child.dep_ in SOURCE_DROP_DEPS and child.i > subj.i:
            drop.update(t.i for t in child.subtree)
    s, e = _subtree_offsets(subj, drop)
    text = subj.doc.text
    # a parenthesis opened in the source is closed there ("Agency (AG)")
    if text.count("(", s, e) > text.count(")", s, e):
        close = text.find(")", e, e + 3)
        if close >= 0:
            e = close + 1
    return _trim(text, (s, e)) or (subj.idx, subj.idx + len(subj))


def cue_spans(verb: Token) -> list[Offsets]:
    """The cue: the verb with its auxiliaries, negation and particle ("has said", "pointed out")."""
    toks = [verb] + [c for c in verb.children if c.dep_ in CUE_MODIFIER_DEPS]
    toks.sort(key=lambda t: t.i)
    spans = [(t.idx, t.idx + len(t)) for t in toks]
    return _merge(spans, verb.doc.text)


def _quote_near(quotes: list[Offsets], text: str, start: int, end: int, verb: Token) -> Offsets | None:
    """A quotation right after the cue clause ("said: '...'") or right before it ("'...,' he said")."""
    sent = verb.sent
    for qs, qe in quotes:
        if qs >= end and qs - end <= 40:
            gap = text[end:qs].strip().lower()
            if gap in ("", ":", ",", "that", ", that", ":—", "—") and qs < sent.end_char + 2:
                return qs, qe
        if qe <= start and start - qe <= 12 and "\n" not in text[qe:start]:
            gap = text[qe:start].strip()
            if gap in ("", ",", "—", "-", "–") and not any(c.dep_ == "dobj" for c in verb.children):
                return qs, qe
    return None


def _clause_bounds(verb: Token, subj: Token | None) -> tuple[int, int]:
    toks = [verb] + [c for c in verb.children if c.dep_ in CUE_MODIFIER_DEPS]
    if subj is not None:
        toks += [t for t in subj.subtree]
    # objects and adverbials of the cue ("told reporters on Thursday") belong to the cue clause
    for c in verb.children:
        if c.dep_ in ("dobj", "dative", "prep", "npadvmod", "advmod") and c.dep_ not in CONTENT_DEPS:
            toks += [t for t in c.subtree]
    toks = [t for t in toks if not t.is_space and not t.is_quote]
    return min(t.idx for t in toks), max(t.idx + len(t) for t in toks)


def _content_from_children(verb: Token, text: str) -> list[Offsets]:
    """The reported clause; for naming verbs, the object and what it is called ("called X a Y")."""
    spans = []
    for child in verb.children:
        if child.dep_ in CONTENT_DEPS and child.i != verb.i:
            spans.append(_subtree_offsets(child))
    if spans:
        return spans
    lemma = verb.lemma_.lower()
    if lemma in NAMING_VERBS:
        obj = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
        pred = [
            c for c in verb.children if c.dep_ in ("oprd", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as")
        ]
        if obj and pred:
            start = _subtree_offsets(obj[0])[0]
            end = max(_subtree_offsets(p)[1] for p in pred)
            spans.append((start, end))
        elif obj and any(c.dep_ == "appos" for c in obj[0].children):
            spans.append(_subtree_offsets(obj[0]))  # called X "a Y": the parse makes Y an apposition
    elif lemma in DEMAND_VERBS:
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"):
            for pobj in (c for c in prep.children if c.dep_ in ("pobj", "pcomp")):
                spans.append(_subtree_offsets(pobj))
    return spans


def _expand_to_quotes(spans: list[Offsets], quotes: list[Offsets], avoid: list[Offsets]) -> list[Offsets]:
    """Grow content to the whole of any quotation it overlaps, unless that swallows the cue."""
    out = list(spans)
    for qs, qe in quotes:
        if any(s < qe and qs < e for s, e in spans) and not any(qs <= a and b <= qe for a, b in avoid):
            out.append((qs, qe))
    return out


def _according_to(tok: Token, text: str) -> tuple[Token, Token, list[Offsets]] | None:
    """('according', source head, content spans) for an "according to X, ..." report."""
    if tok.lower_ not in ACCORDING_TO:
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        to = tok.doc[tok.i + 1]
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase = {t.i for t in tok.subtree} | {t.i for t in to.subtree} | {tok.i, to.i}
    trimmed = _sentence_without(tok.sent, phrase, text)
    if len(trimmed) > 1:
        # a lone connective before the phrase ("Separately, according to ...") is not content
        trimmed = [f for f in trimmed if len(text[f[0] : f[1]].split()) > 1]
    if not trimmed:
        return None
    return tok, pobj, trimmed


def _sentence_without(sent: Span, exclude: set[int], text: str) -> list[Offsets]:
    """The sentence's text as fragments around the excluded tokens (a parenthetical cue clause)."""
    frags: list[Offsets] = []
    run: list[Token] = []
    for t in sent:
        if t.i in exclude or t.is_space:
            if run:
                frags.append(_tokens_span(run))
                run = []
            continue
        run.append(t)
    if run:
        frags.append(_tokens_span(run))
    out = [x for x in (_trim(text, f) for f in frags) if x and _letters(text, x) > 0]
    if out and text[out[-1][1] - 1] == ".":
        out[-1] = (out[-1][0], out[-1][1] - 1)
    return out


def find_attributions(doc: Doc, quotes: list[Offsets] | None = None) -> list[Candidate]:
    """All attributions in a parsed Doc: cue verbs with clause or quote content, and "according to"."""
    text = doc.text
    quotes = find_quotes(text) if quotes is None else quotes
    found: list[Candidate] = []
    for tok in doc:
        acc = _according_to(tok, text)
        if acc is not None:
            cue_tok, src_tok, content = acc
            if content and sum(_letters(text, s) for s in content) >= MIN_CONTENT_LETTERS:
                to = doc[cue_tok.i + 1]
                content = _merge(_expand_to_quotes(content, quotes, [(cue_tok.idx, to.idx + len(to))]), text)
                att = Attribution(
                    source=[source_span(src_tok)],
                    cue=[(cue_tok.idx, to.idx + len(to))],
                    content=content,
                    type=quote_type(text, content, quotes),
                    kind="speech",
                )
                found.append(Candidate(att, cue_tok, src_tok))
            continue
        kind = cue_kind(tok)
        if kind is None or any(qs < tok.idx < qe for qs, qe in quotes):
            continue
        subj = find_subject(tok, quotes)
        if subj is not None and subj.i > tok.i + 6 and tok.dep_ != "ROOT":
            subj = None
        if subj is not None and subj.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X"):
            subj = None
        if subj is not None and subj.lower_ == "you":
            continue
        if subj is None and tok.lemma_ == "ask":
            continue  # "when asked whether ...": the question is the reporter's
        cue = cue_spans(tok)
        content = _content_from_children(tok, text)
        if not content and tok.dep_ == "parataxis":
            content = _sentence_without(tok.sent, {t.i for t in tok.subtree}, text)
        if not content:
            start, end = _clause_bounds(tok, subj)
            near = _quote_near(quotes, text, start, end, tok)
            if near is not None:
                content = [near]
        if not content:
            continue
        src = [source_span(subj)] if subj is not None else []
        if subj is not None and subj.lower_ in ("it", "there") and subj.dep_ != "nsubjpass":
            continue
        avoid = cue + src
        content = _clip_to_paragraph(text, content, tok.idx)
        content = [c for c in (_trim(text, s) for s in _expand_to_quotes(content, quotes, avoid)) if c]
        # content never covers its own cue or source
        content = _subtract(content, avoid)
        content = _merge(content, text)
        if sum(_letters(text, s) for s in content) < MIN_CONTENT_LETTERS:
            continue
        att = Attribution(
            source=src, cue=cue, content=content, type=quote_type(text, content, quotes), kind=kind
        )
        found.append(Candidate(att, tok, subj))
    found = [c for c in found if not _evidence_inside_report(c, found)]
    labelled = [c for c in label_attributions(doc, quotes) if not _covered(c, found)]
    return _dedupe(found + labelled)


def _evidence_inside_report(cand: Candidate, others: list[Candidate]) -> bool:
    """An evidence cue ("the figures showed") with no source, or inside what someone else reported,
    is part of that report, not an attribution of its own."""
    att = cand.attribution
    if att.kind != "other":
        return False
    if not att.source:
        return True
    cue = att.cue[0][0]
    return any(o is not cand and any(s <= cue < e for s, e in o.attribution.content) for o in others)


def _covered(cand: Candidate, others: list[Candidate]) -> bool:
    """True when another attribution already reports this one's content or has its cue inside it."""
    content = cand.attribution.content
    for o in others:
        theirs = o.attribution.content + [(c, c + 1) for c, _ in o.attribution.cue]
        if any(s < oe and os_ < e for os_, oe in theirs for s, e in content):
            return True
    return False


def _clip_to_paragraph(text: str, spans: list[Offsets], anchor: int) -> list[Offsets]:
    """Content found by the parse stays in the cue's paragraph (a parse can run across a break)."""
    start = text.rfind("\n\n", 0, anchor)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", anchor)
    end = len(text) if end < 0 else end
    out = [(max(s, start), min(e, end)) for s, e in spans]
    return [(s, e) for s, e in out if e > s]


def _subtract(spans: list[Offsets], holes: list[Offsets]) -> list[Offsets]:
    out = spans
    for hs, he in holes:
        nxt: list[Offsets] = []
        for s, e in out:
            if he <= s or hs >= e:
                nxt.append((s, e))
                continue
            if s < hs:
                nxt.append((s, hs))
            if he < e:
                nxt.append((he, e))
        out = nxt
    return [s for s in out if s[1] > s[0]]


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One attribution per cue; nested reports keep both, exact repeats keep the first."""
    seen: set[tuple] = set()
    out = []
    for c in cands:
        a = c.attribution
        key = (tuple(a.cue), tuple(a.content))
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


_LABEL = re.compile(r"^[ \t]*([A-Z][\w.'’\- ]{1,60}?)[ \t]*:[ \t]+(\S[^\n]{10,})$", re.M)


def label_attributions(doc: Doc, quotes: list[Offsets]) -> list[Candidate]:
    """Headline and transcript lines "Name: what they said" (the colon is the cue)."""
    text = doc.text
    matches = list(_LABEL.finditer(text))
    repeated = Counter(m.group(1) for m in matches if m.group(1).isupper())
    out: list[Candidate] = []
    for m in matches:
        label = m.group(1)
        if len(label.split()) > 6:
            continue
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None:
            continue
        named = any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in span)
        if not named and not (label.isupper() and repeated[label] >= 2):
            continue
        if len(m.group(2).split()) < 3:
            continue
        content = _trim(text, (m.start(2), m.end(2)))
        if content is None:
            continue
        kind = "direct" if label.isupper() else quote_type(text, [content], quotes)
        colon = text.index(":", m.end(1))
        att = Attribution(
            source=[(m.start(1), m.end(1))], cue=[(colon, colon + 1)], content=[content], type=kind
        )
        out.append(Candidate(att, span.root, span.root))
    return out


def continuation_quotes(doc: Doc, cands: list[Candidate], quotes: list[Offsets]) -> list[Candidate]:
    """Quotes with no cue of their own that follow a speaker's quote ("...," he added. "Next.")."""
    text = doc.text
    covered = [s for c in cands for s in c.attribution.content]
    out: list[Candidate] = []
    ordered = sorted(cands, key=lambda c: c.attribution.content[0][0])
    for qs, qe in quotes:
        if any(s < qe and qs < e for s, e in covered):
            continue
        if len(text[qs:qe].split()) < 4:
            continue
        before = text[max(0, qs - 3) : qs]
        if before.strip() and before.strip()[-1] not in '.!?"”:':
            continue
        prev = [c for c in ordered if c.attribution.content[-1][1] <= qs and c.attribution.type != "indirect"]
        if not prev:
            continue
        last = prev[-1]
        gap = text[last.attribution.content[-1][1] : qs]
        if gap.count("\n\n") > 1 or len(gap) > 300:
            continue
        between = [c for c in ordered if last.attribution.content[-1][1] < c.attribution.content[0][0] < qs]
        if between:
            continue
        if gap.count("\n\n") <= 1 and last.cue_token is not None:
            # same paragraph: one relation with a discontinuous content, as annotators mark it
            last.attribution.content = _merge([*last.attribution.content, (qs, qe)], text)
            last.attribution.type = quote_type(text, last.attribution.content, quotes)
            covered.append((qs, qe))
            continue
        att = Attribution(source=[], cue=[], content=[(qs, qe)], type="direct", kind=last.attribution.kind)
        out.append(Candidate(att, None, None, continues=last))
    return out


def as_doc_spans(doc: Doc, cands: list[Candidate]) -> None:
    """Mirror attributions into `doc.spans` with `Span._.qt_role` / `qt_relation` / `qt_speaker`."""
    from .nlp import SPAN_KEY

    group = []
    for n, c in enumerate(cands):
        a = c.attribution
        for role in ("source", "cue", "content"):
            for s, e in getattr(a, role):
                span: Span | None = doc.char_span(s, e, alignment_mode="expand")
                if span is None:
                    continue
                span._.qt_role = role
                span._.qt_relation = n
                span._.qt_speaker = a.speaker
                group.append(span)
    doc.spans[SPAN_KEY] = group
