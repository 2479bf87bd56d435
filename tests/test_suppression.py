"""Suppression comments, per-file-ignores and the baseline, all applied by the engine."""

from __future__ import annotations

import json

from conftest import CLEAN_LINE, MOJIBAKE_LINE, write
from prose_lint.engine import lint_text
from prose_lint.nlp import DEFAULT_MODEL
from prose_lint.rules_loader import load_rules

MOJIBAKE_RULES = [rule for rule in load_rules([]) if rule.id in ("mojibake", "encoding")]


def lines_flagged(markdown: str) -> list[int]:
    findings = lint_text(markdown, MOJIBAKE_RULES, model=DEFAULT_MODEL, path="chapter.md", markdown=True)
    return [finding.line for finding in findings]


# Comments


def test_disable_and_enable_a_rule_for_a_region():
    text = (
        f"{MOJIBAKE_LINE}\n"  # 1
        "<!-- prose-lint disable mojibake -->\n\n"  # 3
        f"{MOJIBAKE_LINE}\n"  # 5
        "<!-- prose-lint enable mojibake -->\n\n"  # 7
        f"{MOJIBAKE_LINE}"  # 9
    )
    assert lines_flagged(text) == [1, 9]


def test_disable_without_ids_silences_every_rule_until_enable():
    text = f"<!-- prose-lint disable -->\n\n{MOJIBAKE_LINE}<!-- prose-lint enable -->\n\n{MOJIBAKE_LINE}"
    assert lines_flagged(text) == [6]


def test_disable_without_enable_runs_to_the_end_of_the_file():
    assert lines_flagged(f"<!-- prose-lint disable mojibake -->\n\n{MOJIBAKE_LINE}\n{MOJIBAKE_LINE}") == []


def test_disable_of_another_rule_leaves_this_one_alone():
    assert lines_flagged(f"<!-- prose-lint disable name-repetition -->\n\n{MOJIBAKE_LINE}") == [3]


def test_disable_next_line_silences_only_the_next_line():
    text = f"<!-- prose-lint disable-next-line mojibake -->\n{MOJIBAKE_LINE}{MOJIBAKE_LINE}"
    assert lines_flagged(text) == [3]


def test_a_directive_inside_a_code_block_is_not_a_directive():
    text = f"```\n<!-- prose-lint disable -->\n```\n\n{MOJIBAKE_LINE}"
    assert lines_flagged(text) == [5]


def test_unknown_rule_id_in_a_comment_is_a_warning_with_file_and_line(run_cli, tmp_path):
    write(tmp_path / "chapter.md", f"Intro.\n\n<!-- prose-lint disable mojibak -->\n\n{MOJIBAKE_LINE}")
    result = run_cli(["--select", "mojibake", "chapter.md"])
    assert result.err == "prose-lint: warning: chapter.md:3: unknown rule id 'mojibak' in a prose-lint comment\n"
    assert result.code == 1
    assert result.out.startswith("chapter.md:5:20: error mojibake")


# per-file-ignores


def test_per_file_ignores_skip_rules_for_matching_files(run_cli, tmp_path):
    write(tmp_path / ".prose-lint.yaml", "per-file-ignores:\n  'drafts/*.txt': [mojibake]\n  notes.txt: [mojibake]\n")
    for name in ["drafts/one.txt", "chapters/notes.txt", "chapters/two.txt"]:
        write(tmp_path / name, MOJIBAKE_LINE)
    result = run_cli(["--select", "mojibake", "drafts", "chapters"])
    assert [line.split(":")[0] for line in result.out.splitlines()] == ["chapters/two.txt"]


def test_unknown_rule_id_in_per_file_ignores_is_a_warning_with_file_and_line(run_cli, tmp_path):
    config = write(tmp_path / ".prose-lint.yaml", "fail-on: error\nper-file-ignores:\n  '*.txt': [mojibake, mojibak]\n")
    write(tmp_path / "one.txt", MOJIBAKE_LINE)
    result = run_cli(["--select", "mojibake", "one.txt"])
    assert result.err == f"prose-lint: warning: {config}:3: unknown rule id 'mojibak' in per-file-ignores\n"
    assert (result.code, result.out) == (0, "")


def test_per_file_ignores_must_map_globs_to_rule_ids(run_cli, tmp_path):
    config = write(tmp_path / ".prose-lint.yaml", "per-file-ignores: [a, b]\n")
    result = run_cli(["never-read.txt"])
    assert result.code == 2
    assert result.err == f"prose-lint: invalid config: {config}:1: per-file-ignores: expected a mapping of globs to rule ids\n"


# Baseline


def test_baseline_hides_recorded_findings_even_after_lines_move(run_cli, tmp_path):
    chapter = write(tmp_path / "chapter.txt", f"{CLEAN_LINE}{MOJIBAKE_LINE}")
    recorded = run_cli(["--select", "mojibake", "--write-baseline", "baseline.json", "chapter.txt"])
    assert (recorded.code, recorded.out) == (0, "")
    baseline = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert [(e["path"], e["rule"], e["line"]) for e in baseline["findings"]] == [("chapter.txt", "mojibake", 2)]

    # Three new lines above the accepted finding, and one new finding below it.
    chapter.write_text(f"New.\nNew.\nNew.\n{CLEAN_LINE}{MOJIBAKE_LINE}She didnâ€™t look back.\n", encoding="utf-8")
    result = run_cli(["--select", "mojibake", "--baseline", "baseline.json", "chapter.txt"])
    assert result.out.splitlines() == ["chapter.txt:6:9: error mojibake 'â€™' is UTF-8 misread as windows-1252: replace with '’'"]
    assert result.code == 1


def test_baseline_hides_each_recorded_finding_once(run_cli, tmp_path):
    chapter = write(tmp_path / "chapter.txt", MOJIBAKE_LINE)
    run_cli(["--select", "mojibake", "--write-baseline", "baseline.json", "chapter.txt"])
    chapter.write_text(MOJIBAKE_LINE * 2, encoding="utf-8")
    result = run_cli(["--select", "mojibake", "--baseline", "baseline.json", "chapter.txt"])
    assert len(result.out.splitlines()) == 1


def test_editing_the_sentence_of_a_finding_makes_it_new(run_cli, tmp_path):
    chapter = write(tmp_path / "chapter.txt", MOJIBAKE_LINE)
    run_cli(["--select", "mojibake", "--write-baseline", "baseline.json", "chapter.txt"])
    chapter.write_text(MOJIBAKE_LINE.replace("corner", "square"), encoding="utf-8")
    result = run_cli(["--select", "mojibake", "--baseline", "baseline.json", "chapter.txt"])
    assert result.code == 1


def test_a_bad_baseline_file_exits_2(run_cli, tmp_path):
    write(tmp_path / "baseline.json", "[1, 2]")
    result = run_cli(["--baseline", "baseline.json", "never-read.txt"])
    assert result.code == 2
    assert result.err.startswith("prose-lint: invalid config: baseline.json: not a prose-lint baseline")
