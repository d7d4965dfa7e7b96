"""Command line: thin wrappers that read arguments, call the pipeline and store, and print."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

import click

from . import __version__
from .errors import QuotetrailError
from .types import Region, SourceDocument

DB_HELP = "database file (default: $QUOTETRAIL_DB, else ./quotetrail.db)"


def _err(msg: str) -> None:
    click.echo(msg, err=True)


def _read_inputs(paths: Sequence[str]) -> tuple[list[SourceDocument], list[QuotetrailError]]:
    """Every readable document of the inputs, and one error per input that was skipped."""
    from .ingest import iter_inputs

    docs: list[SourceDocument] = []
    errors: list[QuotetrailError] = []
    for item in iter_inputs(paths):
        if isinstance(item, QuotetrailError):
            errors.append(item)
            _err(f"skipped: {item.one_line()}")
        else:
            docs.append(item)
    return docs, errors


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
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="write JSON Lines here (default: stdout)"
)
def extract(paths: tuple[str, ...], output: str | None) -> None:
    """Attribution only, no database: one JSON object per document (the extraction contract)."""
    from .pipeline import extract_documents

    docs, errors = _read_inputs(paths)
    if not docs:
        raise click.ClickException(f"no readable document in {', '.join(paths)}")
    out: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        with _progress(docs, "extracting") as bar:
            for r in extract_documents(bar):
                rec = {"doc": r.source.name, "attributions": [a.to_json() for a in r.attributions]}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    if errors:
        _err(f"{len(docs)} documents extracted, {len(errors)} inputs skipped")


def ingest_into(store: Any, docs: Sequence[SourceDocument]) -> int:
    """Store documents with their boilerplate regions and metadata; returns how many were new."""
    from .clean import boilerplate_regions
    from .ingest import doc_id
    from .metadata import extract_metadata

    new = 0
    for sd in docs:
        regions = boilerplate_regions(sd.text)
        meta = extract_metadata(sd.text, regions, sd.origin)
        new += bool(store.add_document(sd, doc_id(sd.text), meta, regions))
    return new


def attribute_pending(store: Any) -> int:
    """Attribute every stored document not yet attributed and refresh speakers; returns documents done."""
    from .pipeline import attribute_text
    from .speakers import cluster_names

    pending = store.document_ids_without_statements()
    kinds: dict[str, str] = {}
    if pending:
        with _progress(pending, "attributing") as bar:
            for did in bar:
                doc = store.document(did)
                regions = [Region(r["start"], r["end"], r["reason"]) for r in doc["regions"]]
                atts = attribute_text(doc["text"], regions=regions)
                for a in atts:
                    if a.speaker and a.speaker_kind and kinds.get(a.speaker) != "person":
                        kinds[a.speaker] = a.speaker_kind  # one person mention outweighs
                store.replace_statements(did, atts)
    store.refresh_speakers(cluster_names, kinds=kinds)
    return len(pending)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option(
    "--report", "report_path", default="report.html", show_default=True, help="report file to write"
)
def run(paths: tuple[str, ...], db: str | None, report_path: str) -> None:
    """Ingest, attribute, store, and write the report: the main job."""
    from .report import write_report
    from .store import Store, resolve_db_path

    docs, errors = _read_inputs(paths)
    path = resolve_db_path(db)
    with Store(path) as store:
        new = ingest_into(store, docs)
        attribute_pending(store)
        written = write_report(store, report_path)
        counts = store.counts()
        top = store.top_speakers(5)
    click.echo(
        f"{counts['documents']} documents ({new} new, {len(errors)} skipped), "
        f"{counts['statements']} statements, {counts['speakers']} speakers"
    )
    if top:
        click.echo("top speakers: " + ", ".join(f"{name} ({n})" for name, n in top))
    click.echo(f"database: {path}")
    click.echo(f"report: {written}")


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


@cli.command()
@click.option("--db", "db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table")
def speakers(db: str | None, as_json: bool) -> None:
    """Speakers in the store with their statement counts, outlets and dates."""
    rows = _with_store(db, lambda s: s.speakers())
    if _json_lines(rows, as_json):
        return
    click.echo(
        _table(
            (
                (
                    r["name"],
                    r["kind"],
                    r["statements"],
                    ", ".join(r["outlets"]),
                    r["first_date"],
                    r["last_date"],
                    ", ".join(r["aliases"]),
                )
                for r in rows
            ),
            ("speaker", "kind", "statements", "outlets", "first", "last", "aliases"),
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
