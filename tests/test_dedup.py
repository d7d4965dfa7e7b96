"""Near-duplicate detection: thresholds measured on invented wire copy, stable hashing, storage, grouping."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from quotetrail import dedup
from quotetrail.dedup import (
    BANDS,
    NEAR_DUPLICATE,
    NUM_PERM,
    ROWS,
    NearDuplicateIndex,
    band_keys,
    is_empty,
    minhash,
    shingles,
    signature_bytes,
    signature_from_bytes,
    similarity,
    words,
)

RESOURCES = Path(__file__).parent / "resources" / "dedup"


def _read(name: str) -> str:
    """A fixture text from tests/resources/dedup."""
    return (RESOURCES / name).read_text(encoding="utf-8")


WIRE = _read("wire_story.txt")
PARAS = WIRE.split("\n\n")
LONGEST = max(range(len(PARAS)), key=lambda i: len(PARAS[i].split()))

BOILERPLATE = (
    "Sign up for the Elsmere Echo morning briefing to get the harbour, council and island news in your "
    "inbox every weekday. Our journalism is funded by readers like you; support local reporting from as "
    "little as one pound a month."
)
BRIEF_SCHOOL = (
    "Cobble End primary school will reopen on Monday after repairs to the roof of its main hall were "
    "completed ahead of schedule, the island council said. Pupils were taught in the village chapel for "
    "three weeks while contractors replaced slates damaged in the February gales."
)
BRIEF_FOOTPATH = (
    "A new footpath linking Wick Harrow to the lighthouse at Gull Point opened on Sunday, giving walkers a "
    "safe route away from the coast road. Volunteers from the island rambling club spent two winters "
    "clearing gorse and laying gravel along the cliff edge."
)


def exact_jaccard(a: str, b: str) -> float:
    """True Jaccard similarity of the shingle sets, which the signatures estimate."""
    sa, sb = set(shingles(a).tolist()), set(shingles(b).tolist())
    return len(sa & sb) / len(sa | sb)


# --- edits a republisher makes -----------------------------------------------------------------------------


def _drop(index: int) -> Callable[[str], str]:
    """Drop one paragraph."""
    return lambda t: "\n\n".join(p for i, p in enumerate(t.split("\n\n")) if i != index)


def _headline(t: str) -> str:
    """Another headline."""
    return "Island ferries stop as Port Elsmere crews strike over pay talks\n\n" + t.split("\n\n", 1)[1]


def _word_edits(t: str) -> str:
    """Three house-style edits."""
    return (
        t.replace("nineteen years", "19 years")
        .replace("roughly four thousand", "about 4,000")
        .replace("fortnight", "two weeks")
    )


def _byline_footer(t: str) -> str:
    """The wire byline and footer replaced by the publisher's own."""
    kept = [p for p in t.split("\n\n") if not p.startswith(("By Tamsin", "Reporting by", "(c) Coastline"))]
    return (
        "\n\n".join(kept)
        + "\n\nCopyright 2024 The Elsmere Evening Echo. Wire copy used under licence."
        + "\n\nShare this article: Facebook | Twitter | Email"
    )


def _html(t: str) -> str:
    """Every paragraph wrapped in HTML."""
    return "".join(f'<p class="article-body">{p}</p>\n' for p in t.split("\n\n"))


def _markdown(t: str) -> str:
    """Markdown heading, emphasis and a link."""
    head, rest = t.split("\n\n", 1)
    return f"# {head}\n\n" + rest.replace("Brannock Hale", "**Brannock Hale**").replace(
        "Greyhaven Crossings", "[Greyhaven Crossings](https://crossings.example/about)"
    )


def _reflow(t: str) -> str:
    """Other whitespace and punctuation, as after a CMS round trip."""
    return " ".join(t.split()).replace(" - ", " — ").replace('"', "\u201c").replace(",", " ,")


def _combined(t: str) -> str:
    """Headline, a dropped paragraph, house style, byline and footer together."""
    return _byline_footer(_word_edits(_headline(_drop(LONGEST)(t))))


NEAR_DUPLICATES: dict[str, str] = {
    "html": _html(WIRE),
    "markdown": _markdown(WIRE),
    "reflowed": _reflow(WIRE),
    "headline": _headline(WIRE),
    "longest_paragraph_dropped": _drop(LONGEST)(WIRE),
    "three_word_edits": _word_edits(WIRE),
    "byline_and_footer": _byline_footer(WIRE),
    "all_edits_combined": _combined(WIRE),
    "republished.txt": _read("republished.txt"),
}


