"""The document model: text, line offsets, paragraphs and quotations. It is
built once per file and shared by every rule; it knows nothing of NLP."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property
from typing import Iterator

from .reading import Source, text_source

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Texts with no blank line but long lines keep one paragraph per line.
_LONG_LINE = 200
_QUOTATION_MARKS = ("\u201c", "\u201d", '"')
# A heading ("The Garland Maker", "Chapter 3", "II"): one short line that
# opens with a capital or a number and ends with no punctuation a sentence
# or a line of dialogue ends with.
_HEADING = re.compile(r"[^\W_][^\n\"\u201c\u201d]*(?<![.!?,;:\u2026'\u2019\-\u2013\u2014])")
_HEADING_WORDS, _HEADING_CHARACTERS = 12, 100


class Document:
    def __init__(self, path: str, text: str, source: Source | None = None):
        self.path = path
        self.text = text
        # The file as read (encoding, raw text, Markdown comments); ``text`` is its prose.
        self.source = source if source is not None else text_source(text)

    @classmethod
    def from_source(cls, path: str, source: Source) -> "Document":
        return cls(path, source.prose, source)

    @cached_property
    def line_starts(self) -> list[int]:
        return [0] + [match.end() for match in re.finditer("\n", self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) offsets of paragraphs: blank-line separated blocks, or
        single long lines where the text has no blank lines at all."""
        text = self.text
        if not _PARAGRAPH_BREAK.search(text.strip()) and any(
            end - start > _LONG_LINE for start, end in _line_spans(text)
        ):
            return [_strip(text, span) for span in _line_spans(text) if text[span[0] : span[1]].strip()]
        spans, start = [], 0
        for match in _PARAGRAPH_BREAK.finditer(text):
            spans.append((start, match.start()))
            start = match.end()
        spans.append((start, len(text)))
        return [_strip(text, span) for span in spans if text[span[0] : span[1]].strip()]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [start for start, _ in self.paragraphs]

    def paragraph_index(self, offset: int) -> int:
        return max(bisect_right(self._paragraph_starts, offset) - 1, 0)

    def scene_start(self, paragraph: int) -> int:
        """The earliest offset a paragraph's scene may reach back to: the end
        of the last heading before it, since a title or a chapter heading
        opens a new scene; 0 with none."""
        ends = self.heading_ends
        index = bisect_left(ends, self.paragraphs[paragraph][0])
        return ends[index - 1] if index else 0

    @cached_property
    def heading_ends(self) -> list[int]:
        """Where each heading ends: a title or a chapter heading, one short
        line that no full stop ends ("The Garland Maker", "Chapter 3")."""
        return [
            end for start, end in self.paragraphs
            if end - start <= _HEADING_CHARACTERS and not self.text[start].islower()
            and _HEADING.fullmatch(self.text, start, end) and len(self.text[start:end].split()) <= _HEADING_WORDS
        ]

    def quoted(self, offset: int) -> bool:
        """Whether an offset is inside quotation marks opened in its paragraph."""
        start, _ = self.paragraphs[self.paragraph_index(offset)]
        opening, closing, straight = (self._marks_between(mark, start, offset) for mark in _QUOTATION_MARKS)
        return opening > closing or straight % 2 == 1

    def has_quotation_marks(self, start: int, end: int) -> bool:
        return any(self._marks_between(mark, start, end) for mark in ('"', "\u201c"))

    def _marks_between(self, mark: str, start: int, end: int) -> int:
        # Offsets of each mark, so that asking costs a search, not a scan of
        # the paragraph: a paragraph may be a whole book on one line.
        offsets = self._mark_offsets[mark]
        return bisect_left(offsets, end) - bisect_left(offsets, start)

    @cached_property
    def _mark_offsets(self) -> dict[str, list[int]]:
        return {mark: [match.start() for match in re.finditer(re.escape(mark), self.text)] for mark in _QUOTATION_MARKS}


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _strip(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
