"""Bytes to text: encodings, binary files, line endings and printable paths."""

from __future__ import annotations

import codecs

import pytest

from prose_lint.document import Document
from prose_lint.reading import NotText, bad_byte_value, display_path, is_bad_byte, read_bytes, text_source

STORY = "Zoë – “quoted” 😀\nSecond line.\n"


def document(data: bytes, markdown: bool = False) -> Document:
    return Document.from_source("story.txt", read_bytes(data, markdown=markdown))


# Encodings


def test_utf8_is_decoded_as_is():
    source = read_bytes(STORY.encode("utf-8"))
    assert (source.raw, source.prose, source.encoding, source.bom) == (STORY, STORY, "utf-8", b"")


@pytest.mark.parametrize(
    "bom, codec",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_a_bom_names_the_encoding_and_is_not_text(bom, codec):
    data = bom + STORY.encode(codec)
    source = read_bytes(data)
    assert source.prose == STORY
    assert (source.encoding, source.bom) == (codec, bom)
    # Written back, the bytes are exactly what was read.
    assert source.encode(source.raw) == data
    assert source.round_trips


def test_a_bom_inside_the_text_is_kept():
    assert read_bytes("a\ufeffb".encode("utf-8")).prose == "a\ufeffb"


def test_invalid_utf8_bytes_are_held_one_character_each_and_read_back_exactly():
    data = b"caf\xe9 au lait, \xe2\x80 and caf\xc3"
    source = read_bytes(data)
    held = [char for char in source.raw if is_bad_byte(char)]
    assert [bad_byte_value(char) for char in held] == [0xE9, 0xE2, 0x80, 0xC3]
    # The rules see U+FFFD in their place, at the same offsets.
    assert source.prose == "caf\ufffd au lait, \ufffd\ufffd and caf\ufffd"
    assert len(source.prose) == len(source.raw)
    assert source.encode(source.raw) == data


def test_a_utf16_file_with_an_odd_byte_still_reads_but_does_not_round_trip():
    data = codecs.BOM_UTF16_LE + "hi".encode("utf-16-le") + b"\x00"
    source = read_bytes(data)
    assert source.prose == "hi\ufffd"
    assert not source.round_trips


# Binary files


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(256)) * 3,
        b"text with one NUL \x00 byte",
    ],
    ids=["png", "every-byte", "nul"],
)
def test_nul_bytes_mean_binary(data):
    with pytest.raises(NotText, match="NUL bytes"):
        read_bytes(data)


def test_a_bom_followed_by_nul_characters_is_binary():
    with pytest.raises(NotText, match="NUL characters after a UTF-16-LE BOM"):
        read_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\x00\x01\x02")


def test_bytes_no_encoding_reads_as_text_are_binary():
    # No NUL, but noise that no charset makes sense of.
    noise = bytes((index * 151 + 7) % 127 + 129 for index in range(4000))
    with pytest.raises(NotText):
        read_bytes(noise)


def test_a_latin1_file_is_text_not_binary():
    source = read_bytes("Un café au lait, s'il vous plaît, à côté.\n".encode("latin-1"))
    assert source.prose.count("\ufffd") == 5  # é, î, à, ô, é


# Line endings


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_every_line_ending_gives_the_line_an_editor_shows(ending):
    text = ending.join(["One.", "Two.", "", "Three at last."]) + ending
    doc = document(text.encode("utf-8"))
    assert doc.position(doc.text.index("Three")) == (4, 1)
    assert doc.position(doc.text.index("last")) == (4, 10)
    assert len(doc.text) == len(text)


def test_cr_file_is_split_into_paragraphs_like_an_lf_file():
    doc = document("First paragraph.\r\rSecond paragraph.\r".encode("utf-8"))
    assert [doc.text[start:end] for start, end in doc.paragraphs] == ["First paragraph.", "Second paragraph."]


def test_bom_file_places_the_first_word_at_column_1():
    doc = document(b"\xef\xbb\xbfOnce.\r\nTwice.\r\n")
    assert doc.text == "Once.\r\nTwice.\r\n"
    assert doc.position(doc.text.index("Twice")) == (2, 1)


# Text that never was bytes


def test_text_source_treats_held_surrogates_as_bad_bytes():
    source = text_source("caf\udce9")
    assert source.prose == "caf\ufffd"
    assert source.round_trips


# Paths


def test_display_path_escapes_bytes_that_are_not_utf8():
    # os.listdir gives such a name with the byte held as a surrogate.
    name = b"chapter-caf\xe9.txt".decode("utf-8", "surrogateescape")
    assert display_path(name) == "chapter-caf\\xe9.txt"
    assert display_path("café.txt") == "café.txt"
