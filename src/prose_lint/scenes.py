"""Drift judged against who is in the scene.

coreferee joins a drifted pronoun to whoever its gender fits: a composer
named in the sentence before, a town. A reader instead asks who is there. For
each he or she outside quotation marks, the people in reach are the
characters named (outside quotation marks) in its paragraph or the three
sentences before it; after a sentence of its paragraph that says someone is
alone ("Prasert sat alone in the workshop"), nobody from before that
sentence, unless someone is named or arrives after it. Read without gender,
a pronoun that can refer to only one of them is a vote for that character's
gender; a character's gender is the one their first votes establish and the
rest (outside the pronoun's own paragraph) bear out, never against their
title or given name. A character
with too few such votes (one always seen beside another of their sex) is
settled by the pronouns coreference chains to their name, nine in ten of
one gender.

The pronoun has drifted when the character it goes to is named before it in
its paragraph, and everyone in reach, and the story's most named character,
has the other settled gender; unless something of its own gender is there: a
name, title or noun ("his wife"), a person of unsaid sex ("the nurse",
"anyone"), a pronoun of its gender in the paragraph before, a boat, ship or
animal just before it, or dialogue, quoted or reported without quotation
marks ("she tries walking, Mercury rejoins"): speakers take turns unnamed,
and talk of people who are not there. Four
shapes are drift whatever else is in reach: a pronoun pointing forward to the
topic ("As she grew older, James's talent"), a pronoun whose predicate is a
noun of the other sex ("since she was a boy"), a body part the pronoun owns
that someone of the other sex does something with ("Bảo wiped his forehead
with the back of her wrist", "ran her fingers through his hair"), and, with
nobody named, a role noun of the other sex earlier in the paragraph ("the
landlady ... He"). Someone described without a sex who does what the
pronoun's clause does ("the slim young figure ... outlined a career in his
chosen field") is someone of unsaid sex in reach; and grammar makes a
pronoun a second person beside one of the other sex in its clause: the
other one of a subject and object, the one who sees, the owners of a subject
and of its object ("her words destroyed his plans"), a possessive inside a
noun said of someone ("Miss Bridget Allworthy, his sister").

Grammar and the paragraph decide two more cases. A subject pronoun is not
anyone named in its own clause ("she said so to Shirin"): with the one
person of its gender in reach set aside so, and someone of the other sex
described before it in its paragraph ("the landlady", or "the old
bookbinder ... his arms ... He", whose sex his own pronouns tell), it has
drifted from them. And with nobody in reach at all, the one pronoun of its
gender among at least six of the other's in a paragraph without dialogue is
the narration's person's, when they are of that gender ("Twice she found
it ... On the third try he caught it, cupped it in her palm").

Two more shapes need nobody named before it in its paragraph. The one
pronoun of its gender in its paragraph, no object, in a sentence that speaks
of someone of the other sex, with nothing of its own gender in reach, and
everyone there of the other sex, has nobody to be ("she untied her bonnet,
which hung limp and wet over his face"); the story's most named character
counts against it only when the sentence has not yet spoken of the other
sex, and not after a line of dialogue, nor when its noun is what someone
sees ("seeing his busy and composed face"). And a possessive in a relative
clause said of a noun of the other sex, the relative pronoun its subject
("one of the last women in the village who still carried all the recipes in
his head"), is that noun's, when nothing of its gender is in its own
paragraph.

A pronoun with nothing of its gender in the sentences before it has
drifted, whoever else is in reach, when, read without gender, coreferee
ranks a character settled as the other sex first among its candidate
antecedents ("Snake Anson's face looked lean and serpent-like, his eyes
glittered, and her long neck"): not around dialogue, in a sentence that
asks or exclaims (a character's thoughts), where grammar says it is someone
else (an object, the other one of its clause, what someone sees, a
reflexive), nor after an animal or a ship.

A slip goes on: a pronoun whose only evidence of its own gender is the
drifted pronoun just before it has drifted too, even past the reach of the
name. And a slip may start with the name in the sentences before rather than
in its paragraph, when it runs to a second pronoun and nobody else is
described in reach.
The coreference routes of ``references`` are held to the same scene.

Characters known only by a role noun ("the waitress") are judged apart, in
``judge_unnamed``, after everyone named (``judge`` runs both): see the
functions at the end.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import accumulate, islice
from typing import TYPE_CHECKING, Callable, Iterator

from .binding import REFLEXIVES, holding_nouns
from .gender import (
    OTHER, cues, given_name_gender, noun_singular, one_of, person_nouns, role_gender, settled_gender, title_gender,
)
from .nlp import NOTICES_KEY
from .pronouns import FEMININE, pronoun_gender

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .characters import Character, CharacterRegistry
    from .document import Document
    from .parse import Chunk
    from .references import References

# Sentences before a pronoun that are in its reach, besides its paragraph.
SENTENCES_BEFORE = 3
# At most this many sentences of its paragraph either side of a pronoun are
# in its reach: ordinary paragraphs are far shorter, while a text with no
# paragraph breaks would make every pronoun look at the whole text.
MAX_REACH_SENTENCES = 40
# The furthest a walk up the parse goes from a pronoun: prose needs a few
# steps, and degenerate text (10,000 pronouns in one sentence) must not make
# every walk as long as the sentence.
_MAX_WALK = 8
# The thresholds a character's pronouns need to settle their gender here,
# among all their pronouns and among the first ones.
MIN_PRONOUNS, MIN_MAJORITY = 4, 0.8
ESTABLISHING_PRONOUNS = 5
# Pronouns that coreference chains to a character's name, nine in ten of one
# gender, that settle it when too few could be read without gender.
MIN_CHAINED_PRONOUNS = 5
# As many as settle it when the given name agrees and nothing contradicts.
MIN_AGREEING_PRONOUNS = 3
_DETERMINERS = frozenset({"the", "this", "that", "his", "her", "my", "your", "our", "their"})
# What English calls "she" that is no woman.
_FEMININE_THINGS = frozenset({
    "boat", "ship", "vessel", "yacht", "ferry", "schooner", "steamer", "launch", "dinghy", "canoe", "car", "truck",
    "engine", "locomotive", "plane", "aircraft", "storm", "hurricane", "oven", "country", "nation", "city", "sea",
    "moon", "earth", "nature", "church", "mare", "cow", "ewe", "hen", "bitch", "doe", "sow", "nanny", "filly",
    "heifer", "cat", "dog", "horse", "goat", "sheep",
})


class PronounCounts:
    """Each character's pronoun genders, in story order, per file and paragraph."""

    def __init__(self, chains: "PronounCounts | None" = None) -> None:
        # The pronouns coreference chains to each character's name: evidence
        # of their gender where too few pronouns could be read without it.
        self.chains = chains
        # By name: each file sees its own copy of a manuscript's characters.
        self._by_place: dict[str, dict[tuple[str, int], Counter]] = defaultdict(lambda: defaultdict(Counter))
        self.totals: dict[str, Counter] = defaultdict(Counter)
        self._first: dict[str, list[str]] = defaultdict(list)

    def add(self, character: "Character", path: str, paragraph: int, gender: str) -> None:
        self._by_place[character.name][(path, paragraph)][gender] += 1
        self.totals[character.name][gender] += 1
        if len(self._first[character.name]) < ESTABLISHING_PRONOUNS:
            self._first[character.name].append(gender)

    def count(self, character: "Character", gender: str) -> int:
        """A character's pronouns of ``gender`` that settle them: read without
        gender, or, where too few are, chained to their name."""
        if sum(self.totals[character.name].values()) >= MIN_PRONOUNS or self.chains is None:
            return self.totals[character.name][gender]
        return self.chains.totals[character.name][gender]

    def within(self, name: str, paths: set[str]) -> Counter:
        """A character's pronoun genders in the files ``paths``."""
        return sum((genders for (path, _), genders in self._by_place[name].items() if path in paths), Counter())

    def outside(self, character: "Character", path: str, paragraph: int) -> Counter:
        return self.totals[character.name] - self._by_place[character.name][(path, paragraph)]

    def established(self, character: "Character") -> str | None:
        """The gender a character's first pronouns agree on: the one a
        reader takes in when the character is introduced."""
        first = Counter(self._first[character.name])
        gender, count = first.most_common(1)[0] if first else (None, 0)
        return gender if count >= MIN_PRONOUNS and count >= MIN_MAJORITY * sum(first.values()) else None


def judge(documents: list[tuple["Document", list["Chunk"], "CharacterRegistry", "References"]]) -> set[str]:
    """Judge the pronouns of a story's files: drift from everyone named or
    described in reach, then the pronouns of the unnamed characters. Return
    the names of the unnamed characters some pronoun now refers to."""
    reach: dict[int, _ReachWords] = {}  # by chunk: both passes read the same words
    judge_scenes(documents, reach)
    return judge_unnamed(documents, reach)


def judge_scenes(
    documents: list[tuple["Document", list["Chunk"], "CharacterRegistry", "References"]], reach: dict[int, "_ReachWords"]
) -> None:
    """Mark the pronouns of a story's files that drifted from everyone in reach."""
    from .references import Person, Source

    every_scene = [scene for entry in documents for scene in _scenes(*entry, reach)]
    # With nobody named or described in reach, a pronoun can only go on with
    # a slip just before it, or be the lone one of its gender in a paragraph;
    # it is no evidence of anyone's gender.
    scenes = [scene for scene in every_scene if scene.people or scene.described or scene.lone]
    chains = PronounCounts()
    for document, _, characters, references in documents:
        by_name = {character.name: character for character in characters}
        for use in references.pronouns:
            if use.source is Source.NAMED and use.gender in OTHER and use.character in by_name:
                chains.add(by_name[use.character], document.path, document.paragraph_index(use.start), use.gender)
    # The first votes go by titles and what is said of a character, not by
    # name lists, which are sometimes wrong about a name from far away.
    votes = _votes(
        scenes,
        lambda character: character.declared_gender or character.title_gender or character.described_gender,
        chains,
    )
    # A second round, now that pronouns have settled some genders.
    votes = _votes(scenes, lambda character: _gender(character, votes) or _hint(character), chains)
    # What a reader of a manuscript has learnt of each character on reaching a chapter.
    for position, (_, _, _, references) in enumerate(documents):
        earlier = {document.path for document, *_ in documents[:position]}
        references.votes_before = {name: votes.within(name, earlier) for name in votes.totals} if earlier else {}
    focal = _focal(documents)
    by_name = {character.name: character for _, _, characters, _ in documents for character in characters}
    drifted = _drifted(every_scene, votes, focal, by_name)
    # A pronoun of the same gender earlier in the paragraph that did not
    # drift is someone of that gender in the scene.
    drifted_at = {(scene.path, scene.use.start) for scene in drifted}
    first_kept: dict[tuple[str, int, str], int] = {}
    for document, _, _, references in documents:
        for use in references.pronouns:
            if use.gender in OTHER and (document.path, use.start) not in drifted_at and not document.quoted(use.start):
                first_kept.setdefault((document.path, document.paragraph_index(use.start), use.gender), use.start)
    # The gender-blind coreference pass, and a noun said of a character, are
    # held to the same scene: they may not give a pronoun to someone of the
    # other gender when its own gender is in reach.
    for scene in scenes:
        use = scene.use
        someone_else = any(
            _gender(c, votes, scene) in (None, use.gender) for c in [*scene.people, *([focal] if focal else [])]
        )
        # The noun said of the character is of the pronoun's gender: that is
        # how it was linked, so only someone else in reach counts against it.
        linked = use.source is Source.LINKED and use.person is None
        if (use.source is Source.BLIND or use.person is not None or linked) and (
            someone_else or (not linked and (scene.own_gender_said or scene.own_gender_name or scene.unknown_person))
        ):
            scene.references.pronouns[scene.index] = replace(use, character=None, source=None, person=None)
        elif use.source is Source.BLIND and use.person is None:
            # The blind pass's person, in reach, settled as the other gender
            # here, with nobody else there, and called so by some pronoun
            # (a name list alone may be wrong).
            person = next((c for c in scene.people if c.name == use.character), None)
            expected = OTHER[use.gender]
            if person is not None and _gender(person, votes, scene) == expected and votes.totals[person.name][expected]:
                scene.references.pronouns[scene.index] = replace(
                    use, person=Person(person.name, expected, votes.totals[person.name][expected])
                )
    # In dialogue, speakers talk of people who are not in the scene; and
    # with nobody in reach at all, there is no one to have drifted from but
    # someone never named whose own pronouns came just before.
    judged = {(scene.path, scene.use.start) for scene in scenes}
    judged |= {
        (scene.path, scene.use.start) for scene in every_scene if _left_to_the_unnamed_before(scene, votes, focal)
    }
    for document, _, _, references in documents:
        for index, use in enumerate(references.pronouns):
            inferred = use.source in (Source.BLIND, Source.LINKED) or use.person is not None
            if inferred and use.source is not Source.BOUND and (
                document.quoted(use.start) or (document.path, use.start) not in judged
            ):
                references.pronouns[index] = replace(use, character=None, source=None, person=None)
    for scene in drifted:
        use = scene.use
        if not scene.drifted_by_grammar and first_kept.get((scene.path, scene.paragraph, use.gender), use.start) < use.start:
            continue
        expected = OTHER[use.gender]
        if scene.grammar_says is not None:
            # The person the word fits: the last of that sex in reach, if any.
            fitting = [c for c in scene.people if _gender(c, votes, scene) == expected] or [
                c for c in scene.people if _gender(c, votes, scene) is None and c is scene.owner
            ]
            scene.owner = fitting[-1] if fitting else None
            scene.described = scene.described or scene.grammar_says
        if scene.owner is None:
            person = Person(scene.described, expected, 1)
        else:
            person = Person(scene.owner.name, expected, votes.count(scene.owner, expected))
        scene.references.pronouns[scene.index] = replace(
            use, character=scene.owner.name if scene.owner else None, source=Source.SCENE, person=person
        )


