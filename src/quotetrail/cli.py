"""Command line: thin wrappers that read arguments, call the pipeline and store, and print."""

from __future__ import annotations

import functools
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

import click

from . import __version__
from .errors import InputError, NotFound, QuotetrailError
from .types import SPEAKER_KINDS, Region, SourceDocument

DB_HELP = "database file (default: $QUOTETRAIL_DB, else ./quotetrail.db)"


def _extractor_names() -> list[str]:
    """Registered extractors, built-ins (registered when the pipeline loads) and plugins alike."""
    from . import pipeline  # noqa: F401 - registers the built-in extractors
    from .registry import registry

    return registry.names("extractors")


extractor_option = click.option(
    "--extractor",
    type=click.Choice(_extractor_names()),
    default="neural",
    show_default=True,
    help="neural: the trained tagger and linker; rules: the rule engine over a spaCy parse",
)


def gate_options(which: str) -> Callable[[Any], Any]:
    """--baseline FILE, --update-baseline and --allow-lower, shared by the eval commands; `which` says
    which figures the floors hold."""
    options = (
        click.option(
            "--baseline",
            type=click.Path(dir_okay=False),
            help=f"quality gate: fail (exit 1) if {which} is below its floor in this file",
        ),
        click.option(
            "--update-baseline", is_flag=True, help="write today's figures as the floors in --baseline"
        ),
        click.option("--allow-lower", is_flag=True, help="with --update-baseline: allow floors to go down"),
    )

    def wrap(fn: Any) -> Any:
        for option in reversed(options):
            fn = option(fn)
        return fn

    return wrap


def _refuse_gate_flags_alone(baseline: str | None, update: bool, allow_lower: bool) -> None:
    """Before any work: --update-baseline and --allow-lower mean nothing without --baseline."""
    if not baseline and (update or allow_lower):
        raise click.UsageError("--update-baseline and --allow-lower need --baseline FILE")


def _err(msg: str) -> None:
    click.echo(msg, err=True)


INPUT_HELP = "files, folders, globs, URLs, or - for standard input"


class Progress:
    """A live count on stderr for long streams of unknown length; silent when stderr is not a terminal."""

    def __init__(self, label: str, every: float = 0.2) -> None:
        self.label = label
        self.every = every
        self.done = 0
        self.errors = 0
        self._last = 0.0
        self._live = sys.stderr.isatty()

    def __call__(self, item: Any) -> None:
        """Count one item and redraw at most every `every` seconds."""
        self.done += 1
        self.errors += isinstance(item, QuotetrailError)
        now = time.monotonic()
        if self._live and now - self._last >= self.every:
            self._last = now
            sys.stderr.write(f"\r{self.label}: {self.done} inputs, {self.errors} skipped ")
            sys.stderr.flush()

    def close(self) -> None:
        """End the live line."""
        if self._live and self.done:
            sys.stderr.write(f"\r{self.label}: {self.done} inputs, {self.errors} skipped\n")
            sys.stderr.flush()


def _read_options(max_bytes: int | None, timeout: float, fetch: bool, columns: Sequence[str]) -> Any:
    """ReadOptions from the shared input options; `--column text=body` pairs become the column map."""
    from .sources import COLUMN_FIELDS, DEFAULT_MAX_BYTES, ReadOptions

    mapping: dict[str, str] = {}
    for pair in columns:
        field, sep, column = pair.partition("=")
        if not sep or field.strip() not in COLUMN_FIELDS or not column.strip():
            raise click.BadParameter(
                f"{pair!r}: write FIELD=COLUMN with FIELD one of {', '.join(COLUMN_FIELDS)}",
                param_hint="--column",
            )
        mapping[field.strip()] = column.strip()
    return ReadOptions(
        max_bytes=max_bytes or DEFAULT_MAX_BYTES, timeout=timeout, fetch=fetch, columns=mapping
    )


def input_options(func: Any) -> Any:
    """The options every command that reads inputs shares: format, columns, limits, fetching."""
    from .ingest import format_names

    decorators = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(["auto", *format_names()]),
            default="auto",
            show_default=True,
            help="input format (auto: chosen by content)",
        ),
        click.option(
            "--column",
            "columns",
            multiple=True,
            metavar="FIELD=NAME",
            help="export column for a field (text, url, title, date, outlet, author, language, id)",
        ),
        click.option("--max-bytes", type=click.IntRange(min=1), default=None, help="refuse larger documents"),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=20.0,
            show_default=True,
            help="seconds per URL fetch",
        ),
        click.option(
            "--fetch/--no-fetch",
            default=True,
            show_default=True,
            help="fetch links (URL lists, feed items without content, export rows without text)",
        ),
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["inputs"] = Inputs(
            kwargs.pop("paths"),
            kwargs.pop("fmt"),
            _read_options(
                kwargs.pop("max_bytes"), kwargs.pop("timeout"), kwargs.pop("fetch"), kwargs.pop("columns")
            ),
        )
        return func(*args, **kwargs)

    for deco in reversed([click.argument("paths", nargs=-1, required=True), *decorators]):
        wrapper = deco(wrapper)
    return wrapper


@dataclass
class Inputs:
    """What a reading command was asked to read, and how."""

    paths: Sequence[str]
    fmt: str
    options: Any

    def stream(self) -> Any:
        """The documents and error records of the arguments, in order."""
        from .ingest import iter_inputs

        return iter_inputs(self.paths, options=self.options, fmt=self.fmt)


def _progress(items: Sequence[Any], label: str) -> Any:
    return click.progressbar(items, label=label, file=sys.stderr, show_pos=True)


