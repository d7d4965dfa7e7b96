"""Speaker identity across documents: scored name matching, clustering, stable ids, corrections, Wikidata."""

from __future__ import annotations

import hashlib
import json
import urllib.error
from pathlib import Path

import pytest

from quotetrail import identity
from quotetrail.errors import InputError
from quotetrail.identity import (
    MERGE_AT,
    Mention,
    apply_corrections,
    assignment,
    cluster,
    compare,
    countries_in,
    is_description,
    keep_ids,
    name_tokens,
    ref,
    speaker_key,
)
from quotetrail.ingest import doc_id as text_id
from quotetrail.store import Store
from quotetrail.types import Attribution, Metadata, SourceDocument
from quotetrail.wikidata import link_speakers, read_mapping, search

# -- comparing two names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "kinds", "same"),
    [
        ("Karim al-Nouri", "Karim Nouri", ("person", "person"), True),  # particle
        ("Karim el-Nouri", "Karim Al Nouri", ("", ""), True),  # particle, any case
        ("Dana bin Tariq", "Dana Tariq", ("", ""), True),
        ("Pieter van Dalen", "Pieter Dalen", ("", ""), True),
        ("José Ortíz", "Jose Ortiz", ("", ""), True),  # accents
        ("Anna-Lise Brandt", "Anna Lise Brandt", ("", ""), True),  # hyphens
        ("Mr. Tomas Reyes Jr.", "Tomas Reyes", ("", ""), True),  # honorific, suffix
        ("Irina Kharina", "Irina Harina", ("", ""), True),  # transliteration kh / h
        ("Harina", "Irina Kharina", ("", "person"), True),  # a surname alone, transliterated
        ("Mohammed Qasem", "Muhammad Qasem", ("", ""), True),  # vowels and doubled letters
        ("Ahmed Yasin", "Ahmad Yassin", ("", ""), True),
        ("Dmitry Orlenko", "Dmitri Orlenko", ("", ""), True),  # y / i
        ("J. Doe", "Jane Doe", ("", "person"), True),  # an initial
        ("Jane Q. Doe", "Jane Doe", ("", ""), True),  # a middle initial more
        ("Doe", "Jane Doe", ("person", "person"), True),  # surname alone, no rival given
        ("Jane Doe", "John Doe", ("person", "person"), False),  # same surname, different people
        ("Jane Q. Doe", "Jane R. Doe", ("", ""), False),  # different middle initials
        ("K. Doe", "Jane Doe", ("", ""), False),  # the initial does not fit
        ("Lena Vogt", "Lena Voigt", ("", ""), False),  # short different surnames are not variants
        ("Irina Kharina", "Irina Sharina", ("", ""), False),
        ("Jordan", "Aleks Jordan", ("government", "person"), False),  # never a person and an institution
        ("Aleks Jordan", "Aleks Jordan", ("person", "organisation"), False),
        ("The Pilchard Trust", "Pilchard Trust", ("organisation", "organisation"), True),
        ("UNCTA", "United Nations Coastal Trade Agency", ("organisation", "organisation"), True),
        ("Harbour Board", "Harbour Guild", ("organisation", "organisation"), False),
        # a state body: possessive, "of" phrase and adjective-like state name are one body
        ("Norland's Foreign Ministry", "the Foreign Ministry of Norland", ("government", "government"), True),
        ("the Norland Foreign Ministry", "Foreign Ministry of Norland", ("government", "government"), True),
        ("Foreign Ministry of Norland", "Foreign Ministry of Orvia", ("government", "government"), False),
        ("Interior Ministry of Norland", "Norland Foreign Ministry", ("government", "government"), False),
        ("Bank of Orvia", "Orvia Bank of Trade", ("organisation", "organisation"), False),
    ],
)
def test_compare(a: str, b: str, kinds: tuple[str, str], same: bool) -> None:
    score, reasons = compare(a, b, *kinds)
    assert (score >= MERGE_AT) is same, (score, reasons)
    assert reasons and all(isinstance(r, str) and r for r in reasons)
    assert compare(b, a, *reversed(kinds)).score == score  # symmetric


