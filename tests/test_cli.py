"""The command line: exit codes, inputs, rule selection and configuration.

Only the mojibake kind runs here (built in, or as user rules), so no test
loads spaCy; the parse-based rules are tested elsewhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CLEAN_LINE, MOJIBAKE_LINE, mojibake_rule_yaml, run_python, write
from prose_lint.cli import discover
from prose_lint.kinds import KINDS
from prose_lint.kinds import Analysis
from prose_lint.rules_loader import BUILTIN_RULES, load_rules

# MOJIBAKE_LINE is "They met at the cafÃ© on the corner."; "Ã©" is its 20th and 21st character.
BUILTIN_MESSAGE = "'Ã©' is UTF-8 misread as latin-1: replace with 'é'"
USER_MESSAGE = "'Ã©' should read 'é'"
# Every built-in rule file, as the error message lists them: sorted ids.
KNOWN_IDS = ", ".join(sorted(path.stem for path in BUILTIN_RULES.glob("*.yaml")))


def builtin_finding(path: str, line: int = 1) -> str:
    return f"{path}:{line}:20: error mojibake {BUILTIN_MESSAGE}"


@pytest.fixture
def user_rules(tmp_path) -> Path:
    """Two user rules of kind mojibake, one per severity we need."""
    folder = tmp_path / "house-rules"
    write(folder / "soft.yaml", mojibake_rule_yaml("soft-mojibake", "warning"))
    write(folder / "hint.yml", mojibake_rule_yaml("hint-mojibake", "info"))
    return folder


# Exit codes


def test_clean_text_exits_0_and_prints_nothing(run_cli, tmp_path):
    prose = write(tmp_path / "clean.txt", CLEAN_LINE)
    result = run_cli(["--select", "mojibake", prose])
    assert (result.code, result.out, result.err) == (0, "", "")


def test_error_finding_exits_1(run_cli, tmp_path):
    prose = write(tmp_path / "bad.txt", CLEAN_LINE + MOJIBAKE_LINE)
    result = run_cli(["--select", "mojibake", prose])
    assert result.code == 1
    assert result.out == builtin_finding(str(prose), line=2) + "\n"
    assert result.err == ""


def test_warning_exits_1_by_default(run_cli, tmp_path, user_rules):
    prose = write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    result = run_cli(["--rules", user_rules, "--select", "soft-mojibake", prose])
    assert result.code == 1
    assert result.out == f"{prose}:1:20: warning soft-mojibake {USER_MESSAGE}\n"


def test_warning_exits_0_with_fail_on_error_but_is_still_reported(run_cli, tmp_path, user_rules):
    prose = write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    result = run_cli(["--rules", user_rules, "--select", "soft-mojibake", "--fail-on", "error", prose])
    assert result.code == 0
    assert result.out == f"{prose}:1:20: warning soft-mojibake {USER_MESSAGE}\n"


@pytest.mark.parametrize("fail_on, code", [("info", 1), ("warning", 0), ("error", 0)])
def test_info_finding_against_each_fail_on(run_cli, tmp_path, user_rules, fail_on, code):
    prose = write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    result = run_cli(["--rules", user_rules, "--select", "hint-mojibake", "--fail-on", fail_on, prose])
    assert result.code == code
    assert result.out == f"{prose}:1:20: info hint-mojibake {USER_MESSAGE}\n"


def test_missing_file_exits_2_after_linting_the_others(run_cli, tmp_path):
    prose = write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    missing = tmp_path / "missing.txt"
    result = run_cli(["--select", "mojibake", missing, prose])
    assert result.code == 2
    assert result.err == f"prose-lint: cannot read {missing}: No such file or directory\n"
    assert result.out == builtin_finding(str(prose)) + "\n"


def test_no_path_exits_2_with_usage(run_cli):
    result = run_cli(["--select", "mojibake"])
    assert result.code == 2
    assert result.err.startswith("usage: prose-lint")
    assert result.err.endswith("prose-lint: error: no PATH given\n")
    assert result.out == ""


def test_unknown_option_exits_2(run_cli, tmp_path):
    result = run_cli(["--no-such-option", tmp_path])
    assert result.code == 2
    assert "unrecognized arguments: --no-such-option" in result.err


def test_bad_rules_folder_exits_2_before_reading_any_prose(run_cli, tmp_path, write_rule):
    bad_rule = write_rule(mojibake_rule_yaml(severity="loud"))
    missing_prose = tmp_path / "never-read.txt"
    result = run_cli(["--rules", bad_rule.parent, missing_prose])
    assert result.code == 2
    assert result.err == (
        f"prose-lint: invalid config: {bad_rule}:3: severity: "
        "unknown severity 'loud' (allowed: info, warning, error)\n"
    )
    assert result.out == ""


def test_missing_rules_folder_exits_2(run_cli, tmp_path):
    result = run_cli(["--rules", tmp_path / "nowhere", tmp_path / "never-read.txt"])
    assert result.code == 2
    assert result.err == f"prose-lint: invalid config: {tmp_path / 'nowhere'}: rules directory not found\n"


def test_unknown_rule_id_in_select_exits_2(run_cli, tmp_path):
    result = run_cli(["--select", "mojibake,nope", tmp_path / "never-read.txt"])
    assert result.code == 2
    assert result.err == (
        f"prose-lint: invalid config: command line: unknown rule id 'nope' (known: {KNOWN_IDS})\n"
    )


def test_the_command_collects_young_garbage_and_freezes_the_rest_at_exit(tmp_path):
    # In a fresh interpreter: a frozen collector would leak in this one.
    write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    code = (
        "import gc, sys\n"
        "from prose_lint.cli import command\n"
        "sys.argv = ['prose-lint', '--select', 'mojibake', 'bad.txt']\n"
        "code = command()\n"
        "print(code, gc.get_threshold()[0], gc.get_freeze_count() > 0, gc.isenabled())\n"
    )
    result = run_python(code, tmp_path)
    assert result.stdout.splitlines()[-1] == "1 50000 True True", result.stdout + result.stderr


def test_main_module_exits_with_the_code_of_main(tmp_path):
    write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    completed = subprocess.run(
        [sys.executable, "-m", "prose_lint", "--select", "mojibake", "bad.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert completed.returncode == 1
    assert completed.stdout == builtin_finding("bad.txt") + "\n"


# Inputs


def test_dash_reads_stdin_and_reports_the_stdin_filename(run_cli):
    result = run_cli(
        ["--select", "mojibake", "--stdin-filename", "book/chapter1.txt", "-"],
        stdin=(CLEAN_LINE + MOJIBAKE_LINE).encode("utf-8"),
    )
    assert result.code == 1
    assert result.out == builtin_finding("book/chapter1.txt", line=2) + "\n"


def test_stdin_is_reported_as_stdin_by_default(run_cli):
    result = run_cli(["--select", "mojibake", "-"], stdin=MOJIBAKE_LINE.encode("utf-8"))
    assert result.out == builtin_finding("<stdin>") + "\n"


def test_stdin_with_a_bom_and_invalid_bytes_is_linted_not_rejected(run_cli):
    data = b"\xef\xbb\xbf" + MOJIBAKE_LINE.encode("utf-8") + b"caf\xe9\n"
    result = run_cli(["--select", "mojibake", "-"], stdin=data)
    # The BOM is not a character of line 1, so the column is the same as without it.
    assert result.out == builtin_finding("<stdin>") + "\n"
    assert result.code == 1


def test_directory_is_searched_for_prose_in_natural_order(run_cli, tmp_path):
    book = tmp_path / "book"
    for name in ["chapter10.txt", "chapter2.txt", "chapter1.md", "part2/chapter11.txt", "Epilogue.TXT"]:
        write(book / name, MOJIBAKE_LINE)
    for skipped in [".drafts/chapter3.txt", ".notes.txt", "cover.rst", "chapter4.txt.bak", "part2/.git/HEAD.txt"]:
        write(book / skipped, MOJIBAKE_LINE)
    result = run_cli(["--select", "mojibake", "book"])
    assert result.code == 1
    reported = [line.split(":", 1)[0] for line in result.out.splitlines()]
    assert reported == [
        "book/chapter1.md",
        "book/chapter2.txt",
        "book/chapter10.txt",
        "book/Epilogue.TXT",
        "book/part2/chapter11.txt",
    ]


def test_discover_keeps_files_and_stdin_as_given_and_expands_folders(tmp_path):
    write(tmp_path / "book" / "b2.md", "x")
    write(tmp_path / "book" / "b10.md", "x")
    given = str(tmp_path / "notes.rst")
    assert list(discover([given, "-", str(tmp_path / "book")])) == [
        given,
        "-",
        str(tmp_path / "book" / "b2.md"),
        str(tmp_path / "book" / "b10.md"),
    ]


def test_findings_follow_the_order_of_the_paths_given(run_cli, tmp_path):
    for name in ["a.txt", "b.txt"]:
        write(tmp_path / name, MOJIBAKE_LINE)
    result = run_cli(["--select", "mojibake", "b.txt", "a.txt"])
    assert [line.split(":", 1)[0] for line in result.out.splitlines()] == ["b.txt", "a.txt"]


# Output formats


def test_json_format_on_the_command_line(run_cli, tmp_path):
    write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    result = run_cli(["--select", "mojibake", "--format", "json", "bad.txt"])
    assert result.code == 1
    assert json.loads(result.out) == {
        "version": 1,
        "findings": [
            {
                "path": "bad.txt",
                "line": 1,
                "column": 20,
                "end_line": 1,
                "end_column": 22,
                "rule": "mojibake",
                "severity": "error",
                "message": BUILTIN_MESSAGE,
                "character": None,
                "fix": {"line": 1, "column": 20, "end_line": 1, "end_column": 22, "replacement": "é"},
            }
        ],
    }


def test_json_format_without_findings_still_prints_a_document(run_cli, tmp_path):
    write(tmp_path / "clean.txt", CLEAN_LINE)
    result = run_cli(["--select", "mojibake", "--format", "json", "clean.txt"])
    assert (result.code, json.loads(result.out)) == (0, {"version": 1, "findings": []})


def test_github_format_on_the_command_line(run_cli, tmp_path):
    write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    result = run_cli(["--select", "mojibake", "--format", "github", "bad.txt"])
    assert result.out == (
        f"::error file=bad.txt,line=1,col=20,endLine=1,endColumn=22,title=mojibake::{BUILTIN_MESSAGE}\n"
    )


# Selecting rules


def reported_rules(output: str) -> list[str]:
    return [line.split(": ", 1)[1].split()[1] for line in output.splitlines()]


@pytest.mark.parametrize(
    "arguments",
    [
        ["--select", "soft-mojibake,hint-mojibake"],
        ["--select", "soft-mojibake", "--select", "hint-mojibake"],
        ["--select", "soft-mojibake, hint-mojibake"],
    ],
    ids=["comma", "repeated", "comma-and-space"],
)
def test_select_takes_comma_separated_and_repeated_ids(run_cli, tmp_path, user_rules, arguments):
    write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    result = run_cli(["--rules", user_rules, *arguments, "bad.txt"])
    # Same span, so findings are ordered by rule id.
    assert reported_rules(result.out) == ["hint-mojibake", "soft-mojibake"]


@pytest.mark.parametrize(
    "arguments",
    [
        ["--ignore", "name-repetition,pronoun-gender-drift,soft-mojibake"],
        ["--ignore", "name-repetition", "--ignore", "pronoun-gender-drift,soft-mojibake"],
    ],
    ids=["comma", "repeated"],
)
def test_ignore_takes_comma_separated_and_repeated_ids(run_cli, tmp_path, user_rules, arguments):
    write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    result = run_cli(["--rules", user_rules, *arguments, "bad.txt"])
    assert reported_rules(result.out) == ["hint-mojibake", "mojibake"]


def test_ignore_applies_after_select(run_cli, tmp_path, user_rules):
    write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    result = run_cli(
        ["--rules", user_rules, "--select", "mojibake,soft-mojibake", "--ignore", "mojibake", "bad.txt"]
    )
    assert reported_rules(result.out) == ["soft-mojibake"]


def test_list_rules_prints_the_builtin_rules(run_cli):
    expected = []
    for path in sorted(BUILTIN_RULES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        expected.append("\t".join([data["id"], data["kind"], data["severity"], data["description"]]))
    result = run_cli(["--list-rules"])
    assert result.code == 0
    assert result.out.splitlines() == expected
    assert [line.split("\t")[0] for line in expected] == KNOWN_IDS.split(", ")


def test_list_rules_includes_user_rules_and_honours_select(run_cli, tmp_path, user_rules):
    write(user_rules / "described.yaml", mojibake_rule_yaml("described") + "description: our house style\n")
    result = run_cli(["--rules", user_rules, "--list-rules", "--select", "hint-mojibake,described"])
    assert result.out.splitlines() == [
        "described\tmojibake\twarning\tour house style",
        f"hint-mojibake\tmojibake\tinfo\t{KINDS['mojibake'].description}",
    ]


def test_user_rule_replaces_the_builtin_rule_with_its_id(run_cli, tmp_path, write_rule):
    folder = write_rule(mojibake_rule_yaml("mojibake", "info")).parent
    write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    result = run_cli(["--rules", folder, "--select", "mojibake", "bad.txt"])
    assert result.out == f"bad.txt:1:20: info mojibake {USER_MESSAGE}\n"
    assert result.code == 0


# .prose-lint.yaml


@pytest.fixture
def project(tmp_path, user_rules) -> Path:
    """A project whose settings select the warning rule and fail only on errors."""
    write(
        tmp_path / ".prose-lint.yaml",
        """\
        rules: [house-rules]
        select: [soft-mojibake]
        fail-on: error
        """,
    )
    write(tmp_path / "chapters" / "one.txt", MOJIBAKE_LINE)
    return tmp_path


def test_config_is_found_in_the_working_directory(run_cli, project):
    result = run_cli(["chapters"], cwd=project)
    assert result.out == f"chapters/one.txt:1:20: warning soft-mojibake {USER_MESSAGE}\n"
    assert result.code == 0


def test_config_is_found_from_a_subdirectory(run_cli, project):
    result = run_cli(["one.txt"], cwd=project / "chapters")
    assert result.out == f"one.txt:1:20: warning soft-mojibake {USER_MESSAGE}\n"
    assert result.code == 0


def test_yml_config_is_found_too(run_cli, project):
    (project / ".prose-lint.yaml").rename(project / ".prose-lint.yml")
    result = run_cli(["chapters"], cwd=project)
    assert reported_rules(result.out) == ["soft-mojibake"]


def test_config_named_on_the_command_line_wins_over_discovery(run_cli, project, tmp_path):
    other = write(tmp_path / "elsewhere" / "strict.yaml", "select: [mojibake]\n")
    result = run_cli(["--config", other, "chapters"], cwd=project)
    assert result.out == builtin_finding("chapters/one.txt") + "\n"
    assert result.code == 1


def test_missing_config_named_on_the_command_line_exits_2(run_cli, tmp_path):
    missing = tmp_path / "nope.yaml"
    result = run_cli(["--config", missing, "never-read.txt"])
    assert result.code == 2
    assert result.err.startswith(f"prose-lint: invalid config: {missing}: cannot read: ")
    assert result.out == ""


def test_command_line_overrides_config_select_and_fail_on(run_cli, project):
    result = run_cli(["--select", "hint-mojibake", "--fail-on", "info", "chapters"], cwd=project)
    assert reported_rules(result.out) == ["hint-mojibake"]
    assert result.code == 1


def test_command_line_ignore_adds_to_config_ignore(run_cli, project):
    write(project / ".prose-lint.yaml", "rules: [house-rules]\nignore: [name-repetition, pronoun-gender-drift]\n")
    result = run_cli(["--ignore", "soft-mojibake", "chapters"], cwd=project)
    assert reported_rules(result.out) == ["hint-mojibake", "mojibake"]


def test_bad_config_exits_2_before_reading_any_prose(run_cli, project):
    config = write(project / ".prose-lint.yaml", "rules: [house-rules]\nselect: [soft-mojibake]\nfail_on: error\n")
    result = run_cli(["never-read.txt"], cwd=project)
    assert result.code == 2
    assert result.err == (
        f"prose-lint: invalid config: {config}:3: fail_on: "
        "unknown key (allowed: cast, fail-on, ignore, manuscripts, model, per-file-ignores, rules, select)\n"
    )
    assert result.out == ""


def test_unknown_rule_id_in_config_is_blamed_on_the_config(run_cli, project):
    config = write(project / ".prose-lint.yaml", "rules: [house-rules]\nignore: [soft-mojibak]\n")
    # A valid --select on the command line must not take the blame for the config's typo.
    result = run_cli(["--select", "hint-mojibake", "chapters"], cwd=project)
    assert result.code == 2
    assert result.err.startswith(f"prose-lint: invalid config: {config}: unknown rule id 'soft-mojibak' (known: ")


def test_unknown_rule_id_on_the_command_line_is_blamed_on_the_command_line(run_cli, project):
    result = run_cli(["--ignore", "nope", "chapters"], cwd=project)
    assert result.code == 2
    assert result.err.startswith("prose-lint: invalid config: command line: unknown rule id 'nope' (known: ")


# Lazy loading


@pytest.mark.parametrize(
    "arguments",
    [
        ["--select", "mojibake", "PROSE"],
        ["--rules", "RULES", "--ignore", "PARSED_BUILTINS", "PROSE"],
        ["--list-rules"],
    ],
    ids=["builtin-mojibake", "user-rules", "list-rules"],
)
def test_runs_that_need_no_parse_never_import_spacy(tmp_path, user_rules, arguments):
    prose = write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    parsed_builtins = ",".join(
        rule.id for rule in load_rules([]) if rule.kind.needs > Analysis.TEXT
    )
    replacements = {"PROSE": str(prose), "RULES": str(user_rules), "PARSED_BUILTINS": parsed_builtins}
    argv = [replacements.get(a, a) for a in arguments]
    script = f"""
