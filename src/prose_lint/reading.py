"""Bytes to text: encodings, binary files, line endings and, for Markdown, the
prose regions. Nothing is silently replaced and no offset moves.

Bytes that the file's encoding cannot decode become one lone surrogate each
(U+DC00 + the byte), so the text still holds every byte of the file: it
encodes back to exactly what was read, and the ``encoding`` rule can report
where the bad bytes are and what they look like. The text the rules see,
``prose``, has the same length: a bad byte reads as U+FFFD, a classic-Mac CR
as a newline, and in Markdown everything that is not prose as spaces.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .markdown import Comment

# A bad byte b is held as chr(_ESCAPE + b).
_ESCAPE = 0xDC00
_ERROR_HANDLER = "prose-lint-escape"
# Like git: a NUL byte in the first 8,000 bytes means binary.
_BINARY_PROBE = 8000
MARKDOWN_SUFFIXES = (".md", ".markdown")
_LONE_CR = re.compile(r"\r(?!\n)")
BAD_BYTES = re.compile("[\udc00-\udcff]+")

# Longest BOM first: UTF-32-LE's starts with UTF-16-LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _escape_bad_bytes(error: UnicodeError):
    if isinstance(error, UnicodeDecodeError):
        return "".join(chr(_ESCAPE + byte) for byte in error.object[error.start : error.end]), error.end
    if isinstance(error, UnicodeEncodeError):
        held = error.object[error.start : error.end]
        if all(is_bad_byte(char) for char in held):
            return bytes(ord(char) - _ESCAPE for char in held), error.end
    raise error


codecs.register_error(_ERROR_HANDLER, _escape_bad_bytes)


def is_bad_byte(char: str) -> bool:
    return _ESCAPE <= ord(char) <= _ESCAPE + 0xFF


def bad_byte_value(char: str) -> int:
    return ord(char) - _ESCAPE


class NotText(Exception):
    """The bytes are not a text file: NUL bytes, or no encoding reads them as text."""


@dataclass
class Source:
    """One file's text as read, and what the rules see of it."""

    raw: str
    encoding: str = "utf-8"
    bom: bytes = b""
    markdown: bool = False
    digest: str = ""

    @property
    def prose(self) -> str:
        return self._read[0]

    @property
    def comments(self) -> list["Comment"]:
        """HTML comments of a Markdown file, where suppression directives live."""
        return self._read[1]

    @cached_property
    def _read(self) -> tuple[str, list["Comment"]]:
        text = self.raw
        if _has_surrogates(text):
            # One U+FFFD per bad byte, so that no offset moves.
            text = BAD_BYTES.sub(lambda match: "\ufffd" * len(match.group()), text)
        # A lone CR (classic Mac) ends a line; CRLF stays as it is.
        text = _LONE_CR.sub("\n", text)
        if not self.markdown:
            return text, []
        from .markdown import prose_regions

        return prose_regions(text)

    def encode(self, text: str) -> bytes:
        """Bytes of ``text`` written the way the file was: same encoding, same BOM."""
        return self.bom + text.encode(self.encoding, _ERROR_HANDLER)

    @property
    def round_trips(self) -> bool:
        """Whether the text encodes back to the very bytes that were read."""
        try:
            return hashlib.sha256(self.encode(self.raw)).hexdigest() == self.digest
        except UnicodeError:
            return False


def read_bytes(data: bytes, *, markdown: bool = False) -> Source:
    """Decode a file's bytes; raises NotText for binary files."""
    digest = hashlib.sha256(data).hexdigest()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raw = data[len(bom) :].decode(encoding, _ERROR_HANDLER)
            # A binary file may start with bytes that look like a BOM; text holds no NUL.
            if "\0" in raw[:_BINARY_PROBE]:
                raise NotText(f"NUL characters after a {encoding.upper()} BOM")
            return Source(raw, encoding, bom, markdown, digest)
    if b"\0" in data[:_BINARY_PROBE]:
        raise NotText("NUL bytes")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        raw = data.decode("utf-8", _ERROR_HANDLER)
        if not _looks_like_text(data):
            raise NotText("no text encoding reads it") from None
    return Source(raw, "utf-8", b"", markdown, digest)


def _has_surrogates(text: str) -> bool:
    """Whether ``text`` holds lone surrogates (bad bytes among them); one
    pass of the codec, far quicker than a search for a character range."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def text_source(text: str, *, markdown: bool = False) -> Source:
    """A Source for text that never was bytes (a library call, an example)."""
    return Source(text, markdown=markdown, digest=hashlib.sha256(text.encode("utf-8", _ERROR_HANDLER)).hexdigest())


def _looks_like_text(data: bytes) -> bool:
    # Only files that are not UTF-8 get here, so the detector's cost is rare.
    from charset_normalizer import from_bytes

    return from_bytes(data[:65536]).best() is not None


def display_path(path: str) -> str:
    """A path as it can be printed: bytes that are not UTF-8 shown as \\xNN."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