def test_state_bodies_cluster_as_one() -> None:
    names = ["Norland's Foreign Ministry", "the Foreign Ministry of Norland", "the Norland Foreign Ministry"]
    speakers = cluster([Mention(n, "government", doc=str(i)) for i, n in enumerate(names)])
    assert len(speakers) == 1 and set(speakers[0].aliases) == set(names)
    # "Bank of Orvia" stays whole and apart from another body with a similar word
    apart = cluster([Mention("Bank of Orvia", "organisation"), Mention("Orvia Trade Bank", "organisation")])
    assert {s.name for s in apart} == {"Bank of Orvia", "Orvia Trade Bank"}


def test_compare_explains_and_respects_rivals() -> None:
    score, reasons = compare("Doe", "Jane Doe", rivals=2)
    assert score == 0.0 and any("ambiguous" in r for r in reasons)
    score, reasons = compare("J. Doe", "Jane Doe", rivals=2)
    assert score == 0.0 and any("2 people" in r for r in reasons)
    _, reasons = compare("Jane Doe", "John Doe")
    assert any("different given names" in r for r in reasons)
    _, reasons = compare("Irina Kharina", "Irina Harina")
    assert any("transliteration" in r for r in reasons)


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Karim al-Nouri", ("karim", "nouri")),
        ("al-Nouri", ("nouri",)),
        ("Al Ruwad", ("al", "ruwad")),  # a capitalised first word is kept
        ("Dr. Ines Barreto's", ("ines", "barreto")),
        ("The Pilchard Trust", ("pilchard", "trust")),
    ],
)
def test_name_tokens(name: str, tokens: tuple[str, ...]) -> None:
    assert name_tokens(name) == tokens


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("he", True),
        ("the French president", True),
        ("Spokeswoman", True),
        ("officials", True),
        ("Foreign Minister", True),
        ("Jane Doe", False),
        ("The Pilchard Trust", False),
        ("White House", False),
        ("Danish Foreign Ministry", False),
    ],
)
def test_is_description(name: str, description: bool) -> None:
    assert is_description(name) is description


def test_countries_in_roles_and_affiliations() -> None:
    assert countries_in(["Danish Foreign Ministry", "spokeswoman", "U.S. envoy", "envoy to New Zealand"]) == [
        "Denmark",
        "United States",
        "New Zealand",
    ]
    assert countries_in(["told us", "harbour board"]) == []


# -- clustering ----------------------------------------------------------------------------------------


def by_name(idents: list[identity.SpeakerIdentity]) -> dict[str, identity.SpeakerIdentity]:
    return {i.name: i for i in idents}


def test_cluster_merges_variants_and_picks_the_fullest_common_name() -> None:
    ms = [
        Mention("Karim Nouri", "person", doc="a", date="2031-01-02", count=3),
        Mention("Karim al-Nouri", "person", doc="b", date="2031-02-03", count=4),
        Mention("Nouri", "person", doc="c", date="2031-03-04"),
        Mention("Karim Abbas al-Nouri", "person", doc="c"),  # rare fuller variant: not the display
        Mention("he", "person", doc="c"),
    ]
    idents = cluster(ms)
    assert len(idents) == 1
    karim = idents[0]
    assert karim.name == "Karim al-Nouri"
    assert set(karim.aliases) == {"Karim Nouri", "Karim al-Nouri", "Nouri", "Karim Abbas al-Nouri"}
    assert (karim.first_seen, karim.last_seen) == ("2031-01-02", "2031-03-04")
    assert karim.count == 9
    assert "Nouri" in karim.why and karim.why["Nouri"].score >= MERGE_AT
    assert any("same document" in r for r in karim.why["Nouri"].reasons)