def _table(rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> str:
    rows = [[("" if v is None else str(v)).replace("\n", " ") for v in r] for r in rows]
    widths = [len(h) for h in headers]
    for r in rows:
        for i, v in enumerate(r):
            widths[i] = min(max(widths[i], len(v)), 80)

    def fmt(r: Sequence[str]) -> str:
        return "  ".join(
            (v if len(v) <= 80 else v[:77] + "...").ljust(w) for v, w in zip(r, widths, strict=True)
        )

    lines = [fmt(headers), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotetrail")
def cli() -> None:
    """quotetrail: who said what, reported by whom and when, linked to the exact words."""


@cli.command()
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="write JSON Lines here (default: stdout)"
)
@extractor_option
@input_options
def extract(inputs: Inputs, output: str | None, extractor: str) -> None:
    """Attribution only, no database: one JSON object per document (the extraction contract)."""
    from .pipeline import extract_documents

    docs: list[SourceDocument] = []
    errors = 0
    for item in inputs.stream():
        if isinstance(item, QuotetrailError):
            errors += 1
            _err(f"skipped: {item.one_line()}")
        else:
            docs.append(item)
    if not docs:
        raise click.ClickException(f"no readable document in {', '.join(inputs.paths)}")
    out: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    skipped = 0
    try:
        with _progress(docs, "extracting") as bar:
            for r in extract_documents(bar, extractor=extractor):
                skipped += bool(r.skipped)
                out.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    if errors or skipped:
        _err(
            f"{len(docs)} documents read, {errors} inputs skipped, "
            f"{skipped} documents left out by the extractor (language)"
        )


def attribute_pending(store: Any, extractor: str = "neural") -> int:
    """Attribute every stored document not yet attributed and refresh speakers; returns documents done."""
    from .pipeline import batch_extractor, extractor_skip_reason, ordered_map

    extract, workers = batch_extractor(extractor)
    pending = store.document_ids_without_statements()

    def jobs(bar: Iterable[Any]) -> Iterator[tuple[Any, str, list[Region]]]:
        """The documents to attribute, read from the store here, in the caller's thread."""
        for did in bar:
            doc = store.document(did)
            reason = extractor_skip_reason(doc["language"])
            if reason:
                store.mark_skipped(did, reason)
                store.record_error(InputError(reason, path=doc["name"], stage="attribute"))
                continue
            yield did, doc["text"], [Region(r["start"], r["end"], r["reason"]) for r in doc["regions"]]

    def attribute(job: tuple[Any, str, list[Region]]) -> tuple[Any, Any]:
        did, text, regions = job
        return did, extract(text, regions=regions)

    if pending:
        with _progress(pending, "attributing") as bar:
            for did, found in ordered_map(attribute, jobs(bar), workers):
                store.replace_statements(did, found)  # each document stored as soon as it is done
    store.refresh_speakers()  # identities across all documents, then the user's corrections
    return len(pending)


class _Say:
    """Progress messages on stderr: a live line on a terminal, else one line per stage."""

    def __init__(self) -> None:
        self._live = sys.stderr.isatty()
        self._stage = ""
        self._open = False

    def __call__(self, message: str) -> None:
        stage = message.split(":")[0]
        if self._live:
            sys.stderr.write("\r\033[K" + message)
            self._open = True
        elif stage != self._stage:
            sys.stderr.write(message + "\n")
        self._stage = stage
        sys.stderr.flush()

    def close(self) -> None:
        """End the live line."""
        if self._open:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._open = False


def claim_step(store: Any, threshold: float | None = None, regroup: bool = False) -> Any:
    """Group statements into claims with the packaged encoder and agreement model; None if one is missing."""
    from .claims import model_key, update_claims
    from .embed import claim_encoder
    from .errors import ModelNotFound
    from .stance import agreement_model

    say = _Say()
    try:
        agree = agreement_model()
        step = update_claims(
            store,
            claim_encoder(),
            agree.predict,
            threshold=threshold,
            regroup=regroup,
            say=say,
            stance_key=model_key(agree),
        )
    except ModelNotFound as exc:
        say.close()
        _err(f"claims skipped: {exc.one_line()}")
        return None
    say.close()
    _err(
        f"claims: {step.claims} from {step.statements} statements ({step.new_claims} new, "
        f"{step.joined} joined earlier claims, {step.encoded} encoded, threshold {step.threshold:g}"
        + (", regrouped)" if step.regrouped else ")")
    )
    return step


def _catalog(store: Any, inputs: Inputs) -> Any:
    """Read and store every input with a live count; returns the ingest summary."""
    from .catalog import catalog

    progress = Progress("ingesting")
    try:
        return catalog(store, inputs.stream(), on_item=progress)
    finally:
        progress.close()


def add_gold_texts(store: Any, folders: Sequence[str | os.PathLike[str]], extractor: str = "neural") -> None:
    """Store and attribute the articles of annotated folders (eval/claims/*), as eval-claims --gold does."""
    from .claims_eval import gold_inputs
    from .sources import ReadOptions

    for d in folders:
        _catalog(store, Inputs(gold_inputs(d), "auto", ReadOptions()))
    attribute_pending(store, extractor)


@cli.command()
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option(
    "--report", "report_path", default="report.html", show_default=True, help="report file to write"
)
@click.option(
    "--claim-threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="cosine (inside a story, its mean taken away) at which statements are one claim"
    " (default: as stored, else 0.1); a change regroups",
)
@extractor_option
@input_options
def run(
    inputs: Inputs, db: str | None, report_path: str, extractor: str, claim_threshold: float | None
) -> None:
    """Ingest, attribute, store, and write the report: the main job."""
    from .report import write_report
    from .store import Store, resolve_db_path

    path = resolve_db_path(db)
    with Store(path) as store:
        summary = _catalog(store, inputs)
        attribute_pending(store, extractor)
        claim_step(store, claim_threshold)
        written = write_report(store, report_path)
        counts = store.counts()
        top = store.top_speakers(5)
    click.echo(
        f"{counts['documents']} documents ({summary.stored} new, {summary.skipped_total} skipped), "
        f"{counts['statements']} statements, {counts['speakers']} speakers"
    )
    if top:
        click.echo("top speakers: " + ", ".join(f"{name} ({n})" for name, n in top))
    click.echo(f"database: {path}")
    click.echo(f"report: {written}")


@cli.command()
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@input_options
def ingest(inputs: Inputs, db: str | None) -> None:
    """Store articles from files, folders, URLs, feeds, exports and WARCs (no attribution yet).

    Safe to stop and run again: documents already stored are recognised and kept once.
    """
    from .store import Store, resolve_db_path

    path = resolve_db_path(db)
    with Store(path) as store:
        summary = _catalog(store, inputs)
        counts = store.ingest_counts()
    click.echo(summary.line())
    click.echo(
        f"database: {path} ({counts['documents']} documents, {counts['groups']} near-duplicate groups, "
        f"{counts['errors']} inputs with errors)"
    )
    if summary.skipped_total:
        click.echo("see what was skipped: quotetrail errors")


@cli.command()
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--stage", help="only this stage (read, fetch, extract, store, attribute)")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table")
def errors(db: str | None, stage: str | None, as_json: bool) -> None:
    """Inputs that were skipped, with the stage and the reason."""
    rows = _with_store(db, lambda s: s.errors(stage=stage))
    if _json_lines(rows, as_json):
        return
    if not rows:
        click.echo("no errors recorded")
        return
    click.echo(
        _table(
            ((r["input"], r["stage"], r["code"], r["reason"], r["times"]) for r in rows),
            ("input", "stage", "code", "reason", "times"),
        )
    )


@cli.group()
def export() -> None:
    """Write what the store holds as JSON Lines."""


@export.command("documents")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="JSON Lines file (default: stdout)")
def export_documents(db: str | None, output: str | None) -> None:
    """One line per document: doc, title, outlet, author, date, language and each field's evidence."""
    from . import export as _builtin  # noqa: F401 - registers the built-in exporters
    from .registry import registry

    exporter = registry.get("exporters", "documents")

    def write(store: Any) -> int:
        out: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        try:
            return int(exporter(store, out))
        finally:
            if output:
                out.close()

    n = _with_store(db, write)
    if output:
        click.echo(f"{n} documents written to {output}")


@export.command("claims")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="JSON Lines file (default: stdout)")
def export_claims(db: str | None, output: str | None) -> None:
    """One line per claim: claim id, label, and members (doc, content spans, speaker, stance)."""
    from . import export as _builtin  # noqa: F401 - registers the built-in exporters
    from .registry import registry

    exporter = registry.get("exporters", "claims")

    def write(store: Any) -> int:
        out: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        try:
            return int(exporter(store, out))
        finally:
            if output:
                out.close()

    n = _with_store(db, write)
    if output:
        click.echo(f"{n} claims written to {output}")


