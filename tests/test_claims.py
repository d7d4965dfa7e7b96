"""Claims: grouping without chaining, stable ids across runs and regroups, stance, views, export, report."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from quotetrail import claims as C
from quotetrail.cli import cli
from quotetrail.ingest import doc_id
from quotetrail.report import render_report
from quotetrail.store import Store
from quotetrail.types import Attribution, Metadata, SourceDocument


class BagOfWords:
    """A deterministic stand-in encoder: the normalised sum of one fixed random vector per word."""

    def __init__(self) -> None:
        self.config = {"model_sha256": "fake-bag-of-words"}
        self.calls: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += texts
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "little")
                out[i] += np.random.default_rng(seed).standard_normal(384)
            out[i] /= max(float(np.linalg.norm(out[i])), 1e-9)
        return out


def fake_predict(pairs: list[tuple[str, str]]) -> list[tuple[str, float]]:
    """'not' on one side only opposes; no shared word is neither; else supports."""
    out = []
    for claim, statement in pairs:
        a, b = set(re.findall(r"\w+", claim.lower())), set(re.findall(r"\w+", statement.lower()))
        if len(a & b) < 2:
            out.append(("neither", 0.9))
        elif ("not" in a) != ("not" in b):
            out.append(("opposes", 0.8))
        else:
            out.append(("supports", 0.95))
    return out


DOCS = {
    "dam-one": (
        "2031-03-04",
        "Valley Post",
        [
            ("Ilse Brandt", "the new dam will flood the old mill district"),
            ("Rafe Okoro", "the reservoir needs two more years of work"),
        ],
    ),
    "dam-two": (
        "2031-05-11",
        "River Herald",
        [
            ("Tam Greaves", "the new dam will flood the old mill district entirely"),
            ("Rafe Okoro", "the new dam will not flood the old mill district"),
        ],
    ),
    "buses": ("--06-02", None, [("Nell Sato", "school buses will run on Sundays from June")]),
}


def add_doc(store: Store, name: str, content: dict[str, tuple] | None = None) -> str:
    """Store one invented article and its statements (speaker said "content".)."""
    date, outlet, said = (content or DOCS)[name]
    text = "\n".join(f'{who} said "{what}".' for who, what in said)
    did = doc_id(text)
    store.add_document(SourceDocument(name, text, f"{name}.txt"), did, Metadata(date=date, outlet=outlet), [])
    atts, pos = [], 0
    for who, what in said:
        s = text.index(who, pos)
        c = text.index(what, s)
        cue = text.index("said", s)
        atts.append(Attribution([(s, s + len(who))], [(cue, cue + 4)], [(c, c + len(what))], "direct", who))
        pos = c + len(what)
    store.replace_statements(did, atts)
    return did


def by_label(store: Store) -> dict[str, dict]:
    return {c["label"]: c for c in store.claims()}


FLOOD = "the new dam will flood the old mill district"


# -- grouping --------------------------------------------------------------------------------------


def _unit(angle_degrees: float) -> np.ndarray:
    v = np.zeros(8, dtype=np.float32)
    v[0], v[1] = np.cos(np.radians(angle_degrees)), np.sin(np.radians(angle_degrees))
    return v


@pytest.mark.parametrize(
    ("angles", "threshold", "expected"),
    [
        ([0, 5, 90, 93], 0.7, [0, 0, 1, 1]),  # two tight pairs
        ([0, 35, 70], 0.7, [0, 0, 1]),  # a chain: 0~35 and 35~70 pass, but the average to 70 does not
        ([0, 35, 70], 0.3, [0, 0, 0]),  # a low threshold takes the whole chain
        ([0, 60, 120, 180], 0.7, [0, 1, 2, 3]),  # nothing close enough
        ([10, 10, 10], 0.99, [0, 0, 0]),  # duplicates
        ([], 0.7, []),
    ],
)
def test_group_average_link_guard(angles: list[float], threshold: float, expected: list[int]) -> None:
    vectors = np.asarray([_unit(a) for a in angles], dtype=np.float32).reshape(len(angles), 8)
    assert C.group(vectors, threshold, method="exact").tolist() == expected


def test_groups_given_before_keep_apart_and_new_rows_join() -> None:
    vectors = np.asarray([_unit(a) for a in (0, 20, 10, 200)])
    # rows 0 and 1 are earlier claims 5 and 7; row 2 lies between them, row 3 far away
    got = C.group(vectors, 0.9, initial=[5, 7, -1, -1], method="exact").tolist()
    assert got[0] != got[1]  # earlier claims never merge
    assert got[2] in (got[0], got[1]) and got[3] not in got[:3]


def test_ann_path_finds_the_same_clusters_as_exact_search() -> None:
    rng = np.random.default_rng(7)
    centres = rng.standard_normal((40, 384))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    truth = rng.integers(0, 40, 1500)
    vectors = centres[truth] + rng.standard_normal((1500, 384)) * 0.03
    ann = C.group(vectors, 0.7, method="ann")
    exact = C.group(vectors, 0.7, method="exact")
    assert ann.tolist() == exact.tolist()
    assert len(set(ann.tolist())) == 40
    assert C.f1(*C.pair_counts(truth[:300].tolist(), ann[:300].tolist()))["f1"] == 1.0


def _stories(seed: int = 3) -> tuple[np.ndarray, list[str], list[int]]:
    """Two stories of two documents each; each story argues two propositions. Every statement is mostly
    its story (raw cosines inside a story about 0.8 whatever the proposition), a little its proposition;
    story Y's first proposition shares its aspect direction with story X's first."""
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(rng.standard_normal((64, 6)))[0].T  # orthonormal directions
    story_x, story_y, aspect_a, aspect_b, aspect_c = basis[:5]
    rows, docs, truth = [], [], []
    for story, doc_names, aspects, claims in (
        (story_x, ("x1", "x2"), (aspect_a, aspect_b), (0, 1)),
        (story_y, ("y1", "y2"), (aspect_a, aspect_c), (2, 3)),
    ):
        for doc in doc_names:
            for aspect, claim in zip(aspects, claims, strict=True):
                for _ in range(4):
                    rows.append(2.0 * story + aspect + 0.15 * rng.standard_normal(64))
                    docs.append(doc)
                    truth.append(claim)
    return np.asarray(rows, dtype=np.float32), docs, truth


def test_stories_keep_propositions_apart_that_raw_cosines_merge() -> None:
    vectors, docs, truth = _stories()
    raw = C.group(vectors, 0.45, method="exact").tolist()
    assert len(set(raw)) <= 2  # one group per story: the propositions inside a story merge
    assert C.stories(C._normalised(vectors), docs).tolist() == [0] * 16 + [1] * 16
    got = C.group_in_stories(vectors, C.DEFAULT_THRESHOLD, docs).tolist()
    assert C.f1(*C.pair_counts(truth, got))["f1"] == 1.0  # the shared aspect does not join the stories


def test_without_documents_everything_is_one_story() -> None:
    vectors, docs, _ = _stories()
    x = slice(0, 16)  # story X alone: one story either way
    alone = C.group_in_stories(vectors[x], 0.1).tolist()
    assert alone == C.group_in_stories(vectors[x], 0.1, docs[x]).tolist() and len(set(alone)) == 2
    assert C.group_in_stories(np.zeros((0, 8), np.float32), 0.1).tolist() == []


def test_a_small_story_that_says_one_thing_stays_one_claim() -> None:
    rng = np.random.default_rng(5)
    base = rng.standard_normal(32)
    # three statements of one thing (cosines about 0.9), each in its own document
    vectors = np.asarray([base + 0.3 * rng.standard_normal(32) for _ in range(3)], dtype=np.float32)
    assert C.group_in_stories(vectors, C.DEFAULT_THRESHOLD, ["a", "b", "c"]).tolist() == [0, 0, 0]
    # without the shrinking share the three residuals are noise and fall apart
    assert len(set(C.group_in_stories(vectors, C.DEFAULT_THRESHOLD, ["a", "b", "c"], centre_after=0))) > 1


def test_earlier_claims_keep_their_members_across_stories() -> None:
    vectors, docs, _ = _stories()
    # an earlier claim holding one statement of each story; another earlier claim in story X
    initial = [-1] * len(vectors)
    initial[0], initial[16], initial[1] = 7, 7, 9
    got = C.group_in_stories(vectors, C.DEFAULT_THRESHOLD, docs, initial=initial).tolist()
    assert got[0] == got[16] and got[0] != got[1]  # kept whole, and never merged with another
    assert got[2] == got[1]  # a new statement of the same proposition joins the earlier claim


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ('"We will not leave."', "We will not leave."),
        ("first part … second part", "first part second part"),
        ("word " * 60, ("word " * 60)[:154].strip() + "…"),
    ],
)
def test_labels_are_trimmed_statements(text: str, label: str) -> None:
    assert C.trim_label(text) == label
    assert len(C.trim_label(text)) <= C.LABEL_CHARS


@pytest.mark.parametrize(
    ("value", "is_id"), [("cl-0123abcd4567", True), ("cl-0123", True), ("troops", False)]
)
def test_claim_ids_are_told_from_free_text(value: str, is_id: bool) -> None:
    assert C.is_claim_id(value) is is_id


def test_pairwise_f1_counts_pairs() -> None:
    # gold {0,1,2} {3}; predicted {0,1} {2,3}: 1 pair right of 2 predicted, of 3 gold
    assert C.pair_counts([0, 0, 0, 1], [0, 0, 1, 1]) == (1, 2, 3)
    assert C.f1(1, 2, 3)["f1"] == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))


# -- the claim step with the store -----------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "claims.db") as s:
        yield s


def test_incremental_run_keeps_ids_and_attaches_new_statements(store: Store) -> None:
    enc = BagOfWords()
    add_doc(store, "dam-one")
    first = C.update_claims(store, enc, fake_predict)
    assert (first.claims, first.new_claims, first.encoded) == (2, 2, 2)
    before = by_label(store)
    assert set(before) == {FLOOD, "the reservoir needs two more years of work"}

    add_doc(store, "dam-two")
    add_doc(store, "buses")
    enc.calls.clear()
    second = C.update_claims(store, enc, fake_predict)
    assert len(enc.calls) == 3  # only the new statements were encoded
    assert (second.claims, second.new_claims, second.joined, second.regrouped) == (3, 1, 2, False)
    after = by_label(store)
    assert after[FLOOD]["id"] == before[FLOOD]["id"]
    assert after[FLOOD]["members"] == 3
    assert after[FLOOD]["stances"] == {"supports": 2, "opposes": 1, "neither": 0}
    assert after[FLOOD]["first_date"] == "2031-03-04" and after[FLOOD]["last_date"] == "2031-05-11"
    assert sorted(after[FLOOD]["speakers"]) == ["Ilse Brandt", "Rafe Okoro", "Tam Greaves"]
    assert after[FLOOD]["outlets"] == ["River Herald", "Valley Post"]  # two statements, then one
    assert after["school buses will run on Sundays from June"]["id"] not in {c["id"] for c in before.values()}

    third = C.update_claims(store, enc, fake_predict)  # nothing new: nothing moves
    assert (third.encoded, third.new_claims, third.joined) == (0, 0, 0)
    assert by_label(store) == after


@pytest.mark.parametrize(
    ("votes", "speakers", "fixed", "expected"),
    [
        # one speaker, two readings: the surer one decides both; score 0.5 + mean signed margin
        ([("supports", 0.9), ("opposes", 0.6)], ["a", "a"], [], [("supports", 0.65), ("supports", 0.65)]),
        ([("supports", 0.6), ("opposes", 0.9)], ["a", "a"], [], [("opposes", 0.65), ("opposes", 0.65)]),
        # different speakers, an unresolved speaker, a lone statement: untouched
        ([("supports", 0.9), ("opposes", 0.6)], ["a", "b"], [], [("supports", 0.9), ("opposes", 0.6)]),
        ([("supports", 0.9), ("opposes", 0.6)], ["a", None], [], [("supports", 0.9), ("opposes", 0.6)]),
        # neither neither votes nor moves
        ([("neither", 0.9), ("opposes", 0.6)], ["a", "a"], [], [("neither", 0.9), ("opposes", 0.6)]),
        # a tie keeps each reading
        ([("supports", 0.7), ("opposes", 0.7)], ["a", "a"], [], [("supports", 0.7), ("opposes", 0.7)]),
        # the label supports itself whatever its speaker's other statements say, and votes for them
        (
            [("supports", 1.0), ("opposes", 0.8)],
            ["a", "a"],
            [True, False],
            [("supports", 1.0), ("supports", 0.6)],
        ),
        (
            [("supports", 1.0), ("opposes", 0.9), ("opposes", 0.9)],
            ["a", "a", "a"],
            [True],
            [("supports", 1.0), ("opposes", 0.6), ("opposes", 0.6)],
        ),
    ],
)
def test_a_speaker_takes_one_side_of_a_claim(
    votes: list[tuple[str, float]],
    speakers: list[str | None],
    fixed: list[bool],
    expected: list[tuple[str, float]],
) -> None:
    assert C.pool_by_speaker(votes, speakers, fixed) == expected


def test_pooling_what_was_stored_equals_pooling_everything_at_once() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(2, 9))
        votes = [
            (str(rng.choice(["supports", "opposes", "neither"])), round(float(rng.uniform(0.5, 1)), 4))
            for _ in range(n)
        ]
        speakers = [str(rng.choice(["a", "b"])) for _ in range(n)]
        cut = int(rng.integers(1, n))
        stored = C.pool_by_speaker(votes[:cut], speakers[:cut])  # an earlier run saw the first members
        later = C.pool_by_speaker(stored + votes[cut:], speakers)
        at_once = C.pool_by_speaker(votes, speakers)
        assert [s for s, _ in later] == [s for s, _ in at_once]
        assert np.allclose([p for _, p in later], [p for _, p in at_once], atol=2e-4)


@pytest.mark.parametrize(
    ("row", "key"),
    [
        ({"speaker_id": 4, "speaker_name": "Ilse Brandt"}, "id:4"),
        ({"speaker_id": None, "speaker_name": " Ilse Brandt"}, "name:ilse brandt"),
        ({"speaker_id": None, "speaker_name": ""}, None),
        ({"speaker_id": None, "speaker_name": None}, None),
    ],
)
def test_speaker_key(row: dict, key: str | None) -> None:
    assert C.speaker_key(row) == key


def test_a_speaker_misread_once_is_given_their_other_stance(store: Store) -> None:
    said = {
        "one": ("2031-03-04", "Valley Post", [("Ilse Brandt", FLOOD), ("Tam Greaves", FLOOD + " entirely")]),
        "two": (
            "2031-03-05",
            "Valley Post",
            [("Rafe Okoro", "the new dam will not flood the old mill district")],
        ),
        "three": ("2031-03-06", "River Herald", [("Rafe Okoro", FLOOD + " again")]),
    }
    enc = BagOfWords()

    def stances() -> list[tuple[str, str]]:
        (claim,) = list(store.iter_claim_exports())
        return sorted((m["speaker"], m["stance"]) for m in claim["members"])

    add_doc(store, "one", said)
    add_doc(store, "two", said)
    C.update_claims(store, enc, fake_predict)
    both = [("Ilse Brandt", "supports"), ("Tam Greaves", "supports")]
    # fake_predict reads "not" as opposing (0.8)
    assert stances() == sorted([*both, ("Rafe Okoro", "opposes")])
    add_doc(store, "three", said)  # a later run: Rafe's surer statement (0.95) moves the stored one too
    step = C.update_claims(store, enc, fake_predict)
    assert not step.regrouped and step.joined == 1
    assert stances() == sorted([*both, ("Rafe Okoro", "supports"), ("Rafe Okoro", "supports")])
    C.update_claims(store, enc, fake_predict, regroup=True)  # the same at once
    assert stances() == sorted([*both, ("Rafe Okoro", "supports"), ("Rafe Okoro", "supports")])


def test_a_new_grouping_method_regroups_and_keeps_the_ids(store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    enc = BagOfWords()
    for name in DOCS:
        add_doc(store, name)
    C.update_claims(store, enc, fake_predict)
    ids = {c["id"] for c in store.claims()}
    assert not C.update_claims(store, enc, fake_predict).regrouped
    monkeypatch.setattr(C, "GROUPING", "another-method")
    step = C.update_claims(store, enc, fake_predict)
    assert step.regrouped and {c["id"] for c in store.claims()} == ids


def test_a_new_stance_model_redoes_the_stances_and_keeps_the_ids(store: Store) -> None:
    enc = BagOfWords()
    for name in DOCS:
        add_doc(store, name)
    C.update_claims(store, enc, fake_predict, stance_key="model-a")
    ids = {c["id"] for c in store.claims()}

    def contrary(pairs: list[tuple[str, str]]) -> list[tuple[str, float]]:
        return [("opposes", 0.9)] * len(pairs)

    same = C.update_claims(store, enc, contrary, stance_key="model-a")  # same model: nothing is read again
    assert not same.regrouped and by_label(store)[FLOOD]["stances"]["opposes"] == 1
    step = C.update_claims(store, enc, contrary, stance_key="model-b")
    assert step.regrouped and {c["id"] for c in store.claims()} == ids
    assert by_label(store)[FLOOD]["stances"] == {"supports": 1, "opposes": 2, "neither": 0}


def test_the_same_store_grouped_at_once_gives_the_same_ids(tmp_path: Path, store: Store) -> None:
    enc = BagOfWords()
    for name in DOCS:
        add_doc(store, name)
    C.update_claims(store, enc, fake_predict)
    with Store(tmp_path / "other.db") as other:
        add_doc(other, "dam-one")
        C.update_claims(other, enc, fake_predict)
        add_doc(other, "dam-two")
        add_doc(other, "buses")
        C.update_claims(other, enc, fake_predict)
        assert {c["id"] for c in other.claims()} == {c["id"] for c in store.claims()}


def test_a_new_threshold_regroups_and_keeps_the_founders_ids(store: Store) -> None:
    enc = BagOfWords()
    for name in DOCS:
        add_doc(store, name)
    C.update_claims(store, enc, fake_predict)
    flood = by_label(store)[FLOOD]["id"]
    strict = C.update_claims(store, enc, fake_predict, threshold=0.99)
    assert strict.regrouped and strict.threshold == 0.99
    claims = store.claims()
    assert len(claims) == 5 and all(c["members"] == 1 for c in claims)
    assert flood in {c["id"] for c in claims}  # the founding statement's claim keeps its id
    back = C.update_claims(store, enc, fake_predict, threshold=C.DEFAULT_THRESHOLD)
    assert back.regrouped
    assert by_label(store)[FLOOD]["id"] == flood and by_label(store)[FLOOD]["members"] == 3
    # no threshold given: the stored one stays, nothing is regrouped
    assert not C.update_claims(store, enc, fake_predict).regrouped


def test_a_redone_document_rejoins_its_claim(store: Store) -> None:
    enc = BagOfWords()
    for name in ("dam-one", "dam-two"):
        add_doc(store, name)
    C.update_claims(store, enc, fake_predict)
    flood = by_label(store)[FLOOD]
    add_doc(store, "dam-two")  # statements replaced: new row ids, memberships gone
    assert store.claims()[0]["members"] < flood["members"]
    step = C.update_claims(store, enc, fake_predict)
    assert step.encoded == 0  # vectors are cached by content
    assert (
        by_label(store)[FLOOD]["members"] == flood["members"] and by_label(store)[FLOOD]["id"] == flood["id"]
    )


def test_claim_view_timeline_and_tables(store: Store) -> None:
    for name in DOCS:
        add_doc(store, name)
    C.update_claims(store, BagOfWords(), fake_predict)
    view = C.claim_view(store.claim(by_label(store)[FLOOD]["id"]))
    assert [t["month"] for t in view["timeline"]] == ["2031-03", "2031-04", "2031-05"]
    assert view["timeline"][1] == {"month": "2031-04", "supports": 0, "opposes": 0, "neither": 0}
    assert view["timeline"][2]["opposes"] == 1 and view["timeline"][2]["supports"] == 1
    okoro = next(r for r in view["speakers"] if r["name"] == "Rafe Okoro")
    assert [m["content_text"] for m in okoro["opposes"]] == [
        "the new dam will not flood the old mill district"
    ]
    assert [r["name"] for r in view["outlets"]] == ["River Herald", "Valley Post"]
    buses = C.claim_view(store.claim(by_label(store)["school buses will run on Sundays from June"]["id"]))
    assert buses["timeline"] == [] and buses["undated"]["supports"] == 1


def test_free_text_claim_ranks_supporters_and_opponents(store: Store) -> None:
    for name in DOCS:
        add_doc(store, name)
    ranked = C.rank_for_claim(store, "the dam will flood the mill district", BagOfWords(), fake_predict)
    texts = [(q["stance"], q["content_text"]) for q in ranked]
    assert ("supports", FLOOD) in texts and (
        "opposes",
        "the new dam will not flood the old mill district",
    ) in texts
    assert all("buses" not in t for _, t in texts)  # unrelated: neither, left out
    keys = [q["similarity"] * q["score"] for q in ranked]
    assert keys == sorted(keys, reverse=True)
    assert ranked[0]["content_text"] == FLOOD  # closest wording, surest stance
    assert {"doc_name", "speaker", "outlet", "date", "content"} <= set(ranked[0])


# -- export, report, command line ------------------------------------------------------------------


def test_export_claims_contract_points_into_the_stored_text(store: Store) -> None:
    import io

    from quotetrail.export import export_claims
    from quotetrail.registry import registry

    for name in DOCS:
        add_doc(store, name)
    C.update_claims(store, BagOfWords(), fake_predict)
    out = io.StringIO()
    assert registry.get("exporters", "claims") is export_claims
    assert export_claims(store, out) == 3
    recs = [json.loads(line) for line in out.getvalue().splitlines()]
    texts = {d["name"]: store.document(d["id"])["text"] for d in store.documents()}
    for rec in recs:
        assert set(rec) == {"claim", "label", "members"} and rec["claim"].startswith("cl-")
        for m in rec["members"]:
            assert set(m) == {"doc", "content", "speaker", "stance"}
            assert m["stance"] in C.STANCES and m["doc"] in texts
            for s, e in m["content"]:
                assert 0 <= s < e <= len(texts[m["doc"]])
    flood = next(r for r in recs if r["label"] == FLOOD)
    spoken = {
        (m["speaker"], texts[m["doc"]][m["content"][0][0] : m["content"][0][1]]) for m in flood["members"]
    }
    assert ("Rafe Okoro", "the new dam will not flood the old mill district") in spoken
    assert len(flood["members"]) == 3


def test_report_escapes_hostile_claim_text(store: Store) -> None:
    hostile = {
        "one": (
            "2031-01-05",
            "Post",
            [("Ann Vry", "<script>alert(1)</script> the harbour toll must double")],
        ),
        "two": (
            "2031-02-05",
            "<b>Herald</b>",
            [("Bo Kell", "<script>alert(1)</script> the harbour toll must double")],
        ),
    }
    for name in hostile:
        add_doc(store, name, hostile)
    C.update_claims(store, BagOfWords(), fake_predict)
    html = render_report(store)
    assert "<script>" not in html and "<b>Herald" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; the harbour toll must double" in html
    assert '<svg class="timeline"' in html
    section = html[html.index('<h2 id="claims">') : html.index('<h2 id="documents">')]
    targets = re.findall(r'href="#([^"]+)"', section)
    assert targets and all(f'id="{t}"' in html for t in targets)  # every cell and card link lands


@pytest.fixture
def claims_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store with the invented articles grouped, and the packaged models replaced by the fakes."""
    import quotetrail.embed
    import quotetrail.stance

    enc = BagOfWords()
    monkeypatch.setattr(quotetrail.embed, "claim_encoder", lambda: enc)
    fake = type("M", (), {"predict": staticmethod(fake_predict)})
    monkeypatch.setattr(quotetrail.stance, "stance_model", lambda: fake)
    monkeypatch.setattr(quotetrail.stance, "agreement_model", lambda: fake)
    path = tmp_path / "cli.db"
    with Store(path) as s:
        for name in DOCS:
            add_doc(s, name)
        C.update_claims(s, enc, fake_predict)
    return str(path)