import importlib.util, json, sys
from prose_lint.cli import main
code = main({argv!r})
sys.stdout.flush()
print(json.dumps({{
    "code": code,
    "spacy_installed": importlib.util.find_spec("spacy") is not None,
    "spacy_modules": sorted(name for name in sys.modules if name.split(".")[0] in ("spacy", "thinc", "coreferee")),
}}))
"""
    completed = run_python(script, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout.splitlines()[-1])
    # Without spaCy installed the absence below would prove nothing.
    assert report["spacy_installed"]
    assert report["spacy_modules"] == []
    # The run did its work: either it listed rules or it found the mojibake.
    assert report["code"] == (0 if "--list-rules" in arguments else 1)
    assert len(completed.stdout.splitlines()) > 1


# Bad input never stops the run


def test_each_unreadable_input_gets_one_line_and_the_others_are_still_linted(run_cli, tmp_path):
    book = tmp_path / "book"
    write(book / "a-good.txt", MOJIBAKE_LINE)
    (book / "b-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (book / "c-loop.txt").symlink_to(book / "c-loop.txt")
    (book / "d-folder-loop").symlink_to(book)
    os.mkfifo(book / "e-pipe.txt")
    (book / "z-good.md").write_bytes(MOJIBAKE_LINE.encode())
    result = run_cli(["--select", "mojibake", "book", "missing.txt"])
    assert result.code == 2
    assert sorted(result.err.splitlines()) == [
        "prose-lint: cannot read book/c-loop.txt: Too many levels of symbolic links",
        "prose-lint: cannot read book/e-pipe.txt: not a regular file",
        "prose-lint: cannot read missing.txt: No such file or directory",
        "prose-lint: skipped book/b-binary.txt: not text (NUL bytes)",
    ]
    assert result.out == builtin_finding("book/a-good.txt") + "\n" + builtin_finding("book/z-good.md") + "\n"


def test_a_file_that_cannot_be_opened_is_one_line(run_cli, tmp_path, monkeypatch):
    write(tmp_path / "locked.txt", MOJIBAKE_LINE)
    write(tmp_path / "open.txt", MOJIBAKE_LINE)
    real = Path.read_bytes

    def read_bytes(path):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    # Tests run as root, who can read a chmod 000 file; refuse it here instead.
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = run_cli(["--select", "mojibake", "locked.txt", "open.txt"])
    assert result.code == 2
    assert result.err == "prose-lint: cannot read locked.txt: Permission denied\n"
    assert result.out == builtin_finding("open.txt") + "\n"


def test_file_names_that_are_not_utf8_are_printed_escaped(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes(MOJIBAKE_LINE.encode())
    completed = subprocess.run(
        [sys.executable, "-m", "prose_lint", "--select", "mojibake", "book"],
        cwd=tmp_path, capture_output=True, timeout=120,
    )
    assert completed.returncode == 1
    assert completed.stdout.decode("utf-8") == builtin_finding("book/caf\\xe9.txt") + "\n"


def test_latin1_and_utf16_files_are_reported_not_silently_replaced(run_cli, tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Un café.\nEt un thé.\n".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes(MOJIBAKE_LINE.encode("utf-16"))
    result = run_cli(["--select", "mojibake,encoding", "latin1.txt", "utf16.txt"])
    assert result.out.splitlines() == [
        "latin1.txt:1:7: error encoding 0xE9 is not valid UTF-8 (looks like cp1252 'é'); the first of 2 such places in the file",
        builtin_finding("utf16.txt"),
    ]


def test_cr_line_endings_give_the_editor_line(run_cli, tmp_path):
    lines = ["Line."] * 12 + [MOJIBAKE_LINE.rstrip("\n")]
    (tmp_path / "mac.txt").write_bytes("\r".join(lines).encode())
    assert run_cli(["--select", "mojibake", "mac.txt"]).out == builtin_finding("mac.txt", line=13) + "\n"


# Output options


def test_output_file_gets_the_report_and_stdout_stays_empty(run_cli, tmp_path):
    write(tmp_path / "bad.txt", MOJIBAKE_LINE)
    result = run_cli(["--select", "mojibake", "--format", "json", "--output-file", "report.json", "bad.txt"])
    assert (result.code, result.out) == (1, "")
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["findings"][0]["rule"] == "mojibake"


def test_statistics_count_findings_per_rule(run_cli, tmp_path):
    write(tmp_path / "bad.txt", MOJIBAKE_LINE * 3)
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9\n")
    result = run_cli(["--select", "mojibake,encoding", "--statistics", "bad.txt", "latin1.txt"])
    assert result.out == "     3  mojibake  (3 fixable)\n     1  encoding\n"
    assert result.code == 1


def pretend_terminal(monkeypatch):
    """Make stderr look like a terminal; called in the test body, where pytest's capture stream is in place."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)


