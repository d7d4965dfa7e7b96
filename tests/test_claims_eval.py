"""Scoring claim grouping and stance against annotated articles (claims_eval, eval-claims --gold)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from quotetrail.claims_eval import (
    ClaimsGold,
    GoldMember,
    PredMember,
    accuracy_interval,
    doc_stem,
    f1_interval,
    gold_inputs,
    gold_stories,
    pool_golds,
    pooled_names,
    read_claims_gold,
    relation_numbers,
    score_claims,
    score_direct_stance,
    score_query,
)
from quotetrail.cli import cli
from quotetrail.errors import InputError
from quotetrail.evaluate import parse_ann, relations_by_id

GOLD = Path(__file__).parent / "resources" / "claims_eval"


def test_reads_members_with_their_content_spans() -> None:
    gold = read_claims_gold(GOLD)
    assert [(m.doc, m.rel, m.stance) for m in gold.members] == [
        ("harbour-a", 1, "supports"),
        ("harbour-a", 3, "opposes"),
        ("harbour-b", 1, "supports"),
    ]
    assert gold.content_text(gold.members[2]) == "the ferry terminal is not safe for big ships"
    assert gold.propositions == {"K1": "The ferry terminal is unsafe for large ships."}


@pytest.mark.parametrize(
    ("marked", "numbers"),
    [
        ("{S2=A|he} {C2|said} {Q2|x} {C1|told} {Q1|y}", [1, 2]),
        ("{Q7|a {S3|b} {C3|c} {Q3|d}} {C7|e}", [3, 7]),
        ("no marks", []),
    ],
)
def test_relation_numbers_follow_build_gold_order(marked: str, numbers: list[int]) -> None:
    assert relation_numbers(marked) == numbers


def _pred(doc: str, span: tuple[int, int], claim: str, stance: str) -> PredMember:
    return PredMember(doc, (span,), claim, stance)


def _spans() -> list[tuple[str, tuple[int, int]]]:
    gold = read_claims_gold(GOLD)
    return [(m.doc, m.content[0]) for m in gold.members]


@pytest.mark.parametrize(
    ("members", "stories"),
    [
        # claims sharing a document are one story, also through a chain (a-b in d1, b-c in d2)
        (
            [("d1", "a"), ("d1", "b"), ("d2", "b"), ("d2", "c"), ("d3", "x")],
            {"a": "a", "b": "a", "c": "a", "x": "x"},
        ),
        # a claim whose documents hold no other claim is its own story
        ([("d1", "k2"), ("d2", "k1")], {"k1": "k1", "k2": "k2"}),
        # the story is named by its smallest claim id, whatever the order of the members
        ([("d9", "z"), ("d9", "m"), ("d8", "m"), ("d8", "b")], {"b": "b", "m": "b", "z": "b"}),
    ],
)
def test_gold_stories_link_claims_through_shared_documents(
    members: list[tuple[str, str]], stories: dict[str, str]
) -> None:
    found = [GoldMember(d, i, c, "supports", ((0, 1),)) for i, (d, c) in enumerate(members)]
    gold = ClaimsGold({}, {}, found, {})
    assert gold_stories(gold) == stories


def test_perfect_grouping_and_oriented_stance() -> None:
    gold = read_claims_gold(GOLD)
    (d1, s1), (d2, s2), (d3, s3) = _spans()
    # the claim is labelled by the opposing statement: every stance is flipped, orientation fixes it
    pred = [_pred(d1, s1, "c", "opposes"), _pred(d2, s2, "c", "supports"), _pred(d3, s3, "c", "opposes")]
    got = score_claims(gold, pred)
    assert got["found"] == 3
    assert got["pairs"] == {"gold": 3, "pred": 3, "tp": 3, "p": 1.0, "r": 1.0, "f1": 1.0}
    assert got["stance_in_claims"] == {"judged": 3, "right": 3, "accuracy": 1.0}
    assert (got["f1_interval"]["low"], got["f1_interval"]["high"]) == (1.0, 1.0)  # right in every article


@pytest.mark.parametrize(
    ("right", "predicted", "wanted", "low", "high"),
    [
        # one article: every resample is the set itself
        ([[2]], [[4]], [[4]], 0.5, 0.5),
        # one article all right, one all wrong (F1 0.5): resamples of two of either give 1 and 0
        ([[3, 0], [0, 0]], [[3, 0], [0, 3]], [[3, 0], [0, 3]], 0.0, 1.0),
        # the right pairs span the two articles, the wrong ones do not: only resamples with both
        # articles find any (F1 0.5 as the set; 0 from two copies of either)
        ([[0, 2], [0, 0]], [[2, 2], [0, 2]], [[0, 2], [0, 0]], 0.0, 0.5),
    ],
)
def test_f1_interval_resamples_articles(
    right: list[list[int]], predicted: list[list[int]], wanted: list[list[int]], low: float, high: float
) -> None:
    got = f1_interval(np.asarray(right), np.asarray(predicted), np.asarray(wanted))
    assert (got["low"], got["high"]) == (low, high)
    assert got == f1_interval(np.asarray(right), np.asarray(predicted), np.asarray(wanted))  # seeded


@pytest.mark.parametrize(
    ("right", "judged", "low", "high"),
    [
        ([3, 0], [3, 3], 0.0, 1.0),  # one article all right, one all wrong
        ([0, 2], [0, 2], 1.0, 1.0),  # an article with nothing judged leaves resamples of it out
        ([], [], 0.0, 0.0),
    ],
)
def test_accuracy_interval_resamples_articles(
    right: list[int], judged: list[int], low: float, high: float
) -> None:
    got = accuracy_interval(np.asarray(right, dtype=np.int64), np.asarray(judged, dtype=np.int64))
    assert (got["low"], got["high"]) == (low, high)


def test_split_claims_lose_recall_and_singletons_are_not_judged() -> None:
    gold = read_claims_gold(GOLD)
    (d1, s1), (d2, s2), (d3, s3) = _spans()
    pred = [_pred(d1, s1, "c", "supports"), _pred(d2, s2, "c", "supports"), _pred(d3, s3, "x", "supports")]
    got = score_claims(gold, pred)
    assert got["pairs"]["tp"] == 1 and got["pairs"]["pred"] == 1 and got["pairs"]["gold"] == 3
    assert got["pairs"]["r"] == pytest.approx(0.3333)
    # two members judged; the majority orientation is a tie, kept as is: one of the two is right
    assert got["stance_in_claims"]["judged"] == 2
    assert got["stance_in_claims"]["right"] == 1


def test_a_prediction_covering_less_than_half_finds_nothing() -> None:
    gold = read_claims_gold(GOLD)
    (d1, s1), (d2, s2), _ = _spans()
    short = (s1[0], s1[0] + (s1[1] - s1[0]) // 3)
    got = score_claims(gold, [_pred(d1, short, "c", "supports"), _pred(d2, s2, "c", "supports")])
    assert got["found"] == 1
    assert got["pairs"]["pred"] == 0


def test_direct_stance_counts_each_member() -> None:
    gold = read_claims_gold(GOLD)

    def predict(pairs: list[tuple[str, str]]) -> list[tuple[str, float]]:
        return [("opposes" if "safe for every" in s else "supports", 0.9) for _c, s in pairs]

    got = score_direct_stance(gold, predict)
    assert got["accuracy"] == 1.0
    assert got["confusion"] == {"opposes->opposes": 1, "supports->supports": 2}


def test_query_ranks_score_precision_recall_map_and_stance() -> None:
    gold = read_claims_gold(GOLD)
    (d1, s1), (d2, s2), (d3, s3) = _spans()
    noise = (d1, (0, 5))  # the headline: a statement no gold member is
    ranked = {
        "K1": [
            _pred(d2, s2, "K1", "supports"),  # rank 1: a member, stance right
            _pred(*noise, "K1", "supports"),  # rank 2: not a member
            _pred(d3, s3, "K1", "supports"),  # rank 3: a member, stance wrong (gold: opposes)
            _pred(d1, s1, "K1", "supports"),  # rank 4: a member, below the top R = 3
        ]
    }
    got = score_query(gold, ranked)
    assert (got["claims"], got["returned"], got["relevant"]) == (1, 4, 3)
    assert got["p"] == 0.75 and got["r"] == 1.0
    assert got["r_precision"] == pytest.approx(0.6667)
    assert got["map"] == pytest.approx((1 / 1 + 2 / 3 + 3 / 4) / 3, abs=1e-4)
    assert got["stance"] == {"judged": 3, "right": 2, "accuracy": 0.6667}


def test_query_with_nothing_returned_scores_zero_not_an_error() -> None:
    got = score_query(read_claims_gold(GOLD), {})
    assert (got["claims"], got["returned"], got["map"], got["r"]) == (1, 0, 0.0, 0.0)


def _line(doc: str, rel: int, stance: str) -> str:
    member = {"doc": doc, "rel": rel, "stance": stance}
    return json.dumps({"claim": "K1", "proposition": "p", "members": [member]})


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"claim": "K1", "members": []}', "not a claim line"),
        (_line("nope", 1, "supports"), "unknown document"),
        (_line("harbour-a", 9, "supports"), "has no relation"),
        (_line("harbour-a", 1, "maybe"), "stance"),
    ],
)
def test_bad_claim_lines_name_the_line(tmp_path: Path, line: str, reason: str) -> None:
    folder = tmp_path / "g"
    shutil.copytree(GOLD, folder)
    (folder / "claims.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_claims_gold(folder)
    assert reason in str(err.value)
    assert "claims.jsonl:1" in err.value.one_line()


@pytest.mark.parametrize(("name", "stem"), [("a/b/x.txt", "x"), ("x", "x"), ("dir\\y.txt", "y")])
def test_doc_stem(name: str, stem: str) -> None:
    assert doc_stem(name) == stem


def test_cli_scores_an_export_claims_file(tmp_path: Path) -> None:
    (d1, s1), (d2, s2), (d3, s3) = _spans()
    pred = tmp_path / "claims.jsonl"
    members = [
        {"doc": d, "content": [list(s)], "speaker": "", "stance": st}
        for d, s, st in [(d1, s1, "supports"), (d2, s2, "opposes"), (d3, s3, "supports")]
    ]
    pred.write_text(json.dumps({"claim": "cl-1", "label": "x", "members": members}) + "\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["eval-claims", "--gold", str(GOLD), "--pred", str(pred), "--json"])
    assert res.exit_code == 0, res.output
    row = json.loads(res.output.splitlines()[0])
    assert row["pairs"]["f1"] == 1.0
    assert row["stance_in_claims"]["accuracy"] == 1.0
    assert row["stance_direct"]["judged"] == 3
    assert row["f1_interval"]["over"] == "2 articles"
    table = CliRunner().invoke(cli, ["eval-claims", "--gold", str(GOLD), "--pred", str(pred)])
    assert (
        "95% intervals (1000 resamples of the 2 articles): pair F1 1.000 (1.000 to 1.000), "
        "stance in claims 1.000 (1.000 to 1.000)"
    ) in table.output


@pytest.mark.model
def test_cli_runs_the_pipeline_and_asks_each_proposition_as_a_claim() -> None:
    res = CliRunner().invoke(cli, ["eval-claims", "--gold", str(GOLD), "--threshold", "0.5", "--json"])
    assert res.exit_code == 0, res.output
    row = json.loads(res.output.splitlines()[-1])
    q = row["query"]
    assert q["claims"] == 1 and 0 < q["relevant"] <= 3 and q["returned"] >= q["relevant"]
    assert 0 < q["map"] <= 1 and q["stance"]["judged"] == q["relevant"]
    assert row["found"] == 3  # the three annotated statements are extracted


def test_cli_wants_one_of_data_and_gold() -> None:
    res = CliRunner().invoke(cli, ["eval-claims"])
    assert res.exit_code == 2
    assert "--data" in res.output and "--gold" in res.output


POLNEAR = Path(__file__).parent.parent.parent / "shared" / "data" / "polnear"
REAL_SETS = ("emails", "muslims", "benghazi", "wallstreet")
NEEDS_POLNEAR = pytest.mark.skipif(not POLNEAR.is_dir(), reason="no PolNeAR beside the repository")


@pytest.mark.parametrize(
    "name",
    [
        "sample",
        "news1",
        "news2",
        # real articles of PolNeAR, read from ../shared beside the repository
        *(pytest.param(f"polnear_{t}", marks=NEEDS_POLNEAR) for t in REAL_SETS),
    ],
)
def test_committed_claim_sets_read_and_have_multi_member_claims(name: str) -> None:
    gold = read_claims_gold(Path(__file__).parent.parent / "eval" / "claims" / name)
    sizes: dict[str, int] = {}
    for m in gold.members:
        sizes[m.claim] = sizes.get(m.claim, 0) + 1
        assert gold.content_text(m).strip(), (m.doc, m.rel)
    assert sizes and min(sizes.values()) >= 2
    assert set(sizes) == set(gold.propositions)


def test_pooled_folders_keep_every_member_under_its_folder_name() -> None:
    claims = Path(__file__).parent.parent / "eval" / "claims"
    parts = [read_claims_gold(claims / n) for n in ("news1", "news2")]
    gold = pool_golds([claims / "news1", claims / "news2"])
    assert len(gold.members) == sum(len(p.members) for p in parts)
    assert len(gold.texts) == len(gold.paths) == sum(len(p.texts) for p in parts)
    assert len(gold.propositions) == sum(len(p.propositions) for p in parts)  # K1 of each set stays apart
    first = parts[1].members[0]
    m = gold.members[len(parts[0].members)]
    assert (m.doc, m.claim, m.stance) == (f"news2/{first.doc}", f"news2/{first.claim}", first.stance)
    assert gold.content_text(m) == parts[1].content_text(first)
    names = pooled_names(gold)
    assert names[first.doc] == f"news2/{first.doc}" and len(names) == len(gold.texts)


CORPUS_GOLD = Path(__file__).parent / "resources" / "claims_corpus" / "gold"


def test_corpus_gold_reads_members_by_relation_id_from_the_corpus() -> None:
    gold = read_claims_gold(CORPUS_GOLD)
    article = (CORPUS_GOLD.parent / "corpus" / "dev" / "text" / "town-2020.txt").resolve()
    assert gold.paths == {"town-2020": str(article)} and gold.texts["town-2020"] == article.read_text("utf-8")
    assert [(m.rel, m.stance, gold.content_text(m)) for m in gold.members] == [
        (2, "supports", "the bridge is unsafe"),
        # E3 comes before its spans in the file and its content has two fragments: both resolved
        (3, "opposes", "that the bridge has stood for a century"),
    ]
    assert gold.propositions == {"K1": "The old bridge is unsafe."}
    assert gold_inputs(CORPUS_GOLD) == [str(article)]
    assert gold_inputs(GOLD) == [str(GOLD / "text")]


def test_relations_by_id_resolves_what_the_one_pass_reference_reading_drops() -> None:
    ann = CORPUS_GOLD.parent / "corpus" / "dev" / "attributions" / "town-2020_aa01.ann"
    assert sorted(relations_by_id(ann)) == ["E1", "E2", "E3"]
    assert len(parse_ann(ann)) == 2  # the reference's reading: E3's spans were not defined yet


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"rel": "E9"}, "has no attribution 'E9'"),
        ({"ann": "town-2020_zz99.ann", "rel": "E2"}, "has no attribution 'E2'"),  # another annotator's file
        ({"doc": "other-2021"}, "no article 'other-2021'"),
        ({"split": "test"}, "no article 'town-2020'"),
        ({"stance": "neither"}, "stance 'neither'"),
        ({"split": None}, "not a member ('split')"),  # None: the key is left out
    ],
)
def test_corpus_gold_names_the_line_of_a_bad_member(
    tmp_path: Path, change: dict[str, str | None], reason: str
) -> None:
    gold = tmp_path / "gold"
    shutil.copytree(CORPUS_GOLD, gold)
    corpus = {"corpus": "polnear", "root": str(CORPUS_GOLD.parent / "corpus")}
    (gold / "corpus.json").write_text(json.dumps(corpus))
    line = json.loads((CORPUS_GOLD / "claims.jsonl").read_text("utf-8"))
    line["members"][1].update(change)
    line["members"][1] = {k: v for k, v in line["members"][1].items() if v is not None}
    (gold / "claims.jsonl").write_text(json.dumps(line) + "\n")
    with pytest.raises(InputError) as err:
        read_claims_gold(gold)
    assert reason in str(err.value) and "claims.jsonl:1" in err.value.one_line()


def test_corpus_gold_says_where_the_corpus_should_be(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUOTETRAIL_POLNEAR", str(tmp_path / "nowhere"))
    with pytest.raises(InputError) as err:
        read_claims_gold(CORPUS_GOLD)
    assert "QUOTETRAIL_POLNEAR" in err.value.remedy
    monkeypatch.setenv("QUOTETRAIL_POLNEAR", str(CORPUS_GOLD.parent / "corpus"))
    assert len(read_claims_gold(CORPUS_GOLD).members) == 2


def test_cli_runs_the_pipeline_on_the_corpus_articles_a_gold_names() -> None:
    res = CliRunner().invoke(cli, ["eval-claims", "--gold", str(CORPUS_GOLD), "--threshold", "0.1", "--json"])
    assert res.exit_code == 0, res.output
    row = json.loads(res.output.splitlines()[-1])
    assert row["members"] == 2 and row["found"] >= 1  # the article was read from the corpus and attributed