@pytest.mark.parametrize(
    ("counts", "display"),
    [
        ({"Karim Nouri": 5, "Karim al-Nouri": 4}, "Karim al-Nouri"),  # the particle written out wins
        ({"Karim Nouri": 9, "Karim al-Nouri": 1}, "Karim Nouri"),  # unless that spelling is rare
    ],
)
def test_display_spelling_is_the_fullest_usual_one(counts: dict[str, int], display: str) -> None:
    ms = [Mention(name, "person", doc=name, count=n) for name, n in counts.items()]
    assert [i.name for i in cluster(ms)] == [display]


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # a surname alone joins the only full name with it in its document...
        (
            [Mention("Jane Doe", doc="1"), Mention("Doe", doc="1"), Mention("John Doe", doc="2")],
            {("1", "Doe"): "Jane Doe"},
        ),
        # ... stays alone when the document names two people with it
        (
            [Mention("Jane Doe", doc="1"), Mention("John Doe", doc="1"), Mention("Doe", doc="1")],
            {("1", "Doe"): "Doe"},
        ),
        # ... across documents only when one full name in the corpus has it
        ([Mention("Jane Doe", doc="1"), Mention("Doe", doc="2")], {("2", "Doe"): "Jane Doe"}),
        (
            [Mention("Jane Doe", doc="1"), Mention("John Doe", doc="3"), Mention("Doe", doc="2")],
            {("2", "Doe"): "Doe"},
        ),
        # the same surname in two documents can mean two people
        (
            [
                Mention("Jane Doe", doc="1"),
                Mention("Doe", doc="1"),
                Mention("John Doe", doc="2"),
                Mention("Doe", doc="2"),
            ],
            {("1", "Doe"): "Jane Doe", ("2", "Doe"): "John Doe"},
        ),
        # an initial follows the same rule
        ([Mention("Jane Doe", doc="1"), Mention("J. Doe", doc="2")], {("2", "J. Doe"): "Jane Doe"}),
        (
            [Mention("Jane Doe", doc="1"), Mention("Jill Doe", doc="3"), Mention("J. Doe", doc="2")],
            {("2", "J. Doe"): "J. Doe"},
        ),
        # a person and an institution with the surname's word stay apart
        (
            [Mention("Aleks Jordan", "person", doc="1"), Mention("Jordan", "government", doc="2")],
            {("2", "Jordan"): "Jordan", ("1", "Aleks Jordan"): "Aleks Jordan"},
        ),
    ],
)
def test_cluster_surname_context(mentions: list[Mention], expected: dict[tuple[str, str], str]) -> None:
    got = assignment(cluster(mentions))
    assert {k: got[k].name for k in expected} == expected


def test_cluster_never_chains_two_people_through_a_shorter_name() -> None:
    ms = [Mention("Jane Q. Doe", doc="1"), Mention("Jane R. Doe", doc="2"), Mention("Jane Doe", doc="3")]
    idents = cluster(ms)
    together = [i for i in idents if {"Jane Q. Doe", "Jane R. Doe"} <= set(i.aliases)]
    assert not together


def test_cluster_types_and_roles() -> None:
    ms = [
        Mention("Ines Barreto", "person", "spokeswoman", "Danish Foreign Ministry", "1", "2031-01-05"),
        Mention("Ines Barreto", "person", "Spokeswoman", "Danish Foreign Ministry", "2", "2031-03-01"),
        Mention("Ines Barreto", "", "minister", "", "3", "--04-02"),  # partial dates are not ordered
        Mention("the Harbour Ministry", "government", doc="1"),
        Mention("Harbour Ministry", "organisation", doc="2", count=1),
        Mention("Harbour Ministry", "government", doc="3", count=1),
    ]
    people = by_name(cluster(ms))
    ines = people["Ines Barreto"]
    assert ines.type == "person"
    spoke = next(r for r in ines.roles if r.role.lower() == "spokeswoman")
    assert (spoke.affiliation, spoke.first_seen, spoke.last_seen, spoke.count) == (
        "Danish Foreign Ministry",
        "2031-01-05",
        "2031-03-01",
        2,
    )
    minister = next(r for r in ines.roles if r.role == "minister")
    assert minister.first_seen is None
    ministry = next(i for i in people.values() if "Harbour Ministry" in i.aliases)
    assert ministry.type == "government"  # majority of mention kinds


def test_cluster_leaves_out_pronouns_and_bare_titles() -> None:
    idents = cluster(
        [Mention("he"), Mention("the spokeswoman"), Mention("Foreign Minister"), Mention("Jane Doe")]
    )
    assert [i.name for i in idents] == ["Jane Doe"]


def test_cluster_is_order_independent() -> None:
    ms = [
        Mention("Karim al-Nouri", doc="1"),
        Mention("Nouri", doc="2"),
        Mention("Lena Vogt", doc="2"),
        Mention("Pilchard Trust", "organisation", doc="3"),
    ]
    a = {(i.key, i.name, tuple(i.aliases)) for i in cluster(ms)}
    b = {(i.key, i.name, tuple(i.aliases)) for i in cluster(list(reversed(ms)))}
    assert a == b


