"""Reads title, outlet, author, date, language and URL from the text itself, each with its evidence.

Dates come out as ISO `YYYY-MM-DD`, or `--MM-DD` when the text gives a day and month but no year.
Numeric dates with slashes, dots or dashes are read day-first (dd/mm/yyyy, the European and
international news convention) unless the second number cannot be a month (09/17/2021 is then
month-first). English month names are read by the rules here; dates in other languages and free
forms go to dateparser with the document's language and a fixed reference date, never "today".

Evidence names where a field came from: "heading" or "first line" (title), "date line",
"dateline", "byline", "credit line", "url" (a URL in the text or the document's own URL),
"site link" (an "Also on example.com" teaser naming the site), "detected" (language).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from .clean import analysed_text_mask, iter_lines, normalise
from .types import Metadata, Region

HEAD_LINES = 12
"""Bylines, date lines and datelines are looked for in this many non-empty lines at the top."""

TAIL_LINES = 5
"""Credit lines, date lines and URL lines are also looked for in this many non-empty lines at the end."""

URL_LINES = 4
"""A URL line names the article only in this many non-empty lines at the top or the end."""

MAX_TITLE_CHARS = 200
"""Longer first lines are paragraphs, not headlines."""


def _words(*chunks: str) -> frozenset[str]:
    """A word set written as space-separated strings, easier to read and extend than a list of literals."""
    return frozenset(" ".join(chunks).split())


_SKIP_FOR_TEXT = frozenset(
    {"markup", "comment form", "sharing", "photo credit", "link teaser", "repeated line"}
)
"""Region reasons whose lines never give a title, byline or date."""

# --- dates -------------------------------------------------------------------------------------------------

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
"""English month names, spelled out here because `calendar.month_name` follows the process locale."""

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTHS: dict[str, int] = {
    **{name: i for i, name in enumerate(MONTH_NAMES, start=1)},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
"""English month names and abbreviations; our own table so no date-parsing dependency is needed."""

_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?i:mon|tue|wed|thu|fri|sat|sun)(?i:day|s|sday|nesday|rsday|urday|\.)?,?\s+"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:1[89]|2[01])\d\d)"
_DATE_FORMS = (
    rf"(?P<mon>{_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?",
    rf"{_DAY}(?:\s+of)?\s+(?P<mon>{_MONTH}),?(?:\s+{_YEAR})?",
    rf"{_YEAR}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?",
    rf"{_YEAR}/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})",
    rf"(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep){_YEAR}",
)
_DATE_RES = tuple(re.compile(form + r"\Z") for form in _DATE_FORMS)
_TIME = (
    r"(?:at\s+|@\s*)?\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*\(?(?:[A-Z]{2,5}|UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d\d)?)?\)?)?"
)
_DATE_ANY = "|".join(f"(?:{form})" for form in _DATE_FORMS)
_DATE_ANY_UNNAMED = re.sub(r"\(\?P<\w+>", "(?:", re.sub(r"\(\?P=sep\)", "[/.-]", _DATE_ANY))
_DATE_LINE = re.compile(
    rf"(?:{_WEEKDAY})?(?:{_TIME}\s*[,|•·–—-]?\s*)?(?P<date>{_DATE_ANY_UNNAMED})"
    rf"(?:\s*[,|•·–—-]?\s*{_TIME})?\s*\.?\Z"
)
_LABELLED = re.compile(
    r"(?i:(?P<label>(?:first |originally )?published|posted|updated|last updated|last modified|date|"
    r"publication date|release date))(?:\s+(?:on|at))?\s*:?\s*(?P<rest>.*)\Z"
)
_DATELINE = re.compile(
    r"[*_]*(?P<city>[A-Z][A-Za-z'’.-]*(?:[ -][A-Z][A-Za-z'’.-]*){0,3})[*_]*"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?))?"
    rf"(?:,\s*(?P<date>{_DATE_ANY_UNNAMED}))?"
    r"\s*(?:\((?P<agency>[A-Z][A-Za-z&.'’-]*(?: [A-Z][A-Za-z&.'’-]*){0,3})\))?"
    r"\s*(?:--|—|–|-)"
)


def parse_date(s: str) -> str | None:
    """An English or numeric date string as ISO `YYYY-MM-DD`, or `--MM-DD` when it has no year."""
    s = " ".join(s.split()).strip(" ,.")
    for rx in _DATE_RES:
        m = rx.match(s)
        if m is None:
            continue
        g = m.groupdict()
        year = int(g["y"]) if g.get("y") else None
        if g.get("mon"):
            month = MONTHS.get(g["mon"].rstrip(".").lower(), 0)
            day = int(g["d"])
        elif g.get("a"):
            a, b = int(g["a"]), int(g["b"])
            day, month = (b, a) if b > 12 >= a else (a, b)
        else:
            month, day = int(g["m"]), int(g["d"])
        return _iso(year, month, day)
    return None


def _iso(year: int | None, month: int, day: int) -> str | None:
    """A checked ISO date (partial `--MM-DD` without a year), None when no such day exists."""
    if not 1 <= month <= 12:
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}" if 1 <= day <= calendar.monthrange(2000, month)[1] else None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_of_line(line: str) -> tuple[str, int] | None:
    """(ISO date, rank) for a line that is only a date or a Published/Updated label with one; else None."""
    s = normalise(line)
    rank = 0
    m = _LABELLED.match(s)
    if m:
        s = m.group("rest")
        if m.group("label").lower() in ("updated", "last updated", "last modified"):
            rank = 1
    dm = _DATE_LINE.match(s)
    if dm is None:
        return None
    iso = parse_date(dm.group("date"))
    return (iso, rank) if iso else None


# --- lines -------------------------------------------------------------------------------------------------


@dataclass
class _Line:
    """A non-empty line with its offsets and the reason it is marked (None when it is prose)."""

    start: int
    end: int
    raw: str
    reason: str | None


def _content_lines(text: str, regions: list[Region]) -> list[_Line]:
    """Non-empty lines, each tagged with the region reason covering it."""
    out: list[_Line] = []
    ri = 0
    for start, end, raw in iter_lines(text):
        if not raw.strip():
            continue
        while ri < len(regions) and regions[ri].end <= start:
            ri += 1
        reason = None
        if ri < len(regions) and regions[ri].start < end and regions[ri].end > start:
            reason = regions[ri].reason
        out.append(_Line(start, end, raw, reason))
    return out


# --- title -------------------------------------------------------------------------------------------------

_HEADING = re.compile(r"\s{0,3}#{1,6}\s")
_SETEXT = re.compile(r"\s{0,3}(?:=+|-+)\s*\Z")
_URL_LINE = re.compile(r"\s*<?(?P<url>https?://[^\s<>]+?)>?[.,;]?\s*\Z", re.IGNORECASE)
_INITIALISM_END = re.compile(r"(?:\b[A-Z]\.){2,}\Z")


def _title(text: str, lines: list[_Line]) -> tuple[str, str, _Line] | None:
    """The first prose line when it reads as a headline, with "heading" or "first line" as evidence."""
    first = next((ln for ln in lines if ln.reason is None), None)
    if first is None:
        return None
    title = normalise(first.raw).strip()
    if not title or len(title) > MAX_TITLE_CHARS or not any(c.isalpha() for c in title):
        return None
    if title[-1] in ",;:" or (title.endswith(".") and not _INITIALISM_END.search(title)):
        return None
    if _URL_LINE.match(title) or date_of_line(first.raw) or _byline(first.raw):
        return None
    after = text[first.end + 1 :].split("\n", 1)[0]
    is_heading = bool(_HEADING.match(first.raw)) or bool(after.strip() and _SETEXT.match(after))
    return title, "heading" if is_heading else "first line", first


# --- author ------------------------------------------------------------------------------------------------

_NOT_NAMES = _words(
    *WEEKDAY_NAMES,
    *MONTH_NAMES,
    "the this that then now today tonight tomorrow yesterday contrast comparison far way law default",
    "night day morning evening noon midnight early late end all our",
    "staff correspondent reporter editor writer desk bureau contributor columnist news press agency team",
)
"""Capitalised words after "By" that are not names ("By Monday, ...", "By The Way")."""
_NAME_WORD = r"(?!AND\b)(?:(?:[A-Z]\.){1,3}|[A-Z][\w'’-]*\.?)"
_PARTICLE = r"(?:van|von|de|der|den|da|di|du|del|la|le|bin|ibn|al|el|dos|das|ter)"
_PERSON = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,3}}"
_BYLINE = re.compile(
    rf"(?:By|by|BY)\s+(?P<names>{_PERSON}(?:(?:\s*,\s*{_PERSON})*,?\s+(?:and|AND|&)\s+{_PERSON})?)"
    r"\s*(?P<rest>.*)\Z"
)
_CREDIT = re.compile(
    r"\(?\s*(?P<body>(?:(?:Additional )?Reporting|Writing|Written|Editing|Edited|Compiled|Translated|Text)"
    r"\b.*?)\s*\)?\s*\.?\Z",
    re.IGNORECASE,
)
_CREDIT_PART = re.compile(r"(?P<role>[A-Za-z ]+?)\s+by\s+(?P<names>.+)", re.IGNORECASE)
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s*\Z")


def _clean_names(names: str) -> list[str]:
    """Names from "A, B and C", each checked as 1-4 capitalised words, place suffixes ("in Rome") dropped."""
    out = []
    for part in re.split(r"\s*(?:,|;|\b(?:and|AND)\b|&)\s*", names):
        part = _IN_PLACE.sub("", part.strip(" .*_"))
        if not part:
            continue
        if not re.fullmatch(_PERSON, part) or any(w.lower().strip(".") in _NOT_NAMES for w in part.split()):
            return []
        out.append(part)
    return out


def _join(names: list[str]) -> str:
    """Names joined as a reader writes them."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _byline(raw: str) -> str | None:
    """The author of a "By Jane Doe" line (trailing parentheses or a short affiliation allowed)."""
    m = _BYLINE.match(normalise(raw))
    if m is None:
        return None
    rest = re.sub(r"\([^)]*\)?", "", m.group("rest")).strip()
    if rest and not (rest[0] in ",|–—-/" and len(rest.split()) <= 8 and not rest.endswith((".", "!", "?"))):
        return None
    names = _clean_names(m.group("names"))
    return _join(names) if names else None


