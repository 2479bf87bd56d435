"""pronoun-gender-drift: a character referred to with pronouns of one gender
and then of the other.

Pronouns are resolved to characters by coreference (see ``references``). A
character whose pronouns clearly agree on one gender has each pronoun of the
other gender that refers to them reported, on that pronoun's line. Characters
referred to as they/them are never drift: singular they is nobody's mistake.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from ..findings import Hit
from ..pronouns import FEMININE, MASCULINE, NEUTRAL, PRONOUN_SETS
from .base import Analysis, Option, RuleKind


class PronounGenderDrift(RuleKind):
    name = "pronoun-gender-drift"
    description = "a character referred to with pronouns of one gender, then of the other"
    needs = Analysis.COREFERENCE
    options = {
        "min_pronouns": Option(
            int, 3, "he/she pronouns a character needs before their gender is taken as settled", minimum=1
        ),
        "min_majority": Option(
            float, 0.75, "share of a character's he/she pronouns that must agree", minimum=0.5, maximum=1.0
        ),
    }
    message_fields = ("character", "pronoun", "expected", "found", "expected_count", "found_count")

    def check(self, document) -> Iterator[Hit]:
        references = document.references
        settled = self._settled_genders(references.genders())
        drifted = []
        for use in references.pronouns:
            if use.gender == NEUTRAL:
                continue
            if use.character is not None:
                # The chains already say who this is; only a clash with that
                # character's settled gender is drift.
                character = use.character
            else:
                character = use.blind_character
            expected = settled.get(character)
            if expected in (MASCULINE, FEMININE) and expected != use.gender:
                drifted.append((use, character, expected))
        drift_counts = Counter(character for _, character, _ in drifted)
        counts = references.genders()
        for use, character, expected in drifted:
            yield Hit(
                use.start,
                use.end,
                {
                    "character": character,
                    "pronoun": document.text[use.start : use.end],
                    "expected": PRONOUN_SETS[expected],
                    "found": PRONOUN_SETS[use.gender],
                    "expected_count": counts[character][expected],
                    "found_count": drift_counts[character],
                },
                character=character,
            )

    def _settled_genders(self, counts: dict[str, Counter]) -> dict[str, str]:
        """The gender each character's pronouns agree on, where they clearly do."""
        settled = {}
        for character, genders in counts.items():
            gendered = genders[MASCULINE] + genders[FEMININE]
            if genders[NEUTRAL] >= max(gendered, 1):
                settled[character] = NEUTRAL
                continue
            if gendered < self.settings["min_pronouns"]:
                continue
            majority, majority_count = (genders - Counter({NEUTRAL: genders[NEUTRAL]})).most_common(1)[0]
            if majority_count >= self.settings["min_majority"] * gendered:
                settled[character] = majority
        return settled
