"""Ingest benchmark: throughput and peak memory of `quotetrail ingest` on synthetic WARC files.

Writes WARC.gz files of synthetic news pages (HTML with navigation, article, comments and footer;
about 5% are republished copies of another page with small edits), ingests each in a fresh
process into a fresh database, and reports pages per second and the peak resident memory of that
process (from wait4's rusage). `--check` exits non-zero unless the largest run keeps at least
`--min-rate` pages/s and its peak memory stays within `--max-growth` times the smallest run's.

    python bench/ingest_warc.py --pages 1000 10000 --check
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

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
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The {site} Courier</title>
<meta property="og:site_name" content="The {site} Courier">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T08:00:00Z">
<link rel="canonical" href="{url}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<header><h1>{title}</h1><p class="byline">By {author}</p></header>
<article>{paragraphs}</article>
<aside><h3>Also on {site_host}</h3><ul><li><a href="/a">Ferry fares rise again</a></li></ul></aside>
<section class="comments"><h3>Leave a comment</h3><form><textarea></textarea><button>Post</button></form>
</section><footer>Copyright The {site} Courier. All rights reserved.</footer></body></html>
"""


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def _sentence(rng: random.Random) -> str:
    words = [_word(rng) for _ in range(rng.randint(8, 18))]
    if rng.random() < 0.3:
        quote = " ".join(_word(rng) for _ in range(rng.randint(5, 10)))
        return f'"{quote.capitalize()}," said {_word(rng).capitalize()} {_word(rng).capitalize()}.'
    return " ".join(words).capitalize() + "."


def _article(rng: random.Random) -> list[str]:
    return [" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(5, 9))]


def _page(rng: random.Random, i: int, paragraphs: list[str]) -> tuple[str, bytes, str]:
    site = _word(rng).capitalize()
    host = f"{site.lower()}-courier.example"
    url = f"https://{host}/news/{i}"
    date = f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    html = PAGE.format(
        title=" ".join(_word(rng) for _ in range(6)).capitalize(),
        site=site,
        site_host=host,
        author=f"{_word(rng).capitalize()} {_word(rng).capitalize()}",
        date=date,
        url=url,
        paragraphs="".join(f"<p>{p}</p>" for p in paragraphs),
    )
    return url, html.encode("utf-8"), date


def pages(n: int, seed: int = 7):
    """n synthetic pages; every 20th republishes an earlier article with one paragraph dropped."""
    rng = random.Random(seed)
    articles: list[list[str]] = []
    for i in range(n):
        if i % 20 == 19 and articles:
            body = list(rng.choice(articles))
            del body[rng.randrange(len(body))]
        else:
            body = _article(rng)
            articles.append(body)
            if len(articles) > 200:
                articles.pop(0)
        yield _page(rng, i, body)


def write_warc(path: Path, n: int) -> None:
    """A gzipped WARC with one request and one HTML response record per page."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body, date in pages(n):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": f"{date}T09:00:00Z"},
            )
            writer.write_record(record)


def ingest(warc: Path, db: Path) -> dict[str, float]:
    """Run `quotetrail ingest` in its own process; wall time and that process's peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "quotetrail", "ingest", str(warc), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ingest failed:\n{out}\n{err}")
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "summary": out.strip(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--check", action="store_true", help="fail unless the floors below hold")
    ap.add_argument("--min-rate", type=float, default=50.0, help="pages/s the largest run must keep")
    ap.add_argument("--max-growth", type=float, default=2.0, help="peak RSS ratio largest/smallest run")
    ap.add_argument("-o", "--output", help="also write the results as JSON here")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(args.pages):
            warc = Path(tmp, f"pages-{n}.warc.gz")
            write_warc(warc, n)
            run = ingest(warc, Path(tmp, f"pages-{n}.db"))
            run.update(
                pages=n,
                warc_mb=round(warc.stat().st_size / 2**20, 1),
                pages_per_s=round(n / run["seconds"], 1),
            )
            results.append(run)
            print(
                f"{n:>6} pages  {run['seconds']:>7.1f} s  {run['pages_per_s']:>6.1f} pages/s  "
                f"peak RSS {run['peak_rss_mb']:>6.1f} MB  | {run['summary'].splitlines()[0]}"
            )
    growth = results[-1]["peak_rss_mb"] / results[0]["peak_rss_mb"]
    print(f"peak RSS growth {results[0]['pages']} -> {results[-1]['pages']} pages: x{growth:.2f}")
    if args.output:
        Path(args.output).write_text(json.dumps({"runs": results, "rss_growth": round(growth, 2)}, indent=2))
    if args.check:
        failures = []
        if results[-1]["pages_per_s"] < args.min_rate:
            failures.append(f"{results[-1]['pages_per_s']} pages/s < {args.min_rate}")
        if growth > args.max_growth:
            failures.append(f"peak RSS grew x{growth:.2f} > x{args.max_growth}")
        if failures:
            raise SystemExit("benchmark floor not met: " + "; ".join(failures))
        print("benchmark floors hold")


if __name__ == "__main__":
    main()
