"""A document is parsed in chunks of whole paragraphs, one chunk at a time."""

from __future__ import annotations

import pytest

from prose_lint import parse
from prose_lint.document import Document

PARAGRAPHS = [
    "Anne walked to the gate. She waited there for an hour.",
    "Captain Wentworth came at last; he was out of breath.",
    "They went in together, and nobody said a word.",
]


def test_chunks_are_runs_of_whole_paragraphs_within_the_bound(monkeypatch):
    monkeypatch.setattr(parse, "_CHUNK_CHARS", 120)
    document = Document("story.txt", "\n\n".join(PARAGRAPHS) + "\n")
    spans = list(parse.chunk_spans(document.paragraphs))
    assert len(spans) > 1
    assert all(end - start <= 120 for start, end in spans)
    assert {document.text[start:end].strip() for start, end in spans} <= {
        "\n\n".join(PARAGRAPHS[i:j]) for i in range(3) for j in range(i + 1, 4)
    }


def test_each_chunk_parses_as_it_would_alone(monkeypatch):
    pytest.importorskip("spacy")
    from prose_lint.nlp import DEFAULT_MODEL, load_pipeline

    monkeypatch.setattr(parse, "_CHUNK_CHARS", 120)
    document = Document("story.txt", "\n\n".join(PARAGRAPHS) + "\n")
    chunks = parse.parse(document, DEFAULT_MODEL, coreference=False)
    nlp = load_pipeline(DEFAULT_MODEL, False)
    assert len(chunks) > 1
    for chunk in chunks:
        alone = nlp(chunk.doc.text)
        assert [(t.text, t.tag_, t.dep_, t.head.i) for t in chunk.doc] == [(t.text, t.tag_, t.dep_, t.head.i) for t in alone]
        assert document.text[chunk.offset : chunk.offset + len(chunk.doc.text)] == chunk.doc.text


def test_a_heading_is_parsed_as_a_sentence_of_its_own_with_every_offset_kept():
    pytest.importorskip("spacy")
    from prose_lint.nlp import DEFAULT_MODEL

    text = "The Bear and the Beekeeper\n\nStoyan Petrova kept forty hives on the slope. He knew every one.\n"
    [chunk] = parse.parse(Document("story.txt", text), DEFAULT_MODEL, coreference=False)
    sentences = [sentence.text.strip() for sentence in chunk.doc.sents]
    assert sentences[0].startswith("The Bear and the Beekeeper")
    assert sentences[1].startswith("Stoyan Petrova kept")
    assert all(text[chunk.start(token) : chunk.end(token)] == token.text for token in chunk.doc if not token.is_punct)