@cli.command()
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--speaker", help="speaker name or alias")
@click.option("--outlet", help="outlet name (part of it is enough)")
@click.option("--search", help="words the statement contains")
@click.option("--limit", type=int, default=None, help="at most this many")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table")
def quotes(
    db: str | None,
    speaker: str | None,
    outlet: str | None,
    search: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """Statements in the store, filtered by speaker, outlet or words."""
    rows = _with_store(db, lambda s: s.quotes(speaker=speaker, outlet=outlet, search=search, limit=limit))
    if _json_lines(rows, as_json):
        return
    click.echo(
        _table(
            (
                (r["speaker"] or "(unnamed)", r["outlet"], r["date"], r["type"], r["content_text"])
                for r in rows
            ),
            ("speaker", "outlet", "date", "type", "content"),
        )
    )


@cli.group(invoke_without_command=True)
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table")
@click.option("--kind", type=click.Choice(SPEAKER_KINDS), help="only speakers of this type")
@click.pass_context
def speakers(ctx: click.Context, db: str | None, as_json: bool, kind: str | None) -> None:
    """Speakers with their id, type, statement counts, outlets and dates; subcommands correct them.

    Corrections (merge, split, rename, qid) are stored and applied again after every run.
    """
    if ctx.invoked_subcommand is not None:
        return
    rows = _with_store(db, lambda s: s.speakers(kind=kind))
    if _json_lines(rows, as_json):
        return
    click.echo(
        _table(
            (
                (
                    r["key"],
                    r["name"],
                    r["type"],
                    r["statements"],
                    ", ".join(r["outlets"]),
                    r["first_date"],
                    r["last_date"],
                    ", ".join(r["aliases"]),
                )
                for r in rows
            ),
            ("id", "speaker", "type", "statements", "outlets", "first", "last", "aliases"),
        )
    )


def _speakers_db(ctx: click.Context, db: str | None) -> str | None:
    """The subcommand's --db, else the one given to `speakers`."""
    parent = ctx.parent.params.get("db") if ctx.parent is not None else None
    return db or parent


def _correct(store: Any, action: str, args: dict[str, Any]) -> tuple[int, str]:
    """Record a correction, rebuild speakers with it, and return its number and how it applied."""
    cid = store.add_correction(action, args)
    store.refresh_speakers()
    note = next((c["note"] for c in store.corrections() if c["id"] == cid), None)
    return cid, note or "recorded"


def _who(sp: dict[str, Any]) -> str:
    return f"{_plain(sp['name'])} ({sp['key']})"


def _plain(value: Any) -> str:
    """Text from documents made safe for one terminal line (no control characters)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]+", " ", "" if value is None else str(value)).strip()


@speakers.command("merge")
@click.argument("target")
@click.argument("other")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.pass_context
def speakers_merge(ctx: click.Context, target: str, other: str, db: str | None) -> None:
    """Merge speaker OTHER into TARGET (each a name, alias or sp- id); TARGET keeps its id and name."""

    def fn(store: Any) -> str:
        a, b = store.resolve_speaker(target), store.resolve_speaker(other)
        if a["id"] == b["id"]:
            return f"{_who(a)} and {other!r} are already one speaker; nothing recorded"
        args = {"speaker": store.speaker_identity(a["id"]), "other": store.speaker_identity(b["id"])}
        cid, note = _correct(store, "merge", args)
        return f"correction #{cid}: merged {_who(b)} into {_who(a)} ({note})"

    click.echo(_with_store(_speakers_db(ctx, db), fn))


@speakers.command("split")
@click.argument("target")
@click.argument("alias")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.pass_context
def speakers_split(ctx: click.Context, target: str, alias: str, db: str | None) -> None:
    """Make ALIAS, one of speaker TARGET's names, a speaker of its own."""
    from .identity import fold

    def fn(store: Any) -> str:
        sp = store.resolve_speaker(target)
        ident = store.speaker_identity(sp["id"])
        names = [n for n in ident["names"] if fold(n) == fold(alias)]
        if not names:
            raise NotFound(
                f"{_who(sp)} has no name {alias!r}",
                remedy="its names are: " + ", ".join(_plain(n) for n in ident["names"]),
            )
        if len(ident["names"]) == 1:
            raise NotFound(
                f"{alias!r} is the only name of {_who(sp)}", remedy="there is nothing to split off"
            )
        cid, note = _correct(store, "split", {"speaker": ident, "alias": names[0]})
        return f"correction #{cid}: {_plain(names[0])!r} split off {_who(sp)} ({note})"

    click.echo(_with_store(_speakers_db(ctx, db), fn))


@speakers.command("rename")
@click.argument("target")
@click.argument("new_name")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.pass_context
def speakers_rename(ctx: click.Context, target: str, new_name: str, db: str | None) -> None:
    """Show speaker TARGET as NEW_NAME (its id stays)."""
    from .identity import fold

    new = " ".join(new_name.split())
    if not new:
        raise click.BadParameter("give a name", param_hint="NEW_NAME")

    def fn(store: Any) -> str:
        sp = store.resolve_speaker(target)
        taken = [s for s in store.speakers() if fold(s["name"]) == fold(new) and s["id"] != sp["id"]]
        if taken:
            raise click.BadParameter(
                f"{_who(taken[0])} already has that name; merge them with "
                f"`quotetrail speakers merge {taken[0]['key']} {sp['key']}`",
                param_hint="NEW_NAME",
            )
        cid, note = _correct(store, "rename", {"speaker": store.speaker_identity(sp["id"]), "name": new})
        return f"correction #{cid}: {_who(sp)} is now shown as {new!r} ({note})"

    click.echo(_with_store(_speakers_db(ctx, db), fn))


@speakers.command("qid")
@click.argument("target")
@click.argument("qid")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.pass_context
def speakers_qid(ctx: click.Context, target: str, qid: str, db: str | None) -> None:
    """Pin speaker TARGET to the Wikidata item QID (e.g. Q42)."""
    from .wikidata import is_qid

    qid = qid.strip().upper()
    if not is_qid(qid):
        raise click.BadParameter(f"{qid!r} is not a Wikidata QID (they look like Q42)", param_hint="QID")

    def fn(store: Any) -> str:
        sp = store.resolve_speaker(target)
        cid, note = _correct(store, "qid", {"speaker": store.speaker_identity(sp["id"]), "qid": qid})
        return f"correction #{cid}: {_who(sp)} is {qid} ({note})"

    click.echo(_with_store(_speakers_db(ctx, db), fn))


@speakers.command("corrections")
@click.option("--undo", "undo", type=int, metavar="ID", help="remove this correction and rebuild speakers")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.pass_context
def speakers_corrections(ctx: click.Context, undo: int | None, as_json: bool, db: str | None) -> None:
    """The corrections applied after every run, in order; --undo ID removes one."""

    def fn(store: Any) -> list[dict[str, Any]]:
        if undo is not None:
            store.delete_correction(undo)
            store.refresh_speakers()
        return list(store.corrections())

    rows = _with_store(_speakers_db(ctx, db), fn)
    if undo is not None:
        _err(f"correction #{undo} removed; speakers rebuilt")
    if _json_lines(rows, as_json):
        return
    if not rows:
        click.echo("no corrections recorded")
        return
    click.echo(
        _table(
            ((r["id"], r["action"], _describe_correction(r), r["created_at"], r["note"]) for r in rows),
            ("id", "action", "what", "created", "status"),
        )
    )


def _describe_correction(row: dict[str, Any]) -> str:
    """One line for a correction: which speakers and what."""
    args = row["args"]

    def name(ref: Any) -> str:
        return _plain((ref or {}).get("name")) if isinstance(ref, dict) else "?"

    action = row["action"]
    if action == "merge":
        return f"{name(args.get('other'))} into {name(args.get('speaker'))}"
    if action == "split":
        return f"{_plain(args.get('alias'))} off {name(args.get('speaker'))}"
    if action == "rename":
        return f"{name(args.get('speaker'))} -> {_plain(args.get('name'))}"
    return f"{name(args.get('speaker'))} = {_plain(args.get('qid'))}"


@speakers.command("link")
@click.option(
    "--mapping", type=click.Path(exists=True, dir_okay=False), help="CSV name,qid or JSON {name: qid} file"
)
@click.option("--online", is_flag=True, help="look names up on Wikidata (asked once per name, cached)")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True, help="seconds")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.pass_context
def speakers_link(
    ctx: click.Context, mapping: str | None, online: bool, timeout: float, db: str | None
) -> None:
    """Link speakers to Wikidata QIDs from a mapping file and, with --online, a cached lookup."""
    from . import wikidata

    if not mapping and not online:
        raise click.UsageError("give --mapping FILE, --online, or both")
    pairs = wikidata.read_mapping(mapping) if mapping else None
    report = _with_store(
        _speakers_db(ctx, db),
        lambda s: wikidata.link_speakers(
            s, mapping=pairs, online=online, fetch=wikidata.fetch_url, timeout=timeout
        ),
    )
    if mapping:
        click.echo(f"mapping: {report.mapped} names from {mapping}")
    if online:
        if report.offline:
            click.echo(f"online lookup is off: {report.offline} (mapping links still apply)")
        click.echo(
            f"online: {report.asked} names asked, {report.found} found, {report.cached} from the cache"
        )
    click.echo(f"{len(report.linked)} speakers have a QID")


