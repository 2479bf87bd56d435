"""The parse of a document: spaCy Docs over runs of whole paragraphs.

Importing this module imports no spaCy; the pipeline is loaded when a
document is first parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .document import Document

_LONE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")
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


def parse(document: "Document", model: str, coreference: bool) -> list[Chunk]:
    """The parse of ``document``, with coreference chains when asked."""
    from .nlp import load_pipeline

    nlp = load_pipeline(model, coreference)
    pieces = list(chunk_spans(document.paragraphs))
    # Hard-wrapped lines are one sentence flow: a newline inside a paragraph
    # is parsed as a space, which keeps every offset unchanged.
    texts = (_LONE_NEWLINE.sub(" ", document.text[start:end]) for start, end in pieces)
    return [Chunk(start, doc) for (start, _), doc in zip(pieces, nlp.pipe(texts))]


def chunk_spans(paragraphs: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(start, end) of runs of whole paragraphs of at most ``_CHUNK_CHARS``;
    a longer paragraph is cut into pieces of that size."""
    start = end = None
    for para_start, para_end in paragraphs:
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