@pytest.mark.parametrize("name", list(NEAR_DUPLICATES))
def test_republished_copy_is_a_near_duplicate(name: str) -> None:
    copy = NEAR_DUPLICATES[name]
    est = similarity(minhash(WIRE), minhash(copy))
    assert est >= NEAR_DUPLICATE, f"{name}: estimated {est:.3f}"
    # the true Jaccard keeps a margin of ~3 standard errors above the threshold, whatever the permutations
    assert exact_jaccard(WIRE, copy) >= NEAR_DUPLICATE + 0.1


@pytest.mark.parametrize("name", ["html", "markdown", "reflowed"])
def test_formatting_alone_changes_nothing(name: str) -> None:
    assert np.array_equal(shingles(WIRE), shingles(NEAR_DUPLICATES[name]))


DIFFERENT = [
    pytest.param(WIRE, _read("same_topic.txt"), 0.2, id="same_harbour_same_reporter_same_footer"),
    pytest.param(WIRE, _read("follow_up.txt"), 0.2, id="follow_up_reusing_background_paragraphs"),
    pytest.param(_read("republished.txt"), _read("same_topic.txt"), 0.2, id="republished_vs_other_story"),
    pytest.param(
        f"{BRIEF_SCHOOL}\n\n{BOILERPLATE}",
        f"{BRIEF_FOOTPATH}\n\n{BOILERPLATE}",
        0.4,
        id="briefs_sharing_blurb",
    ),
]


@pytest.mark.parametrize(("a", "b", "ceiling"), DIFFERENT)
def test_different_articles_stay_far_below(a: str, b: str, ceiling: float) -> None:
    assert similarity(minhash(a), minhash(b)) < ceiling
    assert exact_jaccard(a, b) < ceiling
    assert ceiling < NEAR_DUPLICATE - 0.15  # "far below": several standard errors of the estimate