@cli.command("speaker")
@click.argument("name_or_id")
@click.option("--json", "as_json", is_flag=True, help="one JSON object instead of text")
@click.option("--explain", is_flag=True, help="say why each name was merged into this speaker")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
def speaker(name_or_id: str, as_json: bool, explain: bool, db: str | None) -> None:
    """One speaker's profile: names, roles, countries, dates, statements and the outlets that carried them."""
    profile = _with_store(db, lambda s: s.speaker_profile(s.resolve_speaker(name_or_id)["id"]))
    if as_json:
        click.echo(json.dumps(profile, ensure_ascii=False))
        return
    qid = f", Wikidata {profile['qid']} ({profile['qid_source']})" if profile["qid"] else ""
    click.echo(f"{_plain(profile['name'])}  [{profile['id']}, {profile['type']}{qid}]")
    click.echo("names seen: " + ", ".join(_plain(a["name"]) for a in profile["aliases"]))
    for r in profile["roles"]:
        what = ", ".join(_plain(x) for x in (r["role"], r["affiliation"]) if x)
        link = f" [{r['affiliation_id']}]" if r["affiliation_id"] else ""
        when = f"  {r['first_seen']} .. {r['last_seen']}" if r["first_seen"] else ""
        click.echo(f"role: {what}{link}{when}  ({r['count']} statements)")
    if profile["countries"]:
        click.echo("countries: " + ", ".join(profile["countries"]))
    if profile["first_seen"]:
        click.echo(f"seen: {profile['first_seen']} .. {profile['last_seen']} (statements with a full date)")
    else:
        click.echo("seen: no statement with a full date")
    click.echo(
        "outlets: "
        + (", ".join(f"{_plain(o['outlet'])} ({o['statements']})" for o in profile["outlets"]) or "-")
    )
    if explain:
        click.echo(
            "why merged:"
            if len(profile["aliases"]) > 1 or profile["corrections"]
            else "why merged: one name only"
        )
        for a in profile["aliases"]:
            if a["why"]:
                click.echo(
                    f"  {_plain(a['name'])}: {a['why']['score']:.2f} - " + "; ".join(a["why"]["reasons"])
                )
        for c in profile["corrections"]:
            click.echo(f"  correction #{c['id']} ({c['action']}): {c['note'] or 'recorded'}")
    click.echo(f"statements ({len(profile['statements'])}):")
    click.echo(
        _table(
            ((q["date"], q["outlet"], q["type"], q["content"], q["doc"]) for q in profile["statements"]),
            ("date", "outlet", "type", "content", "doc"),
        )
    )


@cli.command()
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("-o", "--output", default="report.html", show_default=True, help="HTML file to write")
def report(db: str | None, output: str) -> None:
    """Write one self-contained HTML report of the store."""
    from .report import write_report

    written = _with_store(db, lambda s: write_report(s, output))
    click.echo(f"report: {written}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to bind (loopback)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="port")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option(
    "--token-file",
    type=click.Path(exists=True, dir_okay=False),
    help="file holding the token that writes need (else $QUOTETRAIL_TOKEN; neither: read-only)",
)
@click.option(
    "--max-upload-mb",
    type=click.FloatRange(min=0.001),
    default=20.0,
    show_default=True,
    help="largest upload (MB)",
)
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info",
    show_default=True,
    help="server log detail (info logs every request)",
)
def serve(
    host: str, port: int, db: str | None, token_file: str | None, max_upload_mb: float, log_level: str
) -> None:
    """Serve the web app and JSON API over the store (read-only unless a token is set)."""
    import uvicorn

    from .errors import StoreError
    from .store import resolve_db_path
    from .web import create_app

    if token_file:
        token: str | None = Path(token_file).read_text(encoding="utf-8").strip()
        if not token:
            raise click.BadParameter("the token file is empty", param_hint="--token-file")
    else:
        token = os.environ.get("QUOTETRAIL_TOKEN", "").strip() or None
    path = resolve_db_path(db)
    if not path.exists() and token is None:
        raise StoreError(f"no database at {path}", remedy="run `quotetrail run PATH` first, or pass --db")
    app = create_app(path, token=token, max_upload_bytes=int(max_upload_mb * 1_000_000))
    mode = "writes need the token" if token else "read-only"
    _err(f"serving {path} at http://{host}:{port}/ ({mode}; API at /api, schema at /api/openapi.json)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        _err(f"note: bound to {host}, so other machines can reach it (the default 127.0.0.1 does not)")
    uvicorn.run(app, host=host, port=port, log_level=log_level)


@cli.command("eval")
@click.option(
    "--gold",
    "gold_path",
    required=True,
    type=click.Path(),
    help="gold: a PolNeAR-style folder (attributions/ and text/) or a .jsonl (with --texts)",
)
@click.option(
    "--pred",
    "pred_path",
    type=click.Path(dir_okay=False),
    help="predictions .jsonl (default: run the extractor on the gold texts)",
)
@click.option("--texts", type=click.Path(file_okay=False), help="folder of <doc>.txt, for a .jsonl gold")
@click.option("--json", "as_json", is_flag=True, help="one JSON object, as the reference scorer's --json")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="also save predictions when the extractor runs"
)
@gate_options("a figure")
@extractor_option
def eval_command(
    extractor: str,
    gold_path: str,
    pred_path: str | None,
    texts: str | None,
    as_json: bool,
    output: str | None,
    baseline: str | None,
    update_baseline: bool,
    allow_lower: bool,
) -> None:
    """Score extraction against gold with the reference scorer's metrics (role exact/overlap, attribution),
    and the speaker figures (accuracy, who said what) when the gold names speakers."""
    from .evaluate import (
        Relation,
        format_kinds,
        format_speakers,
        format_table,
        read_gold,
        read_jsonl,
        score,
        score_speakers,
        speaker_json,
        to_json,
    )

    if pred_path and output:
        raise click.UsageError("-o saves the extractor's predictions; with --pred nothing is extracted")
    _refuse_gate_flags_alone(baseline, update_baseline, allow_lower)
    gold = read_gold(gold_path, texts)
    if pred_path:
        pred = read_jsonl(pred_path)
    else:
        from .pipeline import extract_documents

        docs = [
            SourceDocument(name=doc, text=text, origin=gold.paths.get(doc, doc))
            for doc, text in gold.texts.items()
        ]
        pred = {}
        out: TextIO | None = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
        try:
            with _progress(docs, "extracting") as bar:
                for r in extract_documents(bar, extractor=extractor):
                    rec = r.to_json()
                    pred[r.source.name] = [Relation.from_json(a) for a in rec["attributions"]]
                    if out:
                        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        finally:
            if out:
                out.close()
    result = score(gold, pred)
    speakers = score_speakers(gold, pred)
    figures = to_json(result)
    if speakers is not None:  # an extra key after the reference's, which stay as they are
        figures["speakers"] = speaker_json(speakers)
    if as_json:
        click.echo(json.dumps(figures))
    else:
        click.echo(format_table(result))
        if kinds := format_kinds(result):
            click.echo(kinds)
        if speakers is not None:
            click.echo(format_speakers(speakers))
    if baseline:
        from .gate import flatten

        _gate(flatten(figures), baseline, gold_path, update_baseline, allow_lower)


