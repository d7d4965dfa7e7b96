"""Scores claim grouping and stance against hand-annotated articles (`quotetrail eval-claims --gold`).

Reads: a gold folder in the layout of `eval/build_gold.py` (text/, attributions/ and marked/) with a
`claims.jsonl` naming, per claim, its proposition and its members as (document, markup relation
number, stance); and predicted claims in the `export claims` contract. Writes: figures.

Figures, over the gold members (statements in annotated claims of two members or more):
* `found`: gold members whose content a predicted member covers (at least half its letters, as
  the speaker figures count a content found), matched one to one;
* pairwise grouping P/R/F1: a pair of gold members is gold-positive when they share a gold claim,
  predicted-positive when both are found and their predicted members share a claim; with a 95%
  percentile bootstrap interval of F1 over the articles (resampled with replacement), because one
  set of a hundred members cannot tell two methods a few points apart;
* stance in claims: over found members grouped with at least one member of their own gold claim,
  the share whose predicted stance is right once each predicted claim is oriented toward the gold
  proposition by majority (a claim labelled by an opposing statement has every stance flipped);
* stance toward the proposition: the stance model on (proposition, gold content), the
  `quotetrail stance` contract's measure, over all gold members;
* a claim in your words: each proposition asked as `quotetrail claim TEXT` asks it; a returned
  statement is relevant when it finds a member of that claim. Precision and recall of what is
  returned, R-precision (precision of the top R, R the claim's member count), mean average
  precision, and the stance of the relevant statements returned.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .evaluate import FOUND, Fragment, _prf, found_share, jaccard, letters, read_brat

CLAIMS_FILE = "claims.jsonl"
CORPUS_FILE = "corpus.json"
"""In a gold folder that annotates a corpus's own relations by id: which corpus, and where it is."""
STANCES = ("supports", "opposes")
_MARK = re.compile(r"\{[SCQ](\d+)[=|]")


@dataclass(frozen=True)
class GoldMember:
    """One annotated statement: where it is, which claim it belongs to and its stance toward it."""

    doc: str
    rel: int
    claim: str
    stance: str
    content: tuple[Fragment, ...]


@dataclass
class ClaimsGold:
    """The annotated texts, their claim members, and each claim's proposition in plain words."""

    texts: dict[str, str]
    paths: dict[str, str]
    members: list[GoldMember]
    propositions: dict[str, str]

    def content_text(self, m: GoldMember) -> str:
        """The member's content words, fragments joined by a space."""
        return " ".join(self.texts[m.doc][s:e] for s, e in sorted(m.content))


@dataclass(frozen=True)
class PredMember:
    """One member of a predicted claim, as `export claims` writes it."""

    doc: str
    content: tuple[Fragment, ...]
    claim: str
    stance: str


def relation_numbers(marked: str) -> list[int]:
    """The relation numbers a marked-up text uses, in the order build_gold.py writes them (E1, E2, ...)."""
    return sorted({int(n) for n in _MARK.findall(marked)})


