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

Beyond the reference, when the gold names each relation's speaker (brat notes `speaker=NAME`, or a
`speaker` field in gold JSON Lines): speaker accuracy where the content is found, and "who said
what" P/R/F1 (`score_speakers`), reported under their own key.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import InputError
from .lexicon import HONORIFICS
from .speakers import name_key

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
    speaker: str | None = None
    """The resolved speaker: a name, '' when none is named, None when the file says nothing of speakers."""

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
        kind, speaker = obj.get("kind"), obj.get("speaker")
        return cls(
            source,
            cue,
            content,
            str(kind) if kind is not None else None,
            str(speaker) if speaker is not None else None,
        )


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

    @property
    def speakers_known(self) -> bool:
        """True when the gold names the speaker of its relations (speaker notes or a `speaker` field)."""
        return any(r.speaker is not None for rels in self.relations.values() for r in rels)


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


def _ann_items(path: str | os.PathLike[str]) -> Iterator[tuple[str, str, Any]]:
    """The span lines ("T", id, fragments) and attribution relation lines ("E", id, role arguments) of a
    brat file, in file order."""
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("T"):
                parts = line.split("\t")
                if len(parts) < 2:
                    continue
                _label, _, offsets = parts[1].partition(" ")
                try:
                    yield "T", parts[0], [_offset_pair(frag) for frag in offsets.split(";")]
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
                if args and args[0].startswith("Attribution"):
                    yield "E", parts[0], args[1:]


def parse_ann(path: str | os.PathLike[str], *, complete: bool = False) -> list[Relation]:
    """The attribution relations of one brat file, read line by line exactly as the reference reads them.

    Roles come from the relation's argument names (`Content2` is content); a relation with neither
    cue nor content is dropped. The reference reads in one pass, so a role whose span is defined
    further down the file is lost (PolNeAR has a few such lines); `complete=True` resolves those
    too, as training needs every role.
    """
    if complete:
        return list(relations_by_id(path).values())
    spans: dict[str, list[Fragment]] = {}
    events: list[Relation | None] = []
    for kind, _id, value in _ann_items(path):
        if kind == "T":
            spans[_id] = value
        else:
            events.append(_relation(value, spans))
    return [r for r in events if r is not None]


def relations_by_id(path: str | os.PathLike[str]) -> dict[str, Relation]:
    """Every attribution relation of a brat file under its id (`E12`), all roles resolved: for
    annotations of our own that point at a corpus's relations by id (eval/claims/polnear_*)."""
    spans: dict[str, list[Fragment]] = {}
    args: dict[str, list[str]] = {}
    for kind, _id, value in _ann_items(path):
        (spans if kind == "T" else args)[_id] = value
    found = {e: _relation(a, spans) for e, a in args.items()}
    return {e: r for e, r in found.items() if r is not None}


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
        relations[doc] = with_ann_speakers(parse_ann(ann), ann)
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


# --- speakers (beyond the reference: who said what, with the resolved speaker) -------------------------

SPEAKER_NOTE = "speaker="
"""An AnnotatorNotes text naming a relation's speaker: `#1<TAB>AnnotatorNotes E3<TAB>speaker=Jane Doe`;
`speaker=` with nothing after it says the text names no speaker (a generic or unnamed source)."""

FOUND = 0.5
"""A gold content is found by a prediction covering at least this share of its letters."""


def ann_speakers(path: str | os.PathLike[str]) -> list[str | None]:
    """The speaker note of each relation `parse_ann(path)` returns, in its order (None: no note).

    Notes are brat AnnotatorNotes on the relation's E id; the reference and `parse_ann` skip `#`
    lines, so a note changes no reference figure.
    """
    spans: dict[str, list[Fragment]] = {}
    kept: list[str] = []
    notes: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            parts = raw.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            if parts[0].startswith("T"):
                try:
                    spans[parts[0]] = [_offset_pair(x) for x in parts[1].partition(" ")[2].split(";")]
                except ValueError:
                    continue
            elif parts[0].startswith("E"):
                args = parts[1].split()
                if args and args[0].startswith("Attribution") and _relation(args[1:], spans) is not None:
                    kept.append(parts[0])
            elif parts[0].startswith("#") and len(parts) > 2 and parts[2].startswith(SPEAKER_NOTE):
                label, _, target = parts[1].partition(" ")
                if label == "AnnotatorNotes":
                    notes[target.strip()] = parts[2][len(SPEAKER_NOTE) :].strip()
    return [notes.get(e) for e in kept]


def with_ann_speakers(relations: list[Relation], path: str | os.PathLike[str]) -> list[Relation]:
    """The relations of one .ann file carrying the speakers its notes name (unchanged without notes)."""
    names = ann_speakers(path)
    if all(n is None for n in names) or len(names) != len(relations):
        return relations
    return [replace(r, speaker=n if n is not None else "") for r, n in zip(relations, names, strict=True)]


def speaker_key(name: str) -> tuple[str, ...]:
    """A name folded for comparison: `speakers.name_key` (case, accents, particles), a leading
    "the" and honorifics dropped ("the Transport Ministry" is "Transport Ministry", "Dr. Jane Doe" is
    "Jane Doe")."""
    key = name_key(name)
    while len(key) > 1 and (key[0] == "the" or key[0] in HONORIFICS):
        key = key[1:]
    return key