@dataclass
class GateOptions:
    """--baseline FILE and its flags, as given to an eval command."""

    baseline: str | None = None
    update: bool = False
    allow_lower: bool = False


def _eval_news_claims(
    gold_dirs: tuple[str, ...],
    pred_path: str | None,
    grid: list[float],
    as_json: bool,
    extractor: str,
    gate: GateOptions | None = None,
) -> None:
    """eval-claims --gold: run the pipeline on the annotated texts in a scratch store (or read --pred),
    group at each threshold and score grouping and stance against claims.jsonl."""
    import tempfile

    from .claims import DEFAULT_THRESHOLD, rank_for_claim, update_claims
    from .claims_eval import (
        PredMember,
        doc_stem,
        pool_golds,
        pooled_names,
        pred_members,
        read_pred_claims,
        score_claims,
        score_direct_stance,
        score_query,
    )
    from .embed import claim_encoder
    from .stance import agreement_model, stance_model
    from .store import Store

    gold = pool_golds(gold_dirs)
    pooled = pooled_names(gold)
    if len(pooled) != len(gold.texts):
        raise click.UsageError("two --gold folders hold articles of the same name; score them apart")
    model = stance_model()
    direct = score_direct_stance(gold, model.predict)
    rows: list[dict[str, Any]] = []
    query: dict[str, Any] | None = None
    if pred_path:
        tag = Path(gold_dirs[0]).name
        pred = [replace(p, doc=f"{tag}/{p.doc}") for p in read_pred_claims(pred_path)]
        rows.append({"threshold": None, **score_claims(gold, pred)})
    else:
        with (
            tempfile.TemporaryDirectory(prefix="quotetrail-eval-claims-") as tmp,
            Store(Path(tmp) / "eval.db") as store,
        ):
            add_gold_texts(store, gold_dirs, extractor)
            enc, agree = claim_encoder(), agreement_model()
            for t in grid:
                update_claims(store, enc, agree.predict, threshold=t, regroup=True)
                pred = []
                for rec in store.iter_claim_exports():
                    pred += pred_members(rec)
                pred = [replace(p, doc=pooled.get(p.doc, p.doc)) for p in pred]
                rows.append({"threshold": t, **score_claims(gold, pred)})
            ranked = {
                claim: [
                    PredMember(
                        pooled.get(doc_stem(q["doc_name"]), q["doc_name"]),
                        tuple((int(a), int(b)) for a, b in q["content"]),
                        claim,
                        q["stance"],
                    )
                    for q in rank_for_claim(store, text, enc, model.predict)
                ]
                for claim, text in gold.propositions.items()
            }
            query = score_query(gold, ranked)
    for r in rows:
        r["stance_direct"] = direct
        if query is not None:
            r["query"] = query
    if not _json_lines(rows, as_json):
        _news_claims_table(rows, len(gold_dirs), len(gold.texts), direct, query)
    if gate is not None and gate.baseline:
        from .gate import flatten_claims

        gated = [r for r in rows if r["threshold"] in (None, DEFAULT_THRESHOLD)]
        if not gated:
            raise click.UsageError(
                f"--baseline gates the default threshold ({DEFAULT_THRESHOLD:g}): include it in --threshold"
            )
        _gate(flatten_claims(gated[0]), gate.baseline, " ".join(gold_dirs), gate.update, gate.allow_lower)


def _news_claims_table(
    rows: list[dict[str, Any]],
    folders: int,
    articles: int,
    direct: dict[str, Any],
    query: dict[str, Any] | None,
) -> None:
    """The eval-claims --gold figures as a header line or two and a table, one row per threshold."""
    from .claims import DEFAULT_THRESHOLD

    first = rows[0]
    click.echo(
        f"{folders} folder(s): {articles} articles, {first['claims']} claims, "
        f"{first['members']} members; stance toward the proposition (stance model on gold contents): "
        f"{direct['accuracy']:.3f} ({direct['right']} of {direct['judged']})"
    )
    if query is not None:
        q = query
        click.echo(
            f"each proposition asked as `quotetrail claim TEXT`: {q['returned']} returned, "
            f"{q['relevant']} members of it (P {q['p']:.3f}, R {q['r']:.3f}), R-precision "
            f"{q['r_precision']:.3f}, MAP {q['map']:.3f}, stance right {q['stance']['accuracy']:.3f} "
            f"({q['stance']['right']} of {q['stance']['judged']})"
        )
    best = max(rows, key=lambda r: r["pairs"]["f1"])
    click.echo(
        _table(
            (
                (
                    "" if r["threshold"] is None else f"{r['threshold']:.3f}",
                    f"{r['found']}/{r['members']}",
                    f"{r['pairs']['p']:.3f}",
                    f"{r['pairs']['r']:.3f}",
                    f"{r['pairs']['f1']:.3f}",
                    f"{r['stance_in_claims']['accuracy']:.3f} ({r['stance_in_claims']['judged']})",
                    "best"
                    if r is best and len(rows) > 1
                    else ("default" if r["threshold"] == DEFAULT_THRESHOLD else ""),
                )
                for r in rows
            ),
            ("threshold", "found", "pair P", "pair R", "pair F1", "stance in claims", ""),
        )
    )
    row = ([r for r in rows if r["threshold"] in (None, DEFAULT_THRESHOLD)] or [best])[0]
    ci, si = row["f1_interval"], row["stance_interval"]
    click.echo(
        f"{ci['level']:.0%} intervals ({ci['resamples']} resamples of the {ci['over']}): pair F1 "
        f"{row['pairs']['f1']:.3f} ({ci['low']:.3f} to {ci['high']:.3f}), stance in claims "
        f"{row['stance_in_claims']['accuracy']:.3f} ({si['low']:.3f} to {si['high']:.3f})"
    )