def test_summary_line_on_a_terminal(run_cli, tmp_path, monkeypatch):
    pretend_terminal(monkeypatch)
    write(tmp_path / "a.txt", MOJIBAKE_LINE * 2)
    write(tmp_path / "b.txt", CLEAN_LINE)
    (tmp_path / "c.txt").write_bytes(b"caf\xe9\n")
    result = run_cli(["--select", "mojibake,encoding", "a.txt", "b.txt", "c.txt"])
    assert result.err.splitlines()[-1] == "3 findings in 3 files (3 errors), 2 fixable with --fix."


def test_summary_after_fix_says_what_was_fixed(run_cli, tmp_path, monkeypatch):
    pretend_terminal(monkeypatch)
    write(tmp_path / "a.txt", MOJIBAKE_LINE)
    result = run_cli(["--select", "mojibake", "--fix", "a.txt"])
    assert result.err.splitlines()[-1] == "0 findings in 1 file; fixed 1 finding."


def test_quiet_prints_findings_only(run_cli, tmp_path, monkeypatch):
    pretend_terminal(monkeypatch)
    write(tmp_path / "a.txt", MOJIBAKE_LINE)
    result = run_cli(["--select", "mojibake", "--quiet", "a.txt"])
    assert (result.out, result.err) == (builtin_finding("a.txt") + "\n", "")


