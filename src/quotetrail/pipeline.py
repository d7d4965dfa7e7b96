"""The pure core, text -> attributions, and the batch driver that the CLI and store wrap."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from . import clean
from . import nlp as nlp_mod
from .attribute import as_doc_spans, continuation_quotes, find_attributions
from .quotes import find_quotes
from .registry import registry
from .speakers import cluster_names, resolve_document
from .types import Attribution, Region, SourceDocument


def attribute_text(
    text: str, *, regions: list[Region] | None = None, nlp: Language | None = None
) -> list[Attribution]:
    """Every attribution in one document's text, speakers resolved inside the document."""
    nlp = nlp or nlp_mod.load()
    if regions is None:
        regions = clean.boilerplate_regions(text)
    doc = nlp(clean.analysis_text(text, regions))
    return attribute_doc(doc)


@registry.register("extractors", "rules")
def attribute_doc(doc) -> list[Attribution]:  # type: ignore[no-untyped-def]
    """Attributions of a parsed Doc in text order, with resolved speakers, mirrored into doc.spans."""
    quotes = find_quotes(doc.text)
    cands = find_attributions(doc, quotes)
    cands += continuation_quotes(doc, cands, quotes)
    cands.sort(key=lambda c: (c.attribution.content[0][0], c.attribution.cue[:1]))
    index = {id(c): n for n, c in enumerate(cands)}
    sources: list[tuple[tuple[int, int] | None, int | None]] = []
    for c in cands:
        if c.continues is not None:
            sources.append((None, index[id(c.continues)]))
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


def extract_documents(
    docs: Iterable[SourceDocument],
    *,
    nlp: Language | None = None,
) -> Iterator[Extracted]:
    """Attribution for a batch; speaker names are merged across the batch, so results come at the end."""
    nlp = nlp or nlp_mod.load()
    results: list[Extracted] = []
    for sd in docs:
        regions = clean.boilerplate_regions(sd.text)
        atts = attribute_text(sd.text, regions=regions, nlp=nlp)
        results.append(Extracted(sd, atts))
    canon = cluster_names(a.speaker for r in results for a in r.attributions)
    for r in results:
        for a in r.attributions:
            a.speaker = canon.get(a.speaker, a.speaker)
        yield r


__all__ = ["Extracted", "attribute_doc", "attribute_text", "extract_documents"]