def _gate(figures: dict[str, float], baseline: str, gold_path: str, update: bool, allow_lower: bool) -> None:
    """Check the gated figures against the baseline's floors, or pin them as new floors."""
    from .gate import GateFailed, check, load_baseline, updated, write_baseline

    old = load_baseline(baseline) if Path(baseline).exists() else None
    if update:
        write_baseline(baseline, updated(figures, old, gold_path, allow_lower=allow_lower))
        _err(f"baseline written: {baseline}")
        return
    if old is None:
        raise GateFailed("no baseline file", path=baseline, remedy="create it with --update-baseline")
    failures = check(figures, old["floors"])
    if failures:
        raise GateFailed("below the baseline: " + "; ".join(failures), path=baseline)
    _err(f"quality gate holds: {len(old['floors'])} figures at or above their floors in {baseline}")


@cli.command("train")
@click.option(
    "--data",
    "data_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="training folder, PolNeAR-style (text/ and attributions/)",
)
@click.option(
    "--dev",
    "dev_dir",
    type=click.Path(exists=True, file_okay=False),
    help="score the trained model on this folder and write dev_scores.json",
)
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False), help="model folder to write"
)
@click.option("--layers", type=click.IntRange(1, 6), default=4, show_default=True, help="encoder layers kept")
@click.option(
    "--epochs", type=click.FloatRange(min=0, min_open=True), default=2.6, show_default=True, help="passes"
)
@click.option("--seed", type=int, default=13, show_default=True, help="random seed")
@click.option(
    "--infer-stride",
    type=click.IntRange(1, 254),
    default=None,
    help="word pieces between the starts of windows when the model reads text (default: 192, as in training)",
)
@click.option("--max-steps", type=click.IntRange(min=1), default=None, help="stop after this many steps")
@click.option(
    "--no-linker", is_flag=True, help="train the tagger only (its spans are then grouped around cues)"
)
@click.option(
    "--linker-only",
    is_flag=True,
    help="keep the tagger in --out and fit only its linker.json (needs scikit-learn, not torch)",
)
def train_command(
    data_dir: str,
    dev_dir: str | None,
    out_dir: str,
    layers: int,
    epochs: float,
    seed: int,
    infer_stride: int | None,
    max_steps: int | None,
    no_linker: bool,
    linker_only: bool,
) -> None:
    """Train the attribution tagger and its linker (needs the [train] extra); writes a model folder."""
    from .evaluate import format_table
    from .linker_train import LinkerResult, train_linker
    from .train import train

    if no_linker and linker_only:
        raise click.UsageError("--no-linker and --linker-only exclude each other")

    def describe(linked: LinkerResult) -> str:
        th = linked.thresholds
        return (
            f"linker: {linked.path} ({linked.documents} articles, {linked.content_rows} content rows, "
            f"{linked.source_rows} source rows; thresholds content {th.tc} source {th.ts} fragment {th.t2}, "
            f"held-out F1 {th.f1:.3f}; {linked.seconds:.0f} s)"
        )

    if linker_only:
        linked = train_linker(data_dir, out_dir, dev_dir=dev_dir)
        click.echo(describe(linked))
        if linked.dev is not None:
            click.echo(format_table(linked.dev))
        return
    result = train(
        data_dir,
        out_dir,
        dev_dir=dev_dir,
        layers=layers,
        epochs=epochs,
        seed=seed,
        infer_stride=infer_stride,
        max_steps=max_steps,
        linker=not no_linker,
    )
    click.echo(
        f"model: {Path(out_dir) / 'model.onnx'} ({result.documents} articles, {result.windows} windows, "
        f"{result.steps} steps, {result.seconds_per_step:.2f} s/step, last loss {result.last_loss:.4f})"
    )
    if result.linker is not None:
        click.echo(describe(result.linker))
    if result.dev is not None:
        click.echo(format_table(result.dev))


def _few(names: list[str], n: int = 3) -> str:
    """The first names of a list, and how many more."""
    shown = ", ".join(_plain(x) for x in names[:n])
    return shown + (f" +{len(names) - n}" if len(names) > n else "")


@cli.command("claims")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table")
@click.option(
    "--min-members", type=click.IntRange(min=1), default=1, show_default=True, help="smallest claim"
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="group every statement again at this cosine (ids kept through their founding statements)",
)
def claims_command(db: str | None, as_json: bool, min_members: int, threshold: float | None) -> None:
    """Claims: statements asserting the same thing, with counts by stance, speakers, outlets and dates."""

    def fn(store: Any) -> list[dict[str, Any]]:
        if threshold is not None and claim_step(store, threshold, regroup=True) is None:
            raise click.ClickException("claims could not be grouped again (a model is missing)")
        return list(store.claims(min_members=min_members))

    rows = _with_store(db, fn)
    if _json_lines(rows, as_json):
        return
    if not rows:
        click.echo("no claims (run `quotetrail run PATH` first, or lower --min-members)")
        return
    click.echo(
        _table(
            (
                (
                    r["id"],
                    r["members"],
                    r["stances"]["supports"],
                    r["stances"]["opposes"],
                    r["stances"]["neither"],
                    r["first_date"],
                    r["last_date"],
                    _few(r["speakers"]),
                    _few(r["outlets"], 2),
                    _plain(r["label"]),
                )
                for r in rows
            ),
            (
                "id",
                "members",
                "supports",
                "opposes",
                "neither",
                "first",
                "last",
                "speakers",
                "outlets",
                "label",
            ),
        )
    )


@cli.command("claim")
@click.argument("claim")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="free text: at most")
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
def claim_command(claim: str, as_json: bool, limit: int, db: str | None) -> None:
    """One claim by id (members by stance, timeline, speaker and outlet tables), or a claim in your
    own words: the statements that support or oppose it, ranked, with evidence."""
    from .claims import claim_view, is_claim_id

    if is_claim_id(claim):
        view = _with_store(db, lambda s: claim_view(s.claim(s.resolve_claim(claim))))
        _show_claim(view, as_json)
        return
    ranked = _with_store(db, lambda s: _rank(s, claim))[:limit]
    if as_json:
        for q in ranked:
            keys = ("stance", "score", "similarity", "doc_name", "doc_id", "speaker", "outlet", "date")
            rec = {k: q[k] for k in keys} | {"content": q["content"], "content_text": q["content_text"]}
            click.echo(json.dumps(rec, ensure_ascii=False))
        return
    if not ranked:
        click.echo("no statement supports or opposes it")
        return
    for stance in ("supports", "opposes"):
        rows = [q for q in ranked if q["stance"] == stance]
        click.echo(f"{stance} ({len(rows)}):")
        if rows:
            click.echo(_evidence(rows, with_score=True))


