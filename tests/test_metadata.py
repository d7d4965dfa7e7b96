"""Metadata: each field only where the text supports it, with the evidence it came from."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from quotetrail.clean import boilerplate_regions
from quotetrail.metadata import date_of_line, extract_metadata, parse_date
from quotetrail.types import Metadata

RESOURCES = Path(__file__).parent / "resources" / "metadata"
EXPECTED: dict[str, dict[str, object]] = json.loads((RESOURCES / "expected.json").read_text("utf-8"))

BODY = (
    "The harbour council said on Friday that it would rebuild the old pier, and residents said "
    "they were pleased with the plan that the mayor had put to them."
)


def _meta(text: str, origin: str | None = None) -> Metadata:
    """Metadata as the pipeline computes it: regions first, then extraction."""
    return extract_metadata(text, boilerplate_regions(text), origin)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_metadata(name: str) -> None:
    with open(RESOURCES / name, encoding="utf-8") as fh:
        text = fh.read()
    assert dataclasses.asdict(_meta(text, str(RESOURCES / name))) == EXPECTED[name]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("17/09/2021", "2021-09-17"),
        ("03/04/2020", "2020-04-03"),  # slashes are day-first by default
        ("09/17/2021", "2021-09-17"),  # ... unless the second number cannot be a month (17 > 12)
        ("17.09.2021", "2021-09-17"),
        ("2021-09-17", "2021-09-17"),
        ("2021-09-17T10:00:00Z", "2021-09-17"),
        ("September 17, 2021", "2021-09-17"),
        ("Sept. 17, 2021", "2021-09-17"),
        ("Sept. 9, 2021", "2021-09-09"),
        ("17 September 2021", "2021-09-17"),
        ("17th of September, 2021", "2021-09-17"),
        ("March 3", "--03-03"),
        ("3 March", "--03-03"),
        ("Feb 29", "--02-29"),
        ("31/02/2020", None),
        ("February 30", None),
        ("2021-13-01", None),
        ("13/13/2021", None),
        ("May 2021", None),
        ("Smarch 3, 2021", None),
    ],
)
def test_parse_date(raw: str, iso: str | None) -> None:
    assert parse_date(raw) == iso


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("17/09/2021", ("2021-09-17", 0)),
        ("*September 17, 2021*", ("2021-09-17", 0)),
        ("Friday, September 17, 2021", ("2021-09-17", 0)),
        ("Published: 17 Sep 2021 10:15 GMT", ("2021-09-17", 0)),
        ("Posted on March 3, 2021", ("2021-03-03", 0)),
        ("Sep 17, 2021 | 10:15 AM EST", ("2021-09-17", 0)),
        ("Updated: Sept. 17, 2021", ("2021-09-17", 1)),
        ("Last updated on 17 September 2021 at 10:15", ("2021-09-17", 1)),
        ("Updated:", None),
        ("On Apr. 6, 2021, the council met.", None),
        ("The vote was held on 17/09/2021.", None),
        ("2021", None),
    ],
)
def test_date_of_line(line: str, expected: tuple[str, int] | None) -> None:
    assert date_of_line(line) == expected


@pytest.mark.parametrize(
    ("opening", "date", "outlet"),
    [
        ("Paris, March 3 (ABC)--", "--03-03", "ABC"),
        ("VELDHAVEN (NPW) -", None, "NPW"),
        ("ROME, Jan. 5, 2021 —", "2021-01-05", None),
        ("NEW PORT, Maine, Oct 12 (Harbour Wire) -", "--10-12", "Harbour Wire"),
        ("WASHINGTON —", None, None),  # a city alone gives neither
        ("The mayor (who was new) -", None, None),
    ],
)
def test_dateline(opening: str, date: str | None, outlet: str | None) -> None:
    meta = _meta(f"Pier Plan Approved\n\n{opening} {BODY}\n")
    assert (meta.date, meta.outlet) == (date, outlet)
    assert meta.evidence.get("date") == ("dateline" if date else None)
    assert meta.evidence.get("outlet") == ("dateline" if outlet else None)


def test_headline_shaped_like_dateline_gives_no_date() -> None:
    assert _meta(f"Lindqvist, March 29 - what the pier vote means\n\n{BODY}\n").date is None


@pytest.mark.parametrize(
    ("lines", "date", "evidence"),
    [
        (
            ["Updated: 2 May 2022", "Published: 1 May 2022", f"VELDHAVEN, May 3 (NPW) - {BODY}"],
            "2022-05-01",
            "date line",
        ),
        (["Updated: 2 May 2022", f"VELDHAVEN, May 3 (NPW) - {BODY}"], "2022-05-02", "date line"),
        ([f"VELDHAVEN, May 3 (NPW) - {BODY}"], "--05-03", "dateline"),
        ([BODY, "Fishermen on the pier on May 4, 2022. (Ann Lee via AP)", BODY], None, None),
        ([BODY, "On May 4, 2022, the council met again."], None, None),
    ],
)
def test_date_sources_and_priority(lines: list[str], date: str | None, evidence: str | None) -> None:
    meta = _meta("Pier Plan Approved\n\n" + "\n\n".join(lines) + "\n")
    assert (meta.date, meta.evidence.get("date")) == (date, evidence)


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("by Jane Doe (Harbour Desk)", "Jane Doe"),
        ("By Jane Doe, Harbour Correspondent", "Jane Doe"),
        ("**By Jane Doe | Northport Weekly**", "Jane Doe"),
        ("By Jane Doe and Tom Roe", "Jane Doe and Tom Roe"),
        ("By J.R. Hale", "J.R. Hale"),
        ("By Ludwig van Dorn", "Ludwig van Dorn"),
        ("By Monday, the pier was closed.", None),
        ("by the harbour", None),
        ("By Jane Doe in a statement to the council.", None),
    ],
)
def test_byline(byline: str, author: str | None) -> None:
    meta = _meta(f"Pier Plan Approved\n\n{byline}\n\n{BODY}\n")
    assert meta.author == author
    assert meta.evidence.get("author") == ("byline" if author else None)


@pytest.mark.parametrize(
    ("credit", "author"),
    [
        ("(Writing by Ilse Marn; Editing by Pavel Dunne)", "Ilse Marn"),
        ("Reporting by Ilse Marn; Editing by Pavel Dunne", "Ilse Marn"),
        ("(Reporting by Ann Lee in Rome and Bo Tan in Oslo; Writing by Cy Dale)", "Ann Lee and Bo Tan"),
        ("Ann Lee contributed to this report.", None),
        ("(Additional reporting by Ann Lee; Editing by Bo Tan)", None),
        ("Reporting by the agency showed that costs rose.", None),
    ],
)
def test_credit_line_author(credit: str, author: str | None) -> None:
    meta = _meta(f"Pier Plan Approved\n\n{BODY}\n\n{credit}\n")
    assert meta.author == author
    assert meta.evidence.get("author") == ("credit line" if author else None)


def test_byline_beats_credit_line() -> None:
    meta = _meta(f"Pier Plan Approved\n\nBy Jane Doe\n\n{BODY}\n\n(Writing by Tom Roe)\n")
    assert (meta.author, meta.evidence["author"]) == ("Jane Doe", "byline")


@pytest.mark.parametrize(
    ("text", "title", "evidence"),
    [
        (f"# Pier Plan Approved\n\n{BODY}", "Pier Plan Approved", "heading"),
        (f"## *Pier Plan* _Approved_\n\n{BODY}", "Pier Plan Approved", "heading"),
        (f"Pier Plan Approved\n=================\n\n{BODY}", "Pier Plan Approved", "heading"),
        (f"**Pier Plan Approved**\n\n{BODY}", "Pier Plan Approved", "first line"),
        (f"\n\n---\n\nPier Plan Approved\n\n{BODY}", "Pier Plan Approved", "first line"),
        (f"Is the Old Pier Safe?\n\n{BODY}", "Is the Old Pier Safe?", "first line"),
        (
            f"Ferry Deal Signed in Washington, D.C.\n\n{BODY}",
            "Ferry Deal Signed in Washington, D.C.",
            "first line",
        ),
        (f"Share this:\n\nPier Plan Approved\n\n{BODY}", "Pier Plan Approved", "first line"),
        (f"{BODY}\n\nMore text.", None, None),
        (f"By Jane Doe\n\n{BODY}", None, None),
        (f"{'Pier ' * 45}Plan\n\n{BODY}", None, None),
        (f"17/09/2021\n\n{BODY}", None, None),
    ],
)
def test_title(text: str, title: str | None, evidence: str | None) -> None:
    meta = _meta(text)
    assert (meta.title, meta.evidence.get("title")) == (title, evidence)


URL_LINE = "<https://www.northport-weekly.example/news/pier-vote>"
BOLD = "**Northport Weekly**"
TEASER = "[Also on coastwatch.example Ferry fares rise](#)"
DATELINE = f"VELDHAVEN, May 3 (NPW) - {BODY}"


@pytest.mark.parametrize(
    ("parts", "outlet", "evidence"),
    [
        ([DATELINE, TEASER, URL_LINE, BOLD], "northport-weekly.example", "url"),
        ([DATELINE, TEASER, BOLD], "Northport Weekly", "credit line"),
        ([DATELINE, TEASER], "coastwatch.example", "site link"),
        ([DATELINE], "NPW", "dateline"),
        ([BODY, "**Ends**"], None, None),
        ([BODY, "Related talks are planned, see coastwatch.example for details."], None, None),
    ],
)
def test_outlet_preference(parts: list[str], outlet: str | None, evidence: str | None) -> None:
    meta = _meta("Pier Plan Approved\n\n" + "\n\n".join(parts) + "\n")
    assert (meta.outlet, meta.evidence.get("outlet")) == (outlet, evidence)


@pytest.mark.parametrize(
    ("tail", "url"),
    [
        (
            "https://northport-weekly.example/news/pier-vote",
            "https://northport-weekly.example/news/pier-vote",
        ),
        (URL_LINE, "https://www.northport-weekly.example/news/pier-vote"),
        ("The full report is at https://council.example/report today.", None),
    ],
)
def test_url_line(tail: str, url: str | None) -> None:
    meta = _meta(f"Pier Plan Approved\n\n{BODY}\n\n{tail}\n")
    assert (meta.url, meta.evidence.get("url")) == (url, "url" if url else None)
    if url:
        assert (meta.outlet, meta.evidence["outlet"]) == ("northport-weekly.example", "url")


def test_url_line_deep_in_body_is_a_reference_not_the_article() -> None:
    middle = "\n\n".join([BODY] * 8 + ["https://council.example/report.pdf"] + [BODY] * 8)
    assert _meta(f"Pier Plan Approved\n\n{middle}\n").url is None


@pytest.mark.parametrize(
    ("origin", "url", "outlet"),
    [
        (
            "https://www.harbour-news.example/a/1",
            "https://www.harbour-news.example/a/1",
            "harbour-news.example",
        ),
        ("/data/articles/pier.txt", None, None),
        (None, None, None),
    ],
)
def test_origin_url_is_a_fallback(origin: str | None, url: str | None, outlet: str | None) -> None:
    meta = _meta(f"Pier Plan Approved\n\n{BODY}\n", origin)
    assert (meta.url, meta.outlet) == (url, outlet)
    assert meta.evidence.get("url") == ("url" if url else None)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (BODY, "en"),
        ("Pier plan approved by council today", None),  # too few words to judge
        (
            "Der Hafenrat hat am Dienstag beschlossen, den alten Steg wieder aufzubauen. Damit endet ein "
            "Streit, der drei Jahre gedauert hatte. Die Bewohner sind zufrieden mit dem Plan.",
            "de",
        ),
        (
            "El consejo del puerto votó el martes a favor de reconstruir el viejo muelle, poniendo fin a "
            "una disputa que duró tres años. Los vecinos dicen que están contentos con el plan.",
            "es",
        ),
        # English only inside boilerplate does not make the article English (one German line is too little).
        (
            "Der Hafenrat hat am Dienstag beschlossen, den alten Steg wieder aufzubauen.\n\n"
            "Fill in your details below or click an icon to log in to the site and the comments:\n\n"
            "You are commenting using your account and it is the one that is used for this. "
            "Log Out / Change )\n",
            None,
        ),
    ],
)
def test_language(text: str, language: str | None) -> None:
    meta = _meta(text)
    assert meta.language == language
    assert meta.evidence.get("language") == ("detected" if language else None)
