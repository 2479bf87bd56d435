"""Markdown: only prose is linted, and every offset is the file's own."""

from __future__ import annotations

import json

import pytest

from conftest import write
from prose_lint.markdown import prose_regions

MOJIBAKE = "cafÃ©"


def prose(text: str) -> str:
    blanked, _ = prose_regions(text)
    assert len(blanked) == len(text)
    # Newlines are never blanked, so every line number stays valid.
    assert [i for i, c in enumerate(blanked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    return blanked


@pytest.mark.parametrize(
    "markdown, hidden",
    [
        ("---\ntitle: X\n---\nText.\n", "title: X"),
        ("Text.\n\n```python\nprint('x')\n```\n", "print('x')"),
        ("Text.\n\n~~~\nraw\n~~~\n", "raw"),
        ("Text.\n\n    indented code\n", "indented code"),
        ("Text with `inline code` in it.\n", "inline code"),
        ("Text with ``double `tick` code`` in it.\n", "double"),
        ("Text.\n\n<div class=\"note\">\nblock html\n</div>\n", "block html"),
        ("Text <span class=\"x\">here</span>.\n", "span"),
        ("Text.\n\n<!-- a comment -->\n", "a comment"),
        ("A [link text](https://example.org/page \"Title\") here.\n", "example.org"),
        ("A [link text](https://example.org/page \"Title\") here.\n", "Title"),
        ("An <https://example.org/auto> link.\n", "example.org"),
        ("An ![alt text](picture.png) image.\n", "picture.png"),
        ("A [ref][label] link.\n\n[label]: https://example.org/def\n", "example.org"),
    ],
)
def test_non_prose_is_blanked(markdown, hidden):
    blanked = prose(markdown)
    assert hidden not in blanked
    assert markdown.index(hidden) >= 0


@pytest.mark.parametrize(
    "markdown, kept",
    [
        ("# A heading\n", "A heading"),
        ("Setext heading\n===\n", "Setext heading"),
        ("- a list item\n- another\n", "a list item"),
        ("1. numbered item\n", "numbered item"),
        ("> a quoted line\n> and more\n", "and more"),
        ("Some *emphasis* and **strong** words.\n", "emphasis"),
        ("A [link text](https://example.org) here.\n", "link text"),
        ("| a cell | b |\n|---|---|\n| c | d |\n", "a cell"),
        ("Text with `code` and then prose after.\n", "and then prose after."),
    ],
)
def test_prose_stays_at_its_own_offset(markdown, kept):
    blanked = prose(markdown)
    assert blanked[markdown.index(kept) : markdown.index(kept) + len(kept)] == kept


def test_comments_are_found_in_blocks_and_inline():
    text = "<!-- prose-lint disable x -->\n\nText <!-- inline --> more.\n\n```\n<!-- in code -->\n```\n"
    _, comments = prose_regions(text)
    assert [comment.body for comment in comments] == [" prose-lint disable x ", " inline "]
    assert text[comments[1].start : comments[1].end] == "<!-- inline -->"


def test_crlf_markdown_keeps_offsets():
    text = "# Title\r\n\r\n```\r\ncode\r\n```\r\nProse `x` here.\r\n"
    blanked = prose(text)
    assert "code" not in blanked and "Prose" in blanked
    assert blanked.index("here") == text.index("here")


def test_markdown_chapter_on_the_command_line(run_cli, tmp_path):
    chapter = write(
        tmp_path / "chapter.md",
        f"""\
        ---
        title: {MOJIBAKE}
        ---
        # Chapter {MOJIBAKE}

        They met at the {MOJIBAKE} on the corner, `{MOJIBAKE}`.

        ```
        log: â€“ â€“ â€“ â€“ â€“ â€“ â€“
        ```

        > Quoted: {MOJIBAKE}. See [{MOJIBAKE}](https://example.org/{MOJIBAKE}).
        """,
    )
    result = run_cli(["--select", "mojibake", "--format", "json", chapter.name])

    places = [(f["line"], f["column"]) for f in json.loads(result.out)["findings"]]
    lines = chapter.read_text(encoding="utf-8").splitlines()
    # Heading, the paragraph, the quote and the link text: not the front matter,
    # inline code, the code block or the link destination.
    assert places == [(4, 14), (6, 20), (12, 14), (12, 26)]
    for line, column in places:
        assert lines[line - 1][column - 1 : column + 1] == "Ã©"


def test_txt_files_are_not_read_as_markdown(run_cli, tmp_path):
    write(tmp_path / "notes.txt", f"```\n{MOJIBAKE}\n```\n")
    assert run_cli(["--select", "mojibake", "notes.txt"]).code == 1
