"""The encoding kind: the first bad byte of a file, what it looks like, how many more."""

from __future__ import annotations

import codecs

from prose_lint.document import Document
from prose_lint.engine import lint_story
from prose_lint.reading import read_bytes
from prose_lint.rules_loader import load_rules
from prose_lint.story import Story

RULE = next(rule for rule in load_rules([]) if rule.id == "encoding")


def findings(data: bytes):
    return lint_story(Story([Document.from_source("story.txt", read_bytes(data))]), [RULE])


def test_clean_utf8_and_utf16_have_no_finding():
    assert findings("Zoë – “quoted” 😀\n".encode("utf-8")) == []
    assert findings(codecs.BOM_UTF16_LE + "Zoë\n".encode("utf-16-le")) == []


def test_one_finding_at_the_first_bad_byte_with_the_count_of_places():
    (finding,) = findings(b"Line one.\nA caf\xe9, a th\xe9, a cr\xe8me.\n")
    assert (finding.line, finding.column, finding.end_column) == (2, 6, 7)
    assert finding.message == (
        "0xE9 is not valid UTF-8 (looks like cp1252 'é'); the first of 3 such places in the file"
    )


def test_a_run_of_bad_bytes_is_one_place_shown_whole():
    (finding,) = findings(b"\x93Smart quotes\x94 from cp1252.")
    assert finding.message.startswith("0x93 is not valid UTF-8 (looks like cp1252 '“')")
    (run,) = findings(b"Two bytes: \xe9\xe8.")
    assert run.message == "0xE9 0xE8 is not valid UTF-8 (looks like cp1252 'éè'); the only such place in the file"
    assert (run.column, run.end_column) == (12, 14)


def test_bytes_cp1252_leaves_undefined_fall_back_to_latin1_or_say_so():
    (finding,) = findings(b"Odd \x81 byte.")
    assert "looks like no printable character in cp1252 or latin-1" in finding.message
    (no_break,) = findings(b"Non-breaking\xa0space.")
    assert "(looks like cp1252 '\\xa0')" in no_break.message


def test_utf16_names_its_encoding():
    (finding,) = findings(codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00")
    assert finding.message.startswith("0x00 is not valid UTF-16")
