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


EXTRACTOR_LANGUAGES = frozenset({"en"})
"""Languages the rules extractor (English lexicon and parser) can read."""


def extractor_skip_reason(language: str | None) -> str | None:
    """Why the English extractor leaves a document out; None when it reads it (unknown counts as English)."""
    if language is None or language in EXTRACTOR_LANGUAGES:
        return None
    return f"language {language}: the rules extractor reads English only"


def document_language(sd: SourceDocument, regions: list[Region]) -> str | None:
    """The declared language of a document, else the detected one, else None."""
    from .language import detect_language

    if sd.supplied.language:
        return sd.supplied.language
    found = detect_language(clean.analysed_text_mask(sd.text, regions))
    return found[0] if found else None


@dataclass
class Extracted:
    """One document's extraction result; `skipped` says why the extractor left it out."""

    source: SourceDocument
    attributions: list[Attribution]
    skipped: str | None = None


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
        reason = extractor_skip_reason(document_language(sd, regions))
        if reason:
            results.append(Extracted(sd, [], reason))
            continue
        atts = attribute_text(sd.text, regions=regions, nlp=nlp)
        results.append(Extracted(sd, atts))
    canon = cluster_names(a.speaker for r in results for a in r.attributions)
    for r in results:
        for a in r.attributions:
            a.speaker = canon.get(a.speaker, a.speaker)
        yield r


__all__ = [
    "Extracted",
    "attribute_doc",
    "attribute_text",
    "document_language",
    "extract_documents",
    "extractor_skip_reason",
]
