"""mojibake: UTF-8 text that was decoded with the wrong encoding (cp1252, latin-1).

Detection and repair are ftfy's: a line is reported only when ftfy's encoding
fixer finds an encode/decode round trip that makes it read better. Quote
straightening, normalisation and the other cosmetic fixes stay off, so
legitimate non-ASCII (jeté, dashes, curly quotes, Cyrillic, emoji) is never
reported.
"""

from __future__ import annotations

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
        text = document.text
        for line_start in document.line_starts:
            line_end = text.find("\n", line_start)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            if line.isascii():
                continue
            fixed, steps = ftfy.fix_and_explain(line, config)
            encoding = _wrong_encoding(steps)
            if encoding is None:
                continue
            matcher = SequenceMatcher(None, line, fixed, autojunk=False)
            for tag, start, end, fixed_start, fixed_end in matcher.get_opcodes():
                if tag != "equal" and end > start:
                    repaired = fixed[fixed_start:fixed_end]
                    yield Hit(
                        line_start + start,
                        line_start + end,
                        {"found": line[start:end], "repaired": repaired, "encoding": encoding},
                        # ftfy's repair is an exact decode, so it is safe to apply.
                        fix=repaired,
                    )


def _wrong_encoding(steps) -> str | None:
    """The encoding the text was wrongly read as, or None when ftfy changed no encoding."""
    for action, name in steps or ():
        if action == "encode":
            return name.removeprefix("sloppy-")
        if action == "apply" and name == "decode_inconsistent_utf8":
            return "a mix of UTF-8 and windows-1252"
    return None