def _focal(documents: list[tuple["Document", list["Chunk"], "CharacterRegistry", "References"]]) -> "Character | None":
    """The story's most named character, the one a narration follows: in
    reach of every pronoun, named or not ("Anne" in Persuasion)."""
    named: Counter = Counter()
    for _, _, characters, _ in documents:
        named.update({character.name: len(character.mentions) for character in characters})
    return {c.name: c for _, _, characters, _ in documents for c in characters}.get(max(named, key=named.get)) if named else None


def _drifted_from_the_one_described(scene: "_Scene") -> bool:
    """With nobody named in reach and nothing of its gender there, a role
    noun of the other sex before it in its paragraph is the one it refers
    to: "The landlady was waiting on the step. He was heavyset"."""
    return (
        not scene.people and scene.described is not None and scene.grammar_says is None
        and not (scene.own_gender_said or scene.own_gender_name or scene.unknown_person)
    )


def _drifted_from_the_focal(scene: "_Scene", votes: "PronounCounts", focal: "Character | None") -> bool:
    """A lone pronoun in a paragraph of the other gender's pronouns, with
    nobody in reach: the one the narration follows, when they are of that
    gender. They become the one it refers to."""
    if not scene.lone or focal is None or _gender(focal, votes, scene) != OTHER[scene.use.gender]:
        return False
    scene.owner = focal
    return True


def _drifted_past_its_clause(scene: "_Scene", votes: "PronounCounts", focal: "Character | None") -> bool:
    """A subject pronoun whose own clause names the one person of its gender
    in reach ("she said so to Shirin"), so it cannot be her, with everyone
    else in reach of the other sex, and someone of that sex described before
    it in its paragraph ("the old bookbinder ... his arms"), who becomes the
    one it refers to. Named people alone are not enough: their pronouns in
    the paragraph before may be the ones of its gender."""
    gender = scene.use.gender
    if not (scene.ruled_out and scene.only_ruled_out_of_its_gender):
        return False
    if not any(_gender(character, votes, scene) == gender for character in scene.ruled_out):
        return False
    ruled_out = {id(character) for character in scene.ruled_out}
    if any(_gender(c, votes, scene) != OTHER[gender] for c in scene.people if id(c) not in ruled_out):
        return False
    if focal is not None and id(focal) not in ruled_out and _gender(focal, votes, scene) != OTHER[gender]:
        return False
    if scene.described_other is None:
        return False
    scene.owner, scene.described = None, scene.described_other
    return True


def _drifted_alone_in_its_sentence(scene: "_Scene", votes: "PronounCounts", focal: "Character | None") -> bool:
    """The one pronoun of its gender in its paragraph, in a sentence about
    someone of the other sex, with nothing of its gender in reach (no name,
    noun, person of unsaid sex, pronoun before it or in the paragraph
    before), and everyone in reach of the other sex: "she untied her bonnet,
    which hung limp and wet over his face". There is nobody it could be."""
    gender = scene.use.gender
    if scene.other_sex_beside is None or scene.earlier_pronouns:
        return False
    if scene.own_gender_said or scene.own_gender_name or scene.unknown_person:
        return False
    # The one it goes to is settled by their own pronouns or a title: name
    # lists have errors ("Thomas ... she smiled", with Thomas never "he").
    if any(
        (_gender(c, votes, scene) if c is not scene.owner else _gender(c, votes, scene, hinted=False) or c.title_gender)
        != OTHER[gender]
        for c in scene.people
    ):
        return False
    # The story's most named character may be the one it refers to, unless
    # the sentence has already spoken of someone of the other sex.
    if not scene.other_sex_first and focal is not None and _gender(focal, votes, scene) != OTHER[gender]:
        return False
    if not scene.people:
        scene.owner, scene.described = None, scene.other_sex_beside
    return True


def _drifted_in_a_relative_clause(scene: "_Scene", votes: "PronounCounts", focal: "Character | None") -> bool:
    """A possessive in a relative clause whose subject is a noun of the other
    sex ("one of the last women who still carried all the recipes in his
    head") belongs to that noun, when nothing of its gender is in its
    paragraph, and everyone named there, and the story's most named
    character, is of the other sex. The one it refers to is the last of them
    named before it, or else the noun."""
    gender = scene.use.gender
    if scene.relative_of_the_other_sex is None or scene.own_gender_in_paragraph:
        return False
    # The noun says the sex of the one it goes to; anyone else there must be
    # of that sex too.
    if any(
        _gender(c, votes, scene) != OTHER[gender] if c is not scene.owner else _gender(c, votes, scene) == gender
        for c in scene.named_in_paragraph
    ):
        return False
    if focal is not None and _gender(focal, votes, scene) != OTHER[gender]:
        return False
    if not (scene.owner_in_paragraph and scene.owner in scene.named_in_paragraph):
        scene.owner, scene.described = None, scene.relative_of_the_other_sex
    return True


def _drifted_with_the_doers_body(scene: "_Scene", votes: "PronounCounts") -> bool:
    """A body part the pronoun owns, with which a character settled as the
    other sex by their own pronouns does what they do, is theirs, whoever
    else is in reach: "Bảo ... wiped his forehead with the back of her wrist
    and looked at Lan"."""
    if scene.doer is None or _gender(scene.doer, votes, scene, hinted=False) != OTHER[scene.use.gender]:
        return False
    scene.owner = scene.doer
    return True


def _drifted_by_its_blind_ranking(scene: "_Scene", votes: "PronounCounts", by_name: dict[str, "Character"]) -> bool:
    """Read without gender, by position and syntax alone (the blind pass of
    ``references``, which reads the pronouns that nothing of their gender
    vouches for in the sentences before), coreferee scores a character
    settled as the other sex by their own pronouns above every other
    candidate antecedent: "Snake Anson's face looked lean and serpent-like,
    his eyes glittered, and her long neck". The scene may hold more people
    (someone named after it in its paragraph, someone whose sex is not
    settled, the story's most named character); the ranking says the
    pronoun is none of theirs. Not when another pronoun of its gender comes
    later in its sentence. It says nothing where people talked of need
    not be there: around dialogue, or in a sentence that asks or exclaims (a
    character's thoughts: "Now, how were his sentiments to be read?"); nor
    where grammar says it is someone else: an object ("sat down beside
    him"), the other one of a clause ("In a dream she came to him"), what
    someone sees, a reflexive, whose antecedent is its clause's ("Britannia
    ... swearing herself black"); nor after an animal or a ship, which
    coreferee does not weigh as English does ("the Laconia fought the sea.
    By morning she was taking water")."""
    if scene.around_dialogue or scene.asks_or_exclaims or scene.thing_just_before or scene.someone_else_by_grammar:
        return False
    if scene.unknown_person_in_its_sentence:
        return False
    expected = OTHER[scene.use.gender]
    # Someone named before it in its paragraph whom the story settles as the
    # pronoun's gender is who it is, whatever the ranking says.
    if scene.owner_in_paragraph and _gender(scene.owner, votes, scene) == scene.use.gender:
        return False
    best, best_score, rest_score = None, 0.0, 0.0
    for name, score in scene.use.candidates:
        character = by_name.get(name) if name is not None else None
        if character is not None and _gender(character, votes, scene, hinted=False) == expected:
            if score > best_score:
                best, best_score = character, score
        else:
            rest_score = max(rest_score, score)
    if best is None or best_score <= rest_score:
        return False
    # Another pronoun of its gender later in its sentence says the sentence
    # is about someone of that gender, and a slip would run on there ("He
    # was in the cabin, in his thick grey sweater, with his hair standing
    # up", a husband on a call after his sister rang off).
    if scene.its_gender_later_in_its_sentence:
        return False
    scene.owner = best
    return True


def _left_to_the_unnamed_before(scene: "_Scene", votes: "PronounCounts", focal: "Character | None") -> bool:
    """With nobody named or described in reach and nothing of its gender
    there, the person the blind pass makes the pronoun refer to, someone
    never named whom their own pronouns settle as the other sex, is who it
    is: "A tall man in a grey coat stood at the window. / He had not slept,
    and his eyes were red. / After a while she turned away". Not around
    dialogue, in a sentence that asks or exclaims, after an animal or a
    ship, after a pronoun of its own gender, where grammar says it is
    someone else, beside a narrator's "I" or "we" ("A man was selling
    chestnuts ... / She bought a bag and we ate them walking home"), when
    it arrives ("She came out with two cups of coffee"), in a sentence that
    opens somewhere else ("Outside, she waited by the gate"), nor when the
    story's most named character may be the one."""
    use = scene.use
    return (
        use.person is not None and use.character is None and use.person.gender == OTHER[use.gender]
        and not (scene.people or scene.described or scene.lone or scene.earlier_pronouns)
        and not (scene.own_gender_said or scene.own_gender_name or scene.unknown_person)
        and not (scene.around_dialogue or scene.asks_or_exclaims or scene.thing_just_before)
        and not (scene.someone_else_by_grammar or scene.first_person_in_reach or scene.arriving or scene.elsewhere)
        and (focal is None or _gender(focal, votes, scene) == OTHER[use.gender])
    )


