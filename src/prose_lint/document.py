"""The document model: text, line offsets, paragraphs and, on demand, the
parse and the characters. It is built once per file and shared by every rule."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from .kinds.base import Analysis
from .reading import Source, text_source

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .characters import CharacterRegistry
    from .references import References
    from .story import Story

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LONE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")
# Texts with no blank line but long lines keep one paragraph per line.
_LONG_LINE = 200
# Upper bound of one parsed piece; keeps memory flat on whole novels and
# stays far below spaCy's max_length.
_CHUNK_CHARS = 40_000


@dataclass(frozen=True)
class Chunk:
    """One parsed piece of the text; ``offset`` maps token.idx back to the document."""

    offset: int
    doc: "Doc"

    def start(self, item: "Token | Span") -> int:
        return self.offset + (item.idx if hasattr(item, "idx") else item.start_char)

    def end(self, item: "Token | Span") -> int:
        return self.offset + (item.idx + len(item) if hasattr(item, "idx") else item.end_char)


class Document:
    def __init__(
        self, path: str, text: str, *, model: str, analysis: Analysis = Analysis.TEXT, source: Source | None = None
    ):
        self.path = path
        self.text = text
        self.model = model
        self.analysis = analysis
        # The file as read (encoding, raw text, Markdown comments); ``text`` is its prose.
        self.source = source if source is not None else text_source(text)
        self.story: "Story | None" = None

    @classmethod
    def from_source(cls, path: str, source: Source, **kwargs) -> "Document":
        return cls(path, source.prose, source=source, **kwargs)

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

    def quoted(self, offset: int) -> bool:
        """Whether an offset is inside quotation marks opened in its paragraph."""
        start, _ = self.paragraphs[self.paragraph_index(offset)]
        before = self.text[start:offset]
        return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1

    @cached_property
    def chunks(self) -> list[Chunk]:
        """The parse, one spaCy Doc per run of whole paragraphs."""
        from .nlp import load_pipeline

        nlp = load_pipeline(self.model, self.analysis >= Analysis.COREFERENCE)
        pieces = list(self._chunk_spans())
        # Hard-wrapped lines are one sentence flow: a newline inside a paragraph
        # is parsed as a space, which keeps every offset unchanged.
        texts = (_LONE_NEWLINE.sub(" ", self.text[start:end]) for start, end in pieces)
        return [Chunk(start, doc) for (start, _), doc in zip(pieces, nlp.pipe(texts))]

    def _chunk_spans(self) -> Iterator[tuple[int, int]]:
        start = end = None
        for para_start, para_end in self.paragraphs:
            for piece_start in range(para_start, para_end, _CHUNK_CHARS):
                piece_end = min(piece_start + _CHUNK_CHARS, para_end)
                if start is None:
                    start, end = piece_start, piece_end
                elif piece_end - start > _CHUNK_CHARS:
                    yield start, end
                    start, end = piece_start, piece_end
                else:
                    end = piece_end
        if start is not None:
            yield start, end

    @cached_property
    def characters(self) -> "CharacterRegistry":
        """The story's characters, with the mentions in this file."""
        if self.story is None:
            from .story import Story

            Story([self])
        return self.story.characters.view(self.path)

    @cached_property
    def references(self) -> "References":
        from .references import resolve

        return resolve(self)


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
