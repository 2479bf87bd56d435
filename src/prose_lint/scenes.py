"""Drift judged against who is in the scene.

coreferee joins a drifted pronoun to whoever its gender fits: a composer
named in the sentence before, a town. A reader instead asks who is there. For
each he or she outside quotation marks, the people in reach are the
characters named, and the people described ("the waitress", "his sister"),
anywhere in its paragraph or in the sentences just before it. The pronoun
has drifted when at least one character is in reach, every character in
reach has the other settled gender, and nothing in reach is of the
pronoun's own gender: no name, title or person noun, and no unnamed person
whose sex the text does not say ("the nurse"). Things and animals that are
"she" (a boat, a storm, a mare) before it in reach leave it alone.

A character's gender is settled by their declared pronouns, or else by the
pronouns coreference gives them outside the pronoun's own paragraph (so a
drifted paragraph does not vote for itself), checked against their title or
given name.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Callable, Iterator

from .gender import OTHER, given_name_gender, person_nouns, role_gender, settled_gender, title_gender
from .pronouns import FEMININE

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .characters import Character, CharacterRegistry
    from .document import Document
    from .parse import Chunk
    from .references import References

# Sentences before a pronoun that are in its reach, besides its paragraph.
SENTENCES_BEFORE = 3
# The thresholds a character's pronouns need to settle their gender here,
# among all their pronouns and among the first ones.
MIN_PRONOUNS, MIN_MAJORITY = 4, 0.8
ESTABLISHING_PRONOUNS = 5
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

    def __init__(self) -> None:
        # By name: each file sees its own copy of a manuscript's characters.
        self._by_place: dict[str, dict[tuple[str, int], Counter]] = defaultdict(lambda: defaultdict(Counter))
        self.totals: dict[str, Counter] = defaultdict(Counter)
        self._first: dict[str, list[str]] = defaultdict(list)

    def add(self, character: "Character", path: str, paragraph: int, gender: str) -> None:
        self._by_place[character.name][(path, paragraph)][gender] += 1
        self.totals[character.name][gender] += 1
        if len(self._first[character.name]) < ESTABLISHING_PRONOUNS:
            self._first[character.name].append(gender)

    def outside(self, character: "Character", path: str, paragraph: int) -> Counter:
        return self.totals[character.name] - self._by_place[character.name][(path, paragraph)]

    def established(self, character: "Character") -> str | None:
        """The gender a character's first pronouns agree on: the one a
        reader takes in when the character is introduced."""
        first = Counter(self._first[character.name])
        gender, count = first.most_common(1)[0] if first else (None, 0)
        return gender if count >= MIN_PRONOUNS and count >= MIN_MAJORITY * sum(first.values()) else None


def judge_scenes(documents: list[tuple["Document", list["Chunk"], "CharacterRegistry", "References"]]) -> None:
    """Mark the pronouns of a story's files that drifted from everyone in reach."""
    from .references import Person, Source

    scenes = [scene for entry in documents for scene in _scenes(*entry)]
    votes = _votes(scenes, lambda character: _hint(character))
    # A second round, now that pronouns have settled some genders.
    votes = _votes(scenes, lambda character: _gender(character, votes) or _hint(character))
    drifted = [
        scene
        for scene in scenes
        if not (scene.own_gender_word or scene.own_gender_name)
        # The one the pronoun goes to is settled by their own pronouns: name
        # lists have errors.
        and all(_gender(c, votes, scene, hinted=c is not scene.owner) == OTHER[scene.use.gender] for c in scene.people)
    ]
    # A pronoun of the same gender earlier in the paragraph that did not
    # drift is someone of that gender in the scene.
    drifted_at = {(scene.path, scene.use.start) for scene in drifted}
    first_kept: dict[tuple[str, int, str], int] = {}
    for document, _, _, references in documents:
        for use in references.pronouns:
            if use.gender in OTHER and (document.path, use.start) not in drifted_at and not document.quoted(use.start):
                first_kept.setdefault((document.path, document.paragraph_index(use.start), use.gender), use.start)
    # The gender-blind coreference pass is held to the same scene: it may
    # not give a pronoun to someone else when its own gender is in reach.
    for scene in scenes:
        use = scene.use
        if (use.source is Source.BLIND or use.person is not None) and (scene.own_gender_word or scene.own_gender_name or any(
            _gender(c, votes, scene) in (None, use.gender) for c in scene.people
        )):
            scene.references.pronouns[scene.index] = replace(use, character=None, source=None, person=None)
    for scene in drifted:
        use = scene.use
        if first_kept.get((scene.path, scene.paragraph, use.gender), use.start) < use.start:
            continue
        expected = OTHER[use.gender]
        count = votes.outside(scene.owner, scene.path, scene.paragraph)[expected]
        scene.references.pronouns[scene.index] = replace(
            use, character=scene.owner.name, source=Source.SCENE, person=Person(scene.owner.name, expected, count)
        )