def _drifted(
    scenes: list["_Scene"], votes: PronounCounts, focal: "Character | None", by_name: dict[str, "Character"]
) -> list["_Scene"]:
    """The scenes whose pronoun drifted, in story order. A pronoun of the same
    gender just before is someone of that gender in the scene, unless it
    drifted itself: then it is the same slip going on ("Saruul ... He
    worked ... his fingers"), and stands for the name it drifted from. A
    slip may begin with the name in the sentences before rather than in its
    paragraph; it then takes at least two pronouns."""
    drifted: list[_Scene] = []
    # (path, offset) -> the owner, and the run's first scene if that one is
    # still waiting for a second pronoun.
    runs: dict[tuple[str, int], tuple["Character | None", "_Scene | None"]] = {}
    # "he shook her head": the doer and the body's owner are one person.
    # When the one in reach has the possessive's gender, the doer slipped;
    # otherwise the possessive did, when grammar is sure of it.
    slipped_doers = {
        (scene.path, scene.doer_pronoun): scene
        for scene in scenes
        if scene.doer_pronoun is not None and scene.owner is not None
        and _gender(scene.owner, votes, scene) == scene.use.gender
    }
    for scene in scenes:
        gender = scene.use.gender
        body = slipped_doers.get((scene.path, scene.use.start))
        if body is not None:
            scene.body_of_the_other_sex = True
            # Someone else of its sex described there ("The lace seller was a
            # broad woman ... he counted the notes, wetting her thumb") may be
            # the one: the slip is then told by the body part.
            if not body.follows_owner and (body.own_gender_word or body.unknown_person):
                scene.owner, scene.described = None, body.body_part
            else:
                scene.owner = body.owner
        if (
            (scene.cataphoric and _gender(scene.owner, votes, scene, hinted=False) == OTHER[gender])
            or scene.body_of_the_other_sex
            or (scene.grammar_says is not None and (scene.path, scene.doer_pronoun) not in slipped_doers)
            or _drifted_with_the_doers_body(scene, votes)
            or _drifted_past_its_clause(scene, votes, focal)
            or _drifted_from_the_focal(scene, votes, focal)
            or _drifted_from_the_one_described(scene)
            or _drifted_alone_in_its_sentence(scene, votes, focal)
            or _drifted_in_a_relative_clause(scene, votes, focal)
            or _drifted_by_its_blind_ranking(scene, votes, by_name)
        ):
            drifted.append(scene)
            runs[(scene.path, scene.use.start)] = (scene.owner, None)
            continue
        earlier = [(scene.path, start) for start in scene.earlier_pronouns]
        owner, waiting = runs.get(earlier[-1], (None, None)) if earlier else (None, None)
        if not (scene.people or scene.described):
            # Nobody in reach: the slip before it goes on, if there is one.
            scene.owner = owner
        continued = owner is not None and owner is scene.owner
        if not (
            not (scene.own_gender_word or scene.own_gender_name or scene.unknown_person)
            and all(key in runs for key in earlier)
            # The one the pronoun goes to is settled by their own pronouns:
            # name lists have errors.
            and all(_gender(c, votes, scene, hinted=c is not scene.owner) == OTHER[gender] for c in scene.people)
            and (focal is None or scene.by_themselves or _gender(focal, votes, scene) == OTHER[gender])
            and scene.owner is not None
            # Grammar says it is someone else ("Dilani watched him").
            and all(c is not scene.owner for c in scene.ruled_out)
        ):
            continue
        key = (scene.path, scene.use.start)
        # The one it goes to is named in its own paragraph, before it.
        if scene.owner_in_paragraph or continued:
            if continued and waiting is not None:
                drifted.append(waiting)
                runs[earlier[-1]] = (owner, None)
            drifted.append(scene)
            runs[key] = (scene.owner, None)
        elif scene.owner_just_named:
            runs[key] = (scene.owner, scene)
    drifted.sort(key=lambda scene: (scene.path, scene.use.start))
    return drifted


def _votes(scenes: list["_Scene"], known: Callable[["Character"], str | None], chains: PronounCounts) -> PronounCounts:
    """Judged without gender, a pronoun counts for the one character in reach
    it can refer to: the only character in reach, named before it in its
    paragraph with nobody described in between; or else the only one in
    reach not of a gender already known to be the other, with no one
    described of its own gender."""
    votes = PronounCounts(chains)
    for scene in scenes:
        if scene.owner is None:
            continue
        ruled_out = {id(character) for character in scene.ruled_out}
        if id(scene.owner) in ruled_out:
            continue
        # "Nyambura fumbled for her phone", with nobody else there: the text
        # says, where a name list may be wrong (a title is not).
        if scene.follows_owner and len(scene.people) == 1 and (
            known(scene.owner) in (None, scene.use.gender) or (scene.subject_owns_it and scene.owner.title_gender is None)
        ):
            votes.add(scene.owner, scene.path, scene.paragraph, scene.use.gender)
            continue
        # A subject pronoun carries on the subject of the sentence before.
        carried = scene.carries_on
        if carried is not None and known(carried) in (None, scene.use.gender) and id(carried) not in ruled_out:
            votes.add(carried, scene.path, scene.paragraph, scene.use.gender)
            continue
        if scene.own_gender_said:
            continue
        fitting = [c for c in scene.people if known(c) in (None, scene.use.gender) and id(c) not in ruled_out]
        if len(fitting) == 1:
            votes.add(fitting[0], scene.path, scene.paragraph, scene.use.gender)
    return votes


def _hint(character: "Character") -> str | None:
    return character.declared_gender or character.gender_hint or character.described_gender


def _gender(character: "Character", votes: PronounCounts, scene: "_Scene | None" = None, hinted: bool = True) -> str | None:
    """A character's settled gender: declared, or established by their first
    pronouns and borne out by the rest (outside ``scene``'s paragraph), and
    not contradicted by their title or given name. With ``hinted``, a
    character with few pronouns has the gender of their title, given name or
    a noun said of them."""
    if character.declared_gender:
        return character.declared_gender
    established = votes.established(character)
    pronouns = votes.outside(character, scene.path, scene.paragraph) if scene else votes.totals[character.name]
    if sum(pronouns.values()) < MIN_PRONOUNS:
        chained = _chained_gender(character, votes, scene)
        if chained is not None or not hinted:
            return chained
        # Too few pronouns to go by: the title, given name or a noun said of
        # them, unless the pronouns there are say otherwise.
        hint = character.gender_hint or character.described_gender
        return hint if hint is not None and not pronouns[OTHER[hint]] else None
    # Votes read without gender may be wrong where a name list is right, so
    # here they never overrule a title, and a given name only when they are
    # unanimous (name lists have errors too).
    settled = settled_gender(
        pronouns, character.gender_hint, min_pronouns=MIN_PRONOUNS, min_majority=MIN_MAJORITY,
        overrule_share=1.01 if character.title_gender else 1.0,
    )
    return settled if settled == established else None


def _chained_gender(character: "Character", votes: PronounCounts, scene: "_Scene | None") -> str | None:
    """The gender of the pronouns coreference chains to a character's name
    (outside ``scene``'s paragraph), when they agree all but overwhelmingly
    and their title or given name does not say otherwise; or the given
    name's, when a few pronouns, chained or read without gender, agree with
    it and none says otherwise ("Wanjiru ... she ... her")."""
    chains = votes.chains
    if chains is None:
        return None
    chained = chains.outside(character, scene.path, scene.paragraph) if scene else chains.totals[character.name]
    read = votes.outside(character, scene.path, scene.paragraph) if scene else votes.totals[character.name]
    hint = character.gender_hint
    if hint is not None and not (chained[OTHER[hint]] or read[OTHER[hint]]):
        if max(chained[hint], read[hint]) >= MIN_AGREEING_PRONOUNS:
            return hint
    return settled_gender(
        chained, hint, min_pronouns=MIN_CHAINED_PRONOUNS, min_majority=0.9, overrule_share=1.01
    )


@dataclass
class _Scene:
    """One he or she, and who is in its reach."""

    path: str
    paragraph: int
    references: "References"
    index: int  # of the pronoun in ``references``
    people: list["Character"]  # the characters named in reach
    owner: "Character | None"  # the one named last before the pronoun (or first after)
    own_gender_word: bool  # a noun of the pronoun's gender, a thing called so
    own_gender_name: bool  # a title or given name of the pronoun's gender
    unknown_person: bool  # someone described whose sex the text does not say ("the nurse")
    follows_owner: bool  # the owner is named before it in its paragraph, nobody else in between
    owner_in_paragraph: bool  # the owner is named before it in its paragraph, outside quotation marks
    described: str | None = None  # with nobody named: the person of the other sex described before it
    cataphoric: bool = False  # subject of a fronted clause whose main subject is the owner, the topic
    # The word of the other sex that grammar says the pronoun is: a noun said
    # of it ("she was a boy"), or a pronoun doing something with its body
    # part ("he wiped his forehead with the back of her wrist").
    grammar_says: str | None = None
    # A character doing something with the pronoun's body part ("Bảo wiped
    # his forehead with the back of her wrist"), whose it therefore is.
    doer: "Character | None" = None
    # The offset of a pronoun of the other sex doing something with the
    # pronoun's body part ("he shook her head", "he wiped her hands on her
    # apron"): one of the two slipped.
    doer_pronoun: int | None = None
    body_part: str | None = None  # with a doer pronoun: the possessive and its body part
    # For that doer: the possessive of its own body part is the other sex's,
    # and the one in reach is of that sex, so the doer slipped.
    body_of_the_other_sex: bool = False
    subject_owns_it: bool = False  # a possessive in a clause whose subject is the owner's name
    lone: bool = False  # with nobody in reach, the one pronoun of its gender in a paragraph of the other's
    # Grammar's answer: the characters named inside a subject pronoun's own
    # clause, which it cannot be ("she said so to Shirin"), and what else is
    # there once they are set aside.
    ruled_out: list["Character"] = field(default_factory=list)
    only_ruled_out_of_its_gender: bool = False  # nothing of its gender in reach outside its clause
    described_other: str | None = None  # a person of the other sex described before it in its paragraph
    # Offsets of the pronouns of its gender in the paragraph before (two
    # before in or after dialogue) and in its own paragraph before it.
    earlier_pronouns: tuple[int, ...] = ()
    # The owner is named in reach before it, outside quotation marks, and
    # nobody is described in reach, nor speaks in the paragraph before.
    owner_just_named: bool = False
    said_before: bool = False  # one of them is in the paragraph before
    # The only pronoun of its gender in its paragraph, not an object, in a
    # sentence that speaks of someone of the other sex: that pronoun or
    # name ("she untied her bonnet, which hung over his face").
    other_sex_beside: str | None = None
    other_sex_first: bool = False  # and said before it ("a noise behind her made his stop")
    # A possessive in a relative clause said of a noun of the other sex, its
    # relative pronoun the subject ("one of the last women who still carried
    # all the recipes in his head"): that noun.
    relative_of_the_other_sex: str | None = None
    # Whether something of its gender is in its own paragraph: a pronoun
    # other than it, a name, a noun, someone of unsaid sex, or dialogue; and
    # the characters named there.
    own_gender_in_paragraph: bool = False
    named_in_paragraph: list["Character"] = field(default_factory=list)
    around_dialogue: bool = False  # its paragraph or the one before has dialogue
    asks_or_exclaims: bool = False  # its sentence has a "?" or "!"
    thing_just_before: bool = False  # an animal, or a thing called "she", since the sentence before
    # Grammar says it is someone other than who position alone would make it:
    # an object, the other one of its clause, what someone sees, a reflexive.
    someone_else_by_grammar: bool = False
    # "I" or "we" in reach, up to the end of its sentence: a narrator or a
    # speaker, whose wife or companion may be "she" with no introduction.
    first_person_in_reach: bool = False
    # Someone of unsaid sex earlier in its sentence ("It was the coach, and
    # he was laughing"), whom coreferee may not rank at all.
    unknown_person_in_its_sentence: bool = False
    arriving: bool = False  # the subject of a verb by which someone joins a scene ("She came out")
    elsewhere: bool = False  # its sentence opens somewhere else ("Outside, she waited")
    its_gender_later_in_its_sentence: bool = False  # another pronoun of its gender after it in its sentence
    # Its paragraph says, before it, that the one character in reach is
    # alone ("Abdurehim did the inlay alone"): nobody else is there, not
    # even the story's most named character.
    by_themselves: bool = False
    # The character named as the subject of the sentence before, in its
    # paragraph, whom the pronoun, its sentence's first subject, carries on
    # ("Siobhán had run it for twenty-six years ... She sold stamps").
    carries_on: "Character | None" = None

    @property
    def drifted_by_grammar(self) -> bool:
        """Whether grammar alone says who the pronoun is, whoever else of its
        gender is in the scene: a noun said of it, or the doer whose body
        part it owns."""
        return (
            self.grammar_says is not None or self.body_of_the_other_sex
            or (self.doer is not None and self.owner is self.doer)
        )

    @property
    def own_gender_said(self) -> bool:
        """A noun or thing of its gender in reach, or a pronoun of its gender
        in the paragraph before."""
        return self.own_gender_word or self.said_before

    @property
    def use(self):
        return self.references.pronouns[self.index]


