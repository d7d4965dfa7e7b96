"""The app's writes: ingest an upload or a URL through the CLI's ingest path, and speaker corrections.

Ingest reads with `ingest.iter_inputs` and stores with `catalog.catalog`, exactly as `quotetrail
ingest` does, so an upload gets the same readers, limits, duplicate handling and error records
(`quotetrail errors` lists them). An upload is read from a private temporary folder under its own
file name; its origin is stored as `upload:NAME`. Corrections are recorded and applied with the
store's correction methods, as `quotetrail speakers merge|split|rename|qid` do.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from quotetrail.catalog import catalog
from quotetrail.errors import InputError, NotFound, QuotetrailError
from quotetrail.identity import fold
from quotetrail.ingest import doc_id, format_names, iter_inputs
from quotetrail.sources import ReadOptions
from quotetrail.store import Store
from quotetrail.types import SourceDocument
from quotetrail.wikidata import is_qid

from .errors import InvalidRequest

_UNSAFE = re.compile(r"[^\w.\- ]+")
_URL = re.compile(r"https?://[!-~]+\Z", re.IGNORECASE)
"""An http(s) URL in printable ASCII (the API schema says the same)."""


def upload_name(filename: str | None) -> str:
    """A safe file name for an upload: its last path part, odd characters dropped, never hidden."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")[:120]
    return name or "upload"


def _check_format(fmt: str) -> str:
    fmt = (fmt or "auto").strip()
    if fmt != "auto" and fmt not in format_names():
        raise InvalidRequest(f"unknown format {fmt!r}", remedy=f"one of auto, {', '.join(format_names())}")
    return fmt


def _rename(items: Iterator[SourceDocument | InputError], prefix: str, origin: str) -> Iterator[Any]:
    """The stream with the temporary path in origins and error paths replaced by `origin`."""
    for item in items:
        if isinstance(item, SourceDocument):
            if item.origin.startswith(prefix):
                item = replace(item, origin=origin + item.origin[len(prefix) :])
        elif isinstance(item, QuotetrailError) and item.path and item.path.startswith(prefix):
            item.path = origin + item.path[len(prefix) :]
        yield item


def _store(store: Store, items: Iterator[Any]) -> dict[str, Any]:
    """Catalogue a stream and report what it stored and what it skipped."""
    documents: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []

    def seen(item: Any) -> None:
        if isinstance(item, QuotetrailError):
            errors.append(
                {"code": item.code, "message": item.message, "input": item.path, "stage": item.stage}
            )
        else:
            documents.append({"id": doc_id(item.text), "name": item.name, "origin": item.origin})

    summary = catalog(store, items, on_item=seen)
    return {
        "stored": summary.stored,
        "duplicates": summary.duplicates,
        "already": summary.already,
        "near_duplicates": summary.near_duplicates,
        "skipped": summary.skipped_total,
        "summary": summary.line(),
        "documents": documents,
        "errors": errors,
        "next": "attribute the new documents with `quotetrail run`; skipped inputs: `quotetrail errors`",
    }