def test_ids_are_stable_when_unrelated_documents_are_added() -> None:
    base = [
        Mention("Karim al-Nouri", doc="1"),
        Mention("Nouri", doc="2"),
        Mention("Pilchard Trust", "media", doc="2"),
    ]
    before = {i.name: i.key for i in cluster(base)}
    more = [*base, Mention("Lena Vogt", doc="3"), Mention("Harbour Guild", "organisation", doc="4")]
    after = {i.name: i.key for i in cluster(more)}
    assert {n: after[n] for n in before} == before
    assert before["Karim al-Nouri"] == speaker_key("Karim Nouri")  # from the folded display name
    assert all(k.startswith("sp-") and len(k) == 13 for k in after.values())


def stored(idents: list[identity.SpeakerIdentity]) -> dict[str, dict[tuple[str, str], int]]:
    """Speakers as the store remembers them: id -> statements per (document, name)."""
    return {i.key: {(m.doc, m.name): m.count for m in i.mentions} for i in idents}


def test_keep_ids_survive_a_fuller_variant() -> None:
    first = cluster([Mention("Nouri", doc="1")])
    later = keep_ids(cluster([Mention("Nouri", doc="1"), Mention("Karim Nouri", doc="2")]), stored(first))
    assert later[0].name == "Karim Nouri" and later[0].key == first[0].key


def test_keep_ids_when_a_surname_becomes_ambiguous() -> None:
    first = keep_ids(cluster([Mention("Jane Doe", doc="1", count=3), Mention("Doe", doc="2")]), {})
    jane = by_name(first)["Jane Doe"]
    assert "Doe" in jane.aliases
    later = keep_ids(
        cluster(
            [Mention("Jane Doe", doc="1", count=3), Mention("Doe", doc="2"), Mention("John Doe", doc="3")]
        ),
        stored(first),
    )
    names = by_name(later)
    assert names["Jane Doe"].key == jane.key  # she keeps her id; the lone surname gets a new one
    assert len({i.key for i in later}) == 3


def test_clustering_many_names_is_not_quadratic(monkeypatch: pytest.MonkeyPatch) -> None:
    def word(i: int, salt: str) -> str:
        digest = hashlib.sha1(f"{salt}{i}".encode()).hexdigest()
        return "".join(chr(97 + int(c, 16) + (n % 10)) for n, c in enumerate(digest[:8])).title()

    ms = [Mention(f"{word(i % 40, 'g')} {word(i, 's')}", doc=str(i)) for i in range(3000)]
    ms += [Mention(word(i, "s"), doc=str(i)) for i in range(0, 3000, 3)]
    calls = 0
    real = identity.compare

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(identity, "compare", counting)
    idents = cluster(ms)
    assert len(idents) == 3000
    assert calls < 3000 * 20  # all pairs would be ~4.5 million


# -- corrections (pure) ------------------------------------------------------------------------------


def test_apply_corrections_merge_split_rename_qid() -> None:
    idents = cluster(
        [
            Mention("Jane Doe", doc="1"),
            Mention("Doe", doc="1"),
            Mention("Pilchard Trust", "organisation", doc="2"),
        ]
    )
    jane, trust = by_name(idents)["Jane Doe"], by_name(idents)["Pilchard Trust"]
    out, notes = apply_corrections(
        idents,
        [
            (1, "split", {"speaker": ref(jane), "alias": "Doe"}),
            (2, "rename", {"speaker": ref(jane), "name": "Jane A. Doe"}),
            (3, "qid", {"speaker": ref(trust), "qid": "Q7"}),
            (4, "merge", {"speaker": {"name": "nobody"}, "other": ref(trust)}),
        ],
    )
    names = by_name(out)
    assert set(names) == {"Jane A. Doe", "Doe", "Pilchard Trust"}
    assert names["Jane A. Doe"].key == jane.key  # a rename keeps the id
    assert names["Pilchard Trust"].qid == "Q7"
    assert notes[1] == notes[2] == notes[3] == "applied"
    assert notes[4].startswith("not applied")
    merged, notes = apply_corrections(out, [(5, "merge", {"speaker": ref(names["Doe"]), "other": ref(jane)})])
    assert [i.name for i in merged if "Jane Doe" in i.aliases] == ["Doe"]  # B merges into A, A's name
    assert next(i for i in merged if i.name == "Doe").key == names["Doe"].key