def _cli(*args: str):  # type: ignore[no-untyped-def]
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


def test_cli_claims_claim_and_export(claims_db: str, tmp_path: Path) -> None:
    rows = [json.loads(x) for x in _cli("claims", "--db", claims_db, "--json").stdout.splitlines()]
    assert rows[0]["label"] == FLOOD and rows[0]["members"] == 3
    assert [
        r["label"]
        for r in map(
            json.loads, _cli("claims", "--db", claims_db, "--json", "--min-members", "2").stdout.splitlines()
        )
    ] == [FLOOD]
    table = _cli("claims", "--db", claims_db).stdout
    assert rows[0]["id"] in table and "supports" in table.splitlines()[0]

    shown = _cli("claim", rows[0]["id"][:8], "--db", claims_db).stdout
    assert FLOOD in shown and "opposes (1):" in shown and "2031-04" in shown and "Rafe Okoro" in shown
    view = json.loads(_cli("claim", rows[0]["id"], "--db", claims_db, "--json").stdout)
    assert view["counts"] == {"supports": 2, "opposes": 1, "neither": 0}
    assert {"name": "River Herald", "supports": 1, "opposes": 1, "neither": 0} in view["outlets"]

    free = _cli("claim", "the dam will not flood the mill district", "--db", claims_db, "--json").stdout
    found = [json.loads(x) for x in free.splitlines()]
    assert found[0]["stance"] == "supports" and "not" in found[0]["content_text"]

    out = tmp_path / "claims.jsonl"
    assert "3 claims written" in _cli("export", "claims", "--db", claims_db, "-o", str(out)).stdout
    assert len(out.read_text("utf-8").splitlines()) == 3

    regrouped = _cli("claims", "--db", claims_db, "--json", "--threshold", "0.99")
    assert len(regrouped.stdout.splitlines()) == 5 and "regrouped" in regrouped.stderr


