"""The pure core, text -> attributions, and the batch driver that the CLI and store wrap."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from . import clean, nlp as nlp_mod
from .attribute import as_doc_spans, continuation_quotes, find_attributions
from .registry import registry
from .speakers import ORG, cluster_names, resolve_document
from .types import Attribution, Region, SourceDocument

_LINK = re.compile(r"\[([^\]\n]{1,300})\]\((?:[^)\s]{0,500})\)")
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Za-z .'\-]{1,40},(?:[ \t]+[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2},?)?(?:[ \t]*\([A-Za-z]{2,12}\))?"
    r"[ \t]*(?:--|—|–|-)[ \t]*",
    re.M,
)
_UPPER_DATELINE = re.compile(r"^[ \t]*[A-Z][A-Z .'\-]{2,30}(?:,[ \t]+[A-Za-z .]{2,30})?[ \t]*(?:\([A-Za-z]{2,12}\))?[ \t]*(?:--|—|–)[ \t]*", re.M)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def analysis_text(text: str, regions: list[Region]) -> str:
    """The text the parser sees: same length and offsets, with boilerplate, markup and datelines blanked."""
    chars = list(clean.analysed_text_mask(text, regions))
    for m in _LINK.finditer(text):
        _blank(chars, m.start(), m.start(1))
        _blank(chars, m.end(1), m.end())
    for pat in (_EMPHASIS, _HEADING, _DATELINE, _UPPER_DATELINE):
        for m in pat.finditer(text):
            _blank(chars, m.start(), m.end())
    return "".join(chars)


def attribute_text(
    text: str, *, regions: list[Region] | None = None, nlp: Language | None = None
) -> list[Attribution]:
    """Every attribution in one document's text, speakers resolved inside the document."""
    nlp = nlp or nlp_mod.load()
    if regions is None:
        regions = clean.boilerplate_regions(text)
    doc = nlp(analysis_text(text, regions))
    return attribute_doc(doc)


@registry.register("extractors", "rules")
def attribute_doc(doc) -> list[Attribution]:  # type: ignore[no-untyped-def]
    """Attributions of a parsed Doc in text order, with resolved speakers, mirrored into doc.spans."""
    cands = find_attributions(doc)
    cands += continuation_quotes(doc, cands)
    cands.sort(key=lambda c: (c.attribution.content[0][0], c.attribution.cue[:1]))
    index = {id(c): n for n, c in enumerate(cands)}
    sources: list[tuple[tuple[int, int] | None, str | None]] = []
    for c in cands:
        cont = getattr(c, "continues", None)
        if cont is not None:
            sources.append((None, str(index[id(cont)])))
        elif c.attribution.source:
            sources.append((c.attribution.source[0], None))
        else:
            sources.append(((0, 0), None))
    resolved = resolve_document(doc, sources)
    out = []
    for c, r in zip(cands, resolved, strict=True):
        c.attribution.speaker = r.name
        c.attribution.speaker_kind = r.kind if r.name else ""
        out.append(c.attribution)
    as_doc_spans(doc, cands)
    return out


@dataclass
class Extracted:
    """One document's extraction result."""

    source: SourceDocument
    attributions: list[Attribution]
    speaker_kinds: dict[str, str]


def extract_documents(
    docs: Iterable[SourceDocument],
    *,
    nlp: Language | None = None,
    on_progress: Callable[[SourceDocument], None] | None = None,
) -> Iterator[Extracted]:
    """Attribution for a batch; speaker names are merged across the batch, so results come at the end."""
    nlp = nlp or nlp_mod.load()
    results: list[Extracted] = []
    for sd in docs:
        regions = clean.boilerplate_regions(sd.text)
        atts = attribute_text(sd.text, regions=regions, nlp=nlp)
        results.append(Extracted(sd, atts, {}))
        if on_progress:
            on_progress(sd)
    canon = cluster_names(a.speaker for r in results for a in r.attributions)
    for r in results:
        for a in r.attributions:
            a.speaker = canon.get(a.speaker, a.speaker)
        yield r


__all__ = ["ORG", "Extracted", "analysis_text", "attribute_doc", "attribute_text", "extract_documents"]