# -- Wikidata --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name,qid\nJane Doe,Q101\nPilchard Trust, Q202\n", {"Jane Doe": "Q101", "Pilchard Trust": "Q202"}),
        ("Jane Doe,Q101\n", {"Jane Doe": "Q101"}),
        ('{"Jane Doe": "Q101"}', {"Jane Doe": "Q101"}),
    ],
)
def test_read_mapping(tmp_path: Path, content: str, expected: dict[str, str]) -> None:
    path = tmp_path / "map.txt"
    path.write_text(content, "utf-8")
    assert read_mapping(path) == expected


@pytest.mark.parametrize("content", ["Jane Doe,101\n", '{"Jane Doe": "x"}', "{not json", "just a name\n"])
def test_read_mapping_rejects_bad_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "map.csv"
    path.write_text(content, "utf-8")
    with pytest.raises(InputError) as exc:
        read_mapping(path)
    assert exc.value.code == "QT100" and exc.value.remedy


def answer(*hits: tuple[str, str, str]) -> bytes:
    """A wbsearchentities answer with (id, label, description) hits."""
    return json.dumps(
        {
            "search": [
                {"id": q, "label": label, "description": d, "match": {"text": label}} for q, label, d in hits
            ]
        }
    ).encode()


def test_search_takes_the_first_exact_label() -> None:
    urls: list[str] = []

    def fetch(url: str, timeout: float) -> bytes:
        urls.append(url)
        return answer(("Q1", "Jane Doerr", "a painter"), ("Q2", "Jane Doe", "a harbour official"))

    hit = search("Jane  al-Doe", fetch=fetch, timeout=3)
    assert hit is not None and hit.qid == "Q2" and hit.description == "a harbour official"
    assert "action=wbsearchentities" in urls[0] and "search=Jane" in urls[0]
    assert search("Nobody Here", fetch=lambda u, t: answer(("Q1", "Jane Doe", ""))) is None


def store_with(tmp_path: Path, speakers: list[tuple[str, str]]) -> Store:
    """A store with one document whose statements have these (speaker, kind) pairs."""
    text = " ".join(f"{name} said hello." for name, _ in speakers)
    store = Store(tmp_path / "wd.db")
    did = text_id(text)
    store.add_document(SourceDocument("doc", text, "doc.txt"), did, Metadata(date="2031-01-01"), [])
    atts = []
    pos = 0
    for name, kind in speakers:
        start = text.index(name, pos)
        cue = text.index("said", start)
        atts.append(
            Attribution(
                source=[(start, start + len(name))],
                cue=[(cue, cue + 4)],
                content=[(cue + 5, cue + 10)],
                type="indirect",
                speaker=name,
                speaker_kind=kind,
            )
        )
        pos = cue
    store.replace_statements(did, atts)
    store.refresh_speakers()
    return store


def test_link_mapping_and_cached_online_lookup(tmp_path: Path) -> None:
    asked: list[str] = []

    def fetch(url: str, timeout: float) -> bytes:
        asked.append(url)
        return answer(("Q300", "Pilchard Trust", "a charity"))

    with store_with(tmp_path, [("Jane Doe", "person"), ("Pilchard Trust", "organisation")]) as store:
        report = link_speakers(store, mapping={"jane doe": "Q101"}, online=True, fetch=fetch)
        assert report.mapped == 1 and report.asked == 1 and report.found == 1 and report.offline is None
        qids = {s["name"]: s["qid"] for s in store.speakers()}
        assert qids == {"Jane Doe": "Q101", "Pilchard Trust": "Q300"}
        again = link_speakers(store, online=True, fetch=fetch)
        assert len(asked) == 1 and again.cached == 1  # asked once per name
        store.refresh_speakers()  # links survive a rebuild
        assert {s["name"]: s["qid"] for s in store.speakers()} == qids


def test_link_offline_says_why_and_keeps_mapping(tmp_path: Path) -> None:
    def offline(url: str, timeout: float) -> bytes:
        raise urllib.error.URLError(OSError("Name or service not known"))

    with store_with(tmp_path, [("Jane Doe", "person"), ("Pilchard Trust", "organisation")]) as store:
        report = link_speakers(store, mapping={"Jane Doe": "Q101"}, online=True, fetch=offline)
        assert report.offline and "Name or service not known" in report.offline
        assert {s["name"]: s["qid"] for s in store.speakers()} == {"Jane Doe": "Q101", "Pilchard Trust": None}
        assert store.wikidata_cached("Pilchard Trust") is None  # a failure is not cached