def _scenes(
    document: "Document", chunks: list["Chunk"], characters: "CharacterRegistry", references: "References",
    reach: dict[int, "_ReachWords"],
) -> Iterator[_Scene]:
    from .references import Source

    mentions = sorted(
        ((mention.start, character) for character in characters for mention in character.mentions),
        key=lambda pair: pair[0],
    )
    starts = [start for start, _ in mentions]
    by_offset = {use.start: index for index, use in enumerate(references.pronouns)}
    pronoun_starts = [use.start for use in references.pronouns]
    for chunk in chunks:
        sentences = list(chunk.doc.sents)
        sentence_starts = [sentence.start for sentence in sentences]
        alone_at = [word.i for word in chunk.doc if word.lower_ == "alone"]
        reach_words = _reach_words(chunk, set(starts), reach)
        token_starts = reach_words.starts
        cut_short = 0
        reported: dict[int, bool] = {}  # by paragraph
        new_scene: dict[int, bool] = {}  # by paragraph
        speakers: dict[int, "Character | None"] = {}  # by paragraph with dialogue
        for token in chunk.doc:
            index = by_offset.get(chunk.start(token))
            if index is None:
                continue
            use = references.pronouns[index]
            if use.gender not in OTHER or use.source is Source.BOUND or document.quoted(use.start):
                continue
            paragraph = document.paragraph_index(use.start)
            para_start, para_end = document.paragraphs[paragraph]
            sentence = bisect_right(sentence_starts, token.i) - 1
            reach_start = min(para_start, chunk.start(sentences[max(sentence - SENTENCES_BEFORE, 0)]))
            # After a line of dialogue, its speaker is still there ("'Poor
            # Pa!' said Caddy ... Mr. Jellyby could not hear what she said").
            after_dialogue = paragraph > 0 and document.has_quotation_marks(*document.paragraphs[paragraph - 1])
            if after_dialogue:
                reach_start = min(reach_start, document.paragraphs[paragraph - 1][0])
            scene_start = document.scene_start(paragraph)
            if paragraph not in new_scene:
                opening = sentences[max(bisect_right(sentence_starts, bisect_left(token_starts, para_start)) - 1, 0)]
                new_scene[paragraph] = _opens_on_someone_at_a_new_time(chunk, opening, characters)
            if new_scene[paragraph]:
                scene_start, after_dialogue = para_start, False
            reach_start = max(reach_start, scene_start)
            # "Prasert sat alone in the workshop": nobody before that sentence
            # is in the scene.
            alone = _alone_before(
                document, chunk, sentences, sentence_starts, sentence, para_start, token, mentions, starts, alone_at
            )
            if alone is not None:
                reach_start, after_dialogue = alone, False
            # A paragraph of hundreds of sentences is not one scene.
            bounded_start = chunk.start(sentences[max(sentence - MAX_REACH_SENTENCES, 0)])
            bounded_end = chunk.end(sentences[min(sentence + MAX_REACH_SENTENCES, len(sentences) - 1)])
            if bounded_start > reach_start or bounded_end < para_end:
                cut_short += 1
                reach_start, para_start = max(reach_start, bounded_start), max(para_start, bounded_start)
                para_end = min(para_end, bounded_end)
            first, last = bisect_left(starts, reach_start), bisect_left(starts, para_end)
            # Names in dialogue may be of people who are not there.
            people = list({
                id(character): character for start, character in mentions[first:last] if not document.quoted(start)
            }.values())

            before = [character for start, character in mentions[first : bisect_left(starts, use.start)]]
            named_before = bisect_left(starts, use.start)
            last_name = starts[named_before - 1] if named_before > first else 0
            thing_start = max(reach_start, chunk.start(sentences[max(sentence - 1, 0)]), last_name)
            word, name, unknown = reach_words.own_gender(
                token,
                bisect_left(token_starts, reach_start),
                bisect_left(token_starts, para_start),
                bisect_left(token_starts, para_end),
                bisect_left(token_starts, thing_start),
            )
            unknown |= _someone_unsaid_doing_it(token)
            # Someone of the pronoun's gender in the paragraph before is still
            # in the scene; in dialogue, turns alternate, so two before, and
            # after a line of dialogue the one before it is still there.
            if paragraph not in reported:
                reported[paragraph] = _reports_speech(chunk, *document.paragraphs[paragraph])
            dialogue = document.has_quotation_marks(*document.paragraphs[paragraph]) or reported[paragraph]
            previous_start = max(
                document.paragraphs[max(paragraph - (2 if dialogue or after_dialogue else 1), 0)][0], scene_start
            )
            if alone is not None:
                previous_start = alone
            # Quoted or not: people just talked of are still in mind.
            earlier = tuple(
                other.start
                for other in references.pronouns[max(index - 60, 0) : index]
                if other.gender == use.gender and previous_start <= other.start < use.start
            )
            # "She went back into the house ... / Kwabena stayed at the loom":
            # the last of its gender in the paragraph before has left the
            # scene, and the story stays with someone else. Without a word
            # of staying, the story may follow her in ("In the kitchen she").
            if earlier and earlier[-1] < para_start and _leaving(chunk, token_starts, earlier[-1]) and any(
                word.lemma_.lower() in cues().staying_verbs
                for word in chunk.doc[bisect_left(token_starts, para_start) : token.i]
            ):
                earlier = tuple(start for start in earlier if start >= para_start)
            said_before = bool(earlier) and earlier[0] < para_start
            follows = (
                para_start <= last_name
                and not document.quoted(last_name)
                and not reach_words.person_between(bisect_right(token_starts, last_name), token)
            )
            # Around dialogue, "said he" and "(lowering his voice)" are the
            # speakers', who take turns and need not be named; not after the
            # last line of a paragraph whose one speaker is named, with no
            # dialogue just before it to answer ("'Then we go to the shed,'
            # Wanjiru said ... He straightened").
            if dialogue and paragraph not in speakers:
                speakers[paragraph] = _one_named_speaker(document, chunk, characters, para_start, para_end)
            word |= dialogue and not (
                speakers[paragraph] is not None and not after_dialogue
                and not document.has_quotation_marks(use.end, para_end) and not document.quoted(use.start)
            )
            # A clause's subject and object are two people ("She had seen
            # him"): with the other one of the other gender, it is someone else.
            two_in_its_clause = _other_gender_in_its_clause(token, use.gender) or _said_of_someone_else(token)
            word |= two_in_its_clause
            described, lone = None, False
            grammar_word = _predicate_of_the_other_sex(token, use.gender)
            doer = _acting_with_its_body_part(token)
            if doer is not None and document.quoted(chunk.start(doer)):
                doer = None  # a name spoken to: "'Well, Lady Dedlock,' returns the lawyer, crossing his legs"
            doer_pronoun = None
            if grammar_word is None and doer is not None and pronoun_gender(doer.text) == OTHER[use.gender]:
                grammar_word, doer_pronoun = doer, chunk.start(doer)
            elif grammar_word is None:
                mover = _onto_its_owners_things(token)
                if mover is not None and pronoun_gender(mover.text) == OTHER[use.gender]:
                    doer_pronoun = chunk.start(mover)
            if grammar_word is not None:
                described = f'"{grammar_word.text}" (line {document.position(chunk.start(grammar_word))[0]})'
            elif not people:
                # A role noun of the other sex earlier in the paragraph, the
                # subject of its sentence as the pronoun is of its own, the
                # way a story carries a person on: "The landlady was waiting
                # ... He was heavyset"; not "the eyes of the dear girl ... He".
                role = reach_words.described_before(token, bisect_left(token_starts, para_start), OTHER[use.gender])
                if role is not None and role.dep_ in _SUBJECTS and token.dep_ in _SUBJECTS:
                    described = _description(document, chunk, role)
                else:
                    # A pronoun of its gender in the paragraph just before
                    # may be someone who is still there.
                    just_before = any(start >= document.paragraphs[paragraph - 1][0] for start in earlier if start < para_start)
                    lone = not (word or just_before or name or unknown) and _lone_in_its_paragraph(
                        document, references, pronoun_starts, index, token, (para_start, para_end)
                    )
            owner = (before or people)[-1 if before else 0] if people else None
            topic = _cataphoric(chunk, token, sentences, sentence, characters)
            if topic is not None:
                owner = topic
            in_paragraph = owner is not None and any(
                character is owner and para_start <= start < use.start and not document.quoted(start)
                for start, character in mentions[first:named_before]
            )
            scene = _Scene(
                document.path, paragraph, references, index, people, owner, word, name, unknown, follows, in_paragraph,
                described,
                cataphoric=topic is not None, grammar_says=described if grammar_word is not None else None,
                lone=lone,
                subject_owns_it=owner is not None and _subject_of_its_clause(chunk, token, characters) is owner,
                earlier_pronouns=earlier, said_before=said_before,
                owner_just_named=not after_dialogue
                and _just_named(document, reach_words, token_starts, token, before, topic, last_name, reach_start),
            )
            if doer_pronoun is not None:
                scene.doer_pronoun, scene.body_part = doer_pronoun, _description(document, chunk, token.head)
            if doer is not None and doer.pos_ == "PROPN":
                name_start, name_end = chunk.start(doer.left_edge), chunk.end(doer)
                scene.doer = next(
                    (character for start, character in mentions[first:last] if name_start <= start < name_end), None
                )
            scene.around_dialogue = dialogue or after_dialogue
            scene.asks_or_exclaims = any(mark.text in ("?", "!") for mark in token.sent)
            scene.first_person_in_reach = reach_words.first_person(
                bisect_left(token_starts, reach_start), sentences[sentence].end
            )
            scene.unknown_person_in_its_sentence = reach_words.unknown_person(sentences[sentence].start, token.i)
            scene.its_gender_later_in_its_sentence = any(
                other.gender == use.gender
                for other in references.pronouns[index + 1 : bisect_left(pronoun_starts, chunk.end(sentences[sentence]))]
            )
            scene.arriving = token.dep_ in _SUBJECTS and token.head.lemma_.lower() in cues().arrival_verbs
            scene.by_themselves = alone is not None and len(people) == 1
            if sentence > 0 and chunk.start(sentences[sentence - 1]) >= para_start:
                scene.carries_on = _subject_carried_on(
                    document, chunk, characters, token, sentences[sentence], sentences[sentence - 1]
                )
            opening = next((word for word in sentences[sentence] if not (word.is_punct or word.is_space)), token)
            scene.elsewhere = opening.i < token.i and opening.lower_ in cues().elsewhere_words
            scene.thing_just_before = reach_words.thing_before(
                token, bisect_left(token_starts, thing_start), only_antecedents=True
            )
            scene.someone_else_by_grammar = (
                two_in_its_clause or token.lower_ in REFLEXIVES or _seen(token)
                or (token.dep_ in _OBJECTS and token.tag_ != "PRP$")
            )
            # After a line of dialogue its speakers are in the scene unnamed.
            other_sex = None if after_dialogue else _other_sex_beside(
                document, chunk, references, index, token, para_end, mentions[first:last]
            )
            if other_sex is not None and not _strangers(
                document, references, pronoun_starts, reach_words, token_starts, (reach_start, para_end),
                mentions[first:last], OTHER[use.gender],
            ):
                scene.other_sex_beside, scene.other_sex_first = other_sex
            relative = _relative_clause_of_the_other_sex(token, use.gender)
            if relative is not None:
                scene.relative_of_the_other_sex = _description(document, chunk, relative)
                paragraph_token = bisect_left(token_starts, para_start)
                scene.own_gender_in_paragraph = dialogue or any(reach_words.own_gender(
                    token, paragraph_token, paragraph_token, bisect_left(token_starts, para_end),
                    bisect_left(token_starts, thing_start),
                )) or any(
                    other.gender == use.gender and other.start != use.start
                    for other in references.pronouns[
                        bisect_left(pronoun_starts, para_start) : bisect_left(pronoun_starts, para_end)
                    ]
                )
                scene.named_in_paragraph = list({
                    id(character): character for start, character in mentions[first:last]
                    if para_start <= start and not document.quoted(start)
                }.values())
            clause = _own_clause(token)
            if clause:
                bounds = (
                    bisect_left(token_starts, reach_start), bisect_left(token_starts, para_start),
                    bisect_left(token_starts, para_end), bisect_left(token_starts, thing_start),
                )
                _set_aside_its_clause(scene, document, chunk, token, clause, mentions[first:last], reach_words, bounds)
            named_subject = _named_subject_of_its_object(chunk, token, characters)
            if named_subject is not None and all(c is not named_subject for c in scene.ruled_out):
                scene.ruled_out.append(named_subject)
            yield scene
        if cut_short:
            chunk.doc.user_data.setdefault(NOTICES_KEY, []).append(
                f"drift judged on the {MAX_REACH_SENTENCES} sentences either side of {cut_short} pronoun(s)"
                " in longer paragraphs"
            )


# The pronouns of the other gender a paragraph that names nobody needs
# before one lone pronoun in it is taken for theirs.
LONE_AMONG = 6


