"""Optional Wikidata QIDs for speakers: from a user's mapping file, or an online lookup asked once per name.

A mapping file is CSV (`name,qid` rows, a header optional) or a JSON object {name: qid}; its
links always apply. The online lookup (wbsearchentities) runs only when asked, with a timeout;
each answer, including "nothing found", is cached in the store so a name is asked once. It
takes the first result whose label or matched alias is the speaker's name once folded, which is
a guess: pin the right item with `quotetrail speakers qid NAME Q123`. Offline (no network, DNS
failure, timeout), the lookup says it is off and why, and nothing fails.
"""

from __future__ import annotations

import csv
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError
from .identity import folded_name

API = "https://www.wikidata.org/w/api.php"
QID = re.compile(r"^Q[1-9][0-9]*$")
USER_AGENT = f"quotetrail/{__version__} (speaker linking; https://www.wikidata.org/wiki/Wikidata:Data_access)"
MAX_BYTES = 1_000_000

Fetch = Callable[[str, float], bytes]
"""(url, timeout seconds) -> response body; raises OSError (URLError, timeout) when offline."""


def fetch_url(url: str, timeout: float) -> bytes:
    """GET a URL with a timeout and a size cap."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return bytes(resp.read(MAX_BYTES))


def is_qid(value: str) -> bool:
    """Whether a string is a Wikidata item id (Q followed by digits)."""
    return bool(QID.match(value.strip()))


def read_mapping(path: str | Path) -> dict[str, str]:
    """Name -> QID from a CSV (`name,qid`) or JSON ({name: qid}) file; a bad file or QID is an InputError."""
    p = Path(path)
    try:
        text = p.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the mapping file: {exc}", path=str(p)) from exc
    pairs: list[tuple[str, str]] = []
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"the mapping file is not valid JSON: {exc}", path=str(p)) from exc
        pairs = [(str(k), str(v)) for k, v in data.items()]
    else:
        for n, row in enumerate(csv.reader(text.splitlines()), start=1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if len(row) < 2:
                raise InputError(
                    f"line {n}: write name,qid", path=str(p), remedy="one `name,qid` pair a line"
                )
            if n == 1 and not is_qid(row[1]) and row[1].strip().lower() in ("qid", "wikidata", "id"):
                continue  # a header
            pairs.append((row[0], row[1]))
    out: dict[str, str] = {}
    for name, qid in pairs:
        if not is_qid(qid):
            raise InputError(
                f"{qid.strip()!r} for {name.strip()!r} is not a Wikidata QID",
                path=str(p),
                remedy="QIDs look like Q42",
            )
        if name.strip():
            out[name.strip()] = qid.strip()
    return out


@dataclass
class Candidate:
    """A Wikidata item an online search returned for a name."""

    qid: str
    label: str
    description: str


def search(
    name: str, *, fetch: Fetch = fetch_url, timeout: float = 10.0, language: str = "en"
) -> Candidate | None:
    """The first wbsearchentities result whose label or matched alias is `name` (folded); None if none is.

    Network failures raise OSError; an unreadable answer raises ValueError.
    """
    query = urllib.parse.urlencode(
        {
            "action": "wbsearchentities",
            "search": name,
            "language": language,
            "uselang": language,
            "type": "item",
            "limit": "7",
            "format": "json",
        }
    )
    body = fetch(f"{API}?{query}", timeout)
    data = json.loads(body.decode("utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("search"), list):
        raise ValueError("unexpected answer from Wikidata")
    want = folded_name(name)
    for hit in data["search"]:
        if not isinstance(hit, dict) or not is_qid(str(hit.get("id", ""))):
            continue
        label = str(hit.get("label") or "")
        matched = str((hit.get("match") or {}).get("text") or "")
        if want in (folded_name(label), folded_name(matched)):
            return Candidate(str(hit["id"]), label, str(hit.get("description") or ""))
    return None


@dataclass
class LinkReport:
    """What `speakers link` did, for its summary."""

    mapped: int = 0
    asked: int = 0
    found: int = 0
    cached: int = 0
    offline: str | None = None
    linked: list[dict[str, Any]] = field(default_factory=list)


def link_speakers(
    store: Any,
    *,
    mapping: dict[str, str] | None = None,
    online: bool = False,
    fetch: Fetch = fetch_url,
    timeout: float = 10.0,
) -> LinkReport:
    """Store mapping-file links and (when asked) online matches, then refresh speakers so QIDs apply."""
    report = LinkReport()
    if mapping:
        store.save_wikidata("mapping", [(n, q, None, None) for n, q in sorted(mapping.items())])
        report.mapped = len(mapping)
    if online:
        store.refresh_speakers()  # mapped QIDs first: those speakers need no lookup
        found: list[tuple[str, str | None, str | None, str | None]] = []
        for sp in store.speakers():
            if sp["type"] in ("person", "unknown") and len(sp["name"].split()) < 2:
                continue  # a surname alone is too ambiguous to search
            if store.wikidata_cached(sp["name"]) is not None:
                report.cached += 1
                continue
            if sp["qid"]:
                continue  # pinned or mapped already
            try:
                hit = search(sp["name"], fetch=fetch, timeout=timeout)
            except (OSError, urllib.error.URLError) as exc:
                report.offline = _why_offline(exc)
                break
            except ValueError:
                continue  # a bad answer for this name: ask again next time
            report.asked += 1
            report.found += hit is not None
            found.append(
                (sp["name"], hit.qid, hit.label, hit.description) if hit else (sp["name"], None, None, None)
            )
        if found:
            store.save_wikidata("online", found)
    store.refresh_speakers()
    report.linked = [
        {"id": sp["key"], "name": sp["name"], "qid": sp["qid"]} for sp in store.speakers() if sp["qid"]
    ]
    return report


def _why_offline(exc: BaseException) -> str:
    """A short reason for a failed lookup (DNS, refused, timeout)."""
    reason = getattr(exc, "reason", None) or exc
    return f"{type(reason).__name__}: {reason}".strip()


__all__ = ["API", "Candidate", "LinkReport", "fetch_url", "is_qid", "link_speakers", "read_mapping", "search"]