def _rank(store: Any, text: str) -> list[dict[str, Any]]:
    """Statements for a free-text claim, with the packaged models."""
    from .claims import rank_for_claim
    from .embed import claim_encoder
    from .stance import stance_model

    say = _Say()
    try:
        return rank_for_claim(store, text, claim_encoder(), stance_model().predict, say=say)
    finally:
        say.close()


def _evidence(rows: list[dict[str, Any]], with_score: bool = False) -> str:
    """Statements as a table: date, speaker, outlet, content, document (and stance score)."""
    head: tuple[str, ...] = ("score",) if with_score else ()
    head += ("date", "speaker", "outlet", "content", "doc")
    return _table(
        (
            ((f"{q['score']:.2f}",) if with_score else ())
            + (q["date"], _plain(q["speaker"]) or "(unnamed)", _plain(q["outlet"]))
            + (_plain(q["content_text"]), _plain(q["doc_name"]))
            for q in rows
        ),
        head,
    )


def _show_claim(view: dict[str, Any], as_json: bool) -> None:
    """Print one claim's views."""
    stances = ("supports", "opposes", "neither")
    if as_json:
        out = {k: view[k] for k in ("id", "label", "counts", "timeline", "undated")}
        out["members"] = [
            {k: m[k] for k in ("stance", "score", "doc_name", "doc_id", "speaker", "outlet", "date")}
            | {"content": m["content"], "content_text": m["content_text"]}
            for m in view["members"]
        ]
        for table in ("speakers", "outlets"):
            out[table] = [{"name": r["name"]} | {k: len(r[k]) for k in stances} for r in view[table]]
        click.echo(json.dumps(out, ensure_ascii=False))
        return
    counts = ", ".join(f"{view['counts'][k]} {k}" for k in stances)
    click.echo(f"{_plain(view['label'])}  [{view['id']}]")
    click.echo(f"{len(view['members'])} statements: {counts}")
    for stance in stances:
        rows = view["by_stance"][stance]
        if rows:
            click.echo(f"\n{stance} ({len(rows)}):")
            click.echo(_evidence(rows))
    click.echo("\ntimeline (statements per month):")
    undated = [("undated", *(view["undated"][k] for k in stances))] if any(view["undated"].values()) else []
    click.echo(
        _table(
            [(t["month"], *(t[k] for k in stances)) for t in view["timeline"]] + undated, ("month", *stances)
        )
    )
    for table, title in (("speakers", "speaker"), ("outlets", "outlet")):
        click.echo(f"\n{title} x stance:")
        click.echo(
            _table(
                [(_plain(r["name"]), *(len(r[k]) for k in stances)) for r in view[table]], (title, *stances)
            )
        )


