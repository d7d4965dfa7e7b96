"""Scoring extraction against gold attributions, number for number as the reference scorer does.

The reference is `bench/attribution_score.py` beside the data (`../shared`); this module re-implements
it so `quotetrail eval` needs no external file, and agrees with it to the fourth decimal:

* role exact: a predicted source, cue or content counts when it covers exactly the letters and digits
  of a gold one (punctuation and whitespace at the edges do not count);
* role overlap: the share of a prediction's letters inside its best gold instance (precision), and for
  each gold instance the best share of a prediction's letters inside it (recall). The reference's
  recall divides by the prediction's letters, not the gold's, so a short prediction lying inside a long
  gold instance scores 1; kept as is, since the figures must agree;
* attribution: whole relations matched one to one, greedily by content Jaccard (at least 0.5),
  with overlapping sources or none on either side.

Every predicted relation counts, whatever its kind (speech, thought, other): PolNeAR annotates
thoughts and beliefs as attributions too. The breakdown by kind is extra information, never part of
the headline figures.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError

ROLES: tuple[str, str, str] = ("source", "cue", "content")

NO_KIND = "unspecified"
"""The kind reported for a predicted relation that carries none."""

Fragment = tuple[int, int]


@dataclass(frozen=True)
class Relation:
    """One attribution as scored: character fragments per role, and the kind when the file gives one."""

    source: tuple[Fragment, ...] = ()
    cue: tuple[Fragment, ...] = ()
    content: tuple[Fragment, ...] = ()
    kind: str | None = None

    def role(self, name: str) -> tuple[Fragment, ...]:
        """The fragments of one role by name, so the scorer can loop over ROLES."""
        fragments: tuple[Fragment, ...] = getattr(self, name)
        return fragments

    @classmethod
    def from_json(cls, obj: Any, where: str = "") -> Relation:
        """A relation from the JSON Lines contract; a missing or null role is an empty one."""
        if not isinstance(obj, dict):
            raise InputError(
                f"an attribution is {type(obj).__name__}, not an object",
                path=where or None,
                remedy='write {"source": [[start, end]], "cue": [...], "content": [...]}',
            )
        source, cue, content = (_fragments(obj.get(r) or [], where, r) for r in ROLES)
        kind = obj.get("kind")
        return cls(source, cue, content, str(kind) if kind is not None else None)


def _fragments(value: Any, where: str, role: str) -> tuple[Fragment, ...]:
    """[[start, end], ...] as integer pairs (int() as the reference applies it), else InputError."""
    out: list[Fragment] = []
    try:
        for start, end in value:
            out.append((int(start), int(end)))
    except (TypeError, ValueError):
        raise InputError(
            f"{role}: {json.dumps(value)[:80]} is not a list of [start, end] offsets",
            path=where or None,
            remedy="write each role as [[start, end], ...] with integer character offsets",
        ) from None
    return tuple(out)


@dataclass
class Gold:
    """Gold relations and the text of every gold document (the letters are counted in it)."""

    relations: dict[str, list[Relation]]
    texts: dict[str, str]
    paths: dict[str, str] = field(default_factory=dict)
    """Where each text was read, so documents built from it name their origin."""

    @property
    def kinds_known(self) -> bool:
        """True when the gold says which relations are speech, thought or other (PolNeAR does not)."""
        return any(r.kind is not None for rels in self.relations.values() for r in rels)


# --- readers ----------------------------------------------------------------------------------------


def read_jsonl(path: str | os.PathLike[str]) -> dict[str, list[Relation]]:
    """Documents of a JSON Lines file by id; a document given twice keeps its last line, as the reference."""
    where = str(path)
    if not os.path.isfile(where):
        raise InputError(
            "no such file", path=where, remedy="give the JSON Lines file `quotetrail extract` wrote"
        )
    docs: dict[str, list[Relation]] = {}
    with open(where, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            at = f"{where}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"not JSON: {exc}", path=at, remedy="write one JSON object per line (JSON Lines)"
                ) from None
            if not isinstance(rec, dict) or "doc" not in rec:
                raise InputError(
                    "a line without a document id",
                    path=at,
                    remedy='write {"doc": "<id>", "attributions": [...]} on every line',
                )
            rels = rec.get("attributions") or []
            if not isinstance(rels, list):
                raise InputError("attributions is not a list", path=at, remedy="write a list of attributions")
            docs[str(rec["doc"])] = [Relation.from_json(r, at) for r in rels]
    return docs


def parse_ann(path: str | os.PathLike[str], *, complete: bool = False) -> list[Relation]:
    """The attribution relations of one brat file, read line by line exactly as the reference reads them.

    Roles come from the relation's argument names (`Content2` is content); a relation with neither
    cue nor content is dropped. The reference reads in one pass, so a role whose span is defined
    further down the file is lost (PolNeAR has a few such lines); `complete=True` resolves those
    too, as training needs every role.
    """
    spans: dict[str, list[Fragment]] = {}
    events: list[Relation | None] = []
    pending: list[list[str]] = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("T"):
                parts = line.split("\t")
                if len(parts) < 2:
                    continue
                _label, _, offsets = parts[1].partition(" ")
                try:
                    spans[parts[0]] = [_offset_pair(frag) for frag in offsets.split(";")]
                except ValueError:
                    raise InputError(
                        f"line {n}: span offsets {offsets!r} are not `start end[;start end...]`",
                        path=str(path),
                        remedy="fix the brat .ann line",
                    ) from None
            elif line.startswith("E"):
                parts = line.split("\t")
                if len(parts) < 2:
                    continue
                args = parts[1].split()
                if not args or not args[0].startswith("Attribution"):
                    continue
                if complete:
                    pending.append(args[1:])
                else:
                    events.append(_relation(args[1:], spans))
    events += [_relation(args, spans) for args in pending]
    return [r for r in events if r is not None]


def _relation(args: list[str], spans: dict[str, list[Fragment]]) -> Relation | None:
    """A relation from `Role:T<n>` arguments and the spans known so far; None without cue or content."""
    roles: dict[str, list[Fragment]] = {r: [] for r in ROLES}
    for arg in args:
        name, _, tid = arg.partition(":")
        role = name.rstrip("0123456789").lower()
        if role in roles and tid in spans:
            roles[role].extend(spans[tid])
    if not (roles["content"] or roles["cue"]):
        return None
    return Relation(tuple(roles["source"]), tuple(roles["cue"]), tuple(roles["content"]))


def _offset_pair(fragment: str) -> Fragment:
    """`start end` as integers; ValueError when it is anything else."""
    start, end = fragment.split()
    return int(start), int(end)


def _read_text(path: str, doc: str) -> str:
    """A document's text as the reference reads it: UTF-8, universal newlines."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        raise InputError(
            f"no text for gold document {doc!r}", path=path, remedy="give the folder holding <doc>.txt files"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the text: {exc}", path=path) from None