def test_copy_cut_to_half_is_not_a_near_duplicate() -> None:
    half = "\n\n".join(PARAS[: len(PARAS) // 2])
    assert 0.3 < exact_jaccard(WIRE, half) < NEAR_DUPLICATE
    assert similarity(minhash(WIRE), minhash(half)) < NEAR_DUPLICATE


HEADLINE_WORDS = ["ferry", "crews", "strike", "port", "elsmere", "pay", "talks", "delayed"]


def _random_republication(seed: int) -> str:
    """Headline, byline, one body paragraph dropped, five words changed, new footer."""
    rnd = random.Random(seed)
    ps = list(PARAS)
    ps[0] = "Headline: " + " ".join(rnd.sample(HEADLINE_WORDS, 6))
    ps[1] = "By Staff Writer, " + rnd.choice(["The Elsmere Echo", "Greyhaven Gazette", "Saltmarsh Times"])
    del ps[rnd.randrange(3, len(ps) - 2)]
    tokens = "\n\n".join(ps[:-2]).split(" ")
    for _ in range(5):
        tokens[rnd.randrange(len(tokens))] = rnd.choice(["new", "said", "local", "harbour", "Tuesday"])
    return " ".join(tokens) + "\n\nCopyright 2024 Echo Media. Wire copy used under licence."


@pytest.fixture(scope="module")
def republications() -> list[str]:
    """Forty randomly edited copies of the wire story."""
    return [_random_republication(seed) for seed in range(40)]


def test_randomly_edited_copies_all_pass_and_are_found_by_the_bands(republications: list[str]) -> None:
    index = NearDuplicateIndex()
    assert index.add("wire", minhash(WIRE)) is None
    sims = []
    for i, copy in enumerate(republications):
        sig = minhash(copy)
        sims.append(similarity(minhash(WIRE), sig))
        assert "wire" in index.candidates(sig)
        assert index.add(f"copy{i}", sig) == "wire"
    assert min(sims) >= NEAR_DUPLICATE
    assert max(sims) < 0.9  # the edits are real: the copies are not trivially identical


def test_estimate_tracks_exact_jaccard(republications: list[str]) -> None:
    others = [_read("same_topic.txt"), _read("follow_up.txt"), *republications[:10]]
    errors = [
        similarity(minhash(a), minhash(b)) - exact_jaccard(a, b)
        for a in [WIRE, *others[:2]]
        for b in others
        if a is not b
    ]
    # standard error with 128 permutations is at most 0.044
    assert max(abs(e) for e in errors) <= 0.15
    assert float(np.mean(np.abs(errors))) <= 0.05
    assert abs(float(np.mean(errors))) <= 0.03  # no bias


def test_lsh_curve_separates_the_threshold_from_unrelated_pairs() -> None:
    def found(s: float) -> float:
        return 1 - (1 - s**ROWS) ** BANDS

    assert BANDS * ROWS == NUM_PERM
    assert found(NEAR_DUPLICATE) >= 0.98
    assert found(NEAR_DUPLICATE + 0.1) >= 0.999
    assert found(0.2) <= 0.06


# --- shingles ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ferry crews walk out at Port Elsmere", "FERRY CREWS WALK OUT AT PORT ELSMERE"),
        ("Ferry crews walk out at Port Elsmere", "ferry-crews walk out, at... Port Elsmere!"),
        ("Ferry crews walk out at Port Elsmere", "Ferry\ncrews\t\twalk  out\r\nat Port Elsmere"),
        ("Ferry crews walk out at Port Elsmere", "<p>Ferry <b>crews</b> walk out</p><br/>at Port Elsmere"),
        ("Ferry crews walk out at Port Elsmere", "_Ferry_ **crews** walk out at [Port Elsmere](/x/y)"),
        ("Ｆｅｒｒｙ crews walk out at Port Elsmere", "Ferry crews walk out at Port Elsmere"),
        ("Café owners at Saltmarsh Quay complain", "Cafe\u0301 owners at Saltmarsh Quay complain"),
        ("Straße nach Wick Harrow gesperrt heute", "STRASSE nach Wick Harrow gesperrt heute"),
    ],
    ids=["case", "punctuation", "whitespace", "html", "markdown", "fullwidth", "nfc", "casefold"],
)
def test_shingles_ignore_what_readers_do_not_see(a: str, b: str) -> None:
    assert np.array_equal(shingles(a), shingles(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ferry crews walk out at Port Elsmere", "Port Elsmere at out walk crews ferry"),
        ("Ferry crews walk out at Port Elsmere", "Ferry crews walk back at Port Elsmere"),
        ("Ferry fares rise 8 percent in May", "Ferry fares rise 9 percent in May"),
    ],
    ids=["order", "word", "number"],
)
def test_shingles_see_wording(a: str, b: str) -> None:
    assert not np.array_equal(shingles(a), shingles(b))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("depth < 2 metres and draught > 3", ["depth", "2", "metres", "and", "draught", "3"]),
        ('<a href="/x">Quay</a> <!-- note --> <br/>', ["quay"]),
        ("[Greyhaven Crossings](https://crossings.example/about) said", ["greyhaven", "crossings", "said"]),
        ("snake_case ferry_times", ["snake", "case", "ferry", "times"]),
    ],
    ids=["comparison_is_not_a_tag", "html", "markdown_link", "underscore"],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_shingle_count_and_type() -> None:
    text = " ".join(f"w{i}" for i in range(20))
    sh = shingles(text, k=5)
    assert sh.dtype == np.uint64
    assert len(sh) == 20 - 5 + 1
    assert np.all(sh[1:] > sh[:-1])  # sorted, unique
    assert len(shingles("the the the the the the the", k=5)) == 1  # repeats collapse
    assert len(shingles(text, k=1)) == 20


@pytest.mark.parametrize(
    ("text", "count"),
    [("Ferry delayed", 1), ("Ferry", 1), ("Ferry crews walk out", 1), ("", 0), ("  — ... !!! __ ", 0)],
)
def test_short_texts_still_compare(text: str, count: int) -> None:
    assert len(shingles(text)) == count


def test_short_texts_match_only_themselves() -> None:
    assert similarity(minhash("Harbour closed."), minhash("HARBOUR closed!")) == 1.0
    assert similarity(minhash("Harbour closed."), minhash("Harbour open.")) < 0.1


def test_k_out_of_range() -> None:
    with pytest.raises(ValueError):
        shingles("a b c", k=0)
    with pytest.raises(ValueError):
        shingles("a b c", k=9)


MULTILINGUAL = (
    "Паромы в Порт-Элсмире стоят; «Δελτίο» — العبّارات متوقفة 渡轮停运 ﬁsh_market x²+y³ ½ "
    "naïve coöperate İstanbul ǅemal 𝔉𝔢𝔯𝔯𝔶 ٣٤٥ ٤ १२३ snake_case don't 4,000 \u200bzero\u00a0width"
)


@pytest.mark.parametrize(
    "text",
    [MULTILINGUAL, WIRE, "".join(chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c < 0xE000)],
    ids=["multilingual", "wire", "bmp_sweep"],
)
def test_vectorised_segmentation_matches_the_word_regex(text: str) -> None:
    ws = words(text)
    hashes = dedup._word_hashes(text)
    assert len(hashes) == len(ws)
    first: dict[str, int] = {}
    for i, w in enumerate(ws):
        j = first.setdefault(w, i)
        assert hashes[i] == hashes[j], w  # equal words hash equally
    assert len(set(hashes.tolist())) == len(set(ws))  # and different words differently


