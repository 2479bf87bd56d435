"""mojibake: UTF-8 text that was decoded with the wrong encoding (cp1252, latin-1).

Detection and repair are ftfy's: a line is reported only when ftfy's encoding
fixer finds an encode/decode round trip that makes it read better. Quote
straightening, normalisation and the other cosmetic fixes stay off, so
legitimate non-ASCII (jeté, dashes, curly quotes, Cyrillic, emoji) is never
reported.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterator

from ..findings import Hit
from .base import Analysis, RuleKind


class Mojibake(RuleKind):
    name = "mojibake"
    description = "UTF-8 text decoded as cp1252 or latin-1, repaired with ftfy"
    needs = Analysis.TEXT
    message_fields = ("found", "repaired", "encoding")

    def check(self, document, analysis) -> Iterator[Hit]:
        text = document.text
        if text.isascii():
            return
        import ftfy

        config = ftfy.TextFixerConfig(
            unescape_html=False,
            remove_terminal_escapes=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            fix_surrogates=False,
            remove_control_chars=False,
            normalization=None,
            explain=True,
        )
        for line_start in document.line_starts:
            line_end = text.find("\n", line_start)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            if line.isascii() or not _may_be_mojibake(line):
                continue
            fixed, steps = ftfy.fix_and_explain(line, config)
            encoding = _wrong_encoding(steps)
            if encoding is None:
                continue
            for start, end, repaired in _changes(line, fixed):
                yield Hit(
                    line_start + start,
                    line_start + end,
                    {"found": line[start:end], "repaired": repaired, "encoding": encoding},
                    # ftfy's repair is an exact decode, so it is safe to apply.
                    fix=repaired,
                )


def _may_be_mojibake(line: str) -> bool:
    """ftfy's own first test, before any repair: a line that does not look
    bad (and has no C1 control to turn into something that does) is left as
    it is, so one compiled search spares the full repair."""
    from ftfy.badness import BADNESS_RE

    return BADNESS_RE.search(line) is not None or _C1_CONTROL.search(line) is not None


_C1_CONTROL = re.compile("[\x80-\x9f]")
_ASCII_RUNS = re.compile("([\x00-\x7f]+)")
# Longest stretch compared character by character; SequenceMatcher is
# quadratic, so longer ones are reported whole.
_MAX_COMPARED = 200


def _changes(line: str, fixed: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, replacement) of each changed stretch of ``line``, in linear
    time. Repairing mojibake rewrites runs of non-ASCII characters and keeps
    the ASCII between them, so the ASCII runs align the two texts; where a
    repair consumed ASCII too (a space that was a no-break space), the
    stretch between the first and last difference is one change."""
    ours, theirs = _ASCII_RUNS.split(line), _ASCII_RUNS.split(fixed)
    if len(ours) != len(theirs) or ours[1::2] != theirs[1::2]:
        yield from _compared(line, fixed, 0)
        return
    offset = 0
    for index, (piece, repaired) in enumerate(zip(ours, theirs)):
        if index % 2 == 0 and piece != repaired:
            yield from _compared(piece, repaired, offset)
        offset += len(piece)


def _compared(piece: str, repaired: str, offset: int) -> Iterator[tuple[int, int, str]]:
    if len(piece) <= _MAX_COMPARED and len(repaired) <= _MAX_COMPARED:
        matcher = SequenceMatcher(None, piece, repaired, autojunk=False)
        for tag, start, end, fixed_start, fixed_end in matcher.get_opcodes():
            if tag != "equal" and end > start:
                yield offset + start, offset + end, repaired[fixed_start:fixed_end]
        return
    prefix = 0
    while prefix < min(len(piece), len(repaired)) and piece[prefix] == repaired[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(piece), len(repaired)) - prefix and piece[-1 - suffix] == repaired[-1 - suffix]:
        suffix += 1
    yield offset + prefix, offset + len(piece) - suffix, repaired[prefix : len(repaired) - suffix]


def _wrong_encoding(steps) -> str | None:
    """The encoding the text was wrongly read as, or None when ftfy changed no encoding."""
    for action, name in steps or ():
        if action == "encode":
            return name.removeprefix("sloppy-")
        if action == "apply" and name == "decode_inconsistent_utf8":
            return "a mix of UTF-8 and windows-1252"
    return None