def brat_annotations(folder: str | os.PathLike[str]) -> dict[str, str]:
    """The one .ann file per article that is scored: the first in name order among its annotators."""
    ann_dir = os.path.join(folder, "attributions")
    chosen: dict[str, str] = {}
    for name in sorted(os.listdir(ann_dir)):
        if name.endswith(".ann"):
            chosen.setdefault(name[:-4].rsplit("_", 1)[0], os.path.join(ann_dir, name))
    return chosen


def read_brat(folder: str | os.PathLike[str]) -> Gold:
    """Gold from a PolNeAR-style folder (attributions/<article>_<annotator>.ann beside text/<article>.txt).

    An article with several annotators is scored against the first file in name order only, so every
    article counts once; the others are ignored, exactly as the reference does.
    """
    where = str(folder)
    for sub in ("attributions", "text"):
        if not os.path.isdir(os.path.join(where, sub)):
            raise InputError(
                f"no {sub}/ folder",
                path=where,
                remedy="give a PolNeAR-style folder (attributions/*.ann and text/*.txt) or a gold .jsonl",
            )
    relations: dict[str, list[Relation]] = {}
    texts: dict[str, str] = {}
    paths: dict[str, str] = {}
    for doc, ann in brat_annotations(where).items():
        paths[doc] = os.path.join(where, "text", doc + ".txt")
        texts[doc] = _read_text(paths[doc], doc)
        relations[doc] = parse_ann(ann)
    return Gold(relations, texts, paths)


