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
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

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
# The thresholds a character's pronouns need to settle their gender here.
MIN_PRONOUNS, MIN_MAJORITY = 3, 0.75
_DETERMINERS = frozenset({"the", "this", "that", "his", "her", "my", "your", "our", "their"})
# What English calls "she" that is no woman.
_FEMININE_THINGS = frozenset({
    "boat", "ship", "vessel", "yacht", "ferry", "schooner", "steamer", "launch", "dinghy", "canoe", "car", "truck",
    "engine", "locomotive", "plane", "aircraft", "storm", "hurricane", "oven", "country", "nation", "city", "sea",
    "moon", "earth", "nature", "church", "mare", "cow", "ewe", "hen", "bitch", "doe", "sow", "nanny", "filly",
    "heifer", "cat", "dog", "horse", "goat", "sheep",
})


class PronounCounts:
    """Each character's pronoun genders, per file and paragraph."""

    def __init__(self) -> None:
        self._by_place: dict[str, dict[tuple[str, int], Counter]] = defaultdict(lambda: defaultdict(Counter))
        self._totals: dict[str, Counter] = defaultdict(Counter)

    def add(self, character: str, path: str, paragraph: int, gender: str) -> None:
        self._by_place[character][(path, paragraph)][gender] += 1
        self._totals[character][gender] += 1

    def outside(self, character: str, path: str, paragraph: int) -> Counter:
        return self._totals[character] - self._by_place[character][(path, paragraph)]


def judge_scenes(
    document: "Document",
    chunks: list["Chunk"],
    characters: "CharacterRegistry",
    references: "References",
    counts: PronounCounts,
) -> None:
    """Mark the pronouns of ``document`` that drifted from everyone in reach."""
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
            first_sentence = sentences[max(sentence - SENTENCES_BEFORE, 0)]
            reach_start = min(para_start, chunk.start(first_sentence))
            in_reach = [character for _, character in mentions[bisect_left(starts, reach_start) : bisect_left(starts, para_end)]]
            if not in_reach or _own_gender_in_reach(chunk, token, reach_start, para_end, use.gender):
                continue
            genders = {
                character.name: _gender(character, counts.outside(character.name, document.path, paragraph))
                for character in in_reach
            }
            if any(gender != OTHER[use.gender] for gender in genders.values()):
                continue
            before = [character for start, character in mentions[bisect_left(starts, reach_start) : bisect_left(starts, use.start)]]
            owner = (before or in_reach)[-1 if before else 0]
            references.pronouns[index] = replace(use, character=owner.name, source=Source.SCENE, person=None)


def _gender(character: "Character", pronouns: Counter) -> str | None:
    if character.declared_gender:
        return character.declared_gender
    settled = settled_gender(pronouns, character.gender_hint, min_pronouns=MIN_PRONOUNS, min_majority=MIN_MAJORITY)
    return settled or (character.gender_hint if sum(pronouns.values()) == 0 else None)


def _own_gender_in_reach(chunk: "Chunk", pronoun: "Token", start: int, end: int, gender: str) -> bool:
    """Whether a word of the pronoun's gender, someone of no stated sex, or a
    thing called "she" is in reach."""
    doc = chunk.doc
    nouns = person_nouns()
    for token in doc:
        offset = chunk.start(token)
        if offset < start or token.i == pronoun.i:
            continue
        if offset >= end:
            break
        if token.pos_ == "PROPN":
            if title_gender(token.text) == gender or given_name_gender(token.text) == gender:
                return True
            continue
        if token.pos_ != "NOUN" or token.tag_ != "NN":
            continue
        said = role_gender(token.lower_)
        if said == gender:
            return True
        if token.i < pronoun.i and (token.lower_ in _animals() or (gender == FEMININE and token.lower_ in _FEMININE_THINGS)):
            return True
        if said is None and token.lower_ in nouns and _determined(token):
            return True
    return False


def _determined(token: "Token") -> bool:
    """"the nurse", "her friend": one particular person."""
    return any(child.dep_ in ("det", "poss") and child.lower_ in _DETERMINERS for child in token.children)


@cache
def _animals() -> frozenset[str]:
    from importlib.resources import files

    data = files("coreferee") / "lang" / "en" / "data" / "animal_words.dat"
    return frozenset(word.lower() for word in data.read_text(encoding="utf-8").split())

