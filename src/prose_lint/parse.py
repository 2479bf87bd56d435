"""The parse of a document: spaCy Docs over runs of whole paragraphs.

Importing this module imports no spaCy; the pipeline is loaded when a
document is first parsed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .cache import AnalysisCache
    from .document import Document

_LONE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")
# Upper bound of one parsed piece; keeps memory flat on whole novels and
# stays far below spaCy's max_length.
_CHUNK_CHARS = 40_000
# A heading is given the parser with a full stop where the line break after
# it is: left to itself, the parser runs a title into the next paragraph's
# first sentence ("The Bear and the Beekeeper Stoyan Petrova kept ...").
_HEADING_STOP = "."
# What shapes the parse besides the text and the pipeline, for the cache key.
_SETTINGS = f"{_CHUNK_CHARS},{_LONE_NEWLINE.pattern},{_HEADING_STOP}"


@dataclass(frozen=True)
class Chunk:
    """One parsed piece of the text; ``offset`` maps token.idx back to the document."""

    offset: int
    doc: "Doc"

    def start(self, item: "Token | Span") -> int:
        return self.offset + (item.idx if hasattr(item, "idx") else item.start_char)

    def end(self, item: "Token | Span") -> int:
        return self.offset + (item.idx + len(item) if hasattr(item, "idx") else item.end_char)


def parse(document: "Document", model: str, coreference: bool, cache: "AnalysisCache | None" = None) -> list[Chunk]:
    """The parse of ``document``, with coreference chains when asked; from
    ``cache`` when it holds this text's."""
    from .cache import cached_parse
    from .nlp import load_pipeline

    nlp = load_pipeline(model, coreference)

    def pipe() -> list[tuple[int, "Doc"]]:
        pieces = list(chunk_spans(document.paragraphs))
        # Hard-wrapped lines are one sentence flow: a newline inside a paragraph
        # is parsed as a space, which keeps every offset unchanged.
        texts = (_LONE_NEWLINE.sub(" ", _with_headings_stopped(document, start, end)) for start, end in pieces)
        # One chunk at a time: spaCy's default batch holds the activations of
        # every chunk of a novel at once (7 GB for Bleak House), and a chunk
        # is already a large batch of words. The parse is the same.
        return [(start, doc) for (start, _), doc in zip(pieces, nlp.pipe(texts, batch_size=1))]

    return [Chunk(start, doc) for start, doc in cached_parse(cache, nlp, document.text, _SETTINGS, pipe)]


def _with_headings_stopped(document: "Document", start: int, end: int) -> str:
    """The text from ``start`` to ``end``, with the line break after each
    heading in it turned into a full stop, every offset unchanged."""
    text = document.text[start:end]
    ends = document.heading_ends
    for heading_end in ends[bisect_left(ends, start) : bisect_left(ends, end)]:
        at = heading_end - start
        if at < len(text) - 1 and text[at] == "\n":
            text = text[:at] + _HEADING_STOP + text[at + 1 :]
    return text


def notices(chunks: list[Chunk]) -> list[str]:
    """What the bounds on degenerate text cut short in a parse's analysis."""
    from .nlp import NOTICES_KEY

    return list(dict.fromkeys(notice for chunk in chunks for notice in chunk.doc.user_data.get(NOTICES_KEY, [])))


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
