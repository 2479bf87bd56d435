"""--fix and --diff: safe fixes only, atomic writes, every other byte kept."""

from __future__ import annotations

import codecs
import os

import pytest

from conftest import CLEAN_LINE, MOJIBAKE_LINE
from prose_lint import fixing

BROKEN = MOJIBAKE_LINE.rstrip("\n")
REPAIRED = CLEAN_LINE.rstrip("\n")


@pytest.mark.parametrize(
    "before, after",
    [
        (f"{BROKEN}\n".encode(), f"{REPAIRED}\n".encode()),
        # CRLF, and no final newline.
        (f"One.\r\n{BROKEN}\r\nTwo.".encode(), f"One.\r\n{REPAIRED}\r\nTwo.".encode()),
        # Classic-Mac CR.
        (f"One.\r{BROKEN}\r".encode(), f"One.\r{REPAIRED}\r".encode()),
        # A UTF-8 BOM stays.
        (codecs.BOM_UTF8 + BROKEN.encode(), codecs.BOM_UTF8 + REPAIRED.encode()),
        # UTF-16 stays UTF-16, BOM and all.
        (codecs.BOM_UTF16_LE + BROKEN.encode("utf-16-le"), codecs.BOM_UTF16_LE + REPAIRED.encode("utf-16-le")),
        # A latin-1 byte elsewhere is reported, never rewritten.
        (b"caf\xe9 first.\n" + BROKEN.encode() + b"\n", b"caf\xe9 first.\n" + REPAIRED.encode() + b"\n"),
    ],
    ids=["lf", "crlf-no-final-newline", "cr", "utf8-bom", "utf16", "invalid-byte-elsewhere"],
)
def test_fix_changes_only_the_fixed_span_and_a_second_run_changes_nothing(run_cli, tmp_path, before, after):
    chapter = tmp_path / "chapter.txt"
    chapter.write_bytes(before)
    first = run_cli(["--select", "mojibake", "--fix", chapter.name])
    assert chapter.read_bytes() == after
    assert (first.code, first.out, first.err) == (0, "", "prose-lint: fixed 1 finding in chapter.txt\n")
    second = run_cli(["--select", "mojibake", "--fix", chapter.name])
    assert (second.code, second.out, second.err, chapter.read_bytes()) == (0, "", "", after)


def test_fix_keeps_mode_and_owner_and_leaves_no_temporary_file(run_cli, tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text(MOJIBAKE_LINE, encoding="utf-8")
    chapter.chmod(0o640)
    owner = (chapter.stat().st_uid, chapter.stat().st_gid)
    if os.geteuid() == 0:
        # Root can give the file away, and the fix must give it back to the same owner.
        os.chown(chapter, 4321, 4321)
        owner = (4321, 4321)
    run_cli(["--select", "mojibake", "--fix", chapter.name])
    assert chapter.read_text(encoding="utf-8") == CLEAN_LINE
    assert oct(chapter.stat().st_mode & 0o777) == "0o640"
    assert (chapter.stat().st_uid, chapter.stat().st_gid) == owner
    assert sorted(path.name for path in tmp_path.iterdir()) == ["chapter.txt"]


def test_fix_writes_a_temporary_file_in_the_same_folder_synced_then_renamed(run_cli, tmp_path, monkeypatch):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text(MOJIBAKE_LINE, encoding="utf-8")
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(fixing.os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        fixing.os, "replace", lambda source, target: (calls.append(("replace", source, target)), real_replace(source, target))[1]
    )
    run_cli(["--select", "mojibake", "--fix", chapter.name])
    assert calls[0] == "fsync"
    _, temporary, target = calls[1]
    assert os.path.dirname(temporary) == str(tmp_path) and target == chapter.resolve()


def test_findings_without_a_fix_are_still_reported_after_fix(run_cli, tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_bytes(MOJIBAKE_LINE.encode() + b"caf\xe9\n")
    result = run_cli(["--select", "mojibake,encoding", "--fix", chapter.name])
    # The mojibake is fixed; the encoding finding has no fix and stays.
    assert result.out.startswith("chapter.txt:2:4: error encoding 0xE9")
    assert result.code == 1
    assert chapter.read_bytes() == CLEAN_LINE.encode() + b"caf\xe9\n"


def test_a_file_changed_between_read_and_write_is_left_alone(run_cli, tmp_path, monkeypatch):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text(MOJIBAKE_LINE, encoding="utf-8")
    real = fixing.write_fixed

    def edited_meanwhile(path, source, text):
        chapter.write_text(MOJIBAKE_LINE + "A new line from the editor.\n", encoding="utf-8")
        return real(path, source, text)

    monkeypatch.setattr(fixing, "write_fixed", edited_meanwhile)
    result = run_cli(["--select", "mojibake", "--fix", chapter.name])
    assert result.code == 2
    assert result.err == "prose-lint: cannot fix chapter.txt: it changed after it was read; not fixed\n"
    assert chapter.read_text(encoding="utf-8") == MOJIBAKE_LINE + "A new line from the editor.\n"
    # Not fixed, so still reported.
    assert result.out.startswith("chapter.txt:1:20: error mojibake")


def test_a_utf16_file_with_a_broken_unit_is_not_rewritten(run_cli, tmp_path):
    chapter = tmp_path / "chapter.txt"
    data = codecs.BOM_UTF16_LE + MOJIBAKE_LINE.encode("utf-16-le") + b"\x00"
    chapter.write_bytes(data)
    result = run_cli(["--select", "mojibake", "--fix", chapter.name])
    assert result.code == 2
    assert "cannot fix chapter.txt: its bytes do not read back the same through utf-16-le" in result.err
    assert chapter.read_bytes() == data


def test_diff_prints_the_fix_and_writes_nothing(run_cli, tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_bytes(f"One.\r\n{BROKEN}\r\n".encode())
    result = run_cli(["--select", "mojibake", "--diff", chapter.name])
    assert result.code == 1
    assert result.out == (
        "--- a/chapter.txt\n+++ b/chapter.txt\n@@ -1,2 +1,2 @@\n One.\n"
        f"-{BROKEN}\n+{REPAIRED}\n"
    )
    assert chapter.read_bytes() == f"One.\r\n{BROKEN}\r\n".encode()


def test_diff_of_a_clean_file_is_empty_and_exits_0(run_cli, tmp_path):
    (tmp_path / "clean.txt").write_text(CLEAN_LINE, encoding="utf-8")
    result = run_cli(["--select", "mojibake", "--diff", "clean.txt"])
    assert (result.code, result.out) == (0, "")


def test_fixes_inside_markdown_code_are_never_applied(run_cli, tmp_path):
    chapter = tmp_path / "chapter.md"
    text = f"{MOJIBAKE_LINE}\n```\n{MOJIBAKE_LINE}```\n\n`{BROKEN}`\n"
    chapter.write_text(text, encoding="utf-8")
    run_cli(["--select", "mojibake", "--fix", chapter.name])
    assert chapter.read_text(encoding="utf-8") == text.replace(MOJIBAKE_LINE, CLEAN_LINE, 1)
