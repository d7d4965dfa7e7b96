"""Batch extraction: documents in order whatever the thread count; the quoted-letter share."""

from __future__ import annotations

import threading
import time

import pytest

from quotetrail import pipeline
from quotetrail.quotes import quoted_letters


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_ordered_map_keeps_order_and_runs_in_parallel(workers: int) -> None:
    seen: set[int] = set()

    def slow(x: int) -> int:
        seen.add(threading.get_ident())
        time.sleep(0.01 * (x % 3))  # later items may finish first
        return x * x

    assert list(pipeline.ordered_map(slow, iter(range(20)), workers)) == [x * x for x in range(20)]
    assert len(seen) == min(workers, 20) or workers == 1


def test_ordered_map_raises_the_workers_error() -> None:
    def boom(x: int) -> int:
        if x == 3:
            raise ValueError("bad document")
        return x

    with pytest.raises(ValueError, match="bad document"):
        list(pipeline.ordered_map(boom, range(6), 2))


def test_batch_extractor_runs_rules_one_at_a_time() -> None:
    extract, workers = pipeline.batch_extractor("rules")
    assert extract is pipeline.attribute_text and workers == 1


@pytest.mark.parametrize(
    ("text", "span", "quotes", "share"),
    [
        ('He said "yes we can" today', (8, 19), [(8, 19)], 1.0),
        ('He said "yes we can" today', (0, 26), [(8, 19)], 8 / 19),
        ("ab cd", (0, 5), [(0, 3), (1, 5)], 1.0),  # overlapping quotes count each letter once
        ("ab cd", (0, 5), [(3, 5), (0, 1)], 3 / 4),  # quotes in any order
        ("...", (0, 3), [(0, 3)], 0.0),  # no letters
    ],
)
def test_quoted_letters(
    text: str, span: tuple[int, int], quotes: list[tuple[int, int]], share: float
) -> None:
    assert quoted_letters(text, span, quotes) == pytest.approx(share)