def same_speaker(pred: str, gold: str) -> bool:
    """Whether a predicted speaker name is the gold speaker.

    Equal folded names match; so do two names of at least two words with the same first and last
    word where one holds the other's words in order ("Jane Doe" and "Jane Q. Doe"). A surname alone
    ("Doe" for "Jane Doe") or a title ("the minister") never matches: the speaker must be resolved.
    """
    p, g = speaker_key(pred), speaker_key(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    short, long = sorted((p, g), key=len)
    if len(short) < 2 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(word in rest for word in short)


def found_share(pred: frozenset[int], gold: frozenset[int]) -> float:
    """Share of the gold content's letters that a predicted content covers: |pred & gold| / |gold|."""
    return len(pred & gold) / len(gold) if gold else 0.0


@dataclass(frozen=True)
class SpeakerScore:
    """Speaker figures over the gold relations that name a speaker.

    `found`: gold contents found by a prediction (at least FOUND of their letters covered); `right`:
    of those, the ones whose best-covering prediction names the gold speaker; `accuracy` = right /
    found. `who`: predictions naming a speaker matched one to one to gold relations with the same
    speaker and a found content. `anonymous_*`: gold relations whose text names nobody ("critics
    say"), found, and given a name by the prediction anyway.
    """

    documents: int
    gold: int
    found: int
    right: int
    accuracy: float
    pred: int
    tp: int
    who: PRF
    anonymous_found: int
    anonymous_named: int


def score_speakers(gold: Gold, pred: Mapping[str, list[Relation]]) -> SpeakerScore | None:
    """Speaker accuracy and who-said-what P/R/F1; None when the gold names no speakers.

    Only documents whose gold carries speakers count; there a relation with no speaker (None or
    '') names nobody, and a prediction naming someone for it is a false who-said-what positive.
    Gold relations without content letters cannot be found and are left out.
    """
    if not gold.speakers_known:
        return None
    docs = n_gold = found = right = n_pred = tp = anon_found = anon_named = 0
    for doc, g_rels in gold.relations.items():
        if all(r.speaker is None for r in g_rels):
            continue
        docs += 1
        text = gold.texts[doc]
        g = [(letters(text, r.content), (r.speaker or "").strip()) for r in g_rels]
        g = [(c, s) for c, s in g if c]
        p = [(letters(text, r.content), (r.speaker or "").strip()) for r in pred.get(doc, [])]
        for gc, gs in g:
            covering = [
                (found_share(pc, gc), jaccard(pc, gc), -i, ps)
                for i, (pc, ps) in enumerate(p)
                if found_share(pc, gc) >= FOUND
            ]
            best = max(covering)[3] if covering else None
            if gs:
                n_gold += 1
                found += best is not None
                right += best is not None and same_speaker(best, gs)
            elif best is not None:
                anon_found += 1
                anon_named += bool(best)
        pairs = sorted(
            (-found_share(pc, gc), -jaccard(pc, gc), i, j)
            for i, (pc, ps) in enumerate(p)
            if pc and ps
            for j, (gc, gs) in enumerate(g)
            if gs and same_speaker(ps, gs) and found_share(pc, gc) >= FOUND
        )
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _share, _jc, i, j in pairs:
            if i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
        n_pred += sum(1 for pc, ps in p if pc and ps)
        tp += len(used_p)
    return SpeakerScore(
        documents=docs,
        gold=n_gold,
        found=found,
        right=right,
        accuracy=round(right / found, 4) if found else 0.0,
        pred=n_pred,
        tp=tp,
        who=_prf(tp, n_pred, n_gold),
        anonymous_found=anon_found,
        anonymous_named=anon_named,
    )


def speaker_json(s: SpeakerScore) -> dict[str, Any]:
    """The speaker figures as the `speakers` key of `quotetrail eval --json` (not in the reference)."""
    return {
        "documents": s.documents,
        "gold": s.gold,
        "found": s.found,
        "right": s.right,
        "accuracy": s.accuracy,
        "who_said_what": {
            "gold": s.gold,
            "pred": s.pred,
            "tp": s.tp,
            "p": s.who.p,
            "r": s.who.r,
            "f1": s.who.f1,
        },
        "anonymous": {"found": s.anonymous_found, "named": s.anonymous_named},
    }


def format_speakers(s: SpeakerScore) -> str:
    """The speaker figures as lines under the reference's table."""
    w = s.who
    return "\n".join(
        [
            f"speaker (content found: >= {FOUND:.0%} of a gold content's letters):"
            f" accuracy {s.accuracy:.3f} ({s.right} of {s.found} found;"
            f" {s.gold} gold relations name a speaker)",
            f"who said what (speaker right, content found): P {w.p:.3f} R {w.r:.3f} F1 {w.f1:.3f}"
            f" ({s.tp} of {s.gold} gold, {s.pred} predicted with a speaker)",
            f"gold naming no speaker: {s.anonymous_found} found,"
            f" {s.anonymous_named} given a name by the prediction",
        ]
    )


__all__ = [
    "FOUND",
    "NO_KIND",
    "PRF",
    "ROLES",
    "SPEAKER_NOTE",
    "AttributionScore",
    "EvalResult",
    "Gold",
    "KindScore",
    "Relation",
    "RoleScore",
    "SpeakerScore",
    "ann_speakers",
    "brat_annotations",
    "evaluate",
    "format_kinds",
    "format_speakers",
    "format_table",
    "found_share",
    "jaccard",
    "letters",
    "match_relations",
    "parse_ann",
    "read_brat",
    "read_gold",
    "read_jsonl",
    "same_speaker",
    "score",
    "score_speakers",
    "speaker_json",
    "speaker_key",
    "to_json",
    "with_ann_speakers",
]
