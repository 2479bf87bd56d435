"""pronoun-gender-drift: a character referred to with pronouns of one gender
and then of the other.

Pronouns are resolved to people by coreference (see ``references``). A
character whose pronouns clearly agree on one gender, over every file of the
story, has each pronoun of the other gender that refers to them reported, on
that pronoun's line. An unnamed person ("the old priest ... he ... his")
counts too, when all of their pronouns in the chain agree.

What it takes to be reported, since a wrong finding costs more than a missed
one, is either of:

* a reflexive bound in its own clause by a word of the other gender ("he
  seldom conducted herself", "she murmured to himself"). Grammar says the two
  are one person, so one of them is wrong whoever else is in the scene;
* or all of these:

  * the pronoun reached the character through a noun said of them ("James
    was a ballerina who ... her") or through coreferee's gender-blind pass. A
    pronoun coreferee put in a chain with the character's name is never
    reported, as coreferee put it there knowing its gender, unless the cast
    file declares the character's pronouns;
  * nothing vouches for the pronoun's own gender: no other pronoun, gendered
    noun ("his wife ... she") or name of that gender in its chain, and none
    in its sentence or the four before. A "she" with a woman in the scene is
    taken to be hers, and a pronoun inside quotation marks is taken to be
    someone the speaker has in mind;
  * the character's gender is settled: at least ``min_pronouns`` he/she
    pronouns, ``min_majority`` of them agreeing, not contradicted by the
    given name or title. Pronouns declared in the cast file override what the
    text suggests. Characters referred to as they/them (or declared with any
    other set) are never drift: singular they is nobody's mistake.

On the LitBank development set this finds between a fifth and a third of
single flipped pronouns (0.28 over two draws), at about one false finding
per 40,000 words; on whole novels, one per 20,000 to 40,000
(``docs/benchmarks.md``).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from ..findings import Hit
from ..gender import settled_gender
from ..pronouns import FEMININE, MASCULINE, PRONOUN_SETS
from ..references import Source
from .base import Analysis, Option, RuleKind


# Pronouns coreferee put beside a character's name agree with it as far as
# coreferee knows; only the cast file can say otherwise.
_INFERRED = (Source.LINKED, Source.BLIND, Source.SCENE)
_OTHER = {MASCULINE: FEMININE, FEMININE: MASCULINE}


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

    def check(self, document, analysis) -> Iterator[Hit]:
        references = analysis.references
        # In a manuscript, a character's pronouns in every chapter count.
        counts = analysis.story.pronoun_genders
        characters = {character.name: character for character in analysis.characters}
        settled = {}
        for name, character in characters.items():
            gender = character.declared_gender or settled_gender(
                counts.get(name, Counter()),
                character.gender_hint,
                min_pronouns=self.settings["min_pronouns"],
                min_majority=self.settings["min_majority"],
            )
            if gender is not None:
                settled[name] = gender
        drifted = []
        for use in references.pronouns:
            if use.gender not in (MASCULINE, FEMININE):
                continue
            if use.person is not None and use.person.gender != use.gender:
                drifted.append((use, use.person.description, use.person.gender, use.person.pronoun_count))
            elif settled.get(use.character) == _OTHER[use.gender] and (
                use.source in _INFERRED or characters[use.character].declared
            ):
                expected = settled[use.character]
                drifted.append((use, use.character, expected, counts[use.character][expected]))
        drift_counts = Counter(who for _, who, _, _ in drifted)
        for use, who, expected, expected_count in drifted:
            yield Hit(
                use.start,
                use.end,
                {
                    "character": who,
                    "pronoun": document.text[use.start : use.end],
                    "expected": PRONOUN_SETS[expected],
                    "found": PRONOUN_SETS[use.gender],
                    "expected_count": expected_count,
                    "found_count": drift_counts[who],
                },
                character=use.character,
            )
