"""Writes what the store holds as JSON Lines; each exporter is registered like any plugin.

Reads: the store. Writes: one JSON object per line to a text stream. `documents` and `claims` are
contracts (metadata and claim accuracy are measured through them): keep their keys and meaning stable.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from .registry import registry
from .store import Store

DOCUMENT_FIELDS = ("title", "outlet", "author", "date", "language")
"""Metadata fields of the `export documents` contract, in output order."""


def document_record(row: dict[str, Any]) -> dict[str, Any]:
    """One stored document in the contract's shape; a field the text does not support is null."""
    evidence = row.get("evidence") or {}
    rec: dict[str, Any] = {"doc": row["name"]}
    for key in DOCUMENT_FIELDS:
        rec[key] = row.get(key)
    rec["evidence"] = {
        k: evidence[k] for k in (*DOCUMENT_FIELDS, "url") if rec.get(k, row.get(k)) and k in evidence
    }
    rec["url"] = row.get("url")
    rec["id"] = row["id"]
    rec["group"] = row.get("dup_group")
    return rec


@registry.register("exporters", "documents")
def export_documents(store: Store, out: TextIO) -> int:
    """Every document's metadata with evidence, one line each, in the order stored; returns the count."""
    n = 0
    for row in store.iter_documents():
        out.write(json.dumps(document_record(row), ensure_ascii=False) + "\n")
        n += 1
    return n


@registry.register("exporters", "claims")
def export_claims(store: Store, out: TextIO) -> int:
    """Every claim, one line each: `{"claim", "label", "members": [{"doc", "content", "speaker", "stance"}]}`.

    `doc` is the document name as in `extract`; `content` the statement's spans into the stored text.
    """
    n = 0
    for rec in store.iter_claim_exports():
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


__all__ = ["DOCUMENT_FIELDS", "document_record", "export_claims", "export_documents"]