def test_no_summary_when_stderr_is_not_a_terminal(run_cli, tmp_path):
    write(tmp_path / "a.txt", MOJIBAKE_LINE)
    assert run_cli(["--select", "mojibake", "a.txt"]).err == ""


def test_progress_bar_goes_to_stderr_and_never_into_stdout(tmp_path):
    for index in range(3):
        write(tmp_path / f"ch{index}.txt", MOJIBAKE_LINE)
    script = """
import sys, time
from prose_lint import cli
sys.stderr.isatty = lambda: True
real = cli._StoryTask.__call__
def slow(self, plan):
    time.sleep(1.2)
    return real(self, plan)
cli._StoryTask.__call__ = slow
sys.exit(cli.main(["--select", "mojibake", "--format", "json", "ch0.txt", "ch1.txt", "ch2.txt"]))
"""
    completed = run_python(script, cwd=tmp_path)
    assert completed.returncode == 1
    assert len(json.loads(completed.stdout)["findings"]) == 3
    # tqdm shows the bar after its two-second delay: files done of total and the rate.
    assert "/3" in completed.stderr and "words/s" in completed.stderr


def test_stdin_named_md_is_read_as_markdown(run_cli):
    data = f"```\n{MOJIBAKE_LINE}```\n\n{MOJIBAKE_LINE}".encode()
    result = run_cli(["--select", "mojibake", "--stdin-filename", "chapter.md", "-"], stdin=data)
    assert result.out == builtin_finding("chapter.md", line=5) + "\n"


