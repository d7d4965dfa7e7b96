"""Catalogues read documents into the store: cleaning regions, metadata, language, near-duplicate group.

Reads: a stream of SourceDocument | InputError (from `ingest.iter_inputs`). Writes: documents,
their sources, MinHash signatures and band keys, and one error row per skipped input. Commits come
every `batch_size` documents, and storing is idempotent (a document is its text's hash), so a run
killed at any point and started again ends with every document stored exactly once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import clean, dedup
from .errors import InputError, QuotetrailError
from .ingest import doc_id, overlay
from .metadata import extract_metadata
from .store import Store
from .types import Metadata, Region, SourceDocument

BATCH_SIZE = 200
"""Documents per commit: large enough to amortise the commit, small enough that a kill loses little work."""

_NUMBERED = re.compile(r"^(?:line|row|record|feed item|item) \d+:?\s*", re.IGNORECASE)


@dataclass
class Prepared:
    """A document ready to store: its id, cleaning regions, merged metadata and MinHash."""

    source: SourceDocument
    id: str
    regions: list[Region]
    meta: Metadata
    signature: bytes
    keys: list[int]


@dataclass
class IngestSummary:
    """What a run did, for the closing line: stored, duplicates, and skipped inputs by reason."""

    stored: int = 0
    duplicates: int = 0
    """Same text as a stored document, from another source (recorded as one more source)."""
    already: int = 0
    """Same text from the same source: met again by a resumed or repeated run."""
    near_duplicates: int = 0
    """New documents that joined a near-duplicate group (the same story with small edits)."""
    skipped: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def line(self) -> str:
        """One closing line: '12 stored (2 near duplicates), 1 exact duplicate, 2 skipped (empty file: 2)'."""
        parts = [
            f"{self.stored} stored ({self.near_duplicates} near duplicates)",
            f"{self.duplicates} exact duplicates",
        ]
        if self.already:
            parts.append(f"{self.already} already stored")
        reasons = ", ".join(f"{r}: {n}" for r, n in self.skipped.most_common())
        parts.append(f"{self.skipped_total} skipped" + (f" ({reasons})" if reasons else ""))
        return ", ".join(parts)


def skip_reason(err: QuotetrailError) -> str:
    """The reason without row numbers and details, so the summary groups alike errors."""
    reason = _NUMBERED.sub("", err.message)
    return re.split(r" \(|: ", reason, maxsplit=1)[0].strip() or err.message


def prepare(doc: SourceDocument) -> Prepared:
    """Everything stored with a document, computed from its text and what its reader supplied (pure)."""
    regions = clean.boilerplate_regions(doc.text)
    masked = clean.analysed_text_mask(doc.text, regions)
    found = extract_metadata(
        doc.text, regions, doc.origin, url=doc.url, language=doc.supplied.language, masked=masked
    )
    meta = overlay(found, doc.supplied)
    sig = dedup.minhash(masked)
    return Prepared(doc, doc_id(doc.text), regions, meta, dedup.signature_bytes(sig), dedup.band_keys(sig))


def _similar_to(signature: bytes) -> Callable[[bytes], bool]:
    """A test of stored signatures against this one at the near-duplicate threshold."""
    sig = dedup.signature_from_bytes(signature)
    return lambda other: dedup.similarity(sig, dedup.signature_from_bytes(other)) >= dedup.NEAR_DUPLICATE


def store_prepared(store: Store, p: Prepared, summary: IngestSummary) -> None:
    """Write one prepared document (or one more source of a stored one) and count what happened."""
    if store.has_document(p.id):
        if store.has_source(p.id, p.source.origin):
            summary.already += 1
        else:
            summary.duplicates += 1
        store.add_document(p.source, p.id, p.meta, p.regions)
        return
    group = store.near_duplicate(p.signature, p.keys, _similar_to(p.signature))
    store.add_document(p.source, p.id, p.meta, p.regions, dup_group=group)
    store.add_signature(p.id, p.signature, p.keys, group)
    summary.stored += 1
    summary.near_duplicates += group is not None
    summary.languages[p.meta.language or "unknown"] += 1


def catalog(
    store: Store,
    items: Iterable[SourceDocument | InputError],
    *,
    batch_size: int = BATCH_SIZE,
    on_item: Callable[[SourceDocument | InputError], None] | None = None,
) -> IngestSummary:
    """Store every document of a stream, record every error, commit in batches; returns the summary."""
    summary = IngestSummary()
    pending = 0
    batch = store.batch()
    batch.__enter__()
    try:
        for item in items:
            if isinstance(item, QuotetrailError):
                store.record_error(item)
                summary.skipped[skip_reason(item)] += 1
            else:
                try:
                    store_prepared(store, prepare(item), summary)
                except QuotetrailError as err:
                    err.path = err.path or item.origin
                    store.record_error(err, stage="store")
                    summary.skipped[skip_reason(err)] += 1
            if on_item is not None:
                on_item(item)
            pending += 1
            if pending >= batch_size:
                batch.__exit__(None, None, None)
                batch = store.batch()
                batch.__enter__()
                pending = 0
    except BaseException as exc:
        batch.__exit__(type(exc), exc, exc.__traceback__)
        raise
    batch.__exit__(None, None, None)
    return summary


__all__ = ["BATCH_SIZE", "IngestSummary", "Prepared", "catalog", "prepare", "skip_reason", "store_prepared"]