def _other_sex_beside(
    document: "Document", chunk: "Chunk", references: "References", index: int, pronoun: "Token", paragraph_end: int,
    mentions: list[tuple[int, "Character"]],
) -> tuple[str, bool] | None:
    """Who of the other sex a pronoun's sentence speaks of, outside quotation
    marks: the first pronoun of that gender in it, or else a character named
    in it, and whether before the pronoun; when the pronoun is no object (an
    object is someone else: "she looked at him") and the only one of its
    gender from there to the end of its paragraph."""
    use = references.pronouns[index]
    if (pronoun.dep_ in _OBJECTS and pronoun.tag_ != "PRP$") or _seen(pronoun):
        return None
    for other in references.pronouns[index + 1 :]:
        if other.start >= paragraph_end:
            break
        if other.gender == use.gender:
            return None
    sentence = pronoun.sent
    other_sex = next(
        (
            word for word in sentence
            if word.pos_ == "PRON" and pronoun_gender(word.text) == OTHER[use.gender]
            and not document.quoted(chunk.start(word))
        ),
        None,
    )
    if other_sex is not None:
        return _description(document, chunk, other_sex), other_sex.i < pronoun.i
    start, end = chunk.start(sentence), chunk.end(sentence)
    return next(
        (
            (character.name, offset < use.start) for offset, character in mentions
            if start <= offset < end and not document.quoted(offset)
        ),
        None,
    )


def _strangers(
    document: "Document", references: "References", pronoun_starts: list[int], reach_words: "_ReachWords",
    token_starts: list[int], reach: tuple[int, int], mentions: list[tuple[int, "Character"]], other: str,
) -> bool:
    """Whether the other sex is a single pronoun in a reach that names
    nobody and describes nobody of that sex: "The couple next door argued
    every night. He shouted and she cried". Each pronoun is then the only
    one of its sex beside the other, and they are two people."""
    start, end = reach
    pronouns = references.pronouns[bisect_left(pronoun_starts, start) : bisect_left(pronoun_starts, end)]
    if sum(use.gender == other and not document.quoted(use.start) for use in pronouns) != 1:
        return False
    if any(start <= offset < end and not document.quoted(offset) for offset, _ in mentions):
        return False
    return not reach_words.described(other, bisect_left(token_starts, start), bisect_left(token_starts, end))


def _leaving(chunk: "Chunk", token_starts: list[int], start: int) -> bool:
    """Whether the pronoun at offset ``start`` is the subject of a clause by
    which someone leaves a scene: "She went back into the house", "he left"."""
    index = bisect_left(token_starts, start)
    if index >= len(token_starts) or token_starts[index] != start:
        return False
    pronoun = chunk.doc[index]
    verb = pronoun.head
    if pronoun.dep_ not in _SUBJECTS:
        return False
    lemma = verb.lemma_.lower()
    if lemma in cues().leaving_verbs:
        return True
    # "went back into the house": "into" may hang from "back".
    words = [child for child in verb.children if child.dep_ in ("advmod", "prt", "prep")]
    words += [grandchild for child in words for grandchild in child.children if grandchild.dep_ == "prep"]
    return lemma in cues().going_verbs and any(word.lower_ in cues().going_away for word in words)


def _seen(possessive: "Token") -> bool:
    """Whether a possessive's noun is what someone sees or looks at ("seeing
    his busy and composed face", "looked at his hands"): someone else's."""
    noun = possessive.head
    if possessive.tag_ != "PRP$" or noun.dep_ not in _OBJECTS:
        return False
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    return verb.lemma_.lower() in cues().perception_verbs


def _relative_clause_of_the_other_sex(pronoun: "Token", gender: str) -> "Token | None":
    """The noun of the other sex that a relative clause holding a possessive
    is said of, with the relative pronoun for its subject and the possessive
    in that clause itself, not in one with a subject of its own: "one of the
    last women who still carried all the recipes in his head"."""
    if pronoun.tag_ != "PRP$":
        return None
    for clause in pronoun.ancestors:
        if clause.dep_ == "relcl":
            break
        if any(child.dep_ in _SUBJECTS for child in clause.children):
            return None
    else:
        return None
    if not any(child.dep_ in _SUBJECTS and child.lower_ in ("who", "that") for child in clause.children):
        return None
    noun = clause.head
    return noun if noun.pos_ == "NOUN" and role_gender(noun_singular(noun)) == OTHER[gender] else None


def _subject_of_its_clause(chunk: "Chunk", pronoun: "Token", characters: "CharacterRegistry") -> "Character | None":
    """The character named as the subject of a possessive's clause: "Nyambura
    fumbled for her phone"."""
    if pronoun.tag_ != "PRP$":
        return None
    verb = pronoun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subjects = [child for child in verb.children if child.dep_ in _SUBJECTS]
    return characters.character_at(chunk.start(subjects[0])) if subjects else None


def _lone_in_its_paragraph(
    document: "Document", references: "References", starts: list[int], index: int, pronoun: "Token",
    paragraph: tuple[int, int],
) -> bool:
    """Whether a subject pronoun is the only one of its gender in a
    paragraph without dialogue whose he/she pronouns are otherwise all of
    the other gender, at least ``LONE_AMONG``, with one of them in its
    sentence and one in the sentence before: "Twice she found it ... On the
    third try he caught it at last, cupped it in her palm". ``paragraph`` is
    its paragraph's span as far as the pronoun's reach goes (``starts`` are
    the pronouns' offsets)."""
    use = references.pronouns[index]
    start, end = paragraph
    if pronoun.dep_ not in _SUBJECTS or document.has_quotation_marks(start, end):
        return False
    pronouns = references.pronouns[bisect_left(starts, start) : bisect_left(starts, end)]
    genders = Counter(other.gender for other in pronouns)
    if genders[use.gender] != 1 or genders[OTHER[use.gender]] < LONE_AMONG:
        return False
    sentence = pronoun.sent
    before = pronoun.doc[sentence.start - 1].sent if sentence.start > 0 else None
    return all(
        span is not None and any(pronoun_gender(word.text) == OTHER[use.gender] for word in span if word.pos_ == "PRON")
        for span in (sentence, before)
    )


def _just_named(
    document: "Document", reach_words: "_ReachWords", token_starts: list[int], pronoun: "Token",
    before: list["Character"], topic: "Character | None", last_name: int, reach_start: int,
) -> bool:
    """Whether the last name before a pronoun, in its reach, is outside
    quotation marks, with no person described anywhere in reach before the
    pronoun ("the visitor ... He", "the postman ... 'Morning, Mrs Gildea' ...
    He")."""
    return (
        bool(before)
        and topic is None
        and not document.quoted(last_name)
        and not reach_words.person_between(bisect_left(token_starts, reach_start), pronoun)
    )


