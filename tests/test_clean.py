"""Cleaning: boilerplate lines are marked with the right reason, article sentences never are."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from quotetrail.clean import REASONS, analysed_text_mask, boilerplate_regions, in_regions, iter_lines
from quotetrail.types import Region

RESOURCES = Path(__file__).parent / "resources" / "clean"
EXPECTED: dict[str, list[list[object]]] = json.loads((RESOURCES / "expected.json").read_text("utf-8"))


def _read(name: str) -> str:
    with open(RESOURCES / name, encoding="utf-8") as fh:
        return fh.read()


def _reason(text: str) -> str | None:
    """The reason of the single region boilerplate_regions returns for a one-line text, or None."""
    regions = boilerplate_regions(text)
    assert len(regions) <= 1
    if not regions:
        return None
    assert (regions[0].start, regions[0].end) == (0, len(text))
    return regions[0].reason


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_regions_match_expected_lines(name: str) -> None:
    text = _read(name)
    regions = boilerplate_regions(text)
    by_start = {r.start: r for r in regions}
    got = []
    for number, (start, end, line) in enumerate(iter_lines(text), 1):
        if start in by_start:
            assert by_start[start].end == end  # the whole line, without its newline
            got.append((number, by_start[start].reason, line))
    expected = EXPECTED[name]
    assert [(n, r) for n, r, _ in got] == [(n, r) for n, r, _ in expected]
    for (_, _, line), (_, _, prefix) in zip(got, expected, strict=True):
        assert isinstance(prefix, str) and line.startswith(prefix)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_regions_sorted_non_overlapping_with_known_reasons(name: str) -> None:
    regions = boilerplate_regions(_read(name))
    for a, b in itertools.pairwise(regions):
        assert a.end <= b.start
    assert all(r.reason in REASONS and r.start < r.end for r in regions)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # markup
        ("---", "markup"),
        ("***", "markup"),
        ("* * *", "markup"),
        ("<hr/>", "markup"),
        # comment form
        ("Leave a Reply", "comment form"),
        ("Fill in your details below or click an icon to log in:", "comment form"),
        ("You are commenting using your Google account. Log Out /  Change )", "comment form"),
        ("Connecting to %s", "comment form"),
        ("Notify me of new posts via email.", "comment form"),
        ("%d bloggers like this:", "comment form"),
        ("Loading...", "comment form"),
        ("Your email address will not be published. Required fields are marked *", "comment form"),
        ("12 thoughts on “Pier vote passes”", "comment form"),
        # sharing
        ("Share this:", "sharing"),
        ("Share on Facebook", "sharing"),
        ("Click to share on LinkedIn (Opens in new window)", "sharing"),
        ("Facebook | Twitter | Email", "sharing"),
        ("Sign up for our morning newsletter", "sharing"),
        ("Back to top", "sharing"),
        # link teaser
        ("[Also on example.org Ferry strike enters second week](https://example.org/ferry)", "link teaser"),
        ("**[Recommended: Ferry timetable](#)**", "link teaser"),
        ("READ MORE: Port fees rise again", "link teaser"),
        ("See also: Ferry timetable for the winter", "link teaser"),
        ("Read the rest here.", "link teaser"),
        ("Also on example.org Ferry strike enters second week", "link teaser"),
        # photo credit
        ("Jane Roe/Getty Images", "photo credit"),
        ("(AP Photo/Sam Poe)", "photo credit"),
        ("Photo: Ann Lee", "photo credit"),
        ("Credit: Harbour Authority", "photo credit"),
        ("REUTERS/Ann Lee", "photo credit"),
        ("Boats in the harbour on Monday. (Ann Lee via AP)", "photo credit"),
        ("Boats in the harbour on Monday. Harbour Authority via AP", "photo credit"),
        ("Boats in the harbour on Monday.<br/>(Ann Lee/Getty Images)", "photo credit"),
        ("Boats in the harbour on Monday. (Ann Lee/NPW)", "photo credit"),
    ],
)
def test_boilerplate_line_is_marked(line: str, reason: str) -> None:
    assert _reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "She said she would share this with the council.",
        "Share prices fell 3% on Monday.",
        "The photo was taken by a fisherman on Monday.",
        "He said the photo, distributed via AP, was genuine.",
        "A Reuters/Ipsos poll found most residents back the plan.",
        "Photos: what the pier looked like in 1952",
        "Image rights remain with the council, she said.",
        "Credit unions backed the plan.",
        "Related talks are planned for next week.",
        "Read more about the plan in the council minutes.",
        "Also on Monday, the council approved the budget.",
        "Follow-up inspections are due in May.",
        "Print media was not invited.",
        "Tweets by the mayor drew criticism.",
        "Leave a reply if you disagree, the mayor told residents.",
        "Like this, the pier would last decades, he said.",
        "Loading of the ferry began at noon.",
        "Subscribers to the newsletter said they were pleased.",
        "The mayor (Reuters) said so.",
        "US/EU talks resumed on Monday.",
        "Council under pressure",
        "- the pier was old",
    ],
)
def test_article_sentence_is_not_marked(line: str) -> None:
    assert _reason(line) is None


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("Pier Vote Passes in Lindqvist\n\nPier Vote Passes in Lindqvist\n", [(31, 60)]),
        ("**Pier Vote Passes in Lindqvist**\n\n# Pier vote passes in  Lindqvist\n", [(35, 67)]),
        ("He said no.\n\nHe said no.\n", []),  # too short to be a repeat worth marking
        ("Pier Vote Passes in Lindqvist\n\nPier Vote Passes in Lindqvist today\n", []),
    ],
)
def test_repeated_line(text: str, marked: list[tuple[int, int]]) -> None:
    regions = boilerplate_regions(text)
    assert [(r.start, r.end) for r in regions] == marked
    assert all(r.reason == "repeated line" for r in regions)


def test_caption_directly_above_credit_line_goes_with_it() -> None:
    text = "Body sentence one.\n\nBoats at dawn on Monday.\nJane Roe/Getty Images\n\nBody sentence two.\n"
    regions = boilerplate_regions(text)
    assert [(text[r.start : r.end], r.reason) for r in regions] == [
        ("Boats at dawn on Monday.", "photo credit"),
        ("Jane Roe/Getty Images", "photo credit"),
    ]


def test_crlf_line_end_is_not_inside_region() -> None:
    text = "Share this:\r\nBody.\r\n"
    assert [(r.start, r.end) for r in boilerplate_regions(text)] == [(0, 11)]


REGIONS = [Region(10, 20, "sharing"), Region(30, 40, "markup")]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (10, 20, True),
        (12, 18, True),
        (5, 15, False),  # exactly half is not "mostly"
        (5, 16, True),
        (15, 35, False),  # 10 of 20 inside, across two regions
        (14, 36, True),  # 12 of 22 inside, across two regions
        (18, 34, False),
        (0, 5, False),
        (22, 28, False),
        (45, 50, False),
        (15, 15, True),  # an empty span counts when its point is marked
        (20, 20, False),
    ],
)
def test_in_regions(start: int, end: int, expected: bool) -> None:
    covered = sum(max(0, min(end, r.end) - max(start, r.start)) for r in REGIONS)
    if end > start:
        assert expected == (covered * 2 > end - start)  # the table itself is consistent
    assert in_regions(start, end, REGIONS) is expected


def test_in_regions_without_regions() -> None:
    assert in_regions(0, 10, []) is False
    assert in_regions(3, 3, []) is False


def test_mask_keeps_length_newlines_and_unmarked_text() -> None:
    text = _read("blog_post.md")
    regions = boilerplate_regions(text)
    mask = analysed_text_mask(text, regions)
    assert len(mask) == len(text)
    assert [i for i, c in enumerate(mask) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    for r in regions:
        assert mask[r.start : r.end].strip() == ""
    inside = {i for r in regions for i in range(r.start, r.end)}
    assert all(mask[i] == text[i] for i in range(len(text)) if i not in inside)
    assert "Share this:" not in mask and "voted on Tuesday to rebuild" in mask


def test_mask_keeps_carriage_returns() -> None:
    text = "Tweet\r\nBody.\r\n"
    mask = analysed_text_mask(text, boilerplate_regions(text))
    assert mask == "     \r\nBody.\r\n"