def _credit_author(raw: str) -> str | None:
    """The author named in a closing "(Reporting by X; Writing by Y; Editing by Z)" line."""
    m = _CREDIT.match(normalise(raw))
    if m is None:
        return None
    roles: dict[str, list[str]] = {}
    for part in re.split(r"\s*;\s*", m.group("body")):
        pm = _CREDIT_PART.fullmatch(part.strip())
        if pm:
            names = _clean_names(pm.group("names"))
            if names:
                roles.setdefault(pm.group("role").strip().lower(), names)
    for role in ("reporting", "writing", "written", "text"):
        if role in roles:
            return _join(roles[role])
    return None


# --- outlet ------------------------------------------------------------------------------------------------

_BOLD_LINE = re.compile(r"\s*(?:\*\*|__)(?P<name>[^*_\n]{2,60}?)(?:\*\*|__)\s*\Z")
_TEASER_SITE = re.compile(
    r"\b(?:also on|more on|more from|read more on|read more at)\s+(?P<site>(?:[a-z0-9-]+\.)+[a-z]{2,})\b",
    re.IGNORECASE,
)


def _domain(url: str) -> str | None:
    """The host of a URL without a leading "www."."""
    host = (urlsplit(url).hostname or "").lower()
    host = host.removeprefix("www.")
    return host if "." in host else None


