"""The quality gate: evaluation figures must stay at or above the floors pinned in a baseline file.

Reads: an evaluation result (`evaluate.to_json` shape) and a baseline JSON file. Writes: a new
baseline only when asked; lowering a floor needs an explicit `allow_lower`, so a regression can
never slip in by re-running the update.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import QuotetrailError

GATED = (
    "attribution.f1",
    "attribution.p",
    "attribution.r",
    "source.exact.f1",
    "cue.exact.f1",
    "content.exact.f1",
    "source.overlap.f1",
    "cue.overlap.f1",
    "content.overlap.f1",
)
"""The figures the gate pins: the end-to-end attribution scores and every role's F1."""

SPEAKER_GATED = (
    "speakers.accuracy",
    "speakers.who_said_what.f1",
    "speakers.who_said_what.p",
    "speakers.who_said_what.r",
)
"""Pinned too when the result has them (`quotetrail eval` on a gold that names speakers)."""

CLAIMS_GATED = (
    "claims.pairs.f1",
    "claims.pairs.p",
    "claims.pairs.r",
    "claims.stance_in_claims.accuracy",
    "claims.stance_direct.accuracy",
    "claims.query.r_precision",
    "claims.query.map",
)
"""What `eval-claims --gold --baseline` pins at the default threshold: grouping, stance, a claim in words."""


class GateFailed(QuotetrailError):
    """An evaluation figure fell below its pinned floor."""

    code = "QT500"
    remedy = "fix the regression; lower a floor only on purpose with --update-baseline --allow-lower"


def flatten(result: dict[str, Any]) -> dict[str, float]:
    """The gated figures of an evaluation result, as dotted names (`source.exact.f1`)."""
    out: dict[str, float] = {}
    for name in GATED:
        head, *rest = name.split(".")
        node: Any = result["attribution"] if head == "attribution" else result["roles"][head]
        for key in rest:
            node = node[key]
        out[name] = float(node)
    for name in SPEAKER_GATED:
        value: Any = result
        for key in name.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            out[name] = float(value)
    return out


def flatten_claims(row: dict[str, Any]) -> dict[str, float]:
    """The gated figures of one `eval-claims --gold` row, as dotted names (`claims.pairs.f1`)."""
    out: dict[str, float] = {}
    for name in CLAIMS_GATED:
        value: Any = row
        for key in name.split(".")[1:]:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            out[name] = float(value)
    return out


def load_baseline(path: str | Path) -> dict[str, Any]:
    """A baseline file: {"gold": ..., "floors": {name: value}}."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise QuotetrailError(f"cannot read the baseline: {exc}", path=str(path)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("floors"), dict):
        raise QuotetrailError("a baseline holds a 'floors' object", path=str(path))
    return data


def check(figures: dict[str, float], floors: dict[str, float]) -> list[str]:
    """One line per figure below its floor (empty when the gate holds); a missing figure fails too."""
    failures = []
    for name, floor in sorted(floors.items()):
        value = figures.get(name)
        if value is None:
            failures.append(f"{name}: not measured (floor {floor:.4f})")
        elif value < float(floor):
            failures.append(f"{name}: {value:.4f} < floor {float(floor):.4f}")
    return failures


def updated(
    figures: dict[str, float], old: dict[str, Any] | None, gold: str, *, allow_lower: bool = False
) -> dict[str, Any]:
    """The new baseline pinning today's figures; refuses to lower any floor unless `allow_lower`."""
    floors = dict(figures)
    if old is not None and not allow_lower:
        lower = check(floors, {k: v for k, v in old.get("floors", {}).items() if k in floors})
        if lower:
            raise GateFailed("the update would lower floors: " + "; ".join(lower))
    return {"gold": gold, "floors": floors}


def write_baseline(path: str | Path, baseline: dict[str, Any]) -> None:
    """Write a baseline file, sorted and indented for readable diffs."""
    Path(path).write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", "utf-8")


__all__ = [
    "CLAIMS_GATED",
    "GATED",
    "SPEAKER_GATED",
    "GateFailed",
    "check",
    "flatten",
    "flatten_claims",
    "load_baseline",
    "updated",
    "write_baseline",
]
