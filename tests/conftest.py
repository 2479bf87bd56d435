"""Shared helpers: rule and config files written to tmp_path, and the command
line run in-process (or, where a fresh interpreter matters, as a subprocess)."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from prose_lint.cli import main
from prose_lint.config import find_config

# Mojibake needs no parse, so these texts keep CLI tests free of spaCy.
MOJIBAKE_LINE = "They met at the cafÃ© on the corner.\n"
CLEAN_LINE = "They met at the café on the corner.\n"


def write(path: Path, text: str) -> Path:
    """Write dedented ``text`` to ``path``, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def mojibake_rule_yaml(rule_id: str = "my-mojibake", severity: str = "warning") -> str:
    return (
        f"id: {rule_id}\n"
        "kind: mojibake\n"
        f"severity: {severity}\n"
        "message: \"'{found}' should read '{repaired}'\"\n"
    )


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def write_rule(tmp_path):
    """Write a rule file into ``tmp_path/rules`` (or ``folder``) and return its path."""

    def _write_rule(text: str, name: str = "rule.yaml", folder: str = "rules") -> Path:
        return write(tmp_path / folder / name, text)

    return _write_rule


@pytest.fixture
def run_cli(capsys, monkeypatch, tmp_path):
    """Run ``prose_lint.cli.main`` in-process and capture its exit code and output.

    The working directory defaults to ``tmp_path`` so that the repository's own
    ``.prose-lint.yaml``, if it ever gets one, does not leak into a test.
    """
    stray = find_config(tmp_path.parent)
    if stray is not None:
        pytest.fail(f"{stray} would be discovered by every command-line test; remove it")

    def _run(args: list[str], stdin: bytes | None = None, cwd: Path | None = None) -> CliResult:
        monkeypatch.chdir(cwd or tmp_path)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capsys.readouterr()
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse exits on usage errors
            code = exit_.code
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return _run


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter of the same environment."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Runs write their analysis cache under a temporary folder, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


# The character report of seeds/ and of a story whose text and file name hold markup.
HOSTILE_NAME = "<img src=x onerror=alert(3)>.txt"
HOSTILE_TEXT = (
    "Mara Lind wrote <script>alert(1)</script> on the cafÃ© wall. Mara Lind laughed.\n\n"
    "She left a note: </textarea></script><b>not bold</b>. Mara Lind went home.\n"
)


@dataclass
class ReportRun:
    code: int
    path: Path
    html: str
    hostile: Path


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory) -> ReportRun:
    """``prose-lint report seeds/ HOSTILE -o report.html``, run once in-process."""
    root = Path(__file__).resolve().parents[1]
    folder = tmp_path_factory.mktemp("report")
    hostile = write(folder / "untrusted" / HOSTILE_NAME, HOSTILE_TEXT)
    output = folder / "out" / "report.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))  # never the user's cache
        code = main(["report", "seeds/", str(hostile), "-o", str(output)])
    return ReportRun(code, output, output.read_text(encoding="utf-8"), hostile)