def test_cli_unknown_claim_id_is_a_one_line_error(claims_db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    from quotetrail.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["claim", "cl-ffffffffffff", "--db", claims_db])
    assert exc.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error QT404") and "\n" not in err


# -- PERSPECTRUM at two levels: claims (both sides) and paraphrase clusters -----------------------

PERSPECTRUM = Path(__file__).parent / "resources" / "perspectrum"


def _axes(*rows: tuple[float, float, float]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float32)


# claim 0: a paraphrase pair and an opposing view at cosine ~0.55; claim 1 on an unrelated axis
SPLIT = C.PerspectrumSplit("dev", [(["a", "a'", "not a"], [0, 0, 1]), (["b", "not b"], [0, 1])])
VECTORS = [_axes((1, 0, 0), (0.99, 0.14, 0), (0.55, 0.835, 0)), _axes((0, 0, 1), (0, 0.6, 0.8))]


@pytest.mark.parametrize(
    ("threshold", "claim_f1", "paraphrase_f1"),
    [
        (0.5, 1.0, 0.4),  # every claim whole: right for claims, too coarse for paraphrase clusters
        (0.9, 0.4, 1.0),  # only the paraphrase pair: the reverse
        (0.999, 0.0, 0.0),
    ],
)
def test_perspectrum_is_scored_as_claims_and_as_paraphrase_clusters(
    threshold: float, claim_f1: float, paraphrase_f1: float
) -> None:
    claims = C.score_claim_clusters(SPLIT, VECTORS, [threshold])
    paraphrases = C.score_paraphrase_clusters(SPLIT, VECTORS, [threshold])
    assert [r["level"] for r in claims + paraphrases] == ["claim", "paraphrase"]
    assert claims[0]["pairs"] == 4 and paraphrases[0]["pairs"] == 1
    assert claims[0]["f1"] == pytest.approx(claim_f1)
    assert paraphrases[0]["f1"] == pytest.approx(paraphrase_f1)


