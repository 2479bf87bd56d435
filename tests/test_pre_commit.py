"""The pre-commit hooks, for real: ``pre-commit try-repo`` on this checkout,
in a temporary git repository with a chapter that has a finding.

pre-commit builds the hook's own environment (pip-installing this checkout),
so this is slow; it is marked, and ``.ci/run`` runs it like every other test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLEAN_LINE, MOJIBAKE_LINE

CHECKOUT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git"),
    pytest.mark.skipif(not (CHECKOUT / ".pre-commit-hooks.yaml").is_file(), reason="not a checkout"),
]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    # Shared by the tests of this module, so the hook environment is built once.
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repo(tmp_path) -> Path:
    repo = tmp_path / "novel"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "writer@example.org")
    git(repo, "config", "user.name", "A Writer")
    # The project's settings: only the mojibake rule, so no test waits on spaCy.
    (repo / ".prose-lint.yaml").write_text("select: [mojibake]\n", encoding="utf-8")
    (repo / "chapter1.md").write_text(f"# Chapter 1\n\n{MOJIBAKE_LINE}", encoding="utf-8")
    git(repo, "add", ".")
    return repo


def try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(CHECKOUT), hook, "--verbose"],
        cwd=repo,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**_environment(), "PRE_COMMIT_HOME": str(home)},
        timeout=1200,
    )


def _environment() -> dict:
    import os

    # The hook must not see this test run's virtual environment.
    return {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}


def test_the_hook_blocks_a_commit_with_a_finding_and_passes_once_it_is_fixed(repo, pre_commit_home):
    blocked = try_repo(repo, "prose-lint", pre_commit_home)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "chapter1.md:3:20: error mojibake 'Ã©' is UTF-8 misread as latin-1: replace with 'é'" in blocked.stdout

    (repo / "chapter1.md").write_text(f"# Chapter 1\n\n{CLEAN_LINE}", encoding="utf-8")
    git(repo, "add", "chapter1.md")
    passed = try_repo(repo, "prose-lint", pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_the_fix_hook_repairs_the_file_and_fails_as_pre_commit_expects(repo, pre_commit_home):
    fixing = try_repo(repo, "prose-lint-fix", pre_commit_home)
    assert fixing.returncode == 1, fixing.stdout + fixing.stderr
    assert "files were modified by this hook" in fixing.stdout
    assert (repo / "chapter1.md").read_text(encoding="utf-8") == f"# Chapter 1\n\n{CLEAN_LINE}"

    git(repo, "add", "chapter1.md")
    again = try_repo(repo, "prose-lint-fix", pre_commit_home)
    assert again.returncode == 0, again.stdout + again.stderr


def test_the_manifest_and_the_readme_consumer_config_are_valid(tmp_path):
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    start = readme.index("# .pre-commit-config.yaml in a manuscript repository")
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(readme[start : readme.index("```", start)], encoding="utf-8")
    for command, path in (("validate-manifest", CHECKOUT / ".pre-commit-hooks.yaml"), ("validate-config", config)):
        completed = subprocess.run(
            [sys.executable, "-m", "pre_commit", command, str(path)], capture_output=True, text=True, timeout=120
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "id: prose-lint-fix" in readme and "id: prose-lint," in readme
