"""The pure core, text -> attributions, and the batch driver that the CLI and store wrap."""

from __future__ import annotations

import functools
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from . import clean
from .quotes import find_quotes, quote_type
from .registry import registry
from .types import Attribution, Region, SourceDocument

T = TypeVar("T")
R = TypeVar("R")

if TYPE_CHECKING:  # the rule engine's spaCy parts load only when it runs, keeping the default path light
    from spacy.language import Language


@registry.register("extractors", "rules")
def attribute_text(
    text: str, *, regions: list[Region] | None = None, nlp: Language | None = None
) -> list[Attribution]:
    """Every attribution in one document's text, speakers resolved inside the document."""
    from . import nlp as nlp_mod

    nlp = nlp or nlp_mod.load()
    if regions is None:
        regions = clean.boilerplate_regions(text)
    doc = nlp(clean.analysis_text(text, regions))
    return attribute_doc(doc)


def attribute_doc(doc) -> list[Attribution]:  # type: ignore[no-untyped-def]
    """Attributions of a parsed Doc in text order, with resolved speakers, mirrored into doc.spans."""
    from .attribute import as_doc_spans, continuation_quotes, find_attributions
    from .speakers import resolve_document

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
        c.attribution.speaker, c.attribution.speaker_kind = r.name, r.kind
        c.attribution.speaker_role, c.attribution.speaker_affiliation = r.role, r.affiliation
        out.append(c.attribution)
    as_doc_spans(doc, cands)
    return out


_TAGGER: dict[str, Any] = {}
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
"""Addresses are never cues or contents, whatever the tagger makes of their words."""


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def tagger(threads: int | None = None) -> Any:
    """The trained extractor, loaded once per process and thread count ($QUOTETRAIL_MODEL or the
    packaged model); `threads` is ONNX Runtime's per-call thread count (default: up to 2)."""
    from .neural import Tagger, model_folder

    folder = model_folder()
    key = f"{folder}#{threads}"
    if key not in _TAGGER:
        _TAGGER[key] = Tagger(folder, threads=threads)
    return _TAGGER[key]


def batch_workers() -> int:
    """Documents extracted at once by the neural extractor in a batch: one per core, at most 2."""
    return max(1, min(2, os.cpu_count() or 1))


def batch_extractor(name: str) -> tuple[Callable[..., list[Attribution]], int]:
    """The extractor to run over many documents and how many documents it may take at once.

    The neural extractor runs one document per core, each model call on one thread: the model's
    calls release the GIL, so one document's tagging overlaps another's linking and speaker work
    (on 2 cores about 20% faster than one document at a time on 2 threads). Others run one by one.
    """
    extract = registry.get("extractors", name)
    workers = batch_workers()
    if extract is attribute_text_neural and workers > 1:
        return functools.partial(attribute_text_neural, model=tagger(threads=1)), workers
    return extract, 1


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """fn over items in order, `workers` at a time on threads (a few items read ahead, not all)."""
    if workers <= 1:
        yield from map(fn, items)
        return
    with ThreadPoolExecutor(workers) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@registry.register("extractors", "neural")