_OBJECTS = frozenset({"dobj", "dative", "pobj", "iobj"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "conj", "appos"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# "One of them": people the words give no sex.
_PLURAL_PRONOUNS = frozenset({"them", "us", "you", "those", "these"})
# A narrator, or a speaker: "I", "we". Their own people need no introduction.
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
_INDEFINITES = frozenset({
    "anyone", "anybody", "everyone", "everybody", "someone", "somebody", "nobody", "one", "whoever", "each", "none",
})
_COPULAS = frozenset({"be", "become", "remain"})


def _predicate_of_the_other_sex(pronoun: "Token", gender: str) -> "Token | None":
    """The noun of the other sex said of a subject pronoun by a copula: "he
    had worked these rows since she was a boy". Not when negated, modal or
    conditional ("if she were a man"), nor figurative ("a mother to them")."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj" or verb.lemma_ not in _COPULAS:
        return None
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.tag_ == "MD") or (
            child.dep_ == "mark" and child.lower_ in ("if", "unless", "as", "though", "whether")
        ):
            return None
    for noun in verb.children:
        if noun.dep_ == "attr" and noun.tag_ == "NN" and role_gender(noun.lower_) == OTHER[gender]:
            if not any(child.dep_ == "prep" and child.lower_ in ("to", "of") for child in noun.children if child.i > noun.i + 1):
                return noun
    return None


# Prepositions whose object, after a verb, is someone other than its subject.
_TOWARDS = frozenset({"to", "at", "about"})


def _named_subject_of_its_object(chunk: "Chunk", pronoun: "Token", characters: "CharacterRegistry") -> "Character | None":
    """The character named as the subject of the verb whose object the
    pronoun is, directly or after "to", "at" or "about", or the subject of
    whose small clause it is ("Dilani watched him", "would not speak to
    him", "Jiří let her try"). Grammar says they are two people: the verb's
    own subject would be "himself" or "herself"."""
    verb = pronoun.head
    if pronoun.pos_ != "PRON" or pronoun.tag_ == "PRP$" or pronoun.lower_ in REFLEXIVES:
        return None
    # "turned her back", parsed as "her" for its object: a possessive.
    following = pronoun.doc[pronoun.i + 1] if pronoun.i + 1 < len(pronoun.doc) else None
    if following is not None and (following.pos_ == "NOUN" or following.lower_ in cues().possessions):
        return None
    if pronoun.dep_ in _SUBJECTS and verb.dep_ in ("ccomp", "xcomp") and verb.tag_ == "VB":
        verb = verb.head
    elif pronoun.dep_ == "pobj" and verb.lower_ in _TOWARDS and verb.dep_ == "prep" and verb.head.pos_ == "VERB":
        # "would not speak to him", "smiled at her"; not "took it with her",
        # "looked around him", where the subject may be the one.
        verb = verb.head
    elif pronoun.dep_ not in ("dobj", "dative"):
        return None
    subject = _understood_subject(verb)
    if subject is None or subject.pos_ != "PROPN":
        return None
    return characters.character_at(chunk.start(subject))


def _one_named_speaker(
    document: "Document", chunk: "Chunk", characters: "CharacterRegistry", start: int, end: int
) -> "Character | None":
    """The one character who speaks in a paragraph of dialogue: every verb of
    saying outside its quotation marks has that character's name for its
    subject ("'We will finish this row,' Wanjiru said. 'Then we go.'")."""
    span = chunk.doc.char_span(start - chunk.offset, end - chunk.offset, alignment_mode="expand")
    if span is None:
        return None
    speakers: dict[int, "Character"] = {}
    for verb in span:
        if verb.lemma_.lower() not in cues().speech_verbs or document.quoted(chunk.start(verb)):
            continue
        subject = _own_subject(verb)
        if subject is None:
            continue
        named = characters.character_at(chunk.start(subject)) if subject.pos_ == "PROPN" else None
        if named is None:
            return None
        speakers[id(named)] = named
    return next(iter(speakers.values())) if len(speakers) == 1 else None


def _opens_on_someone_at_a_new_time(chunk: "Chunk", sentence, characters: "CharacterRegistry") -> bool:
    """Whether a paragraph's first sentence opens with when it happens, and
    then a character's name as its subject: "That night Selvam could not
    sleep", "Two days later Ana came back". The story starts a new scene on
    them; whoever was there before need not be."""
    subject = _own_subject(sentence.root)
    if subject is None or subject.pos_ != "PROPN" or characters.character_at(chunk.start(subject)) is None:
        return False
    time_words, calendar = cues().time_words, cues().calendar_words
    return any(
        word.ent_type_ in ("DATE", "TIME") or word.lower_ in time_words or word.lower_ in calendar
        for word in chunk.doc[sentence.start : subject.left_edge.i]
    )


def _subject_carried_on(
    document: "Document", chunk: "Chunk", characters: "CharacterRegistry", pronoun: "Token", sentence, previous
) -> "Character | None":
    """The character named as the subject of the sentence ``previous``, when
    the pronoun is the subject of its own sentence's main verb with no one
    named or described before it there, and the sentence before names or
    describes nobody else who may be of the pronoun's gender beside its
    verb ("Siobhán had run it for twenty-six years, as her mother had before
    her. She sold stamps"; not "Siobhán came in with her father. He sat
    down")."""
    # Near the start of its sentence, or a degenerate one would make every
    # pronoun in it read the whole sentence.
    if pronoun.dep_ not in _SUBJECTS or pronoun.i - sentence.start > _MAX_WALK or pronoun.head != sentence.root:
        return None
    if any(word.pos_ == "PROPN" or word.lower_ in person_nouns() for word in chunk.doc[sentence.start : pronoun.i]):
        return None
    verb = previous.root
    subject = _own_subject(verb)
    if subject is None or subject.pos_ != "PROPN" or document.quoted(chunk.start(subject)):
        return None
    gender = pronoun_gender(pronoun.text)

    def may_be_of_its_gender(word: "Token") -> bool:
        if word.pos_ == "PRON":
            return pronoun_gender(word.text) == gender
        if word.pos_ == "PROPN":
            character = characters.character_at(chunk.start(word))
            if character is not None:
                return character.gender_hint in (None, gender)
            return gender in (given_name_gender(word.text), title_gender(word.text))
        return role_gender(word.lower_) == gender

    beside = [child for child in verb.children if child.dep_ in _ARGUMENTS and child.i != subject.i]
    beside += [held for child in verb.children if child.dep_ == "prep" for held in child.children if held.dep_ == "pobj"]
    if any(may_be_of_its_gender(word) for word in beside):
        return None
    # The character's mention may be the given name alone, not "Moyo" of "Tendai Moyo".
    words = chunk.doc[subject.left_edge.i : subject.i + 1]
    return next((found for word in words if (found := characters.character_at(chunk.start(word))) is not None), None)


def _alone_before(
    document: "Document", chunk: "Chunk", sentences: list, sentence_starts: list[int], sentence: int, para_start: int,
    pronoun: "Token", mentions: list[tuple[int, "Character"]], starts: list[int], alone_at: list[int],
) -> int | None:
    """Where the pronoun's paragraph, before its sentence, says someone is
    alone ("Prasert sat alone in the workshop", "he went up alone"): the
    start of that sentence, when nobody else is named, and nobody arrives,
    from there to the pronoun. Not "left her alone", nor "not alone".
    ``alone_at`` are the token indexes of the chunk's words "alone"."""
    nearest = bisect_left(alone_at, sentence_starts[sentence]) - 1
    if nearest < 0:
        return None
    word = chunk.doc[alone_at[nearest]]
    index = bisect_right(sentence_starts, word.i) - 1
    candidate = sentences[index]
    if chunk.end(candidate) <= para_start or index < sentence - MAX_REACH_SENTENCES:
        return None
    verb = word.head
    subject = _understood_subject(verb) if verb.pos_ in ("VERB", "AUX") else None
    if (
        subject is None or document.quoted(chunk.start(word)) or verb.lemma_.lower() in ("leave", "let")
        or any(child.dep_ == "neg" for child in verb.children)
        or not (subject.pos_ == "PROPN" or pronoun_gender(subject.text) in OTHER)
    ):
        return None
    named = mentions[bisect_left(starts, chunk.start(subject.left_edge)) : bisect_left(starts, chunk.start(pronoun))]
    alone = {character.name for start, character in named if start <= chunk.start(subject)}
    if any(start >= chunk.end(candidate) and character.name not in alone for start, character in named):
        return None
    # Someone arrives; not a thing ("to see how it came out").
    if any(
        later.lemma_.lower() in cues().arrival_verbs and any(
            child.dep_ in _SUBJECTS and (
                child.pos_ == "PROPN" or pronoun_gender(child.text) is not None or child.lower_ in ("i", "we", "you")
                or noun_singular(child) in person_nouns()
            )
            for child in later.children
        )
        for later in chunk.doc[candidate.end : pronoun.i]
    ):
        return None
    return max(chunk.start(candidate), para_start)


def _acting_with_its_body_part(pronoun: "Token") -> "Token | None":
    """The subject, said or understood, of the clause whose doer uses the
    possessive's body part, which is therefore theirs: "Bảo wiped his
    forehead with the back of her wrist" (a verb of what one does with one's
    own body), "turning each one over in her fingers" (what one does to a
    thing in one's own hands), "Babak ran her fingers through his hair" (an
    object that is always the doer's own). Not a body part with words of its
    own ("with her hand on his arm"), which may be someone else's."""
    part = pronoun.head
    if pronoun.tag_ != "PRP$" or part.lower_ not in cues().body_parts or any(
        child.dep_ != "det" and child.i > part.i for child in part.children
    ):
        return None
    if part.dep_ == "dobj" and part.lower_ in cues().own_body_objects.get(part.head.lemma_.lower(), ()):
        verb = part.head
    else:
        # "the back of her wrist", "the tips of her fingers"
        for _ in range(_MAX_WALK):
            if not (part.dep_ == "pobj" and part.head.lower_ == "of" and part.head.head.pos_ == "NOUN"):
                break
            part = part.head.head
        verb = part.head.head
        if part.dep_ != "pobj" or not (
            (part.head.lower_ == "with" and verb.lemma_.lower() in cues().own_body_verbs)
            or (
                part.head.lower_ in ("in", "between") and part.lower_ in cues().in_own_hands
                and verb.lemma_.lower() in cues().in_own_hands_verbs
            )
        ):
            return None
    # A participle after a clause inside another ("she stood there while he
    # read it, twisting her scarf in her hands") may belong to either.
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.dep_ not in ("ROOT", "conj"):
        return None
    subject = _understood_subject(verb)
    return subject if subject is not None and subject.dep_ == "nsubj" else None


def _onto_its_owners_things(pronoun: "Token") -> "Token | None":
    """The subject of a clause whose doer puts the possessive's body part
    onto or into something the same possessive owns, or holds it so, whose
    body part it then likely is: "he wiped her hands on her apron", "she put
    his hands in his pockets" (not "in his lap"), "he sat with her hands
    folded in her lap". Less sure than ``_acting_with_its_body_part``: one
    may wipe a child's hands on his bib."""
    part = pronoun.head
    if pronoun.tag_ != "PRP$" or part.lower_ not in cues().moved_body_parts:
        return None

    def owned(thing: "Token") -> bool:
        return any(owner.dep_ == "poss" and owner.lower_ == pronoun.lower_ for owner in thing.children)

    if part.dep_ == "dobj":
        verb = part.head
        places = cues().onto_own_things.get(verb.lemma_.lower(), ())
        held = any(
            ((preposition.lower_, thing.lower_) in places or (preposition.lower_, "*") in places) and owned(thing)
            for preposition in verb.children
            for thing in preposition.children
        )
    else:
        # "with her hands folded in her lap": the doer's posture.
        verb = part.head.head
        held = part.dep_ == "pobj" and part.head.lower_ == "with" and any(
            participle.dep_ == "acl" and participle.tag_ == "VBN" and owned(thing)
            for participle in part.children
            for preposition in participle.children
            for thing in preposition.children
        )
    if not held:
        return None
    subject = _understood_subject(verb)
    return subject if subject is not None and subject.dep_ == "nsubj" else None


def _reports_speech(chunk: "Chunk", start: int, end: int) -> bool:
    """Whether a paragraph reports what someone says without quotation
    marks: a clause, a comma, then a short clause of its reporting verb and
    speaker that ends the sentence ("Well, she tries walking, Mercury
    rejoins", "Is not quite healthy, Mercury informs him"). Like dialogue,
    it may speak of people who are not there."""
    span = chunk.doc.char_span(start - chunk.offset, end - chunk.offset, alignment_mode="expand")
    return span is not None and any(
        child.dep_ == "ccomp" and child.i < verb.i and _reporting_clause(verb, child)
        for verb in span
        for child in verb.children
    )


# Words at most in a reporting clause: "said Mr. Bucket to him".
_REPORTING_WORDS = 5


def _reporting_clause(verb: "Token", reported: "Token") -> bool:
    """Whether what follows the clause ``reported`` up to the end of the
    sentence is a comma and a few words with the speaker: "Mercury rejoins"."""
    doc = verb.doc
    after = reported.right_edge.i if doc[reported.right_edge.i].text == "," else reported.right_edge.i + 1
    if after >= verb.i or doc[after].text != ",":
        return False
    words = [word for word in doc[after + 1 : verb.sent.end] if not word.is_punct]
    return 0 < len(words) <= _REPORTING_WORDS and any(word.pos_ in ("PROPN", "PRON") for word in words if word.i != verb.i)


def _other_gender_in_its_clause(pronoun: "Token", gender: str) -> bool:
    """Whether the pronoun is the object of a clause whose subject is of the
    other gender ("She had seen him"), or the subject of one with an object
    pronoun of the other gender ("she had come to him"), or the one who sees
    what a pronoun of the other gender does ("She noticed that he was
    agitated"), or the possessive of a subject with an object of the other
    gender's ("her words destroyed his plans"), or the object of a subject
    the other gender owns ("her face told him nothing"): two people. A
    clause that shares its subject counts as its own ("she climbed out and
    paid him")."""
    possessed_subject = pronoun.tag_ == "PRP$" and pronoun.head.dep_ in _SUBJECTS
    if (pronoun.dep_ in _SUBJECTS and pronoun.pos_ == "PRON") or possessed_subject:
        objects = []
        for verb in _sharing_its_subject(pronoun.head.head if possessed_subject else pronoun.head):
            for child in verb.children:
                if child.dep_ == "prep":
                    objects += [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
                elif child.dep_ in _OBJECTS:
                    objects.append(child)
                elif child.dep_ == "ccomp" and verb.lemma_.lower() in cues().perception_verbs:
                    objects += [grandchild for grandchild in child.children if grandchild.dep_ in _SUBJECTS]
        others = [item for item in objects if item.pos_ == "PRON" and item.tag_ != "PRP$"]
        if possessed_subject:
            others += [child for item in objects for child in item.children if child.tag_ == "PRP$"]
        return any(
            item.lower_ not in ("himself", "herself") and pronoun_gender(item.text) == OTHER[gender] for item in others
        )
    if pronoun.dep_ not in _OBJECTS or pronoun.tag_ == "PRP$" or pronoun.lower_ in ("himself", "herself"):
        return False
    subject = _understood_subject(pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head)
    if subject is None:
        return False
    said = pronoun_gender(subject.text) if subject.pos_ == "PRON" else role_gender(subject.lower_)
    # "her face told him nothing": the owner of the subject is the other one.
    owners = [child for child in subject.children if child.tag_ == "PRP$"]
    return said == OTHER[gender] or any(pronoun_gender(owner.text) == OTHER[gender] for owner in owners)


def _sharing_its_subject(verb: "Token") -> list["Token"]:
    """A verb and the clauses below it whose subject is understood to be its
    own: "she climbed out and paid him", "she had come to thank him"."""
    verbs = [verb]
    # At most a few clauses: a degenerate sentence may chain thousands.
    for parent in verbs:
        verbs += [
            child for child in parent.children
            if child.dep_ in _UNDERSTOOD_SUBJECT and child.pos_ in ("VERB", "AUX")
            and not any(grandchild.dep_ in _SUBJECTS for grandchild in child.children)
        ]
        if len(verbs) >= _MAX_WALK:
            return verbs[:_MAX_WALK]
    return verbs


def _said_of_someone_else(possessive: "Token") -> bool:
    """Whether a possessive's noun is said of someone, as an apposition or a
    predicate ("Miss Bridget Allworthy, his sister", "she was his wife"): the
    pronoun is a second person."""
    return possessive.tag_ == "PRP$" and any(noun.dep_ in ("appos", "attr") for noun in holding_nouns(possessive))


def _own_clause(pronoun: "Token") -> set[int]:
    """The words after a subject pronoun in its own clause, which it governs:
    a name there is somebody else ("she said so to Shirin", "he looked João
    up and down"). Clauses joined with the same pronoun for subject are one
    clause ("He was heavyset, and he looked João up and down"); those with a
    subject of their own are not ("she laughed and Shirin smiled"), nor is
    anything before the pronoun ("When Shirin came in, she smiled")."""
    if pronoun.dep_ not in _SUBJECTS or pronoun.pos_ != "PRON":
        return set()
    gender = pronoun_gender(pronoun.text)
    verb, subject = pronoun.head, pronoun
    while verb.dep_ == "conj" and _has_subject(verb.head, gender):
        verb = verb.head
        subject = next((child for child in verb.children if child.dep_ in _SUBJECTS), subject)
    words, stack = set(), [verb]
    while stack:
        token = stack.pop()
        if token.i > subject.i:
            words.add(token.i)
        stack += [child for child in token.children if child.dep_ != "conj" or _has_subject(child, gender)]
    words.discard(pronoun.i)
    return words


def _has_subject(verb: "Token", gender: str) -> bool:
    """Whether a verb's subject is a pronoun of ``gender``, or it has no
    subject of its own and shares the one before."""
    subjects = [child for child in verb.children if child.dep_ in _SUBJECTS]
    return not subjects or (subjects[0].pos_ == "PRON" and pronoun_gender(subjects[0].text) == gender)


def _set_aside_its_clause(
    scene: _Scene, document: "Document", chunk: "Chunk", pronoun: "Token", clause: set[int],
    mentions: list[tuple[int, "Character"]], reach_words: "_ReachWords", bounds: tuple[int, int, int, int],
) -> None:
    """Who is left in a pronoun's reach once the characters named in its own
    clause are set aside, and whether anything of its gender is left."""
    token_starts = reach_words.starts
    ruled_out = {
        id(character): character
        for start, character in mentions
        if not document.quoted(start) and bisect_right(token_starts, start) - 1 in clause
    }
    scene.ruled_out = list(ruled_out.values())
    gender = scene.use.gender
    first, paragraph, end, things = bounds
    scene.only_ruled_out_of_its_gender = not (
        document.has_quotation_marks(*document.paragraphs[scene.paragraph])
        or _other_gender_in_its_clause(pronoun, gender)
        or reach_words.own_gender_outside(pronoun, first, paragraph, end, things, clause)
    )
    role = reach_words.described_before(pronoun, paragraph, OTHER[gender])
    if role is not None and role.i not in clause:
        scene.described_other = _description(document, chunk, role)


def _description(document: "Document", chunk: "Chunk", noun: "Token") -> str:
    words = chunk.doc[noun.left_edge.i : noun.i + 1] if noun.i - noun.left_edge.i < 4 else noun
    return f'"{words.text}" (line {document.position(chunk.start(noun))[0]})'


def _reach_words(chunk: "Chunk", named: set[int], reach: dict[int, "_ReachWords"]) -> "_ReachWords":
    """The chunk's ``_ReachWords``, built once for both passes."""
    if id(chunk) not in reach:
        reach[id(chunk)] = _ReachWords(chunk, named)
    return reach[id(chunk)]


class _ReachWords:
    """What each word of a chunk says of a pronoun's reach, counted along the
    chunk, so that asking about any stretch of it costs two look-ups: a
    paragraph may be a whole book on one line, with a pronoun in every
    sentence."""

    def __init__(self, chunk: "Chunk", named: set[int]):
        doc = chunk.doc
        self.starts = [chunk.start(token) for token in doc]
        nouns, animals, calendar = person_nouns(), _animals(), cues().calendar_words
        flags: dict[str, list[bool]] = defaultdict(list)
        last_role: dict[str, list[int]] = {gender: [] for gender in OTHER}
        last = {gender: -1 for gender in OTHER}
        for token in doc:
            for gender in OTHER:
                last_role[gender].append(last[gender])
            proper = token.pos_ == "PROPN"
            # "their neighbour Ganbold": a noun said of a name is that character.
            of_a_name = (token.pos_ == "NOUN" or token.tag_ == "NN") and _said_of_a_name(token)
            common = token.pos_ == "NOUN" and token.tag_ == "NN" and not of_a_name
            said = role_gender(token.lower_) if common and not _anyone_such(token) else None
            # "one of the women": a woman.
            if token.dep_ == "pobj" and (member := one_of(token.head.head)) is not None and member.i == token.i:
                said = role_gender(noun_singular(token))
            if said is None and common and token.lower_ in nouns and _determined(token):
                said = _sex_by_its_pronouns(token, nouns)
            # "at Easter", "in March": a name list's names that are dates
            # in prose, unless a character bears them.
            given = chunk.start(token) not in named and token.lower_ not in calendar and not _a_things_name(token)
            for gender in OTHER:
                flags[f"name {gender}"].append(proper and (
                    title_gender(token.text) == gender or (given and given_name_gender(token.text) == gender)
                ))
                flags[f"noun {gender}"].append(said == gender)
            # Nature, a ship's name ("the Laconia"): "she" for a thing written
            # with a capital.
            flags["feminine thing"].append(
                (proper and (token.lower_ in _FEMININE_THINGS or (token.i > 0 and doc[token.i - 1].lower_ == "the")))
                or (common and token.lower_ in _FEMININE_THINGS)
            )
            animal = common and token.lower_ in animals
            flags["animal"].append(animal)
            # What a pronoun may go back to: a subject or an object ("the old
            # dog slept by the stove"), not a word inside a phrase ("twisted up
            # in a hard little knot", WordNet's bird), nor a body part ("his
            # head", WordNet's head of cattle).
            flags["animal, an antecedent"].append(animal and token.dep_ in _ARGUMENTS and not (
                token.lower_ in cues().possessions and any(child.dep_ == "poss" for child in token.children)
            ))
            # "unless his senses convinced him", said of anyone at all.
            flags["indefinite"].append(not proper and token.lower_ in _INDEFINITES and not _a_number(token))
            flags["first person"].append(token.pos_ == "PRON" and token.lower_ in _FIRST_PERSON)
            flags["unknown person"].append(common and said is None and token.lower_ in nouns and _determined(token))
            flags["person"].append(token.pos_ == "NOUN" and token.lower_ in nouns and not of_a_name)
            if token.tag_ == "NN" and not of_a_name and _determined(token):
                role = said or role_gender(token.lower_)
                if role in OTHER:
                    last[role] = token.i
        self._flags = flags
        self._counts = {name: [0, *accumulate(values)] for name, values in flags.items()}
        self._last_role = last_role
        self._doc = doc

    def _any(self, flag: str, start: int, end: int) -> bool:
        counts = self._counts[flag]
        return end > start and counts[end] > counts[start]

    def own_gender(self, pronoun: "Token", first: int, paragraph: int, end: int, things: int) -> tuple[bool, bool, bool]:
        """Whether someone of the pronoun's gender is described in reach
        (tokens ``first`` to ``end``), or a thing called so since token
        ``things`` (the sentence before, after the last name); whether a
        title or given name of its gender is there (other than the
        characters' own mentions); and whether someone of no stated sex is
        described in its paragraph (from token ``paragraph``)."""
        gender = pronoun_gender(pronoun.text)
        before = pronoun.i
        word = self.described(gender, first, end) or self.thing_before(pronoun, things)
        name = self._any(f"name {gender}", first, end)
        unknown = self._any("indefinite", paragraph, before) or self._any("unknown person", paragraph, end)
        return word, name, unknown

    def thing_before(self, pronoun: "Token", things: int, only_antecedents: bool = False) -> bool:
        """Whether an animal, or for "she" a thing English calls so, comes
        between token ``things`` and the pronoun. With ``only_antecedents``,
        for the blind ranking, only an animal the pronoun may go back to
        counts (a subject or an object, not "his head"). The scene's own
        routes count every word of the animal list wherever it stands: there
        the word also keeps clean a scene whose real reason is not read ("Mr.
        Tulkinghorn shakes his head. She rises", after a line of Lady
        Dedlock's, who is still there unnamed)."""
        animal = "animal, an antecedent" if only_antecedents else "animal"
        return self._any(animal, things, pronoun.i) or (
            pronoun_gender(pronoun.text) == FEMININE and self._any("feminine thing", things, pronoun.i)
        )

    def own_gender_outside(
        self, pronoun: "Token", first: int, paragraph: int, end: int, things: int, clause: set[int]
    ) -> bool:
        """``own_gender``, all three answers in one, with the words of the
        pronoun's own clause left out: someone named or described there is
        not the one it refers to."""
        gender = pronoun_gender(pronoun.text)

        def outside(flag: str, start: int, stop: int) -> bool:
            inside = sum(self._flags[flag][index] for index in clause if start <= index < stop)
            counts = self._counts[flag]
            return stop > start and counts[stop] - counts[start] > inside

        return (
            outside(f"noun {gender}", first, end)
            or outside(f"name {gender}", first, end)
            or outside("unknown person", paragraph, end)
            or self._any("indefinite", paragraph, pronoun.i)
            or self.thing_before(pronoun, things)
        )

    def described(self, gender: str, start: int, end: int) -> bool:
        """Whether a noun says someone of ``gender`` from token ``start`` to ``end``."""
        return self._any(f"noun {gender}", start, end)

    def unknown_person(self, start: int, end: int) -> bool:
        """Whether someone whose sex the text does not say is described from
        token ``start`` to ``end`` ("the coach")."""
        return self._any("unknown person", start, end)

    def first_person(self, start: int, end: int) -> bool:
        """Whether "I" or "we" is said from token ``start`` to ``end``."""
        return self._any("first person", start, end)

    def person_between(self, start: int, pronoun: "Token") -> bool:
        """Whether a person noun stands from token ``start`` to the pronoun."""
        return self._any("person", start, pronoun.i)

    def described_before(self, pronoun: "Token", start: int, gender: str) -> "Token | None":
        """The last role noun of ``gender`` with a determiner from token ``start`` to the pronoun."""
        index = self._last_role[gender][pronoun.i]
        return self._doc[index] if index >= start else None


# Subordinators of a clause that may come first and point forward: "As she
# grew older, James's talent ...".
_FRONTED_MARKS = frozenset({"as", "when", "while", "after", "before", "once", "since", "until", "though", "although"})


def _cataphoric(chunk: "Chunk", pronoun: "Token", sentences: list, sentence: int, characters: "CharacterRegistry") -> "Character | None":
    """The character a pronoun points forward to: the pronoun is the subject
    of a fronted clause ("As she grew older"), the main clause's subject is
    the character or something of theirs ("James's talent"), and the sentence
    before has the same character as its subject, so the character is the
    topic and nobody else is in between."""
    clause = pronoun.head
    if pronoun.dep_ != "nsubj" or clause.dep_ != "advcl" or clause.i > clause.head.i or sentence == 0:
        return None
    if not any(child.dep_ == "mark" and child.lower_ in _FRONTED_MARKS for child in clause.children):
        return None
    subjects = [child for child in clause.head.children if child.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return None
    subject = subjects[0]
    owners = [subject, *(child for child in subject.children if child.dep_ == "poss")]
    topic = next((c for token in owners if (c := characters.character_at(chunk.start(token)))), None)
    earlier = [s for s in sentences[:sentence] if not s.text.isspace()]
    before = [child for child in earlier[-1].root.children if child.dep_ in ("nsubj", "nsubjpass")] if earlier else []
    if topic is None or not before or characters.character_at(chunk.start(before[0])) is not topic:
        return None
    return topic


def _said_of_a_name(token: "Token") -> bool:
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        token.head.pos_ == "PROPN"
        or any(child.pos_ == "PROPN" and child.dep_ in ("appos", "compound") for child in token.children)
        or (following is not None and following.pos_ == "PROPN")
    )


def _sex_by_its_pronouns(noun: "Token", person_words: frozenset[str]) -> str | None:
    """The sex of someone described ("the old bookbinder") by the pronouns
    that carry the story on from them: the noun is a subject, and the
    possessives after it up to the next subject pronoun, in its sentence or
    the next, agree with that pronoun, at least two in all, before anyone
    else is named or described."""
    if noun.dep_ not in _SUBJECTS:
        return None
    doc = noun.doc
    stop = doc[noun.sent.end].sent.end if noun.sent.end < len(doc) else noun.sent.end
    genders = []
    for token in doc[noun.i + 1 : stop]:
        if token.pos_ == "PROPN" or token.is_quote or (token.pos_ == "NOUN" and token.lower_ in person_words):
            return None
        gender = pronoun_gender(token.text) if token.pos_ == "PRON" else None
        if gender in OTHER and token.dep_ in _SUBJECTS:
            genders.append(gender)
            return gender if len(genders) >= 2 and len(set(genders)) == 1 else None
        if gender in OTHER and token.tag_ == "PRP$":
            genders.append(gender)
    return None


def _a_number(token: "Token") -> bool:
    """"one" of some or described ("one of the last women", "a machine-made
    one"), not the "one" said of anybody ("any one", "the one who came"),
    nor one of people whose sex the words do not say ("One of them stayed
    behind", "one of the students")."""
    return token.lower_ == "one" and any(
        (child.dep_ == "prep" and child.lower_ == "of" and not _people_of_unsaid_sex(child))
        or child.dep_ == "amod" or child.lower_ in ("a", "an")
        for child in token.children
    )


def _people_of_unsaid_sex(of: "Token") -> bool:
    """Whether "of" holds people with no sex said: "of them", "of the students"."""
    return any(
        held.dep_ == "pobj" and (
            held.lower_ in _PLURAL_PRONOUNS
            or (noun_singular(held) in person_nouns() and role_gender(noun_singular(held)) is None)
        )
        for held in of.children
    )


def _a_things_name(word: "Token") -> bool:
    """Whether a proper noun names a thing, with an article before it or
    before the noun it is part of: "by the Rayburn", "the Meenakshi temple",
    "a Bösendorfer"."""
    head = word
    for _ in range(_MAX_WALK):
        if head.dep_ != "compound":
            break
        head = head.head
    return any(child.dep_ == "det" and child.lower_ in ("the", "a", "an") for child in head.children)


def _anyone_such(noun: "Token") -> bool:
    """Whether a noun with "a" stands for anyone of its kind, not someone in
    the scene: compared with ("worked like a man possessed") or the subject
    of what anyone might do ("wide enough for a man to sit")."""
    if not any(child.dep_ == "det" and child.lower_ in ("a", "an") for child in noun.children):
        return False
    if noun.dep_ == "pobj":
        return noun.head.lower_ in ("like", "than")
    return noun.dep_ == "nsubj" and any(child.dep_ == "mark" and child.lower_ == "for" for child in noun.head.children)


def _determined(token: "Token") -> bool:
    """"the nurse", "her friend": one particular person."""
    return any(child.dep_ in ("det", "poss") and child.lower_ in _DETERMINERS for child in token.children)


@cache
def _animals() -> frozenset[str]:
    from importlib.resources import files

    # coreferee's list has a few people in it ("man", "queen"): they are
    # people here.
    data = files("coreferee") / "lang" / "en" / "data" / "animal_words.dat"
    people = person_nouns()
    return frozenset(
        word
        for word in (line.lower() for line in data.read_text(encoding="utf-8").split())
        if word not in people and role_gender(word) is None
    )


# Unnamed characters: the pronouns that carry on a role noun ("The waitress
# brought the coffee. She set it down"), and those of the other sex that
# drifted from it.


def judge_unnamed(
    documents: list[tuple["Document", list["Chunk"], "CharacterRegistry", "References"]], reach: dict[int, "_ReachWords"]
) -> set[str]:
    """Give each unclaimed he or she that carries on an unnamed character's
    role noun to that character, and mark as drifted those of the other sex
    that nothing else in reach can be; return the names of the unnamed
    characters some pronoun now refers to.

    A role noun carries on, in its paragraph, to the next person named or
    described, or quotation; a pronoun of the other sex on the way has
    drifted when the noun is its clause's subject, the paragraph has no
    dialogue, no pronoun of that sex comes before it there or in the
    paragraph before, nobody of that sex or of unsaid sex is in reach, and
    everyone named in reach is of the noun's sex. A pronoun the noun's own
    clause holds ("The waitress brought him the bill") is someone else."""
    from .references import Person, Source

    pronoun_counts: dict[str, Counter] = defaultdict(Counter)
    for *_, references in documents:
        for name, genders in references.genders().items():
            pronoun_counts[name].update(genders)
    own_pronouns: Counter = Counter()
    drifted = []
    focal = _focal(documents)
    for document, chunks, characters, references in documents:
        if not characters.unnamed:
            continue
        role_ends = {mention.end: character for character in characters.unnamed for mention in character.mentions}
        by_offset = {use.start: index for index, use in enumerate(references.pronouns)}
        named = {mention.start for character in characters for mention in character.mentions}
        for chunk in chunks:
            for noun in chunk.doc:
                character = role_ends.get(chunk.end(noun))
                if character is None or document.quoted(chunk.start(noun)):
                    continue
                found = _carried_on(document, chunk, characters, references, by_offset, noun, character)
                for index in found[character.gender_hint]:
                    references.pronouns[index] = replace(
                        references.pronouns[index], character=character.name, source=Source.DESCRIBED
                    )
                own_pronouns[character.name] += len(found[character.gender_hint])
                others = found[OTHER[character.gender_hint]]
                if others and _nobody_else_of_their_sex(
                    document, chunk, characters, references, _reach_words(chunk, named, reach), noun, others[0],
                    pronoun_counts, focal,
                ):
                    drifted.append((references, others, character, _description(document, chunk, noun)))
    contradicted = Counter()
    for _, indexes, character, _ in drifted:
        contradicted[character.name] += len(indexes)
    for references, indexes, character, description in drifted:
        # With no pronoun of its own anywhere and several against it, the
        # noun itself is the likelier slip ("The waitress ... he ... he").
        if not own_pronouns[character.name] and contradicted[character.name] > 1:
            description = description.removesuffix(")") + "; is the noun the slip?)"
        # The noun counts as one of the character's own, as for a person
        # described and never named.
        person = Person(description, character.gender_hint, 1 + own_pronouns[character.name])
        for index in indexes:
            references.pronouns[index] = replace(
                references.pronouns[index], character=character.name, source=Source.SCENE, person=person
            )
    return {name for name, count in own_pronouns.items() if count} | {character.name for _, _, character, _ in drifted}


def _carried_on(
    document: "Document", chunk: "Chunk", characters: "CharacterRegistry", references: "References",
    by_offset: dict[int, int], noun: "Token", character: "Character",
) -> dict[str, list[int]]:
    """The indexes in ``references`` of the unclaimed he/she pronouns, by
    gender, from a role noun to the next person named or described in its
    paragraph, to quotation, or to a pronoun of the other sex that someone
    else has; none of the other sex when the noun's own clause holds one.
    Past someone else of the noun's sex who is no subject ("The old woman
    ... on my aunt's nodding ... his bowed head"), only pronouns of the
    other sex are looked for: those of its own may be either woman's."""
    from .references import Source

    found: dict[str, list[int]] = {gender: [] for gender in OTHER}
    own = character.gender_hint
    crowded = False
    para_end = document.paragraphs[document.paragraph_index(chunk.start(noun))][1]
    nouns = person_nouns()
    sentences = 0
    for token in chunk.doc[noun.i + 1 :]:
        start = chunk.start(token)
        sentences += token.is_sent_start
        if start >= para_end or token.is_quote or characters.character_at(start) is not None:
            break
        if sentences > MAX_REACH_SENTENCES:
            break
        if token.pos_ == "NOUN" and token.lower_ in nouns and token.lower_ != character.role:
            # A subject carries a story on from here: their stretch begins.
            if role_gender(token.lower_) != own or token.dep_ in _SUBJECTS:
                break
            crowded = True
        index = by_offset.get(start)
        if index is None:
            continue
        use = references.pronouns[index]
        if use.gender not in OTHER or use.source is Source.BOUND:
            continue
        # A drift the scene found from a person described, of the noun's sex,
        # is this character's to judge again with all their pronouns.
        from_described = (
            use.source is Source.SCENE and use.character is None and use.person.gender == character.gender_hint
        )
        if (use.character is not None or use.person is not None) and not from_described:
            if use.gender != own:
                break
            continue
        if use.gender != own and (
            _clause_subject(token) == noun or _other_gender_in_its_clause(token, use.gender)
            or _held_by_its_sex(token, noun, own)
        ):
            found[use.gender] = []
            break
        if use.gender != own or not crowded:
            found[use.gender].append(index)
    return found


# Clauses whose subject, when they have none, is the one of the clause above.
_UNDERSTOOD_SUBJECT = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})


def _held_by_its_sex(pronoun: "Token", noun: "Token", gender: str) -> bool:
    """Whether a pronoun, or the thing it owns, is the object of a clause
    whose subject, said or understood, is the role noun or someone of its
    sex: "seeing his busy and composed face, she quietly drops them"."""
    held = pronoun.head if pronoun.tag_ == "PRP$" else pronoun
    if held.dep_ not in _OBJECTS:
        return False
    subject = _understood_subject(held.head.head if held.dep_ == "pobj" else held.head)
    return subject is not None and (
        subject == noun or pronoun_gender(subject.text) == gender or role_gender(subject.lower_) == gender
    )


def _someone_unsaid_doing_it(pronoun: "Token") -> bool:
    """Whether the subject of the pronoun's clause, said or understood, is
    someone described by a noun that says no sex, doing what people do: "the
    slim young figure ... sat opposite Emma and outlined a career in his
    chosen field". The pronoun may well be theirs. Not a body part ("her
    hand closed on"), nor a noun someone owns."""
    verb = next((word for word in islice(pronoun.ancestors, _MAX_WALK) if word.pos_ in ("VERB", "AUX")), None)
    subject = _understood_subject(verb) if verb is not None else None
    return (
        subject is not None and subject.pos_ == "NOUN" and subject.i != pronoun.i
        and subject.lower_ not in cues().body_parts and role_gender(noun_singular(subject)) is None
        and not any(child.dep_ == "poss" for child in subject.children)
        and subject.head.lemma_.lower() in cues().person_verbs
    )


def _understood_subject(verb: "Token") -> "Token | None":
    """The subject of a verb, said, or understood from the clause above:
    "carried the sack in, wiped his forehead"."""
    for _ in range(_MAX_WALK):
        if verb.dep_ not in _UNDERSTOOD_SUBJECT or any(child.dep_ in _SUBJECTS for child in verb.children):
            break
        head = verb.head
        # "She watched him go and shook her head": a verb with a tense is
        # joined to the clause above a bare infinitive or a participle, not
        # to it, whatever the parse says.
        if verb.dep_ == "conj" and verb.tag_ in _FINITE and head.tag_ in ("VB", "VBG", "VBN") and head.dep_ in (
            "ccomp", "xcomp"
        ):
            head = head.head
        verb = head
    return _own_subject(verb)


def _own_subject(verb: "Token") -> "Token | None":
    """A verb's own subject, if it has one."""
    return next((child for child in verb.children if child.dep_ in _SUBJECTS), None)


def _clause_subject(token: "Token") -> "Token | None":
    """The subject of the clause a word is in."""
    verb = token.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subjects = [child for child in verb.children if child.dep_ in _SUBJECTS and child.i != token.i]
    return subjects[0] if subjects else None


def _nobody_else_of_their_sex(
    document: "Document", chunk: "Chunk", characters: "CharacterRegistry", references: "References",
    reach_words: "_ReachWords", noun: "Token", index: int, pronoun_counts: dict[str, Counter],
    focal: "Character | None",
) -> bool:
    """Whether the first pronoun of the other sex after a role noun (at
    ``index`` in ``references``) can only be that unnamed character: see
    ``judge_unnamed``. The story's most named character counts as in reach."""
    use = references.pronouns[index]
    said = OTHER[use.gender]
    paragraph = document.paragraph_index(use.start)
    para_start, para_end = document.paragraphs[paragraph]
    if noun.dep_ not in _SUBJECTS or document.has_quotation_marks(para_start, para_end):
        return False
    scene_start = document.scene_start(paragraph)
    previous_start = max(document.paragraphs[max(paragraph - 1, 0)][0], scene_start)
    if any(other.gender == use.gender and previous_start <= other.start < use.start for other in references.pronouns):
        return False
    sentences = list(chunk.doc.sents)
    pronoun = next(token for token in chunk.doc[noun.i :] if chunk.start(token) == use.start)
    sentence = sentences.index(pronoun.sent)
    reach_start = max(min(para_start, chunk.start(sentences[max(sentence - SENTENCES_BEFORE, 0)])), scene_start)
    in_reach = [
        character for character in characters
        if character.name == getattr(focal, "name", None)
        or any(reach_start <= m.start < para_end and not document.quoted(m.start) for m in character.mentions)
    ]
    for character in in_reach:
        counts = pronoun_counts.get(character.name, Counter())
        known = character.declared_gender or character.gender_hint or character.described_gender
        if (known or settled_gender(counts, None, min_pronouns=MIN_PRONOUNS, min_majority=MIN_MAJORITY)) != said:
            return False
    starts = reach_words.starts
    word, name, unknown = reach_words.own_gender(
        pronoun,
        bisect_left(starts, reach_start),
        bisect_left(starts, para_start),
        bisect_left(starts, para_end),
        bisect_left(starts, max(reach_start, chunk.start(sentences[max(sentence - 1, 0)]))),
    )
    return not (word or name or unknown)