def _votes(scenes: list["_Scene"], known: Callable[["Character"], str | None]) -> PronounCounts:
    """Judged without gender, a pronoun counts for the one character in reach
    it can refer to: no one else described who could be meant, and no one
    else named whom it cannot be told from by a gender already known."""
    votes = PronounCounts()
    for scene in scenes:
        if scene.own_gender_word:
            continue
        fitting = [c for c in scene.people if known(c) in (None, scene.use.gender)]
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
        if not hinted:
            return None
        # Too few pronouns to go by: the title, given name or a noun said of
        # them, unless the pronouns there are say otherwise.
        hint = character.gender_hint or character.described_gender
        return hint if hint is not None and not pronouns[OTHER[hint]] else None
    settled = settled_gender(pronouns, character.gender_hint, min_pronouns=MIN_PRONOUNS, min_majority=MIN_MAJORITY)
    return settled if settled == established else None


@dataclass
class _Scene:
    """One he or she, and who is in its reach."""

    path: str
    paragraph: int
    references: "References"
    index: int  # of the pronoun in ``references``
    people: list["Character"]  # the characters named in reach
    owner: "Character"  # the one named last before the pronoun (or first after)
    own_gender_word: bool  # a noun of the pronoun's gender, a person of unsaid sex, a thing called so
    own_gender_name: bool  # a title or given name of the pronoun's gender

    @property
    def use(self):
        return self.references.pronouns[self.index]


def _scenes(
    document: "Document", chunks: list["Chunk"], characters: "CharacterRegistry", references: "References"
) -> Iterator[_Scene]:
    from .references import Source

    mentions = sorted(
        ((mention.start, character) for character in characters for mention in character.mentions),
        key=lambda pair: pair[0],
    )
    starts = [start for start, _ in mentions]
    by_offset = {use.start: index for index, use in enumerate(references.pronouns)}
    for chunk in chunks:
        sentences = list(chunk.doc.sents)
        sentence_starts = [sentence.start for sentence in sentences]
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
            first, last = bisect_left(starts, reach_start), bisect_left(starts, para_end)
            # Names in dialogue may be of people who are not there.
            people = list({
                id(character): character for start, character in mentions[first:last] if not document.quoted(start)
            }.values())
            if not people:
                continue
            before = [character for start, character in mentions[first : bisect_left(starts, use.start)]]
            named = {start for start, _ in mentions[first:last]}
            named_before = bisect_left(starts, use.start)
            last_name = starts[named_before - 1] if named_before > first else 0
            thing_start = max(reach_start, chunk.start(sentences[max(sentence - 1, 0)]), last_name)
            word, name = _own_gender_in_reach(chunk, token, reach_start, para_end, use.gender, named, thing_start)
            # Someone of the pronoun's gender in the paragraph before is still
            # in the scene; in dialogue, turns alternate, so two before.
            back = 2 if '"' in document.text[para_start:para_end] or "\u201c" in document.text[para_start:para_end] else 1
            previous_start = document.paragraphs[max(paragraph - back, 0)][0]
            word |= any(
                other.gender == use.gender and previous_start <= other.start < para_start and not document.quoted(other.start)
                for other in references.pronouns[max(index - 60, 0) : index]
            )
            yield _Scene(document.path, paragraph, references, index, people, (before or people)[-1 if before else 0], word, name)


def _own_gender_in_reach(
    chunk: "Chunk", pronoun: "Token", start: int, end: int, gender: str, named: set[int], thing_start: int
) -> tuple[bool, bool]:
    """Whether someone of the pronoun's gender, or of no stated sex, is
    described in reach, or a thing called so since ``thing_start`` (the
    sentence before, after the last name); and whether a title or given
    name of its gender is there (other than the characters' own mentions)."""
    doc = chunk.doc
    nouns = person_nouns()
    word = name = False
    for token in doc:
        offset = chunk.start(token)
        if offset < start or token.i == pronoun.i:
            continue
        if offset >= end:
            break
        if token.pos_ == "PROPN":
            name |= title_gender(token.text) == gender or (
                offset not in named and given_name_gender(token.text) == gender
            )
            continue
        if token.pos_ != "NOUN" or token.tag_ != "NN":
            continue
        if _said_of_a_name(token):
            continue  # "their neighbour Ganbold": the named character
        said = role_gender(token.lower_)
        word |= said == gender or (said is None and token.lower_ in nouns and _determined(token))
        word |= thing_start <= offset and token.i < pronoun.i and (
            token.lower_ in _animals() or (gender == FEMININE and token.lower_ in _FEMININE_THINGS)
        )
    return word, name


def _said_of_a_name(token: "Token") -> bool:
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        token.head.pos_ == "PROPN"
        or any(child.pos_ == "PROPN" and child.dep_ in ("appos", "compound") for child in token.children)
        or (following is not None and following.pos_ == "PROPN")
    )


def _determined(token: "Token") -> bool:
    """"the nurse", "her friend": one particular person."""
    return any(child.dep_ in ("det", "poss") and child.lower_ in _DETERMINERS for child in token.children)


@cache
def _animals() -> frozenset[str]:
    from importlib.resources import files

    data = files("coreferee") / "lang" / "en" / "data" / "animal_words.dat"
    return frozenset(word.lower() for word in data.read_text(encoding="utf-8").split())