def _claim_lines(path: str | os.PathLike[str], fields: str) -> Iterator[tuple[str, str, str, list[Any]]]:
    """(where, claim id, proposition, members) for each line of a claims.jsonl; InputError naming the line."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            at = f"{os.fspath(path)}:{n}"
            try:
                obj = json.loads(line)
                cid, prop = str(obj["claim"]), str(obj["proposition"])
                items = list(obj["members"])
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(
                    f"not a claim line ({exc})",
                    path=at,
                    remedy='write {"claim": ID, "proposition": TEXT, "members": [' + fields + ", ...]}",
                ) from None
            yield at, cid, prop, items


def corpus_root(folder: str | os.PathLike[str]) -> Path | None:
    """Where the corpus of a folder that annotates a corpus's relations by id lives (its corpus.json:
    `root` relative to the folder, or $QUOTETRAIL_POLNEAR for PolNeAR); None for a folder with its
    own texts."""
    path = Path(folder) / CORPUS_FILE
    if not path.is_file():
        return None
    try:
        cfg = json.loads(path.read_text("utf-8"))
        name, root = str(cfg["corpus"]), str(cfg["root"])
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"not a corpus reference ({exc})", path=str(path), remedy='write {"corpus": NAME, "root": PATH}'
        ) from None
    env = os.environ.get(f"QUOTETRAIL_{name.upper()}")
    where = Path(env).expanduser() if env else (Path(folder) / root).resolve()
    if not where.is_dir():
        raise InputError(
            f"{name} is not at {where}",
            path=str(path),
            remedy=f"put the corpus there, or set QUOTETRAIL_{name.upper()} to its folder",
        )
    return where


def gold_inputs(folder: str | os.PathLike[str]) -> list[str]:
    """The article files the pipeline reads for a gold folder: its text/, or the corpus articles it uses."""
    if corpus_root(folder) is None:
        return [str(Path(folder) / "text")]
    return sorted(set(read_claims_gold(folder).paths.values()))


def _read_corpus_claims(folder: Path, root: Path) -> ClaimsGold:
    """Claims whose members name a corpus article, its .ann file and a relation id (PolNeAR layout:
    <split>/text/<doc>.txt, <split>/attributions/<ann>); the texts are read from the corpus."""
    from .evaluate import Relation, relations_by_id

    path = folder / CLAIMS_FILE
    texts: dict[str, str] = {}
    paths: dict[str, str] = {}
    members: list[GoldMember] = []
    propositions: dict[str, str] = {}
    relations: dict[str, dict[str, Relation]] = {}
    seen: set[tuple[str, str]] = set()
    fields = '{"doc", "split", "ann", "rel", "stance"}'
    for at, cid, prop, items in _claim_lines(path, fields):
        try:
            refs = [
                (str(i["doc"]), str(i["split"]), str(i["ann"]), str(i["rel"]), i["stance"]) for i in items
            ]
        except (KeyError, TypeError) as exc:
            raise InputError(
                f"not a member ({exc})", path=at, remedy=f"write each member as {fields}"
            ) from None
        propositions[cid] = prop
        for doc, split, ann, rel, stance in refs:
            ann_path = root / split / "attributions" / ann
            text_path = root / split / "text" / f"{doc}.txt"
            if not ann.startswith(doc + "_") or not ann_path.is_file() or not text_path.is_file():
                raise InputError(f"no article {doc!r} with annotation {ann!r} in {split}/", path=at)
            if ann not in relations:
                relations[ann] = relations_by_id(ann_path)
            if rel not in relations[ann] or not relations[ann][rel].content:
                raise InputError(f"{ann} has no attribution {rel!r} with a content", path=at)
            if stance not in STANCES:
                raise InputError(f"stance {stance!r}", path=at, remedy="write supports or opposes")
            if (doc, rel) in seen:
                raise InputError(f"{doc} relation {rel} is in two claims", path=at, remedy="keep it in one")
            seen.add((doc, rel))
            if doc not in texts:
                paths[doc] = str(text_path)
                texts[doc] = text_path.read_text("utf-8")
            members.append(GoldMember(doc, int(rel.lstrip("E")), cid, stance, relations[ann][rel].content))
    return ClaimsGold(texts, paths, members, propositions)


def read_claims_gold(folder: str | os.PathLike[str]) -> ClaimsGold:
    """The annotated claims of a gold folder; InputError naming the line for anything inconsistent."""
    where = os.fspath(folder)
    root = corpus_root(where)
    if root is not None:
        return _read_corpus_claims(Path(where), root)
    path = os.path.join(where, CLAIMS_FILE)
    if not os.path.isfile(path):
        raise InputError(
            f"no {CLAIMS_FILE}",
            path=where,
            remedy=f"give a folder built by eval/build_gold.py with a {CLAIMS_FILE} beside text/",
        )
    gold = read_brat(where)
    numbers: dict[str, list[int]] = {}
    for doc in gold.texts:
        marked = os.path.join(where, "marked", doc + ".txt")
        if not os.path.isfile(marked):
            raise InputError(
                "no marked-up source for a document", path=marked, remedy="keep marked/ beside text/"
            )
        with open(marked, encoding="utf-8") as f:
            numbers[doc] = relation_numbers(f.read())
    members: list[GoldMember] = []
    propositions: dict[str, str] = {}
    seen: set[tuple[str, int]] = set()
    for at, cid, prop, items in _claim_lines(path, '{"doc", "rel", "stance"}'):
        propositions[cid] = prop
        for item in items:
            doc, rel, stance = str(item.get("doc", "")), item.get("rel"), item.get("stance")
            if doc not in numbers:
                raise InputError(
                    f"unknown document {doc!r}", path=at, remedy="name a file of text/ without .txt"
                )
            if not isinstance(rel, int) or rel not in numbers[doc]:
                raise InputError(f"{doc} has no relation {rel!r}", path=at, remedy="use a markup number")
            if stance not in STANCES:
                raise InputError(f"stance {stance!r}", path=at, remedy="write supports or opposes")
            if (doc, rel) in seen:
                raise InputError(f"{doc} relation {rel} is in two claims", path=at, remedy="keep it in one")
            seen.add((doc, rel))
            relation = gold.relations[doc][numbers[doc].index(rel)]
            members.append(GoldMember(doc, rel, cid, stance, relation.content))
    return ClaimsGold(gold.texts, gold.paths, members, propositions)


def pool_golds(folders: Sequence[str | os.PathLike[str]]) -> ClaimsGold:
    """Several annotated folders as one gold set: documents and claims named `<folder>/<name>`."""
    gold = ClaimsGold({}, {}, [], {})
    for d in folders:
        g, tag = read_claims_gold(d), Path(d).name
        gold.texts.update({f"{tag}/{k}": v for k, v in g.texts.items()})
        gold.paths.update({f"{tag}/{k}": v for k, v in g.paths.items()})
        gold.propositions.update({f"{tag}/{k}": v for k, v in g.propositions.items()})
        gold.members += [replace(m, doc=f"{tag}/{m.doc}", claim=f"{tag}/{m.claim}") for m in g.members]
    return gold


def gold_stories(gold: ClaimsGold) -> dict[str, str]:
    """Each gold claim's story (the smallest claim id of it): claims linked by shared documents, for
    measurements that, like the pipeline, compare propositions inside a story."""
    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.setdefault(c, c) != c:
            c = parent[c]
        return c

    first_claim_of_doc: dict[str, str] = {}
    for m in sorted(gold.members, key=lambda m: m.claim):
        a, b = root(m.claim), root(first_claim_of_doc.setdefault(m.doc, m.claim))
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {c: root(c) for c in sorted({m.claim for m in gold.members})}


def pooled_names(gold: ClaimsGold) -> dict[str, str]:
    """Each pooled document's own name -> its `<folder>/<name>` key, to map predictions onto the gold."""
    return {k.split("/", 1)[1]: k for k in gold.texts}