@pytest.mark.parametrize(
    ("gold", "pred", "counts"),
    [
        ([0, 0, 0, 1], [0, 0, 1, 1], (1, 2, 3)),
        ([5, 5, 7, 7], [1, 1, 1, 1], (2, 6, 2)),
        ([], [], (0, 0, 0)),
        ([3], [9], (0, 0, 0)),
    ],
)
def test_pair_counts_from_the_contingency_table(gold: list[int], pred: list[int], counts: tuple) -> None:
    assert C.pair_counts(gold, pred) == counts


def test_pair_counts_refuse_labels_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        C.pair_counts([0, 1], [0])


def test_eval_claims_data_reports_both_levels_at_each_threshold() -> None:
    grid = ["--threshold", "0.05", "--threshold", "0.99"]
    res = CliRunner().invoke(cli, ["eval-claims", "--data", str(PERSPECTRUM), *grid, "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    got = {(r["level"], r["threshold"]): r for r in rows}
    assert set(got) == {(lv, t) for lv in ("claim", "paraphrase") for t in (0.05, 0.99)}
    assert got[("claim", 0.05)]["pairs"] == 6  # three perspectives per claim, both sides
    assert got[("paraphrase", 0.05)]["pairs"] == 2
    assert got[("claim", 0.05)]["recall"] == 1.0
    assert got[("claim", 0.99)]["recall"] == 0.0