def read_gold(path: str | os.PathLike[str], texts: str | os.PathLike[str] | None = None) -> Gold:
    """Gold from a PolNeAR-style folder, or from JSON Lines with a folder of <doc>.txt texts."""
    where = str(path)
    if os.path.isdir(where):
        return read_brat(where)
    if not os.path.exists(where):
        raise InputError(
            "no such gold file or folder",
            path=where,
            remedy="give a PolNeAR-style folder (attributions/ and text/) or a gold .jsonl",
        )
    if texts is None:
        raise InputError(
            "a .jsonl gold needs the documents' texts to count letters",
            path=where,
            remedy="pass --texts FOLDER holding <doc>.txt for every gold document",
        )
    if not os.path.isdir(texts):
        raise InputError("no such texts folder", path=str(texts), remedy="give the folder holding <doc>.txt")
    relations = read_jsonl(where)
    paths = {d: os.path.join(texts, d + ".txt") for d in relations}
    return Gold(relations, {d: _read_text(paths[d], d) for d in relations}, paths)


# --- scoring ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1, rounded to 4 decimals as the reference reports them."""

    p: float
    r: float
    f1: float


@dataclass(frozen=True)
class RoleScore:
    """One role's counts and its exact and overlap figures."""

    gold: int
    pred: int
    exact_tp: int
    exact: PRF
    overlap: PRF


@dataclass(frozen=True)
class AttributionScore:
    """Whole relations: matched one to one (`tp`) out of gold and predicted."""

    gold: int
    pred: int
    tp: int
    p: float
    r: float
    f1: float


@dataclass(frozen=True)
class KindScore:
    """Relations of one kind: predicted and matched; gold and matched gold only when gold has kinds."""

    pred: int = 0
    matched: int = 0
    gold: int | None = None
    gold_matched: int | None = None

    @property
    def precision(self) -> float:
        """Share of this kind's predictions that matched a gold relation."""
        return self.matched / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float | None:
        """Share of this kind's gold relations matched, None when the gold carries no kinds."""
        if self.gold is None or self.gold_matched is None:
            return None
        return self.gold_matched / self.gold if self.gold else 0.0


@dataclass(frozen=True)
class EvalResult:
    """The reference's figures plus the breakdown of attribution matches by kind."""

    documents: int
    documents_without_prediction: int
    roles: dict[str, RoleScore]
    attribution: AttributionScore
    kinds: dict[str, KindScore] = field(default_factory=dict)
    gold_kinds_known: bool = False


def letters(text: str, fragments: Iterable[Fragment]) -> frozenset[int]:
    """Offsets of the letters and digits inside the fragments, clamped to the text."""
    size = len(text)
    return frozenset(
        i for start, end in fragments for i in range(max(0, start), min(size, end)) if text[i].isalnum()
    )


def _prf(tp: float, n_pred: float, n_gold: float) -> PRF:
    """Rounded precision, recall and F1 from counts (F1 from the unrounded values)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return _rounded(p, r)


def _rounded(p: float, r: float) -> PRF:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(round(p, 4), round(r, 4), round(f, 4))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard of two letter sets; two empty sets agree fully."""
    return len(a & b) / len(a | b) if a or b else 1.0