def read_pred_claims(path: str | os.PathLike[str]) -> list[PredMember]:
    """Predicted claim members from an `export claims` file."""
    out: list[PredMember] = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if line.strip():
                try:
                    out += pred_members(json.loads(line))
                except (ValueError, KeyError, TypeError) as exc:
                    raise InputError(
                        f"not an `export claims` line ({exc})",
                        path=f"{path}:{n}",
                        remedy="pass an export claims file",
                    ) from None
    return out


def pred_members(record: Mapping[str, Any]) -> list[PredMember]:
    """The members of one `export claims` record; a document is named by its file stem."""
    return [
        PredMember(
            doc_stem(str(m["doc"])),
            tuple((int(s), int(e)) for s, e in m["content"]),
            str(record["claim"]),
            str(m["stance"]),
        )
        for m in record["members"]
    ]


def doc_stem(name: str) -> str:
    """A document name without folders and without a .txt ending (how gold names its documents)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base[:-4] if base.endswith(".txt") else base


def match(gold: ClaimsGold, pred: Sequence[PredMember]) -> list[int | None]:
    """Per gold member the predicted member that finds it (best coverage first), one to one."""
    by_doc: dict[str, list[int]] = {}
    for j, p in enumerate(pred):
        by_doc.setdefault(p.doc, []).append(j)
    candidates = []
    for i, g in enumerate(gold.members):
        text = gold.texts[g.doc]
        gl = letters(text, g.content)
        for j in by_doc.get(g.doc, []):
            pl = letters(text, pred[j].content)
            share = found_share(pl, gl)
            if share >= FOUND:
                candidates.append((-share, -jaccard(pl, gl), i, j))
    out: list[int | None] = [None] * len(gold.members)
    used: set[int] = set()
    for _s, _j, i, j in sorted(candidates):
        if out[i] is None and j not in used:
            out[i] = j
            used.add(j)
    return out


def _articles(gold: ClaimsGold) -> dict[str, int]:
    """Each annotated article's row in the per-article counts, in name order."""
    return {d: i for i, d in enumerate(sorted({m.doc for m in gold.members}))}


