"""The document model without a parse: decoding, positions and paragraphs."""

from __future__ import annotations

import pytest

from prose_lint.document import Document
from prose_lint.engine import lint_text
from prose_lint.nlp import DEFAULT_MODEL
from prose_lint.rules_loader import load_rules

LONG_SENTENCE = "She walked the length of the harbour wall and counted the boats. " * 4


def document(text: str) -> Document:
    return Document("test.txt", text)


def paragraph_texts(doc: Document) -> list[str]:
    return [doc.text[start:end] for start, end in doc.paragraphs]


# Positions


def test_first_character_is_line_1_column_1():
    assert document("Hello.\n").position(0) == (1, 1)


def test_position_after_a_newline_starts_the_next_line():
    doc = document("ab\ncd\n\nef")
    # "cd" starts after "ab\n" (3 characters); "ef" after a blank line.
    assert doc.position(3) == (2, 1)
    assert doc.position(4) == (2, 2)
    assert doc.position(7) == (4, 1)


def test_newline_itself_belongs_to_the_line_it_ends():
    assert document("ab\ncd").position(2) == (1, 3)


def test_columns_count_characters_not_bytes():
    # "é" is two bytes in UTF-8 and "😀" four, but each is one character.
    doc = document("café 😀 x\nsecond é line\n")
    assert doc.position(7) == (1, 8)  # "x": c a f é ␠ 😀 ␠ x
    assert doc.text[7] == "x"
    assert doc.position(16) == (2, 8)  # "é" after "second " on line 2
    assert doc.text[16] == "é"


def test_end_of_text_has_a_position():
    doc = document("one\ntwo\n")
    assert doc.position(len(doc.text)) == (3, 1)
    assert document("one\ntwo").position(7) == (2, 4)


def test_crlf_lines_are_counted_once_each():
    doc = document("First.\r\n\r\nSecond.\r\n")
    # "First.\r\n" is 8 characters and the blank "\r\n" 2 more.
    assert doc.position(10) == (3, 1)
    assert doc.text[10] == "S"


def test_findings_are_placed_on_lines_and_columns_by_the_engine():
    mojibake = [rule for rule in load_rules([]) if rule.id == "mojibake"]
    text = "First line is fine: café.\n😀 They met at the cafÃ© again.\n"
    findings = lint_text(text, mojibake, model=DEFAULT_MODEL, path="story.txt")
    assert len(findings) == 1
    finding = findings[0]
    # Line 2 reads "😀 They met at the caf" (21 characters) before "Ã©"; the end is exclusive.
    assert (finding.path, finding.line, finding.column, finding.end_line, finding.end_column) == (
        "story.txt",
        2,
        22,
        2,
        24,
    )
    # "😀" has no latin-1 byte, so ftfy cannot re-encode the whole line and
    # repairs the mixed line piece by piece instead.
    assert finding.message == "'Ã©' is UTF-8 misread as a mix of UTF-8 and windows-1252: replace with 'é'"


# Paragraphs


def test_blank_lines_separate_paragraphs():
    doc = document("First paragraph.\n\nSecond paragraph.\n")
    assert doc.paragraphs == [(0, 16), (18, 35)]
    assert paragraph_texts(doc) == ["First paragraph.", "Second paragraph."]


def test_several_blank_or_whitespace_lines_are_one_break():
    doc = document("\n\nOne.\n\n   \n\t\n\n  Two.  \n\n\n")
    assert paragraph_texts(doc) == ["One.", "Two."]


def test_hard_wrapped_paragraph_spans_several_lines():
    text = "The rain had not stopped\nsince Tuesday, and the roads\nwere rivers.\n\nShe waited.\n"
    doc = document(text)
    assert paragraph_texts(doc) == [
        "The rain had not stopped\nsince Tuesday, and the roads\nwere rivers.",
        "She waited.",
    ]
    assert doc.paragraph_index(text.index("rivers")) == 0
    assert doc.paragraph_index(text.index("She")) == 1


def test_short_lines_without_blank_lines_are_one_hard_wrapped_paragraph():
    doc = document("Line one of the verse\nline two of the verse\nline three.\n")
    assert paragraph_texts(doc) == ["Line one of the verse\nline two of the verse\nline three."]


def test_long_lines_without_blank_lines_are_one_paragraph_each():
    lines = [LONG_SENTENCE.strip(), "A short reply.", LONG_SENTENCE.strip()]
    assert len(lines[0]) > 200
    text = "\n".join(lines) + "\n"
    doc = document(text)
    assert paragraph_texts(doc) == lines
    second_line_start = len(lines[0]) + 1
    assert doc.paragraph_index(second_line_start) == 1
    assert doc.paragraph_index(len(text) - 1) == 2


def test_one_blank_line_makes_blank_lines_the_separator_even_with_long_lines():
    text = f"{LONG_SENTENCE}\n{LONG_SENTENCE}\n\nAfter the break.\n"
    assert paragraph_texts(document(text)) == [f"{LONG_SENTENCE}\n{LONG_SENTENCE}".strip(), "After the break."]


def test_crlf_paragraphs_exclude_the_carriage_returns():
    doc = document("First line\r\nwrapped.\r\n\r\nSecond.\r\n")
    assert paragraph_texts(doc) == ["First line\r\nwrapped.", "Second."]


def test_crlf_one_paragraph_per_line_excludes_the_carriage_returns():
    text = f"{LONG_SENTENCE.strip()}\r\nA short reply.\r\n"
    assert paragraph_texts(document(text)) == [LONG_SENTENCE.strip(), "A short reply."]


def test_one_paragraph_per_line_excludes_indentation():
    text = f"    {LONG_SENTENCE.strip()}\n    Indented reply.\n"
    assert paragraph_texts(document(text)) == [LONG_SENTENCE.strip(), "Indented reply."]


@pytest.mark.parametrize("text", ["", "\n", "  \n\n\t\n"])
def test_blank_text_has_no_paragraphs(text):
    doc = document(text)
    assert doc.paragraphs == []
    assert doc.paragraph_index(0) == 0


def test_a_scene_starts_after_the_last_heading_before_its_paragraph():
    text = "Ánde and the Calf\n\nSelvam strung flowers.\n\nChapter 2\n\nHe slept.\n\nHe woke.\n"
    doc = document(text)
    after_title, after_chapter = text.index("Ánde and the Calf") + 17, text.index("Chapter 2") + 9
    assert [doc.scene_start(index) for index in range(len(doc.paragraphs))] == [
        0, after_title, after_title, after_chapter, after_chapter,
    ]


@pytest.mark.parametrize(
    "text",
    [
        "She said nothing.\n\nHe slept.\n",  # a sentence
        '"Come in"\n\nHe slept.\n',  # dialogue
        "and so it went on\n\nHe slept.\n",  # no capital
        "It went on like that for a long time, and nobody could say why it did not end\n\nHe slept.\n",  # too long
    ],
)
def test_a_line_that_is_no_heading_starts_no_scene(text):
    assert document(text).scene_start(1) == 0