def _bold_outlet(raw: str) -> str | None:
    """A short bold closing line naming the outlet ("**The Daily Example**")."""
    m = _BOLD_LINE.match(raw)
    if m is None:
        return None
    name = " ".join(m.group("name").split())
    words = name.split()
    if not 1 <= len(words) <= 6 or name[-1] in ".!?:;," or not name[0].isupper():
        return None
    if name.lower() in ("end", "ends", "the end", "update", "editor's note"):
        return None
    return name


# --- dates in other forms ----------------------------------------------------------------------------------

_ISO_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
_ISO_PARTIAL = re.compile(r"--(\d\d)-(\d\d)")
_HAS_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
REFERENCE_DATE = dt.datetime(2000, 1, 1)
"""dateparser's anchor when the input has no reference date: fixed, so a text always gives the same date."""


def _base_datetime(reference_date: str | None) -> dt.datetime:
    """The anchor for relative dates: the input's reference date (fetch or archive day) when ISO."""
    if reference_date:
        try:
            return dt.datetime.combine(dt.date.fromisoformat(reference_date[:10]), dt.time())
        except ValueError:
            pass
    return REFERENCE_DATE


@lru_cache(maxsize=4096)
def _parse_loose(value: str, language: str, base: dt.datetime) -> dt.datetime | None:
    """dateparser on a non-ISO date, with an explicit language; cached as exports repeat dates."""
    import dateparser  # deferred: only loose dates need it

    settings = {"RELATIVE_BASE": base, "REQUIRE_PARTS": ["day", "month"]}
    try:
        return dateparser.parse(value, languages=[language], settings=settings)  # type: ignore[arg-type]
    except ValueError:  # a language dateparser does not know
        return None if language == "en" else _parse_loose(value, "en", base)
    except (OverflowError, TypeError):
        return None


