"""pronoun-gender-drift: a character referred to with pronouns of one gender
and then of the other.

A reader knows who "she" is by who is in the scene, so that is how a pronoun
is judged first (see ``scenes``). For each he or she outside quotation
marks, the people in reach are the characters named in its paragraph or in
the three sentences before it; after a sentence of its paragraph that says
someone is alone ("he went up alone to gather the wood"), nobody from before
that sentence, unless someone is named or arrives after it. The pronoun has drifted when all of these
hold:

* the character it goes to is named before it in its own paragraph, and
  everyone in reach, and the story's most named character, has the other
  settled gender.
  A character's gender is settled by the pronouns a gender-blind reading
  gives them elsewhere in the story (a pronoun counts for the one character
  in reach it can refer to): at least four, four in five agreeing, the same
  gender as their first pronouns, and not contradicted by their title or
  given name; with fewer, by at least five pronouns coreference chains to
  their name, nine in ten agreeing. Declared pronouns in the cast file
  override all this;
* nothing in reach is of the pronoun's own gender: no name, title or noun
  ("his wife", "the boy"), nobody whose sex the text does not say ("the
  nurse"), no pronoun of that gender in the paragraph before (two before in
  dialogue, where turns alternate) unless the last of them left while the
  story stays with someone else ("She went back into the house ... Kwabena
  stayed at the loom"), and no earlier pronoun of that gender in its own
  paragraph that did not drift;
* no boat, storm, country or animal just before it, which English may call
  "she" or "he".

With nobody named in reach and nothing of its own gender there, a role noun
of the other sex earlier in the paragraph is the person ("The landlady was
waiting on the step. He was heavyset"). A subject pronoun is never anyone
named in its own clause ("she said so to Shirin", "he looked João up and
down"): when that sets aside the one person of its gender in reach, and
someone of the other sex is described before it in its paragraph ("The
landlady was waiting ... He was heavyset, and he looked João up and down";
"the old bookbinder ... his arms ... He", whose sex his own pronouns tell),
it has drifted from them. With nobody in reach, a lone pronoun among at
least six of the other gender's in a paragraph without dialogue is the
narration's person's, when they are of that gender. A pronoun that points
forward to the topic ("As she grew older, James's talent ...", with James
the subject of the sentence before) is that character whatever else is in
reach, and a pronoun whose predicate is a noun of the other sex ("he had
worked these rows since she was a boy") has drifted whoever is there. Around
dialogue only a pronoun right after a name outside the quotation is judged,
and a clause's subject and object are two people ("She had seen him", "she
came to him"), with the clauses that share its subject ("she climbed out and
paid him").
The one pronoun of its gender in its paragraph, no object, in a sentence
that speaks of someone of the other sex ("she untied her bonnet, which hung
limp and wet over his face"), has drifted when nothing of its gender is in
reach and everyone there is of the other sex; not after a line of dialogue,
nor when its noun is what someone sees ("seeing his busy and composed
face"). A possessive in a relative clause said of a noun of the other sex
("one of the last women in the village who still carried all the recipes in
his head") has drifted when nothing of its gender is in its paragraph.
A body part the pronoun owns, with which a character settled as the other
sex does something one does with one's own body ("Bảo wiped his forehead
with the back of her wrist"), is theirs whoever else is in reach. When the
doer is a pronoun of the other sex ("he shook her head"), one of the two
slipped: the doer, when the one in reach is of the possessive's sex (the
finding names the body part when someone else of that sex is described
there), and otherwise the possessive. A body part put onto or into something the same
possessive owns, or held so ("he wiped her hands on her apron", "she put his
hands in his pockets", "he sat with her hands folded in her lap"), is likely
the doer's: the doer is reported on that evidence, never the possessive. Grammar also says when a pronoun is a second person: the one who sees what a pronoun
of the other sex does ("She noticed that he was agitated"), the owner of a
subject whose object someone of the other sex owns ("her words destroyed his
plans"), a possessive inside a noun said of someone ("Miss Bridget
Allworthy, his sister"), and someone described without a sex who does what
its clause does ("the slim young figure ... outlined a career in his chosen
field").
A run of drifted pronouns is reported on every line it touches. A pronoun
whose only evidence of its own gender is the drifted pronoun just before it
goes on with the slip, even where nobody is named in reach; and a slip may
start after the name in the sentences before its paragraph when it runs to a
second pronoun and nobody else is described in reach.

A character known only by a role or kin noun ("the waitress", "her
grandfather"; see ``characters``) has the sex the noun says, and the
unclaimed pronouns that carry the noun on in its paragraph, up to the next
person named or described, are theirs. One of the other sex on the way has
drifted from them when the noun is its clause's subject, the paragraph has
no dialogue, no pronoun of that sex comes before it there or in the
paragraph before, nobody of that sex or of unsaid sex is in reach, everyone
named in reach is of the noun's sex, and the noun's own clause does not
hold it ("The waitress brought him the bill"). The finding counts the noun
as one of theirs; when no pronoun anywhere agrees with the noun and several
are against it ("The waitress ... he ... he"), it asks whether the noun is
the slip. A noun said of a name ("his grandfather, Eero") is that
character's wherever it recurs.

In a manuscript, a character whose pronouns in one chapter settle one sex,
after chapters that settled the other and never this one, has drifted on
every pronoun of theirs in that chapter ("he" for two chapters, "she" all
through the third), except where someone else who may be of that sex is
named in the pronoun's paragraph.

Two more routes come from coreference (see ``references``):

* a reflexive bound in its own clause by a word of the other gender ("he
  seldom conducted herself", "she murmured to himself"). Grammar says the two
  are one person, so one of them is wrong whoever else is in the scene;
* a pronoun that coreferee's gender-blind pass, or a noun said of the
  character ("James was a ballerina who ... her"), joins to someone of the
  other gender, when nothing in its scene says otherwise, and nothing in its
  chain or the four sentences before vouches for its own gender. With nobody
  named or described in its reach, that person may be someone never named
  whose own pronouns came just before ("A tall man ... stood at the window.
  / He had not slept ... / After a while she turned away"), but not beside a
  narrator's "I" or "we", whose companions need no introduction, for one who
  arrives ("She came out with two cups of coffee"), nor in a sentence set
  somewhere else ("Outside, she waited").

Characters referred to as they/them (or declared with any other set) are
never drift: singular they is nobody's mistake. ``min_pronouns`` and
``min_majority`` set how clearly a character's pronouns must agree for the
coreference routes.

Measured figures are in ``docs/benchmarks.md``.
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
_INFERRED = (Source.LINKED, Source.BLIND)
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
                # A named character's pronouns are counted over the story, the
                # same in each of their findings; an unnamed one's, as the
                # scene found them.
                named = counts.get(use.character, Counter())[use.person.gender] if use.character in characters else 0
                count = named or use.person.pronoun_count
                drifted.append((use, use.person.description, use.person.gender, count))
            elif settled.get(use.character) == _OTHER[use.gender] and (
                use.source in _INFERRED or characters[use.character].declared
            ):
                expected = settled[use.character]
                drifted.append((use, use.character, expected, counts[use.character][expected]))
        drifted += self._drifted_from_the_chapters_before(document, analysis, characters, settled, drifted)
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

    def _drifted_from_the_chapters_before(self, document, analysis, characters, settled, drifted) -> list:
        """In a manuscript, a character whose pronouns in this chapter are all
        of one gender, and in the chapters before it settle the other (in one
        of them at least, and never this one): their pronouns here have
        drifted, however well the scenes here agree with them ("he" for two
        chapters, "she" all through the third). Not where someone else who may be of the
        pronoun's gender is named in its paragraph: coreference may have given
        them the pronoun."""
        chapters_before = analysis.story.pronoun_genders_before(document)
        here = analysis.references.genders()
        reported = {id(use) for use, *_ in drifted}
        thresholds = {"min_pronouns": self.settings["min_pronouns"], "min_majority": self.settings["min_majority"]}
        named_in: dict[int, set[str]] = {}
        for name, character in characters.items():
            for mention in character.mentions:
                if mention.path == document.path:
                    named_in.setdefault(document.paragraph_index(mention.start), set()).add(name)
        found = []
        for name, genders in here.items():
            character = characters.get(name)
            if character is None or character.declared:
                continue
            drifted_to = settled_gender(genders, None, **thresholds)
            before = sum((chapter.get(name, Counter()) for chapter in chapters_before), Counter())
            expected = settled_gender(before, character.gender_hint, **thresholds)
            if expected not in _OTHER or drifted_to != _OTHER[expected]:
                continue
            # The slip is the whole chapter's, after chapters whose pronouns
            # settle the old sex both as coreference chains them and as the
            # scenes read them without gender, and after no chapter that
            # settled the new one. Pronouns that change sex from chapter to
            # chapter otherwise follow whoever coreference took for the name
            # there: a place, or a name two people share.
            read_before = analysis.references.votes_before.get(name, Counter())
            if genders[expected] or settled_gender(read_before, None, **thresholds) != expected or any(
                settled_gender(chapter.get(name, Counter()), None, **thresholds) == drifted_to for chapter in chapters_before
            ):
                continue
            found += [
                (use, name, expected, before[expected])
                for use in analysis.references.pronouns
                if use.character == name and use.gender == drifted_to and id(use) not in reported
                and not any(
                    settled.get(other) != expected
                    for other in named_in.get(document.paragraph_index(use.start), set()) - {name}
                )
            ]
        return found