def attribute_text_neural(
    text: str, *, regions: list[Region] | None = None, model: Any = None
) -> list[Attribution]:
    """Every attribution in a text from the trained tagger and linker; speakers resolved without a parse.

    A quote the linker left out that continues a speaker's quote ("...," he added. "Next sentence.")
    joins that relation's content, as annotators mark it (`speakers.continuations`). A source span is
    cut to what can name a speaker (`speakers.trim_source`: never across a line break, no dateline).
    A relation with no source takes the mention an "according to" beside its content names
    (`speakers.according_source`); a reply with no source ('"No," came the answer') goes to the one asked
    before it (`speakers.replier`). A report opening a reported content ("the paper reported that X had
    told ...") becomes a relation of its own where the tagger has none (`speakers.nested_report`).
    """
    from .lexicon import kind_of_cue
    from .speakers import according_source, continuations, nested_report, replier, resolve_light, trim_source

    if regions is None:
        regions = clean.boilerplate_regions(text)
    relations = (model or tagger()).extract(clean.analysis_text(text, regions))
    urls = [m.span() for m in _URL.finditer(text)]
    relations = [
        r for r in relations if not any(_overlaps(s, u) for s in r["cue"] + r["content"] for u in urls)
    ]
    quotes = find_quotes(text)
    atts = [
        Attribution(
            source=[t for t in (trim_source(text, s) for s in r["source"]) if t],
            cue=list(r["cue"]),
            content=list(r["content"]),
            type=quote_type(text, list(r["content"]), quotes),
            kind=kind_of_cue(" ".join(text[s:e] for s, e in r["cue"])),
        )
        for r in relations
    ]
    for q, i in continuations(text, [(a.content, a.source, a.cue) for a in atts], quotes):
        atts[i].content = sorted([*atts[i].content, q])
        atts[i].type = quote_type(text, atts[i].content, quotes)
    taken = [sp for a in atts for sp in a.cue + a.source]
    for n in range(len(atts) - 1, -1, -1):
        inner = nested_report(text, atts[n].content)
        if inner and not any(_overlaps(sp, part) for sp in taken for part in inner[:2]):
            src, cue, content = inner
            kind = kind_of_cue(text[cue[0] : cue[1]])
            atts.insert(
                n + 1, Attribution([src], [cue], [content], quote_type(text, [content], quotes), kind=kind)
            )
    spans: list[tuple[int, int] | None] = []
    for a in atts:
        if not a.source and (according := according_source(text, a.content)):
            a.source = [according]
        spans.append(a.source[0] if a.source else replier(text, a.content))
    resolved = resolve_light(text, spans, contents=[a.content for a in atts], quotes=quotes)
    for a, res in zip(atts, resolved, strict=True):
        a.speaker, a.speaker_kind = res.name, res.kind
        a.speaker_role, a.speaker_affiliation = res.role, res.affiliation
    return atts


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

    def to_json(self) -> dict[str, Any]:
        """The extraction contract's line for this document (`skipped` only when it was left out)."""
        rec: dict[str, Any] = {
            "doc": self.source.name,
            "attributions": [a.to_json() for a in self.attributions],
        }
        if self.skipped:
            rec["skipped"] = self.skipped
        return rec


def extract_documents(
    docs: Iterable[SourceDocument],
    *,
    extractor: str = "neural",
) -> Iterator[Extracted]:
    """Attribution for a batch; speaker names are merged across the batch, so results come at the end.

    `extractor` names a registered extractor: a function (text, *, regions) -> attributions.
    """
    extract, workers = batch_extractor(extractor)

    def one(sd: SourceDocument) -> Extracted:
        regions = clean.boilerplate_regions(sd.text)
        reason = extractor_skip_reason(document_language(sd, regions))
        if reason:
            return Extracted(sd, [], reason)
        return Extracted(sd, extract(sd.text, regions=regions))

    results = list(ordered_map(one, docs, workers))
    from .identity import Mention, assignment, cluster

    mentions = [
        Mention(a.speaker, a.speaker_kind, a.speaker_role, a.speaker_affiliation, doc=str(n))
        for n, r in enumerate(results)
        for a in r.attributions
        if a.speaker
    ]
    speaker_of = assignment(cluster(mentions))
    for n, r in enumerate(results):
        for a in r.attributions:
            ident = speaker_of.get((str(n), a.speaker))
            a.speaker = ident.name if ident is not None else a.speaker
        yield r


__all__ = [
    "Extracted",
    "attribute_doc",
    "attribute_text",
    "attribute_text_neural",
    "batch_extractor",
    "batch_workers",
    "document_language",
    "extract_documents",
    "extractor_skip_reason",
    "ordered_map",
]
