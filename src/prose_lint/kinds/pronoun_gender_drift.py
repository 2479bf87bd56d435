"""pronoun-gender-drift: a character referred to with pronouns of one gender
and then of the other.

Each he/she pronoun is given to the character it refers to; a character whose
pronouns are clearly of one gender has every pronoun of the other gender
reported, on the pronoun's own line. Characters referred to as they/them are
never drift: singular they is nobody's mistake.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from ..findings import Hit
from ..pronouns import MASCULINE, FEMININE, PRONOUN_SETS
from .base import Analysis, Option, RuleKind


class PronounGenderDrift(RuleKind):
    name = "pronoun-gender-drift"
    description = "a character referred to with pronouns of one gender, then of the other"
    needs = Analysis.COREFERENCE
    options = {
        "min_pronouns": Option(
            int, 3, "pronouns a character needs before their gender is taken as settled", minimum=2
        ),
        "min_majority": Option(
            float, 0.7, "share of a character's he/she pronouns that must agree", minimum=0.5, maximum=1.0
        ),
    }
    message_fields = ("character", "pronoun", "expected", "found", "expected_count", "found_count")

    def check(self, document) -> Iterator[Hit]:
        for character, pronouns in document.pronoun_references.items():
            counts = Counter(gender for gender, _, _ in pronouns if gender in (MASCULINE, FEMININE))
            total = sum(counts.values())
            if total < self.settings["min_pronouns"] or len(counts) < 2:
                continue
            majority, majority_count = counts.most_common(1)[0]
            if majority_count < self.settings["min_majority"] * total or majority_count * 2 == total:
                continue
            minority = FEMININE if majority == MASCULINE else MASCULINE
            for gender, start, end in pronouns:
                if gender == minority:
                    yield Hit(
                        start,
                        end,
                        {
                            "character": character,
                            "pronoun": document.text[start:end],
                            "expected": PRONOUN_SETS[majority],
                            "found": PRONOUN_SETS[minority],
                            "expected_count": majority_count,
                            "found_count": counts[minority],
                        },
                        character=character,
                    )
