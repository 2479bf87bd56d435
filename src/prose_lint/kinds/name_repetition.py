"""name-repetition: a character's full name used again and again once the
reader already knows who is meant.

Prose introduces a character by full name, then uses the given name, a title
with the surname, or a pronoun. Generated stories often repeat the full name
in nearly every paragraph instead. A full-name mention is reported when:

* most of the character's name mentions are the full name (the habit), or
  the full name stands in a run of consecutive paragraphs, one after another
  (a story that uses the given name in its first paragraphs, then the full
  name in six running);
* the full name is dense around it: several full-name mentions within a few
  paragraphs either side (a novel that uses a full name now and then, or at
  the start of a chapter, is not reported);
* the character was already named in the same or the previous paragraph, so
  the reader knows who is meant;
* no other character shares the given name (then the full name is how the
  reader tells them apart).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterator

from ..findings import Hit
from .base import Analysis, Option, RuleKind


class NameRepetition(RuleKind):
    name = "name-repetition"
    description = "a character's full name repeated where a short name or pronoun would read naturally"
    needs = Analysis.PARSE
    options = {
        "min_full_mentions": Option(
            int, 4, "full-name mentions within the window that make the repetition a habit", minimum=2
        ),
        "window_paragraphs": Option(
            int, 4, "paragraphs either side of a mention that the window spans", minimum=0
        ),
        "min_full_share": Option(
            float, 0.5, "share of a character's name mentions that must be the full name, outside a run",
            minimum=0.0, maximum=1.0,
        ),
    }
    message_fields = ("character", "full_name", "short_name", "count", "mentions")

    def check(self, document, analysis) -> Iterator[Hit]:
        window = self.settings["window_paragraphs"]
        for character in analysis.characters:
            if not character.has_full_name or character.given_name_shared:
                continue
            full = character.full_mentions
            mentions = character.name_mentions
            habit = len(full) >= self.settings["min_full_share"] * len(mentions)
            full_paragraphs = sorted(document.paragraph_index(mention.start) for mention in full)
            runs = _runs(full_paragraphs)
            previous_paragraph = None
            for mention in mentions:
                paragraph = document.paragraph_index(mention.start)
                named_recently = previous_paragraph is not None and paragraph - previous_paragraph <= 1
                previous_paragraph = paragraph
                if not (mention.is_full and named_recently):
                    continue
                if not (habit or runs[paragraph] >= self.settings["min_full_mentions"]):
                    continue
                nearby = bisect_right(full_paragraphs, paragraph + window) - bisect_left(
                    full_paragraphs, paragraph - window
                )
                if nearby >= self.settings["min_full_mentions"]:
                    yield Hit(
                        mention.start,
                        mention.end,
                        {
                            "character": character.name,
                            "full_name": mention.form,
                            "short_name": character.short_name,
                            "count": len(full),
                            "mentions": len(mentions),
                        },
                        character=character.name,
                    )


def _runs(paragraphs: list[int]) -> dict[int, int]:
    """For each of the sorted paragraph indexes, how many consecutive
    paragraphs, one after another, hold it and its neighbours."""
    runs: dict[int, int] = {}
    distinct = sorted(set(paragraphs))
    start = 0
    for end in range(1, len(distinct) + 1):
        if end == len(distinct) or distinct[end] != distinct[end - 1] + 1:
            runs.update({paragraph: end - start for paragraph in distinct[start:end]})
            start = end
    return runs
