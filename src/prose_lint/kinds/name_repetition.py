"""name-repetition: a character's full name used again and again once the
reader already knows who is meant.

Prose introduces a character by full name, then uses the given name, a title
with the surname, or a pronoun. Generated stories often repeat the full name
in nearly every paragraph instead. A full-name mention is reported when the
habit is clear for that character (enough full-name uses, and most of their
name mentions are the full name) and the character was already named in the
same or a recent paragraph, so the full name adds nothing.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Hit
from .base import Analysis, Option, RuleKind


class NameRepetition(RuleKind):
    name = "name-repetition"
    description = "a character's full name repeated where a short name or pronoun would read naturally"
    needs = Analysis.PARSE
    options = {
        "min_full_mentions": Option(
            int, 4, "full-name uses a character needs before the habit is reported", minimum=2
        ),
        "min_full_share": Option(
            float, 0.5, "share of a character's name mentions that must be the full name", minimum=0.0, maximum=1.0
        ),
        "window_paragraphs": Option(
            int, 1, "a full name is redundant when the character was named this many paragraphs before or fewer", minimum=0
        ),
    }
    message_fields = ("character", "full_name", "short_name", "count", "mentions")

    def check(self, document) -> Iterator[Hit]:
        for character in document.characters:
            if not character.has_full_name:
                continue
            full = character.full_mentions
            if len(full) < self.settings["min_full_mentions"]:
                continue
            if len(full) < self.settings["min_full_share"] * len(character.mentions):
                continue
            previous_paragraph = None
            for mention in character.mentions:
                paragraph = document.paragraph_index(mention.start)
                recently_named = (
                    previous_paragraph is not None
                    and paragraph - previous_paragraph <= self.settings["window_paragraphs"]
                )
                if mention.is_full and recently_named:
                    yield Hit(
                        mention.start,
                        mention.end,
                        {
                            "character": character.name,
                            "full_name": mention.form,
                            "short_name": character.short_name,
                            "count": len(full),
                            "mentions": len(character.mentions),
                        },
                        character=character.name,
                    )
                previous_paragraph = paragraph
