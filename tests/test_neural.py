"""The trained extractor's plumbing: windows, logits merging, BIO decoding, grouping (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest

from quotetrail.linker import CueScores, decode
from quotetrail.neural import batch_windows, merge_logits, windows
from quotetrail.quotes import find_quotes
from quotetrail.relations import (
    B,
    I,
    O,
    decode_bio,
    extend_sources,
    group,
    join_cue_pieces,
    split_at_paragraphs,
)


@pytest.mark.parametrize(
    ("n", "window", "stride", "expected"),
    [
        (5, 8, 4, [(0, 5)]),
        (6, 8, 4, [(0, 6)]),
        (7, 8, 4, [(0, 6), (4, 7)]),
        (14, 8, 4, [(0, 6), (4, 10), (8, 14)]),
    ],
)
def test_windows_cover_every_piece_with_room_for_specials(
    n: int, window: int, stride: int, expected: list[tuple[int, int]]
) -> None:
    wins = windows(n, window, stride)
    assert wins == expected
    assert all(e - s <= window - 2 for s, e in wins)
    assert set().union(*(range(s, e) for s, e in wins)) == set(range(n))


def test_batch_windows_wrap_each_window_in_cls_and_sep() -> None:
    ids = np.arange(10, 17)
    x, mask = batch_windows(ids, [(0, 4), (3, 7)], cls_id=1, sep_id=2)
    assert x.tolist() == [[1, 10, 11, 12, 13, 2], [1, 13, 14, 15, 16, 2]]
    assert mask.tolist() == [[1] * 6, [1] * 6]
    x, mask = batch_windows(ids, [(0, 2), (2, 6)], cls_id=1, sep_id=2)
    assert x.tolist() == [[1, 10, 11, 2, 0, 0], [1, 12, 13, 14, 15, 2]]
    assert mask.tolist() == [[1, 1, 1, 1, 0, 0], [1] * 6]


def test_merge_logits_takes_the_most_central_window() -> None:
    wins = [(0, 6), (4, 10)]
    first = np.zeros((8, 1), dtype=np.float32)  # [CLS] + 6 pieces + [SEP]
    second = np.ones((8, 1), dtype=np.float32)
    merged = merge_logits(10, wins, [first, second])
    # pieces 4 and 5 are in both windows: piece 4 sits at the edge of the second window and one
    # from the edge of the first, so the first wins; piece 5 is at the first window's edge.
    assert merged[:, 0].tolist() == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]


OFFSETS = [(0, 3), (4, 8), (8, 10), (11, 15), (16, 20)]


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        ([O, O, O, O, O], []),
        ([B, I, I, O, O], [(0, 10)]),
        ([B, B, O, B, I], [(0, 3), (4, 8), (11, 20)]),  # a B after a space starts a new span
        ([B, B, B, O, O], [(0, 3), (4, 10)]),  # a B on a piece glued to the one before continues it
        ([O, I, O, O, B], [(4, 8), (16, 20)]),  # an I with nothing open starts a span
    ],
)
def test_decode_bio(tags: list[int], spans: list[tuple[int, int]]) -> None:
    assert decode_bio(OFFSETS, tags) == spans


@pytest.mark.parametrize(
    ("text", "tagged", "pieces"),
    [
        (  # a clause run on into the quote that opens the next paragraph
            'Vell said the pier would reopen.\n\n"It will be ready," Vell said.',
            'the pier would reopen.\n\n"It will be ready,"',
            ["the pier would reopen.", '"It will be ready,"'],
        ),
        (  # a headline run on into the dateline
            "Council accuses port of hiding costs\n\nLARNE, May 2 - The council said",
            "port of hiding costs\n\nLARNE",
            ["port of hiding costs", "LARNE"],
        ),
        (  # trailing spaces before the break stay out of the piece
            "Ott said it was over.  \n \nNext",
            "it was over.  \n \nNext",
            ["it was over.", "Next"],
        ),
        (  # a long quote over two paragraphs (the next one opens with a quote mark) stays whole
            'Ott said: "We came to stay.\n\n"We will not leave," he said.',
            '"We came to stay.\n\n"We will not leave,"',
            ['"We came to stay.\n\n"We will not leave,"'],
        ),
        ("No break here, said Ott.", "No break here", ["No break here"]),
    ],
)
def test_content_is_cut_at_paragraph_breaks_outside_quotes(text: str, tagged: str, pieces: list[str]) -> None:
    start = text.index(tagged)
    got = split_at_paragraphs(text, [(start, start + len(tagged))], find_quotes(text))
    assert [text[s:e] for s, e in got] == pieces


SPLIT = '"The plan is dead," Ruiz said. "Nobody will fund it."'


def _split_scores(full: list[float], part: list[float]) -> list[CueScores]:
    a = np.array
    before, after = (0, 19), (SPLIT.index('"Nobody'), len(SPLIT))
    cue, source = (SPLIT.index("said"), SPLIT.index("said") + 4), (20, 24)
    return [CueScores(cue, [before, after], a(full), a(part), [source], a([0.9]))]


@pytest.mark.parametrize(
    ("full", "part", "content"),
    [
        ([0.2, 0.3], [0.9, 0.8], [(0, 19), (31, 53)]),  # neither whole, both parts: a split quote
        ([0.2, 0.3], [0.9, 0.2], None),  # one part only: no relation
        ([0.2, 0.3], [0.3, 0.8], None),
        ([0.2, 0.6], [0.9, 0.8], [(0, 19), (31, 53)]),  # a whole content: the usual second fragment
        ([0.2, 0.6], [0.1, 0.8], [(31, 53)]),
    ],
)
def test_a_quote_split_by_its_cue_is_one_relation(
    full: list[float], part: list[float], content: list[tuple[int, int]] | None
) -> None:
    got = decode(_split_scores(full, part), min_content=0.4, min_source=0.5, min_part=0.5)
    if content is None:
        assert got == []
    else:
        assert got == [{"source": [(20, 24)], "cue": [(25, 29)], "content": content}]


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        (  # "The mayor said the pier will reopen."
            {"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 35)]},
            [{"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 35)]}],
        ),
        (  # '"We will reopen," the mayor said.' content before the cue
            {"source": [(17, 26)], "cue": [(27, 31)], "content": [(0, 16)]},
            [{"source": [(17, 26)], "cue": [(27, 31)], "content": [(0, 16)]}],
        ),
        (  # a content holding the cue is not its own content; no source in reach
            {"source": [(300, 305)], "cue": [(10, 14)], "content": [(0, 40), (41, 60)]},
            [{"source": [], "cue": [(10, 14)], "content": [(41, 60)]}],
        ),
        (  # the source inside the chosen content belongs to a nested report
            {"source": [(20, 25)], "cue": [(10, 14)], "content": [(15, 40)]},
            [{"source": [], "cue": [(10, 14)], "content": [(15, 40)]}],
        ),
        ({"source": [(0, 5)], "cue": [(6, 10)], "content": [(400, 420)]}, []),  # content out of reach
        ({"source": [(0, 5)], "cue": [], "content": [(6, 20)]}, []),  # no cue, no relation
    ],
)
def test_group_around_cues(
    spans: dict[str, list[tuple[int, int]]], expected: list[dict[str, object]]
) -> None:
    assert group(spans) == expected


@pytest.mark.parametrize(
    ("text", "cues", "joined"),
    [
        ("He further asserted it", [(3, 10), (11, 19)], [(3, 19)]),
        ("He said, asserted", [(3, 7), (9, 17)], [(3, 7), (9, 17)]),  # a comma between: two cues
        ("He  said", [(0, 2), (4, 8)], [(0, 2), (4, 8)]),  # two spaces: not one cue
    ],
)
def test_join_cue_pieces(text: str, cues: list[tuple[int, int]], joined: list[tuple[int, int]]) -> None:
    assert join_cue_pieces(text, cues) == joined


# --- the learned linker ---------------------------------------------------------------------------------

LINKER_TEXT = 'The mayor said the pier will reopen in May.\n\n"We will not wait," Okafor added.'


def _piece(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return (start, start + len(words))


@pytest.mark.parametrize(
    ("text", "pieces", "chosen", "expected"),
    [
        # a name split from its relative clause joins it
        (
            "Jane Roe, a councillor for the ward, where the depot stands, said it was wrong.",
            ["Jane Roe, a councillor for the ward,", "the depot stands,"],
            "the depot stands,",
            "Jane Roe, a councillor for the ward, where the depot stands,",
        ),
        (
            "Brask Mining, which makes the pump, said it would pay.",
            ["Brask Mining, which", "the pump,"],
            "the pump,",
            "Brask Mining, which makes the pump,",
        ),
        # a sentence break between: separate mentions
        ("Jane Roe spoke. The mayor said no.", ["Jane Roe", "The mayor"], "The mayor", "The mayor"),
        # a joint source is one mention
        ("Jane Roe and Tom Sand said no.", ["Jane Roe", "Tom Sand"], "Tom Sand", "Jane Roe and Tom Sand"),
        # too far apart
        (
            "Jane Roe, whose office is across the long river valley, said no.",
            ["Jane Roe,", "the long river valley,"],
            "the long river valley,",
            "the long river valley,",
        ),
    ],
)
def test_extend_sources(text: str, pieces: list[str], chosen: str, expected: str) -> None:
    spans = [_piece(text, p) for p in pieces]
    rel = {"source": [_piece(text, chosen)], "cue": [], "content": []}
    (out,) = extend_sources(text, [rel], spans)
    s, e = out["source"][0]
    assert text[s:e] == expected


def _at(words: str) -> tuple[int, int]:
    start = LINKER_TEXT.index(words)
    return (start, start + len(words))


def _linker(content_bias: float, source_bias: float = 5.0, part: float | None = None):  # type: ignore[no-untyped-def]
    """A linker whose content model prefers the nearest candidate after the cue (feature 0: signed gap)."""
    from quotetrail.linker import Linker, Logistic

    def model(n: int, weights: dict[int, float], bias: float) -> Logistic:
        coef = np.zeros(n)
        for i, w in weights.items():
            coef[i] = w
        return Logistic(np.zeros(n), np.ones(n), coef, bias)

    content = model(54, {0: -0.05, 13: -3.0}, content_bias)  # near, same paragraph
    source = model(50, {3: -1.0}, source_bias)  # few words between
    return Linker(content, content, source, min_content=0.5, min_source=0.5, min_part=part)


def test_linker_picks_the_content_and_source_of_each_cue() -> None:
    mayor, said, pier = _at("The mayor"), _at("said"), _at("the pier will reopen in May")
    quote, okafor, added = _at('"We will not wait,"'), _at("Okafor"), _at("added")
    spans = {"source": [mayor, okafor], "cue": [said, added], "content": [pier, quote]}
    rels = _linker(content_bias=2.0).link(LINKER_TEXT, spans)
    assert rels == [
        {"source": [mayor], "cue": [said], "content": [pier]},
        {"source": [okafor], "cue": [added], "content": [quote]},
    ]


def test_linker_drops_a_cue_whose_best_content_is_unlikely() -> None:
    spans = {
        "source": [_at("The mayor")],
        "cue": [_at("said")],
        "content": [_at("the pier will reopen in May")],
    }
    assert _linker(content_bias=-10.0).link(LINKER_TEXT, spans) == []


def test_linker_keeps_one_relation_per_content() -> None:
    from quotetrail.linker import _one_per_content

    a = {"source": [], "cue": [(0, 4)], "content": [(10, 20)]}
    b = {"source": [(30, 35)], "cue": [(25, 29)], "content": [(10, 20)]}
    c = {"source": [], "cue": [(40, 44)], "content": [(50, 60)]}
    assert _one_per_content([(0.4, a), (0.9, b), (0.5, c)]) == [b, c]
    assert _one_per_content([(0.9, a), (0.9, b)]) == [a]  # ties keep the first


def test_linker_features_have_the_models_widths() -> None:
    from quotetrail.linker import _Context, content_features, source_features

    mayor, said, pier = _at("The mayor"), _at("said"), _at("the pier will reopen in May")
    ctx = _Context([pier], [mayor], [said], [pier], [mayor])
    assert len(content_features(LINKER_TEXT, said, pier, ctx)) == 54
    assert len(source_features(LINKER_TEXT, said, mayor, pier, ctx)) == 50


@pytest.mark.parametrize(
    ("cue", "kind"),
    [
        ("said", "speech"),
        ("has long argued", "speech"),
        ("According to", "speech"),
        ("believes", "thought"),
        ("feared", "thought"),
        ("found", "other"),
        ("showed", "other"),
        ("was quoted as", "speech"),  # unknown words: speech
    ],
)
def test_kind_of_cue(cue: str, kind: str) -> None:
    from quotetrail.lexicon import kind_of_cue

    assert kind_of_cue(cue) == kind


def test_forest_follows_thresholds_and_sums_leaves() -> None:
    from quotetrail.linker import Forest

    # tree 0: x0 <= 1.0 ? leaf 1.0 : (x1 <= 0.0 ? leaf -1.0 : leaf 2.0); tree 1: a single leaf 0.5
    forest = Forest.from_json(
        {
            "baseline": -0.5,
            "roots": [0, 5],
            "feature": [0, 0, 1, 0, 0, 0],
            "threshold": [1.0, 0, 0.0, 0, 0, 0],
            "left": [1, 0, 3, 0, 0, 0],
            "right": [2, 0, 4, 0, 0, 0],
            "leaf": [0, 1, 0, 1, 1, 1],
            "value": [0, 1.0, 0, -1.0, 2.0, 0.5],
        }
    )
    raw = np.array([-0.5 + 1.0 + 0.5, -0.5 - 1.0 + 0.5, -0.5 + 2.0 + 0.5, -0.5 + 1.0 + 0.5])
    got = forest.proba([[0.5, 9.0], [3.0, -1.0], [3.0, 1.0], [1.0, 5.0]])  # x0 == threshold goes left
    assert np.allclose(got, 1 / (1 + np.exp(-raw)))


@pytest.mark.parametrize(
    ("name", "function"), [("neural", "attribute_text_neural"), ("rules", "attribute_text")]
)
def test_extractors_are_text_functions_in_the_registry(name: str, function: str) -> None:
    from quotetrail import pipeline
    from quotetrail.registry import registry

    assert registry.get("extractors", name) is getattr(pipeline, function)