def normalise_date(value: str, language: str | None = None, reference_date: str | None = None) -> str | None:
    """A date written any common way as ISO, `--MM-DD` when it names no year, None when it is not a date.

    ISO timestamps keep the day written (not converted to UTC): the day the outlet dated the story.
    """
    value = " ".join(value.split())
    if not value or value.isdigit():
        return None  # an epoch number or a bare year is not a day
    if m := _ISO_DATE.fullmatch(value):
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _ISO_PARTIAL.fullmatch(value):
        return _iso(None, int(m.group(1)), int(m.group(2)))
    if (language or "en") == "en" and (found := parse_date(value)):
        return found
    parsed = _parse_loose(value, language or "en", _base_datetime(reference_date))
    if parsed is None:
        return None
    return _iso(parsed.year if _HAS_YEAR.search(value) else None, parsed.month, parsed.day)


def _foreign_date_line(line: str, language: str) -> str | None:
    """A short line that is only a date in the document's (non-English) language."""
    s = normalise(line).strip()
    if not s or len(s) > 40 or not any(c.isdigit() for c in s) or s[-1] in ".!?":
        return None
    return normalise_date(s, language)


# --- main --------------------------------------------------------------------------------------------------


def extract_metadata(
    text: str,
    regions: list[Region],
    origin: str | None = None,
    *,
    url: str | None = None,
    language: str | None = None,
    masked: str | None = None,
) -> Metadata:
    """Metadata the text supports, each field with evidence.

    `url` is the document's own address (a fetched page, a WARC record); `origin` serves as one
    only when it is a URL. `language` is what the container declared; otherwise it is detected on
    `masked` (the analysed-text mask, when the caller already has it).
    """
    from .language import detect_language

    meta = Metadata()
    ev = meta.evidence
    lines = _content_lines(text, regions)
    prose = [ln for ln in lines if ln.reason not in _SKIP_FOR_TEXT]
    head, tail = prose[:HEAD_LINES], prose[-TAIL_LINES:]

    title = _title(text, lines)
    title_line = None
    if title:
        meta.title, ev["title"], title_line = title

    # URL: a line that is only a URL, at the top or bottom (links inside the body point elsewhere).
    for ln in lines[:URL_LINES] + lines[-URL_LINES:]:
        m = _URL_LINE.match(ln.raw)
        if m and ln.reason is None and _domain(m.group("url")):
            meta.url, ev["url"] = m.group("url"), "url"
            break
    own_url = url or (origin if origin and re.match(r"https?://", origin) else None)
    if meta.url is None and own_url and _domain(own_url):
        meta.url, ev["url"] = own_url, "url"
    if language is None:
        detected = detect_language(masked if masked is not None else analysed_text_mask(text, regions))
        if detected is not None:
            meta.language, ev["language"] = detected[0], "detected"
    else:
        meta.language, ev["language"] = language, "declared"
    foreign = meta.language if meta.language and meta.language != "en" else None

    # Date: explicit date lines beat Updated lines, which beat the dateline's date.
    candidates: list[tuple[int, int, str, str]] = []
    for pos, ln in enumerate(head + [ln for ln in tail if ln not in head]):
        found = date_of_line(ln.raw)
        if found:
            candidates.append((found[1], pos, found[0], "date line"))
        elif foreign and (iso := _foreign_date_line(ln.raw, foreign)):
            candidates.append((0, pos, iso, "date line"))
    dateline_agency: str | None = None
    for pos, ln in enumerate(head):
        if ln is title_line:  # "Brexit, March 29 - what next" is a headline, not a dateline
            continue
        dm = _DATELINE.match(normalise(ln.raw))
        if dm is None or not (dm.group("date") or dm.group("agency")):
            continue
        iso = parse_date(dm.group("date")) if dm.group("date") else None
        if iso:
            candidates.append((2, pos, iso, "dateline"))
        dateline_agency = dm.group("agency")
        break
    if candidates:
        _, _, meta.date, ev["date"] = min(candidates)

    # Author: a byline near the top, else a closing credit line.
    for ln in head:
        author = _byline(ln.raw)
        if author:
            meta.author, ev["author"] = author, "byline"
            break
    if meta.author is None:
        for ln in reversed(tail):
            author = _credit_author(ln.raw)
            if author:
                meta.author, ev["author"] = author, "credit line"
                break

    # Outlet: URL domain > bold closing credit > teaser naming its own site > dateline agency.
    if meta.url:
        meta.outlet, ev["outlet"] = _domain(meta.url), "url"
    if meta.outlet is None and tail and (bold := _bold_outlet(tail[-1].raw)):
        meta.outlet, ev["outlet"] = bold, "credit line"
    if meta.outlet is None:
        for ln in lines:
            tm = _TEASER_SITE.search(normalise(ln.raw)) if ln.reason == "link teaser" else None
            if tm:
                meta.outlet, ev["outlet"] = tm.group("site").lower().removeprefix("www."), "site link"
                break
    if meta.outlet is None and dateline_agency:
        meta.outlet, ev["outlet"] = dateline_agency, "dateline"
    return meta