@cli.command("eval-claims")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False),
    help="PERSPECTRUM folder (claims_<split>.json, perspectives_<split>.json)",
)
@click.option(
    "--gold",
    "gold_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="annotated news folder(s) with claims.jsonl (eval/claims/*); repeat to pool several",
)
@click.option(
    "--pred",
    "pred_path",
    type=click.Path(exists=True, dir_okay=False),
    help="with one --gold: score this `export claims` file instead of running the pipeline",
)
@click.option(
    "--split", "splits", multiple=True, default=("dev",), show_default=True, help="split(s) to score"
)
@click.option(
    "--threshold",
    "thresholds",
    type=click.FloatRange(0.0, 1.0),
    multiple=True,
    help="cosine threshold(s) (default: 0 to 0.5 and the default threshold with --gold, 0 to 0.95 with"
    " --data, in steps of 0.025; with --baseline the default only)",
)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table")
@gate_options("a figure at the default threshold (with --gold)")
@extractor_option
def eval_claims(
    data_dir: str | None,
    gold_dirs: tuple[str, ...],
    pred_path: str | None,
    splits: tuple[str, ...],
    thresholds: tuple[float, ...],
    as_json: bool,
    baseline: str | None,
    update_baseline: bool,
    allow_lower: bool,
    extractor: str,
) -> None:
    """Claim grouping scores: PERSPECTRUM (--data) as claims and as paraphrase clusters, or annotated
    news (--gold): pairwise grouping P/R/F1 and stance accuracy over the statements of annotated claims."""
    from .claims import (
        DEFAULT_THRESHOLD,
        read_perspectrum,
        score_claim_clusters,
        score_paraphrase_clusters,
    )
    from .embed import claim_encoder

    if bool(data_dir) == bool(gold_dirs):
        raise click.UsageError("give --data (PERSPECTRUM) or --gold (annotated news), not both")
    if pred_path and len(gold_dirs) != 1:
        raise click.UsageError("--pred scores one --gold folder")
    if data_dir and (baseline or update_baseline or allow_lower):
        raise click.UsageError("--baseline gates annotated news (--gold), not --data")
    _refuse_gate_flags_alone(baseline, update_baseline, allow_lower)
    grid = sorted(set(thresholds)) or (
        [DEFAULT_THRESHOLD]
        if baseline
        # --data scores one pass on raw cosines (no documents, no stories): the default is not its threshold
        else sorted({round(0.025 * i, 3) for i in range(39)})
        if data_dir
        else sorted({round(0.025 * i, 3) for i in range(21)} | {DEFAULT_THRESHOLD})
    )
    if gold_dirs:
        gate = GateOptions(baseline, update_baseline, allow_lower)
        _eval_news_claims(gold_dirs, pred_path, grid, as_json, extractor, gate)
        return
    assert data_dir is not None
    enc = claim_encoder()
    results = []
    for split in splits:
        data = read_perspectrum(data_dir, split)
        texts = [t for items, _ in data.claims for t in items]
        _err(f"{split}: encoding {len(texts)} perspectives of {len(data.claims)} claims")
        flat = enc.encode(texts)
        vectors, at = [], 0
        for items, _ in data.claims:
            vectors.append(flat[at : at + len(items)])
            at += len(items)
        results += score_claim_clusters(data, vectors, grid)
        results += score_paraphrase_clusters(data, vectors, grid)
    if _json_lines(results, as_json):
        return
    levels = [(s, lv) for s in splits for lv in ("claim", "paraphrase")]
    best = {
        key: max((r for r in results if (r["split"], r["level"]) == key), key=lambda r: r["f1"])
        for key in levels
    }
    click.echo(
        _table(
            (
                (
                    r["split"],
                    r["level"],
                    f"{r['threshold']:.3f}",
                    f"{r['precision']:.3f}",
                    f"{r['recall']:.3f}",
                    f"{r['f1']:.3f}",
                    r["pairs"],
                    "best" if r is best[(r["split"], r["level"])] else "",
                )
                for r in results
            ),
            ("split", "level", "threshold", "precision", "recall", "F1", "gold pairs", ""),
        )
    )
    click.echo(
        "claim: all perspectives of a split grouped by their claim (both sides), the level of a claim here;"
        " paraphrase: the perspectives within each claim grouped into PERSPECTRUM's paraphrase clusters"
    )


STANCE_ERRORS_SHOWN = 20


@cli.command("stance")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="JSON Lines file (default: stdout)")
@click.option(
    "--batch", type=click.IntRange(min=1), default=256, show_default=True, help="pairs per model call"
)
def stance_command(file: str, output: str | None, batch: int) -> None:
    """Stance of each statement toward its claim: FILE has one {"claim", "statement"} per line (- for stdin).

    Writes {"stance": "supports"|"opposes"|"neither", "score": confidence} per non-blank line, in order.
    A line that cannot be read gets {"stance": "neither", "score": 0.0, "error": "FILE:LINE: why"}; the
    rest go on, the skipped lines are listed on stderr, and the exit code stays 0.
    """
    from .stance import parse_request, stance_model

    name = "<stdin>" if file == "-" else file
    model = stance_model()
    src: Any = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115 - closed in finally
    out: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    live = sys.stderr.isatty()
    done, skipped = 0, []

    def flush(chunk: list[tuple[int, tuple[str, str] | str]]) -> None:
        nonlocal done
        pairs = [req for _, req in chunk if isinstance(req, tuple)]
        labels = iter(model.predict(pairs, batch=32))
        for number, req in chunk:
            if isinstance(req, tuple):
                label, score = next(labels)
                rec: dict[str, Any] = {"stance": label, "score": score}
            else:
                skipped.append(f"{name}:{number}: {req}")
                rec = {"stance": "neither", "score": 0.0, "error": skipped[-1]}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        done += len(chunk)
        if live:
            sys.stderr.write(f"\rstance: {done} lines ")
            sys.stderr.flush()

    try:
        chunk: list[tuple[int, tuple[str, str] | str]] = []
        for number, raw in enumerate(src, 1):
            if raw.strip():
                chunk.append((number, parse_request(raw)))
            if len(chunk) >= batch:
                flush(chunk)
                chunk = []
        flush(chunk)
    finally:
        if src is not sys.stdin.buffer:
            src.close()
        if output:
            out.close()
        else:
            out.flush()
    if live:
        sys.stderr.write("\n")
    for line in skipped[:STANCE_ERRORS_SHOWN]:
        _err(f"skipped {line}")
    if len(skipped) > STANCE_ERRORS_SHOWN:
        _err(f"... and {len(skipped) - STANCE_ERRORS_SHOWN} more")
    _err(f"stance: {done} lines, {len(skipped)} skipped (written as neither with an error field)")


@cli.command("eval-stance")
@click.option(
    "--data", "data_dir", required=True, type=click.Path(exists=True), help="PERSPECTRUM folder or file"
)
@click.option("--split", default="dev", show_default=True, help="which claims_<split>.json of a folder")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False), help="stance folder")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
def eval_stance_command(data_dir: str, split: str, model_dir: str | None, as_json: bool) -> None:
    """Stance accuracy (support vs undermine) of the stance model on a PERSPECTRUM split."""
    from .stance_train import evaluate, read_perspectrum

    scores = evaluate(model_dir, read_perspectrum(data_dir, split))
    if as_json:
        click.echo(json.dumps(scores.to_json()))
        return
    s = scores
    click.echo(f"pairs: {s.pairs} ({s.claims} claims)")
    click.echo(f"accuracy (supports vs opposes): {s.accuracy:.4f}")
    click.echo(f"  SUPPORT pairs: {s.accuracy_support:.4f}  UNDERMINE pairs: {s.accuracy_undermine:.4f}")
    click.echo(f"labelled neither: {s.neither_rate:.4f} (threshold {s.extra['threshold']})")
    click.echo(f"accuracy counting neither as wrong: {s.accuracy_with_neither:.4f}")
    click.echo(f"speed: {s.extra['pairs_per_second']} pairs/s")


@cli.command("train-stance")
@click.option(
    "--data", "data_dir", required=True, type=click.Path(exists=True), help="PERSPECTRUM folder (train split)"
)
@click.option(
    "--dev", "dev_dir", type=click.Path(exists=True), help="PERSPECTRUM folder (dev split): scores, threshold"
)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="folder to write")
@click.option("--epochs", type=click.FloatRange(min=0, min_open=True), default=5.0, show_default=True)
@click.option("--lr", type=click.FloatRange(min=0, min_open=True), default=1e-4, show_default=True)
@click.option("--layers", type=click.IntRange(1, 6), default=6, show_default=True, help="encoder layers kept")
@click.option("--seed", type=int, default=13, show_default=True, help="random seed")
@click.option("--order", type=click.Choice(["claim-first", "statement-first", "both"]), default="claim-first")
@click.option("--no-negation", is_flag=True, help="train without the negated-claim pairs")
@click.option("--max-steps", type=click.IntRange(min=1), default=None, help="stop after this many steps")
@click.option("--threads", type=click.IntRange(min=1), default=None, help="torch threads (default: all)")
@click.option(
    "--extra",
    "extra",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help='more labelled pairs: JSON Lines {"claim", "statement", "stance": "supports"|"opposes"}; repeatable',
)
def train_stance_command(
    data_dir: str,
    dev_dir: str | None,
    out_dir: str,
    epochs: float,
    lr: float,
    layers: int,
    seed: int,
    order: str,
    no_negation: bool,
    max_steps: int | None,
    threads: int | None,
    extra: tuple[str, ...],
) -> None:
    """Train the stance cross-encoder on PERSPECTRUM (needs the [train] extra); writes a stance folder."""
    from .stance_train import train

    r = train(
        data_dir,
        out_dir,
        dev_dir=dev_dir,
        epochs=epochs,
        lr=lr,
        layers=layers,
        seed=seed,
        order=order,
        negation=not no_negation,
        max_steps=max_steps,
        threads=threads,
        extra=extra,
    )
    model = Path(out_dir) / "model.onnx"
    click.echo(f"model: {model} ({r.train_pairs} items, {r.steps} steps, {r.seconds:.0f} s)")
    if r.dev is not None:
        click.echo(
            f"dev: accuracy {r.dev.accuracy:.4f} ({r.dev.pairs} pairs), neither threshold {r.threshold} "
            f"(neither rate {r.dev.neither_rate:.4f}); dev_scores.json written"
        )


def _json_lines(rows: list[dict[str, Any]], as_json: bool) -> bool:
    """Print rows as JSON Lines when asked; True if printed."""
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    return as_json


def _with_store(db: str | None, fn: Any) -> Any:
    from .errors import StoreError
    from .store import Store, resolve_db_path

    path = resolve_db_path(db)
    if not Path(path).exists():
        raise StoreError(f"no database at {path}", remedy="run `quotetrail run PATH` first, or pass --db")
    with Store(path) as store:
        return fn(store)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: quotetrail errors become one line on stderr and a non-zero exit."""
    try:
        cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except QuotetrailError as exc:
        _err(exc.one_line())
        sys.exit(1)
    except click.exceptions.Abort:
        _err("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        _err(f"error: {exc.format_message()}")
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)


__all__ = ["cli", "main"]