def match_relations(
    pred: list[dict[str, frozenset[int]]], gold: list[dict[str, frozenset[int]]]
) -> list[tuple[int, int]]:
    """(pred, gold) index pairs matched one to one, greedily from the highest content Jaccard.

    A pair qualifies with content Jaccard at least 0.5 and overlapping sources (or no source on
    either side). Ties go to the higher indices, the order the reference's reverse sort gives.
    """
    pairs = []
    for i, pr in enumerate(pred):
        for j, gr in enumerate(gold):
            jc = jaccard(pr["content"], gr["content"])
            if jc < 0.5:
                continue
            if (pr["source"] or gr["source"]) and not (pr["source"] & gr["source"]):
                continue
            pairs.append((jc, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _jc, i, j in sorted(pairs, reverse=True):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append((i, j))
    return matched


@dataclass
class _RoleCounts:
    gold: int = 0
    pred: int = 0
    exact_tp: int = 0
    overlap_p: float = 0.0
    overlap_r: float = 0.0


def score(gold: Gold, pred: Mapping[str, list[Relation]]) -> EvalResult:
    """Score predictions against gold; documents only in the predictions are ignored."""
    counts = {r: _RoleCounts() for r in ROLES}
    rel_gold = rel_pred = rel_tp = 0
    kind_pred: dict[str, int] = {}
    kind_matched: dict[str, int] = {}
    kind_gold: dict[str, int] = {}
    kind_gold_matched: dict[str, int] = {}
    missing = sum(1 for d in gold.relations if d not in pred)
    for doc, g_rels in gold.relations.items():
        text = gold.texts[doc]
        p_rels = pred.get(doc, [])
        g = [{r: letters(text, rel.role(r)) for r in ROLES} for rel in g_rels]
        p = [{r: letters(text, rel.role(r)) for r in ROLES} for rel in p_rels]
        for role in ROLES:
            gs = [x[role] for x in g if x[role]]
            ps = [x[role] for x in p if x[role]]
            c = counts[role]
            c.gold += len(gs)
            c.pred += len(ps)
            gset = set(gs)
            c.exact_tp += sum(1 for x in ps if x in gset)
            # Summed per document, then added: the reference's order, so the floats agree to the bit.
            # Recall divides by the prediction's letters (len(y)), as the reference does.
            c.overlap_p += sum(max((len(x & y) / len(x) for y in gs), default=0.0) for x in ps)
            c.overlap_r += sum(max((len(x & y) / len(y) for y in ps), default=0.0) for x in gs)
        rel_pred += len(p)
        rel_gold += len(g)
        matched = match_relations(p, g)
        rel_tp += len(matched)
        matched_p = {i for i, _ in matched}
        matched_g = {j for _, j in matched}
        for i, rel in enumerate(p_rels):
            kind = rel.kind or NO_KIND
            kind_pred[kind] = kind_pred.get(kind, 0) + 1
            kind_matched[kind] = kind_matched.get(kind, 0) + (i in matched_p)
        for j, rel in enumerate(g_rels):
            kind = rel.kind or NO_KIND
            kind_gold[kind] = kind_gold.get(kind, 0) + 1
            kind_gold_matched[kind] = kind_gold_matched.get(kind, 0) + (j in matched_g)
    roles = {}
    for role, c in counts.items():
        ov_p = c.overlap_p / c.pred if c.pred else 0.0
        ov_r = c.overlap_r / c.gold if c.gold else 0.0
        exact = _prf(c.exact_tp, c.pred, c.gold)
        roles[role] = RoleScore(c.gold, c.pred, c.exact_tp, exact, _rounded(ov_p, ov_r))
    att = _prf(rel_tp, rel_pred, rel_gold)
    known = gold.kinds_known
    kinds = {
        k: KindScore(
            pred=kind_pred.get(k, 0),
            matched=kind_matched.get(k, 0),
            gold=kind_gold.get(k, 0) if known else None,
            gold_matched=kind_gold_matched.get(k, 0) if known else None,
        )
        for k in sorted(set(kind_pred) | (set(kind_gold) if known else set()))
    }
    return EvalResult(
        documents=len(gold.relations),
        documents_without_prediction=missing,
        roles=roles,
        attribution=AttributionScore(rel_gold, rel_pred, rel_tp, att.p, att.r, att.f1),
        kinds=kinds,
        gold_kinds_known=known,
    )


def evaluate(
    gold: str | os.PathLike[str], pred: str | os.PathLike[str], texts: str | os.PathLike[str] | None = None
) -> EvalResult:
    """Read gold and predictions from disk and score them."""
    return score(read_gold(gold, texts), read_jsonl(pred))


# --- output -----------------------------------------------------------------------------------------


def to_json(result: EvalResult) -> dict[str, Any]:
    """The reference's `--json` object: same keys, same order, same rounding."""
    roles = {
        role: {
            "gold": s.gold,
            "pred": s.pred,
            "exact": {"p": s.exact.p, "r": s.exact.r, "f1": s.exact.f1},
            "overlap": {"p": s.overlap.p, "r": s.overlap.r, "f1": s.overlap.f1},
        }
        for role, s in result.roles.items()
    }
    a = result.attribution
    return {
        "documents": result.documents,
        "documents_without_prediction": result.documents_without_prediction,
        "roles": roles,
        "attribution": {"gold": a.gold, "pred": a.pred, "tp": a.tp, "p": a.p, "r": a.r, "f1": a.f1},
    }


def format_table(result: EvalResult) -> str:
    """The reference's table, line for line."""
    lines = [
        f"documents: {result.documents} (without prediction: {result.documents_without_prediction})",
        f"{'role':<8} {'gold':>6} {'pred':>6}  {'exact P/R/F1':<22} {'overlap P/R/F1':<22}",
    ]
    for role, s in result.roles.items():
        e, o = s.exact, s.overlap
        lines.append(
            f"{role:<8} {s.gold:>6} {s.pred:>6}  {e.p:.3f}/{e.r:.3f}/{e.f1:.3f}      "
            f"{o.p:.3f}/{o.r:.3f}/{o.f1:.3f}"
        )
    a = result.attribution
    lines.append(
        f"attribution (content Jaccard>=0.5 and source overlap): P {a.p:.3f} R {a.r:.3f} F1 {a.f1:.3f}"
        f" ({a.tp} of {a.gold} gold, {a.pred} predicted)"
    )
    return "\n".join(lines)


def format_kinds(result: EvalResult) -> str:
    """Attribution matches by kind; by predicted kind only when the gold has no kind labels."""
    if not result.kinds:
        return ""
    if result.gold_kinds_known:
        lines = ["attribution by kind:"]
        for kind, k in result.kinds.items():
            lines.append(
                f"  {kind:<12} pred {k.pred:>5}  matched {k.matched:>5}  P {k.precision:.3f}"
                f"  gold {k.gold or 0:>5}  matched {k.gold_matched or 0:>5}  R {k.recall or 0.0:.3f}"
            )
    else:
        lines = ["attribution by predicted kind (the gold has no kind labels, so no recall per kind):"]
        for kind, k in result.kinds.items():
            lines.append(f"  {kind:<12} pred {k.pred:>5}  matched {k.matched:>5}  P {k.precision:.3f}")
    return "\n".join(lines)


__all__ = [
    "NO_KIND",
    "PRF",
    "ROLES",
    "AttributionScore",
    "EvalResult",
    "Gold",
    "KindScore",
    "Relation",
    "RoleScore",
    "brat_annotations",
    "evaluate",
    "format_kinds",
    "format_table",
    "jaccard",
    "letters",
    "match_relations",
    "parse_ann",
    "read_brat",
    "read_gold",
    "read_jsonl",
    "score",
    "to_json",
]