def pair_matrices(
    gold: ClaimsGold, pred: Sequence[PredMember], found: Sequence[int | None]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of gold members counted by the articles they are in: (right, predicted, gold) x [i, j]."""
    at = _articles(gold)
    ms = gold.members
    doc = np.asarray([at[m.doc] for m in ms], dtype=np.int64)
    codes: dict[str, int] = {}
    gold_claim = np.asarray([codes.setdefault(m.claim, len(codes)) for m in ms], dtype=np.int64)
    # a member nothing found gets a claim of its own (negative), so it is never grouped with another
    pred_claim = np.asarray(
        [
            -1 - i if j is None else codes.setdefault("pred:" + pred[j].claim, len(codes))
            for i, j in enumerate(found)
        ],
        dtype=np.int64,
    )
    a, b = np.triu_indices(len(ms), k=1)
    same_gold = gold_claim[a] == gold_claim[b]
    same_pred = pred_claim[a] == pred_claim[b]
    out = []
    for pairs in (same_gold & same_pred, same_pred, same_gold):
        m = np.zeros((len(at), len(at)), dtype=np.int64)
        np.add.at(m, (doc[a], doc[b]), pairs)
        out.append(m)
    return out[0], out[1], out[2]


def _draws(n: int, resamples: int, seed: int) -> np.ndarray:
    """How often each of n articles is drawn in each resample (n draws with replacement)."""
    return np.random.default_rng(seed).multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(np.float64)


def _ratio_interval(
    n: int, ratio: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], resamples: int, seed: int
) -> dict[str, Any]:
    """The 2.5th and 97.5th percentiles of numerator / denominator over resamples of n articles.

    `ratio` maps the draws (resamples x articles, how often each is drawn) to both; a resample whose
    denominator is 0 has nothing to score and is left out (0 and 0 when none has)."""
    values = np.zeros(0)
    if n:
        top, bottom = ratio(_draws(n, resamples, seed))
        values = top[bottom > 0] / bottom[bottom > 0]
    low, high = np.percentile(values, [2.5, 97.5]) if len(values) else (0.0, 0.0)
    return {
        "level": 0.95,
        "resamples": resamples,
        "over": f"{n} articles",
        "low": round(float(low), 4),
        "high": round(float(high), 4),
    }


def f1_interval(
    right: np.ndarray, predicted: np.ndarray, wanted: np.ndarray, resamples: int = 1000, seed: int = 13
) -> dict[str, Any]:
    """95% percentile bootstrap interval of pairwise F1 (`pair_matrices`), articles drawn with replacement.

    An article drawn w times stands for w copies of its members; a pair of members of articles drawn
    w and v times then counts w x v times (w x w inside one article; a member with its own copy never).
    """

    def total(draws: np.ndarray, m: np.ndarray) -> np.ndarray:
        return ((draws @ m.astype(np.float64)) * draws).sum(axis=1)

    return _ratio_interval(
        len(right),
        lambda d: (2 * total(d, right), total(d, predicted) + total(d, wanted)),
        resamples,
        seed,
    )


def accuracy_interval(
    right: np.ndarray, judged: np.ndarray, resamples: int = 1000, seed: int = 13
) -> dict[str, Any]:
    """95% percentile bootstrap interval of right / judged counted per article, articles drawn as above."""
    return _ratio_interval(
        len(right), lambda d: (d @ right.astype(np.float64), d @ judged.astype(np.float64)), resamples, seed
    )


def _flip(stance: str) -> str:
    return {"supports": "opposes", "opposes": "supports"}.get(stance, stance)


def score_claims(gold: ClaimsGold, pred: Sequence[PredMember]) -> dict[str, Any]:
    """Found members, pairwise grouping P/R/F1 and stance in claims (see the module docstring)."""
    found = match(gold, pred)
    ms = gold.members
    matrices = pair_matrices(gold, pred, found)
    both, predicted, wanted = (int(m.sum()) for m in matrices)
    # orient each (predicted claim, gold claim) by majority agreement of its members' stances
    votes: Counter[tuple[str, str]] = Counter()
    for g, j in zip(ms, found, strict=True):
        if j is not None:
            votes[(pred[j].claim, g.claim)] += (
                1 if pred[j].stance == g.stance else -1 if pred[j].stance == _flip(g.stance) else 0
            )
    together: Counter[tuple[str, str]] = Counter(
        (pred[j].claim, g.claim) for g, j in zip(ms, found, strict=True) if j is not None
    )
    at = _articles(gold)
    judged_in, right_in = np.zeros(len(at), dtype=np.int64), np.zeros(len(at), dtype=np.int64)
    for g, j in zip(ms, found, strict=True):
        if j is None or together[(pred[j].claim, g.claim)] < 2:
            continue
        judged_in[at[g.doc]] += 1
        stance = pred[j].stance if votes[(pred[j].claim, g.claim)] >= 0 else _flip(pred[j].stance)
        right_in[at[g.doc]] += stance == g.stance
    judged, right = int(judged_in.sum()), int(right_in.sum())
    prf = _prf(both, predicted, wanted)
    return {
        "members": len(ms),
        "claims": len(gold.propositions),
        "found": sum(j is not None for j in found),
        "pairs": {"gold": wanted, "pred": predicted, "tp": both, "p": prf.p, "r": prf.r, "f1": prf.f1},
        "f1_interval": f1_interval(*matrices),
        "stance_in_claims": {
            "judged": judged,
            "right": right,
            "accuracy": round(right / judged, 4) if judged else 0.0,
        },
        "stance_interval": accuracy_interval(right_in, judged_in),
    }


def score_direct_stance(gold: ClaimsGold, predict: Any) -> dict[str, Any]:
    """The stance model on (proposition, gold content) for every gold member: accuracy and confusions."""
    pairs = [(gold.propositions[m.claim], gold.content_text(m)) for m in gold.members]
    got = predict(pairs) if pairs else []
    confusion: Counter[str] = Counter()
    right = 0
    for m, (label, _score) in zip(gold.members, got, strict=True):
        right += label == m.stance
        confusion[f"{m.stance}->{label}"] += 1
    return {
        "judged": len(pairs),
        "right": right,
        "accuracy": round(right / len(pairs), 4) if pairs else 0.0,
        "confusion": dict(sorted(confusion.items())),
    }


def score_query(gold: ClaimsGold, ranked: Mapping[str, Sequence[PredMember]]) -> dict[str, Any]:
    """Statements returned for each proposition asked in words (best first) against its gold members."""
    returned = relevant = wanted = in_top = judged = right = 0
    aps: list[float] = []
    for claim in sorted(gold.propositions):
        want = [i for i, m in enumerate(gold.members) if m.claim == claim]
        if not want:
            continue
        preds = list(ranked.get(claim, ()))
        found = match(gold, preds)
        hit = {found[i]: i for i in want if found[i] is not None}  # returned rank -> gold member
        hits, ap = 0, 0.0
        for j, p in enumerate(preds):
            if j in hit:
                hits += 1
                ap += hits / (j + 1)
                right += p.stance == gold.members[hit[j]].stance
                in_top += j < len(want)
        aps.append(ap / len(want))
        returned += len(preds)
        relevant += hits
        wanted += len(want)
    judged = relevant
    prf = _prf(relevant, returned, wanted)
    return {
        "claims": len(aps),
        "returned": returned,
        "relevant": relevant,
        "p": prf.p,
        "r": prf.r,
        "r_precision": round(in_top / wanted, 4) if wanted else 0.0,
        "map": round(sum(aps) / len(aps), 4) if aps else 0.0,
        "stance": {"judged": judged, "right": right, "accuracy": round(right / judged, 4) if judged else 0.0},
    }


__all__ = [
    "ClaimsGold",
    "GoldMember",
    "PredMember",
    "corpus_root",
    "doc_stem",
    "gold_inputs",
    "gold_stories",
    "match",
    "pred_members",
    "read_claims_gold",
    "read_pred_claims",
    "relation_numbers",
    "score_claims",
    "score_direct_stance",
    "score_query",
]
