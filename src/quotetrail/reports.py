"""Report structure around a relation: source spans trimmed, and the sources and quotes a tagger left out.

Reads a document's text, the spans of its relations (content, source, cue) and its quotes; writes offsets.
`trim_source` cuts a source span to a mention (no line break, no dateline); `according_source`, `replier`
and `nested_report` find the mention a source-less relation's "according to X" or reply ('"No," came the
answer') points to, and a report opening a reported content ("...reported that X had told ..."); and
`continuations` finds the quotes that go on a relation's quote ("...," he added. "Next sentence."). The
neural path (`pipeline`) uses them before `speakers.resolve_light`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lexicon import cue_lemma_guess, word_set
from .tokens import ABBREVIATIONS, COMPANY_HEADS, INSTITUTION_WORDS, MEDIA_HEADS, NOT_NAME, role_word
from .types import Span as Offsets

_DATE = r"(?:,\s*[A-Z][a-z]{1,4}\.)?,\s*[A-Z][a-z]{2,8}\.?\s\d{1,2}(?:,\s*\d{4})?"
_AGENCY = r"\s*\([^()\n]{1,40}\)"
_DATELINE = re.compile(
    rf"(?:[A-Z][A-Z'’.\-]+(?:\s[A-Z][A-Z'’.\-]+)*(?:{_DATE})?(?:{_AGENCY})?"
    rf"|[A-Z][\w'’.\-]+(?:\s[A-Z][\w'’.\-]+){{0,3}}(?:{_DATE}(?:{_AGENCY})?|{_AGENCY}))"
    r"\s*(?:—|–|--|-)\s*"
)
"""A dateline opening an article's first paragraph: "CITY, March 3 —", "CITY, St., Oct. 4 (Agency) —",
"CITY (Agency) —", "City, May 3 --"."""


def trim_source(text: str, span: Offsets) -> Offsets | None:
    """A source span cut to what can name a speaker: a mention never spans a paragraph or line break, so
    only the part after the last one stays, without a leading dateline ("headline\n\nCITY, March 3 —
    Name" -> "Name"); None when nothing is left."""
    s, e = span
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    cut = text.rfind("\n", s, e)
    if cut >= 0:
        s = cut + 1
        while s < e and text[s].isspace():
            s += 1
    m = _DATELINE.match(text, s, e)
    if m:
        s = m.end()
    return (s, e) if any(ch.isalpha() for ch in text[s:e]) else None


_ACCORDING_AFTER = re.compile(r"[ \t]*,?[ \t]*according to[ \t]+", re.IGNORECASE)
_ACCORDING_BEFORE = re.compile(r"according to[ \t]+([^,;:!?()\n\"“”]{1,80}),[ \t]*$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:!?()\n\"“”]|\.(?=\s|$)")


def _mention_after(text: str, start: int) -> Offsets | None:
    """The words from `start` to the end of their clause (a comma, a full stop that is no abbreviation's),
    at most eight of them."""
    pos = start
    while m := _CLAUSE_END.search(text, pos, start + 100):
        words = text[start : m.start()].split()
        if m.group(0) == "." and words and (len(words[-1]) == 1 or words[-1].lower() in ABBREVIATIONS):
            pos = m.end()
            continue
        return (start, m.start()) if 0 < len(words) <= 8 else None
    return None


def according_source(text: str, content: Sequence[Offsets]) -> Offsets | None:
    """The mention an "according to" right beside a content names ("..., according to X." or "According
    to X, ..."), for a content the tagger gave no source; None when there is none."""
    if not content:
        return None
    start, end = min(s for s, _ in content), max(e for _, e in content)
    m = _ACCORDING_AFTER.match(text, end)
    if m:
        return _mention_after(text, m.end())
    lo = max(0, text.rfind("\n", 0, start) + 1, start - 120)
    m = _ACCORDING_BEFORE.search(text, lo, start)
    return m.span(1) if m and len(m.group(1).split()) <= 8 else None


_REPLY = re.compile(
    r"""[\s,"”’']*(?:came|was)[ \t]+(?:the|his|her|their)[ \t]+(?:reply|answer|response|retort)\b"""
)
_NAME_RUN = r"(?:[A-Z][\w'’.\-]*[ \t]+){0,3}[A-Z][\w'’\-]*"
_ASKED = re.compile(
    rf"\b(?P<subj>{_NAME_RUN}|[Hh]e|[Ss]he)[ \t]+(?:was|were|had been)[ \t]+asked\b"
    rf"|\basked[ \t]+(?P<obj>{_NAME_RUN})"
)


def replier(text: str, content: Sequence[Offsets]) -> Offsets | None:
    """For a reply with no source of its own ('"No," came the answer'), the mention of the one asked just
    before it in its paragraph ("X was asked ...", "... asked X ..."); None when it is not such a reply."""
    if not content:
        return None
    start, end = min(s for s, _ in content), max(e for _, e in content)
    if not _REPLY.match(text, end):
        return None
    lo = max(text.rfind("\n", 0, start) + 1, start - 400)
    found = list(_ASKED.finditer(text, lo, start))
    if not found:
        return None
    m = found[-1]
    group = "subj" if m.group("subj") else "obj"
    return m.span(group)


_NESTED = re.compile(
    rf"(?:that[ \t]+)?(?P<src>(?P<desc>[Tt]he[ \t]+[a-z][\w\-]*)|{_NAME_RUN}|he|she)[ \t]+"
    rf"(?P<cue>(?:had[ \t]+|has[ \t]+)?(?P<verb>[a-z]+))[ \t]+"
)
_NESTED_THOUGHT = word_set("believe think fear doubt suspect")
_OBJECT_VERBS = frozenset({"tell", "inform", "assure", "warn", "remind", "advise", "promise"})
_CLAUSE_VERBS = (
    _OBJECT_VERBS
    | word_set(
        """say claim insist admit deny argue assert state announce explain report confirm suggest add
    acknowledge allege complain predict reveal note write"""
    )
    | _NESTED_THOUGHT
)
"""Reporting verbs whose object is a clause ("had said (that) ..."), the only ones a nested report opens."""


def _describes_speaker(desc: str) -> bool:
    """Whether "the <noun>" opening a reported content can be a source: a person's title or a body's head
    ("the insurer", "the minister"), not a thing ("the price", "the plan")."""
    low = desc.split()[-1].lower()
    return role_word(low) or low in INSTITUTION_WORDS or low in COMPANY_HEADS or low in MEDIA_HEADS


_CLAUSE_SUBJECTS = frozenset({"he", "she", "they", "it", "we", "i", "the", "that"})


def nested_report(text: str, content: Sequence[Offsets]) -> tuple[Offsets, Offsets, Offsets] | None:
    """A report that opens a reported content ("X reported that Y had told aides he would ...", "The
    insurer believes the bid is too low, according to ..."): (source, cue, content) of the inner one, so
    that its words go to Y, not to X; None when the content does not open so. The inner source is a name,
    he or she, or "the" with a title or a body's head noun."""
    if not content:
        return None
    start, end = content[0]
    m = _NESTED.match(text, start, end)
    if not m or (not m.group("desc") and m.group("src").split()[0].lower() in NOT_NAME - {"he", "she"}):
        return None
    verb = m.group("verb")
    lemma = cue_lemma_guess(verb)
    present = verb.endswith("s") and m.group("cue") == verb  # "the insurer believes the price ..."
    if lemma not in _CLAUSE_VERBS or not (
        verb.endswith("ed") or verb in ("said", "told", "wrote") or present
    ):
        return None
    if m.group("desc") and (lemma in _OBJECT_VERBS or not _describes_speaker(m.group("desc"))):
        return None
    rest = m.end()
    words = list(re.finditer(r"[\w'’\-]+", text[rest:end]))[:5]
    objects = 1 if lemma in _OBJECT_VERBS else 0  # "told aides (that) he ...": past the object
    at = next(
        (k for k, w in enumerate(words) if w.group(0).lower() in _CLAUSE_SUBJECTS and k >= objects), None
    )
    if at is None or (objects and at > 3) or (not objects and at):
        return None  # no clause follows ("had asked for a call", "had emailed the team")
    rest += words[at].start()
    inner = (rest, end)  # a "that" opening the inner content stays in it, as annotators mark contents
    if len(text[rest:end].split()) < 3:
        return None
    return m.span("src"), m.span("cue"), inner


def continuations(
    text: str,
    relations: Sequence[tuple[Sequence[Offsets], Sequence[Offsets], Sequence[Offsets]]],
    quotes: Sequence[Offsets],
) -> list[tuple[Offsets, int]]:
    """Quotes no relation holds that continue a relation's quote ("...," he added. "Next sentence."):
    (quote, index of the relation whose speaker goes on), in text order.

    `relations` gives each relation's (content, source, cue) spans. A quote continues the relation
    whose content ends last before it when: it opens a sentence, has four words or more, that content
    ends in a quote and the relation names a source outside quotes, at most one paragraph break and
    nothing but that relation's own source and cue (and a few words, "on Monday") lie between, and no
    words outside quotes follow it in its paragraph (which would be a cue of its own the tagger missed).
    """
    taken = sorted(sp for rel in relations for part in rel for sp in part)
    ends = [max((e for _, e in rel[0]), default=-1) for rel in relations]
    out: list[tuple[Offsets, int]] = []
    for qs, qe in quotes:
        if any(s < qe and qs < e for s, e in taken) or len(text[qs:qe].split()) < 4:
            continue
        lead = text[max(0, qs - 40) : qs].rstrip(" \t")
        if lead and lead[-1] not in '.!?"”’:\n':
            continue
        before = [(e, i) for i, e in enumerate(ends) if 0 <= e <= qs]
        if not before:
            continue
        end, i = max(before)
        _content, source, cue = relations[i]
        other = [*source, *cue]
        if not source or not any(s <= end - 1 < e for s, e in quotes):
            continue
        if any(s <= source[0][0] < e for s, e in quotes):
            continue  # a report inside a quote (the tagger reading the quote's own words) goes on no further
        if any(end <= s < qs for s, _ in taken):
            spans_between = [sp for sp in taken if end <= sp[0] < qs]
            if any(sp not in other for sp in spans_between):
                continue
        gap = text[end:qs]
        for s, e in other:
            if end <= s and e <= qs:
                gap = gap.replace(text[s:e], " ")
        if len(re.findall(r"\n\s*\n", text[end:qs])) > 1 or len(text[end:qs]) > 300 or len(gap.split()) > 8:
            continue
        tail_end = text.find("\n", qe)
        tail = text[qe : len(text) if tail_end < 0 else tail_end]
        tail = "".join(ch for n, ch in enumerate(tail) if not any(s <= qe + n < e for s, e in quotes))
        if any(ch.isalpha() for ch in tail):
            continue
        out.append(((qs, qe), i))
        ends[i] = qe
        taken.append((qs, qe))
        taken.sort()
    return out


__all__ = ["according_source", "continuations", "nested_report", "replier", "trim_source"]
