"""Load test of `quotetrail serve`: mixed search and page requests against loopback, from a second process.

Builds a store of synthetic articles (default 10,000 articles x 10 statements = 100,000 statements,
400 speakers, 60 outlets, 300 claims) through the Store's own methods, starts `quotetrail serve` on
a free loopback port in a subprocess, and runs a bounded loop of requests (default 10,000) from a
client subprocess with a few concurrent workers: full-text searches (pages and JSON, with filters),
article pages with every attribution highlighted, speaker, claim, outlet and document-search pages.
It reports errors (any status other than 200, or a failed request), throughput and p50/p95/p99
latency, overall and per kind of request, as JSON (and `--out FILE`).

    python bench/load_web.py                     # build (or reuse) the store, serve, load, report
    python bench/load_web.py --requests 2000 --workers 4 --db /tmp/load.db

Only loopback is contacted; the loop stops after `--requests` requests or `--max-seconds`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "te",
    "su",
    "no",
    "vi",
    "da",
    "pe",
    "ro",
    "an",
    "el",
    "is",
    "or",
    "un",
    "ba",
    "ce",
    "fi",
    "go",
    "hu",
    "ja",
    "ke",
    "li",
    "mo",
    "ne",
]
TOPICS = [
    "occupation",
    "invitation",
    "tolls",
    "bridge",
    "harbour",
    "ceasefire",
    "sanctions",
    "election",
    "budget",
    "strike",
]
CUES = ("said", "told reporters", "warned", "added", "argued", "insisted")


def _word(rng: random.Random, lo: int = 2, hi: int = 4) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(lo, hi)))


def build_store(path: Path, articles: int, per_article: int, seed: int = 7) -> dict[str, Any]:
    """Fill a fresh store with synthetic attributed articles and claims; returns what the client needs."""
    import hashlib

    from quotetrail.ingest import doc_id
    from quotetrail.store import Store
    from quotetrail.types import Attribution, Metadata, SourceDocument

    rng = random.Random(seed)
    vocab = [_word(rng) for _ in range(3000)] + TOPICS * 20
    people = [f"{_word(rng).title()} {_word(rng, 2, 3).title()}" for _ in range(400)]
    outlets = [
        f"The {_word(rng).title()} {rng.choice(['Times', 'Post', 'Wire', 'Herald'])}" for _ in range(60)
    ]
    docs: list[str] = []
    started = time.monotonic()

    def article(a: int) -> tuple[SourceDocument, str, Metadata, list[Attribution]]:
        lines = [" ".join(rng.choice(vocab) for _ in range(6)).capitalize(), ""]
        spec = []
        for _ in range(per_article):
            speaker = rng.choice(people)
            content = '"' + " ".join(rng.choice(vocab) for _ in range(rng.randint(8, 20))) + '"'
            cue = rng.choice(CUES)
            spec.append((speaker, cue, content))
            lines.append(f"{speaker} {cue} {content} on {rng.choice(['Monday', 'Tuesday', 'Friday'])}.")
        text = "\n".join(lines) + "\n"
        atts, at = [], 0
        for speaker, cue, content in spec:
            s = text.index(speaker, at)
            c = text.index(cue, s + len(speaker))
            q = text.index(content, c + len(cue))
            at = q + len(content)
            atts.append(
                Attribution(
                    source=[(s, s + len(speaker))],
                    cue=[(c, c + len(cue))],
                    content=[(q, q + len(content))],
                    type="direct",
                    speaker=speaker,
                    speaker_kind="person",
                )
            )
        y, m, d = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{y}-{m:02d}-{d:02d}" if rng.random() > 0.05 else None
        meta = Metadata(title=lines[0], outlet=rng.choice(outlets), date=date, language="en", evidence={})
        return (
            SourceDocument(name=f"a{a:06d}", text=text, origin=f"synthetic/a{a:06d}"),
            doc_id(text),
            meta,
            atts,
        )

    with Store(path) as store:
        for first in range(0, articles, 500):
            with store.batch():  # one commit per 500 articles
                for a in range(first, min(first + 500, articles)):
                    doc, did, meta, atts = article(a)
                    store.add_document(doc, did, meta, [])
                    store.replace_statements(did, atts)
                    docs.append(did)
        built = time.monotonic() - started
        store.refresh_speakers()
        speakers_at = time.monotonic() - started
        with sqlite3.connect(path) as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM statements ORDER BY id")]
            keys = [r[0] for r in conn.execute("SELECT key FROM speakers WHERE key IS NOT NULL ORDER BY key")]
        claims, members = [], []
        for k in range(300):
            cid = "cl-" + hashlib.sha256(f"claim {k}".encode()).hexdigest()[:12]
            label = f"claim {k}: " + " ".join(rng.sample(vocab, 6))
            claims.append({"id": cid, "label": label, "label_key": None, "founder": cid})
            for sid in rng.sample(ids, rng.randint(5, 120)):
                members.append((sid, cid, rng.choice(["supports", "opposes", "neither"]), 0.8))
        seen: set[int] = set()
        members = [m for m in members if not (m[0] in seen or seen.add(m[0]))]  # one claim per statement
        store.write_claims(claims, members, threshold=0.7, model="synthetic", replace=True)
        counts = store.counts()
    return {
        "counts": counts,
        "seconds_statements": round(built, 1),
        "seconds_speakers": round(speakers_at - built, 1),
        "seconds_total": round(time.monotonic() - started, 1),
        "docs": docs,
        "speakers": keys,
        "claims": [c["id"] for c in claims],
        "outlets": outlets,
        "words": TOPICS + vocab[:200],
    }


def request_plan(info: dict[str, Any], n: int, seed: int = 11) -> list[tuple[str, str]]:
    """`n` (kind, path) requests in a fixed mix of searches and pages."""
    rng = random.Random(seed)
    q = urllib.parse.quote

    def pick(xs: list[str]) -> str:
        return rng.choice(xs)

    kinds = [
        ("search page", 25, lambda: f"/statements?q={q(pick(info['words']))}"),
        (
            "search page filtered",
            10,
            lambda: f"/statements?q={q(pick(TOPICS))}&outlet={q(pick(info['outlets']))}",
        ),
        (
            "search api",
            15,
            lambda: f"/api/statements?q={q(pick(info['words']))}&date_from={rng.randint(2015, 2022)}",
        ),
        ("speaker statements", 10, lambda: f"/statements?speaker={pick(info['speakers'])}&order=oldest"),
        ("article page", 12, lambda: f"/documents/{pick(info['docs'])}"),
        ("speaker page", 10, lambda: f"/speakers/{pick(info['speakers'])}"),
        ("claim page", 6, lambda: f"/claims/{pick(info['claims'])}"),
        ("document search", 4, lambda: f"/documents?q={q(pick(TOPICS))}&offset={rng.randint(0, 5) * 50}"),
        ("outlets page", 3, lambda: "/outlets"),
        ("speakers api", 3, lambda: f"/api/speakers?limit=50&offset={rng.randint(0, 7) * 50}"),
        ("home", 2, lambda: "/"),
    ]
    weights = [w for _, w, _ in kinds]
    plan = []
    for _ in range(n):
        name, _, make = rng.choices(kinds, weights=weights)[0]
        plan.append((name, make()))
    return plan


def run_client(base: str, plan: list[tuple[str, str]], workers: int, max_seconds: float) -> dict[str, Any]:
    """Send the plan with `workers` threads; latency per request, errors, throughput (bounded in time)."""
    lock = threading.Lock()
    results: list[tuple[str, float, int]] = []
    errors: list[str] = []
    position = 0
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        nonlocal position
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while True:
            with lock:
                if position >= len(plan) or time.monotonic() > deadline:
                    return
                kind, path = plan[position]
                position += 1
            t0 = time.perf_counter()
            try:
                with opener.open(base + path, timeout=60) as r:
                    r.read()
                    status = r.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError as exc:
                status = 0
                with lock:
                    errors.append(f"{path}: {exc}")
            dt = time.perf_counter() - t0
            with lock:
                results.append((kind, dt, status))
                if status not in (0, 200):
                    errors.append(f"{path}: HTTP {status}")

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    def summary(lat: list[float]) -> dict[str, float]:
        lat = sorted(lat)
        cut = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
        return {
            "requests": len(lat),
            "p50_ms": round(cut[49] * 1000, 1),
            "p95_ms": round(cut[94] * 1000, 1),
            "p99_ms": round(cut[98] * 1000, 1),
            "max_ms": round(lat[-1] * 1000, 1),
        }

    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, dt, _ in results:
        by_kind[kind].append(dt)
    return {
        "requests": len(results),
        "planned": len(plan),
        "errors": len(errors),
        "error_examples": errors[:10],
        "workers": workers,
        "seconds": round(elapsed, 1),
        "throughput_rps": round(len(results) / elapsed, 1) if elapsed else 0.0,
        "latency": summary([dt for _, dt, _ in results]),
        "by_kind": {k: summary(v) for k, v in sorted(by_kind.items())},
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(base: str, proc: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not answer in time")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="store to build or reuse (default: a temporary file)")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--per-article", type=int, default=10, help="statements per article")
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--max-seconds", type=float, default=1800, help="stop the loop after this long")
    ap.add_argument("--out", type=Path, help="also write the results as JSON here")
    ap.add_argument("--client", help=argparse.SUPPRESS)  # internal: run as the client process
    args = ap.parse_args(argv)

    if args.client:
        job = json.loads(Path(args.client).read_text())
        result = run_client(job["base"], [tuple(x) for x in job["plan"]], job["workers"], job["max_seconds"])
        print(json.dumps(result))
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="quotetrail-load-"))
    db = args.db or tmp / "load.db"
    info_path = db.with_suffix(".info.json")
    if db.exists() and info_path.exists():
        info = json.loads(info_path.read_text())
        print(f"reusing {db} ({info['counts']})", file=sys.stderr)
    else:
        print(f"building {db}: {args.articles} articles x {args.per_article} statements", file=sys.stderr)
        info = build_store(db, args.articles, args.per_article)
        info_path.write_text(json.dumps(info))
        print(f"built {info['counts']} in {info['seconds_total']} s", file=sys.stderr)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "QUOTETRAIL_TOKEN"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quotetrail",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_up(base, server)
        job = tmp / "job.json"
        plan = request_plan(info, args.requests)
        job.write_text(
            json.dumps({"base": base, "plan": plan, "workers": args.workers, "max_seconds": args.max_seconds})
        )
        load = os.getloadavg()
        client = subprocess.run(
            [sys.executable, __file__, "--client", str(job)], capture_output=True, text=True, check=True
        )
        result = json.loads(client.stdout)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    result["store"] = info["counts"]
    result["build_seconds"] = {
        k: info[k] for k in ("seconds_statements", "seconds_speakers", "seconds_total")
    }
    result["loadavg_before"] = [round(x, 2) for x in load]
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    result["cpus"] = os.cpu_count()
    result["date"] = time.strftime("%Y-%m-%d %H:%M %Z")
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    return 1 if result["errors"] or result["requests"] < result["planned"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
