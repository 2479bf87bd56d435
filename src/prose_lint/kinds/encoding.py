"""encoding: bytes that the file's encoding cannot read.

A file is read as UTF-8 (with or without a BOM) or, when it starts with their
BOM, as UTF-16 or UTF-32. Bytes that do not decode are not replaced silently:
the first of them is reported, with what it most likely was (a cp1252 or
latin-1 character, as in a file saved by an old editor) and how many more
there are. The rest of the file is still linted; each bad byte reads as
U+FFFD there.
"""

from __future__ import annotations

import unicodedata
from typing import Iterator

from ..findings import Hit
from ..reading import BAD_BYTES, bad_byte_value
from .base import Analysis, RuleKind


class Encoding(RuleKind):
    name = "encoding"
    description = "bytes that are not valid in the file's encoding (UTF-8 unless a BOM says otherwise)"
    needs = Analysis.TEXT
    message_fields = ("bytes", "looks_like", "encoding", "places")

    def check(self, document, analysis) -> Iterator[Hit]:
        raw = document.source.raw
        runs = [match.span() for match in BAD_BYTES.finditer(raw)]
        if not runs:
            return
        start, end = runs[0]
        data = bytes(bad_byte_value(char) for char in raw[start:end])
        places = "the only such place" if len(runs) == 1 else f"the first of {len(runs)} such places"
        yield Hit(
            start,
            end,
            {
                "bytes": " ".join(f"0x{byte:02X}" for byte in data),
                "looks_like": _looks_like(data),
                "encoding": document.source.encoding.upper().replace("-LE", "").replace("-BE", ""),
                "places": places,
            },
        )


def _looks_like(data: bytes) -> str:
    for encoding in ("cp1252", "latin-1"):
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Control characters are no guess at all; a no-break space is.
        if not any(unicodedata.category(char).startswith("C") for char in decoded):
            return f"{encoding} {decoded!r}"
    return "no printable character in cp1252 or latin-1"