# Parallel runs

# Runs the command line in a fresh interpreter that notes, in loads.txt, the
# process of every pipeline load, and in stories.txt every story linted:
# workers forked from it inherit the notes.
_COUNTING_LOADS = """
import os, sys
from prose_lint import cli, nlp
load, lint = nlp._load, cli._StoryTask.__call__
def note(name, line):
    with open(name, "a") as out:
        out.write(line + "\\n")
def noted_load(model, coreference):
    note("loads.txt", str(os.getpid()))
    note("threads.txt", "numpy" in sys.modules and "numpy loaded" or os.environ.get("OPENBLAS_NUM_THREADS", "unset"))
    return load(model, coreference)
def noted_lint(task, plan):
    note("stories.txt", plan.sources[0])
    return lint(task, plan)
nlp._load, cli._StoryTask.__call__ = noted_load, noted_lint
sys.exit(cli.main(sys.argv[1:]))
"""


def _run_counting_loads(args: list, cwd: Path) -> tuple[subprocess.CompletedProcess, list[str]]:
    """The run, and the processes that loaded a pipeline; checks that each story was linted once."""
    for name in ("loads.txt", "stories.txt", "threads.txt"):
        (cwd / name).unlink(missing_ok=True)
    # As a user's shell has it: in-process parallel runs of other tests set it here.
    environment = {name: value for name, value in os.environ.items() if name != "OPENBLAS_NUM_THREADS"}
    completed = subprocess.run(
        [sys.executable, "-c", _COUNTING_LOADS, *map(str, args)],
        cwd=cwd, env=environment, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    stories = (cwd / "stories.txt").read_text().split()
    assert sorted(stories) == sorted(str(arg) for arg in args if str(arg).endswith(".txt"))
    loads = cwd / "loads.txt"
    return completed, loads.read_text().split() if loads.exists() else []


def test_parallel_workers_share_the_pipeline_their_parent_loaded(tmp_path):
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[:3]
    parse_rules = ["--select", "name-repetition,name-variant", "--no-cache"]
    one, one_loads = _run_counting_loads([*parse_rules, "--jobs", "1", *seeds], tmp_path)
    two, two_loads = _run_counting_loads([*parse_rules, "--jobs", "2", *seeds], tmp_path)
    assert two.returncode == one.returncode and two.stderr == one.stderr
    assert two.stdout == one.stdout and two.stdout  # the seeds have findings of these rules
    assert len(one_loads) == 1
    assert len(two_loads) == 1, "each worker loaded a pipeline of its own"
    # Set before numpy loads: one OpenBLAS thread per process, the workers being one per core.
    assert (tmp_path / "threads.txt").read_text().split() == ["1"]


def test_a_parallel_run_whose_findings_are_cached_loads_no_pipeline(tmp_path):
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[:3]
    cached = ["--select", "name-repetition", "--cache-dir", tmp_path / "cache", "--jobs", "2", *seeds]
    cold, cold_loads = _run_counting_loads(cached, tmp_path)
    warm, warm_loads = _run_counting_loads(cached, tmp_path)
    assert warm.stdout == cold.stdout and cold.stdout
    assert len(cold_loads) == 1 and warm_loads == []


def test_a_parallel_text_only_run_loads_no_pipeline(tmp_path):
    paths = [write(tmp_path / f"{name}.txt", MOJIBAKE_LINE * size) for name, size in (("a", 1), ("b", 30))]
    completed, loads = _run_counting_loads(["--select", "mojibake", "--no-cache", "--jobs", "2", *paths], tmp_path)
    assert completed.returncode == 1 and completed.stdout.count(" mojibake ") == 31
    assert loads == []