def ingest_upload(
    store: Store, filename: str | None, data: bytes, *, fmt: str = "auto", max_bytes: int, fetch: bool = False
) -> dict[str, Any]:
    """Store the documents of one uploaded file (its skipped parts become error records)."""
    fmt = _check_format(fmt)
    name = upload_name(filename)
    with tempfile.TemporaryDirectory(prefix="quotetrail-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        opts = ReadOptions(max_bytes=max_bytes, fetch=fetch)
        items = _rename(iter_inputs([path], options=opts, fmt=fmt), str(path), f"upload:{name}")
        return _store(store, items)


def ingest_url(
    store: Store, url: str, *, fmt: str = "auto", max_bytes: int, timeout: float = 20.0, fetch: bool = True
) -> dict[str, Any]:
    """Fetch one http(s) URL and store its documents (a failed fetch becomes an error record)."""
    fmt = _check_format(fmt)
    url = url.strip(" ")
    if not _URL.match(url):
        raise InvalidRequest(
            f"{url[:200]!r} is not an http(s) URL", remedy="give a URL that starts with https://"
        )
    opts = ReadOptions(max_bytes=max_bytes, timeout=timeout, fetch=fetch)
    return _store(store, iter_inputs([url], options=opts, fmt=fmt))


# -- speaker corrections ---------------------------------------------------------------------------------


def _correct(store: Store, action: str, args: dict[str, Any]) -> tuple[int, str]:
    """Record a correction, rebuild speakers with it, and say how it applied."""
    cid = store.add_correction(action, args)
    store.refresh_speakers()
    note = next((c["note"] for c in store.corrections() if c["id"] == cid), None)
    return cid, note or "recorded"


def _ref(sp: dict[str, Any]) -> dict[str, Any]:
    return {"id": sp["key"], "name": sp["name"]}


def _result(cid: int | None, note: str, message: str, sp: dict[str, Any]) -> dict[str, Any]:
    return {"correction": cid, "note": note, "message": message, "speaker": _ref(sp)}


def merge(store: Store, target: str, other: str) -> dict[str, Any]:
    """Merge speaker `other` into `target` (each a name, alias or sp- id); target keeps its id."""
    a, b = store.resolve_speaker(target), store.resolve_speaker(other)
    if a["id"] == b["id"]:
        return _result(None, "nothing recorded", f"{a['name']} and {other!r} are already one speaker", a)
    args = {"speaker": store.speaker_identity(a["id"]), "other": store.speaker_identity(b["id"])}
    cid, note = _correct(store, "merge", args)
    return _result(cid, note, f"merged {b['name']} ({b['key']}) into {a['name']} ({a['key']})", a)


def split(store: Store, target: str, alias: str) -> dict[str, Any]:
    """Make `alias`, one of the speaker's names, a speaker of its own."""
    sp = store.resolve_speaker(target)
    ident = store.speaker_identity(sp["id"])
    names = [n for n in ident["names"] if fold(n) == fold(alias)]
    if not names:
        raise NotFound(
            f"{sp['name']} ({sp['key']}) has no name {alias!r}",
            remedy="its names are: " + ", ".join(ident["names"]),
        )
    if len(ident["names"]) == 1:
        raise InvalidRequest(
            f"{alias!r} is the only name of {sp['name']}", remedy="there is nothing to split off"
        )
    cid, note = _correct(store, "split", {"speaker": ident, "alias": names[0]})
    return _result(cid, note, f"{names[0]!r} split off {sp['name']} ({sp['key']})", sp)


def rename(store: Store, target: str, name: str) -> dict[str, Any]:
    """Show the speaker under a new display name (its id stays)."""
    new = " ".join(name.split())
    if not new:
        raise InvalidRequest("give a name")
    sp = store.resolve_speaker(target)
    taken = [
        s
        for s in store.find_speakers(new, fuzzy=False)
        if fold(s["name"]) == fold(new) and s["id"] != sp["id"]
    ]
    if taken:
        raise InvalidRequest(
            f"{taken[0]['name']} ({taken[0]['key']}) already has that name",
            remedy=f"merge them: POST /api/speakers/merge, target {taken[0]['key']}, other {sp['key']}",
        )
    cid, note = _correct(store, "rename", {"speaker": store.speaker_identity(sp["id"]), "name": new})
    return _result(cid, note, f"{sp['name']} ({sp['key']}) is now shown as {new!r}", sp)


def set_qid(store: Store, target: str, qid: str) -> dict[str, Any]:
    """Pin the speaker to a Wikidata item."""
    qid = qid.strip().upper()
    if not is_qid(qid):
        raise InvalidRequest(f"{qid[:40]!r} is not a Wikidata QID", remedy="QIDs look like Q42")
    sp = store.resolve_speaker(target)
    cid, note = _correct(store, "qid", {"speaker": store.speaker_identity(sp["id"]), "qid": qid})
    return _result(cid, note, f"{sp['name']} ({sp['key']}) is {qid}", sp)


__all__ = ["ingest_upload", "ingest_url", "merge", "rename", "set_qid", "split", "upload_name"]