# --- signatures, storage, band keys ------------------------------------------------------------------------


def test_signature_shape_and_determinism() -> None:
    sig = minhash(WIRE)
    assert sig.dtype == np.uint32
    assert sig.shape == (NUM_PERM,)
    assert np.array_equal(sig, minhash(WIRE))
    assert len(set(sig.tolist())) > NUM_PERM * 0.9  # independent permutations, not copies of one
    assert not is_empty(sig)


def test_empty_text_is_nobodys_duplicate() -> None:
    empty = minhash("   ...  ")
    assert is_empty(empty)
    assert similarity(empty, empty) == 0.0
    assert similarity(empty, minhash(WIRE)) == 0.0
    assert band_keys(empty) == []


GOLDEN_TEXT = "Ferry crews at Port Elsmere stopped work on Thursday morning."


def test_golden_values_pin_the_hash_functions() -> None:
    """Stored signatures and band keys stay comparable only while these hold; a change needs a re-index."""
    sig = minhash(GOLDEN_TEXT)
    assert hashlib.sha256(signature_bytes(sig)).hexdigest()[:16] == GOLDEN_SIGNATURE_SHA
    assert band_keys(sig)[:2] == GOLDEN_BAND_KEYS


GOLDEN_SIGNATURE_SHA = "bad441f774718af5"
GOLDEN_BAND_KEYS = [58690338153332073, 93002728887366802]

_CHILD = """
import json, sys
from quotetrail.dedup import band_keys, minhash, signature_bytes
texts = json.load(sys.stdin)
print(json.dumps([[band_keys(minhash(t)), signature_bytes(minhash(t)).hex()] for t in texts]))
"""


@pytest.mark.parametrize("hashseed", ["0", "4242"])
def test_same_keys_in_another_process(hashseed: str) -> None:
    texts = [WIRE, NEAR_DUPLICATES["republished.txt"], GOLDEN_TEXT, MULTILINGUAL]
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    expected = [[band_keys(minhash(t)), signature_bytes(minhash(t)).hex()] for t in texts]
    assert json.loads(out.stdout) == expected


def test_storage_round_trip() -> None:
    sig = minhash(WIRE)
    blob = signature_bytes(sig)
    assert len(blob) == NUM_PERM * 4
    assert blob[:4] == int(sig[0]).to_bytes(4, "little")  # fixed byte order, whatever the platform
    back = signature_from_bytes(blob)
    assert back.dtype == np.uint32
    assert np.array_equal(back, sig)
    back[0] ^= 1  # a writable copy, not a view of the blob
    assert signature_from_bytes(blob)[0] == sig[0]


@pytest.mark.parametrize("blob", [b"", b"\x00" * (NUM_PERM * 4 - 1), b"\x00" * (NUM_PERM * 8)])
def test_storage_rejects_other_lengths(blob: bytes) -> None:
    with pytest.raises(ValueError):
        signature_from_bytes(blob)


def test_storage_rejects_non_signatures() -> None:
    with pytest.raises(ValueError):
        signature_bytes(np.zeros(NUM_PERM // 2, dtype=np.uint32))
    with pytest.raises(ValueError):
        signature_bytes(np.zeros(NUM_PERM, dtype=np.float64))


def test_band_keys_fit_sqlite_and_carry_the_band() -> None:
    keys = band_keys(minhash(WIRE))
    assert len(keys) == BANDS
    assert len(set(keys)) == BANDS
    for i, key in enumerate(keys):
        assert -(2**63) <= key < 2**63
        assert key >> 56 == i


def test_changing_one_position_changes_one_band() -> None:
    sig = minhash(WIRE)
    other = sig.copy()
    other[ROWS * 3 + 1] ^= 0x5A5A
    before, after = band_keys(sig), band_keys(other)
    assert [i for i in range(BANDS) if before[i] != after[i]] == [3]


def test_band_layout_must_cover_the_signature() -> None:
    sig = minhash(WIRE)
    assert len(band_keys(sig, bands=16, rows=8)) == 16
    with pytest.raises(ValueError):
        band_keys(sig, bands=16, rows=4)
    with pytest.raises(ValueError):
        band_keys(np.zeros(256, dtype=np.uint32), bands=128, rows=2)  # the band index would not fit a byte


def test_similarity_is_symmetric_and_checks_shapes() -> None:
    a, b = minhash(WIRE), minhash(NEAR_DUPLICATES["republished.txt"])
    assert similarity(a, a) == 1.0
    assert similarity(a, b) == similarity(b, a)
    with pytest.raises(ValueError):
        similarity(a, a[:64])


def test_sqlite_store_layout_finds_the_duplicate() -> None:
    """The layout the store will use: one BLOB per document, one INTEGER row per band key."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE sig (doc TEXT PRIMARY KEY, minhash BLOB NOT NULL)")
    db.execute("CREATE TABLE band (key INTEGER NOT NULL, doc TEXT NOT NULL)")
    db.execute("CREATE INDEX band_key ON band (key)")
    for doc, text in [("wire", WIRE), ("other", _read("same_topic.txt")), ("later", _read("follow_up.txt"))]:
        sig = minhash(text)
        db.execute("INSERT INTO sig VALUES (?, ?)", (doc, signature_bytes(sig)))
        db.executemany("INSERT INTO band VALUES (?, ?)", [(k, doc) for k in band_keys(sig)])
    probe = minhash(NEAR_DUPLICATES["republished.txt"])
    keys = band_keys(probe)
    rows = db.execute(
        f"SELECT DISTINCT s.doc, s.minhash FROM band b JOIN sig s ON s.doc = b.doc "
        f"WHERE b.key IN ({','.join('?' * len(keys))})",
        keys,
    ).fetchall()
    verified = [doc for doc, blob in rows if similarity(probe, signature_from_bytes(blob)) >= NEAR_DUPLICATE]
    assert verified == ["wire"]


# --- the in-memory index -----------------------------------------------------------------------------------


def test_index_groups_copies_under_the_first_member() -> None:
    index = NearDuplicateIndex()
    added = {
        "wire": index.add("wire", minhash(WIRE)),
        "other": index.add("other", minhash(_read("same_topic.txt"))),
        "republished": index.add("republished", minhash(NEAR_DUPLICATES["republished.txt"])),
        "html": index.add("html", minhash(NEAR_DUPLICATES["html"])),
        "later": index.add("later", minhash(_read("follow_up.txt"))),
        "other-copy": index.add("other-copy", minhash(_headline(_read("same_topic.txt")))),
    }
    assert added == {
        "wire": None,
        "other": None,
        "republished": "wire",
        "html": "wire",
        "later": None,
        "other-copy": "other",
    }
    assert index.groups() == {
        "wire": ["wire", "republished", "html"],
        "other": ["other", "other-copy"],
        "later": ["later"],
    }
    assert index.group_of("html") == "wire"
    assert len(index) == 6
    assert "later" in index and "missing" not in index


def test_index_links_a_copy_of_a_copy() -> None:
    a, b, c = ("\n\n".join(PARAS[x:y]) for x, y in ((0, 11), (2, 13), (5, 16)))
    sa, sb, sc = minhash(a), minhash(b), minhash(c)
    assert similarity(sa, sb) >= NEAR_DUPLICATE and similarity(sb, sc) >= NEAR_DUPLICATE
    assert similarity(sa, sc) < NEAR_DUPLICATE  # only linked through b
    index = NearDuplicateIndex()
    assert [index.add("a", sa), index.add("b", sb), index.add("c", sc)] == [None, "a", "a"]


def test_index_find_does_not_add() -> None:
    index = NearDuplicateIndex()
    index.add("wire", minhash(WIRE))
    found = index.find(minhash(NEAR_DUPLICATES["republished.txt"]))
    assert found is not None
    assert found[0] == "wire" and NEAR_DUPLICATE <= found[1] < 1.0
    assert index.find(minhash(_read("same_topic.txt"))) is None
    assert len(index) == 1


def test_index_threshold_is_configurable() -> None:
    strict = NearDuplicateIndex(threshold=0.95)
    strict.add("wire", minhash(WIRE))
    assert strict.add("republished", minhash(NEAR_DUPLICATES["republished.txt"])) is None
    assert strict.add("html", minhash(NEAR_DUPLICATES["html"])) == "wire"


def test_index_rejects_a_second_add_and_ignores_empty_texts() -> None:
    index = NearDuplicateIndex()
    index.add("wire", minhash(WIRE))
    with pytest.raises(ValueError):
        index.add("wire", minhash(WIRE))
    assert index.add("blank1", minhash("")) is None
    assert index.add("blank2", minhash("")) is None
    assert index.group_of("blank2") == "blank2"


# --- speed -------------------------------------------------------------------------------------------------
