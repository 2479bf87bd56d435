"""Gender evidence, in one place: titles, given names, role nouns, and the
one rule that settles a character's gender from their pronouns.

The word lists are data in ``prose_lint/data``: ``person_cues.yaml`` (titles
and the cues that make a name a person's), ``given_names.tsv`` (given names
from many cultures, built by ``training/given_names.py`` from Faker and
coreferee, both MIT licensed), and the role nouns of ``lexicon``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING

import yaml

from .lexicon import DATA, builtin_lexicon
from .pronouns import FEMININE, MASCULINE, NEUTRAL

if TYPE_CHECKING:
    from spacy.tokens import Token

OTHER = {MASCULINE: FEMININE, FEMININE: MASCULINE}
_SEX_CODES = {"m": MASCULINE, "f": FEMININE}
_ACUTE = "\u0301"


@dataclass(frozen=True)
class PersonCues:
    titles: dict[str, str | None]  # title (lower case) -> gender, None for Dr, Captain
    titles_also_given_names: frozenset[str]  # Don, Lola: a title, or the name itself
    particles: frozenset[str]
    person_verbs: frozenset[str]
    body_parts: frozenset[str]
    own_body_verbs: frozenset[str]
    own_body_objects: dict[str, frozenset[str]]  # verb -> the body parts as its object that are the doer's
    onto_own_things: dict[str, frozenset[tuple[str, str]]]  # verb -> (preposition, thing or "*")
    moved_body_parts: frozenset[str]
    in_own_hands_verbs: frozenset[str]
    in_own_hands: frozenset[str]
    arrival_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    elsewhere_words: frozenset[str]
    time_words: frozenset[str]
    leaving_verbs: frozenset[str]
    going_verbs: frozenset[str]
    going_away: frozenset[str]
    staying_verbs: frozenset[str]
    possessions: frozenset[str]  # body parts, kin and belongings
    place_prepositions: frozenset[str]
    thing_verbs: frozenset[str]
    perception_verbs: frozenset[str]
    person_nouns: frozenset[str]
    place_words_after: frozenset[str]
    place_or_surname_words_after: frozenset[str]
    place_words_before: frozenset[str]
    calendar_words: frozenset[str]


@cache
def cues() -> PersonCues:
    data = yaml.safe_load((DATA / "person_cues.yaml").read_text(encoding="utf-8"))
    for key, value in data.items():
        only_words(value, f"person_cues.yaml: {key}")
    titles: dict[str, str | None] = {}
    for key, gender in (("neutral", None), ("masculine", MASCULINE), ("feminine", FEMININE)):
        titles.update({title: gender for title in data["titles"][key]})
    words = {key: frozenset(value) for key, value in data.items() if isinstance(value, list)}
    # Every other field is the word list of its own name.
    special = {
        "titles": titles,
        "particles": words["name_particles"],
        "own_body_objects": {verb: frozenset(parts) for verb, parts in data["own_body_objects"].items()},
        "onto_own_things": {
            verb: frozenset(tuple(place.split(" ", 1)) for place in places)
            for verb, places in data["onto_own_things"].items()
        },
        "possessions": words["body_parts"] | words["possessions"],
    }
    return PersonCues(**special, **{item.name: words[item.name] for item in fields(PersonCues) if item.name not in special})


def only_words(value: object, where: str) -> None:
    """Raise ValueError, naming ``where`` and the key, when a word list holds
    anything but text: unquoted, YAML reads on, off, yes and no as true and
    false, and the word would silently be missing from its list."""
    if isinstance(value, dict):
        for key, inner in value.items():
            only_words(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for entry in value:
            if not isinstance(entry, str):
                raise ValueError(f"{where}: {entry!r} is not a word; quote it")


def is_title(word: str) -> bool:
    return word.rstrip(".").lower() in cues().titles


def is_title_and_given_name(word: str) -> bool:
    """A title that is a given name too: "Don Pedro", but "Don" alone is Don."""
    return word.rstrip(".").lower() in cues().titles_also_given_names


def title_gender(word: str) -> str | None:
    return cues().titles.get(word.rstrip(".").lower())


def in_a_series(first: "Token", second: "Token") -> bool:
    """Whether two phrases set off by a comma are items of a list the parser
    took for an apposition: "William, Justine, Clerval, Elizabeth, my
    father, and ...", "the blind father, the gentle Agatha, and the
    excellent Felix"."""
    if any(token.dep_ == "conj" or any(child.dep_ == "conj" for child in token.children) for token in (first, second)):
        return True
    after = second.right_edge.i + 1
    doc = second.doc
    return after + 1 < len(doc) and doc[after].text == "," and doc[after + 1].lower_ in ("and", "or")


_SECOND_PERSON_POSSESSIVES = frozenset({"your", "thy"})


def in_address(noun: "Token") -> bool:
    """Whether a noun set off beside a name is part of words of address, and
    so says nothing of the name: a noun of "your" beside the name of the one
    spoken to ("Think of your mother, Mr Smallweed"), a title of "my" written
    as one ("Mr. Bucket, my Lady", not "John, my brother"), or a bare noun
    ("Poor Harville, sister!")."""
    possessives = {child.lower_ for child in noun.children if child.dep_ == "poss"}
    title = noun.text[:1].isupper() and is_title(noun.text)
    if possessives & _SECOND_PERSON_POSSESSIVES or ("my" in possessives and title):
        return True
    return noun.pos_ == "NOUN" and all(child.dep_ == "punct" for child in noun.children)


def says_nothing_of(name: "Token", noun: "Token") -> bool:
    """Whether a noun set off beside a name, which the parser calls an
    apposition, may say nothing of the name: words of address, items of a
    list, or a noun after a name that hangs from a person noun by "of",
    which may be said of that person ("A townsman of this Mrs. Rouncewell,
    a man in exactly parallel circumstances")."""
    first, second = sorted((name, noun), key=lambda token: token.i)
    of_a_person = name.dep_ == "pobj" and name.head.lower_ == "of" and noun_singular(name.head.head) in person_nouns()
    return in_address(noun) or in_a_series(first, second) or (noun.i > name.i and of_a_person)


@cache
def _given_names() -> dict[str, str | None]:
    names: dict[str, str | None] = {}
    for line in (DATA / "given_names.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, sexes = line.split("\t")
            names[name] = _SEX_CODES.get(sexes)
    for name in builtin_lexicon().unisex:
        names[name.capitalize()] = None
    return names


def given_name_gender(word: str) -> str | None:
    """The sex a given name is given to, when only ever one; None for names
    given to both somewhere (Andrea, Sasha) and for names not known. A name
    the lists lack with acute accents is looked up without them (Siobhán as
    Siobhan); not one with other marks, which may tell names apart (Bảo is
    not Bao), nor one the lists have with its accents (Andrée, not Andre)."""
    names = _given_names()
    if word in names:
        return names[word]
    letters = unicodedata.normalize("NFD", word)
    if all(letter == _ACUTE for letter in letters if unicodedata.combining(letter)):
        return names.get(letters.replace(_ACUTE, ""))
    return None


def is_given_name(word: str) -> bool:
    return word in _given_names()


@cache
def person_nouns() -> frozenset[str]:
    """Nouns said only of people: coreferee's exclusively-person words (MIT),
    the role nouns, and a few more ("doctor", "neighbour") that coreferee
    also lets mean things."""
    from importlib.resources import files

    data = files("coreferee") / "lang" / "en" / "data" / "exclusively_person_words.dat"
    words = set(builtin_lexicon().roles) | cues().person_nouns
    words.update(line.strip().lower() for line in data.read_text(encoding="utf-8").splitlines() if line.strip())
    return frozenset(words)


def role_gender(word: str) -> str | None:
    """The sex a role noun says: "widow", "grandfather", "waitress"."""
    return builtin_lexicon().roles.get(word.lower())


def noun_singular(noun: "Token") -> str:
    """What the word lists know a plural noun by: "women" is "woman"."""
    return noun.lemma_.lower() if noun.tag_ == "NNS" else noun.lower_


def one_of(attribute: "Token") -> "Token | None":
    """Those a name is said to be one of: "Sisa was one of the last women"
    says what Sisa is."""
    if attribute.lower_ != "one":
        return None
    return next(
        (
            member for preposition in attribute.children if preposition.dep_ == "prep" and preposition.lower_ == "of"
            for member in preposition.children if member.dep_ == "pobj" and member.tag_ == "NNS"
        ),
        None,
    )


def settled_gender(
    pronouns: Counter, hint: str | None, *, min_pronouns: int, min_majority: float, overrule_share: float = 0.9
) -> str | None:
    """The gender a character's pronouns clearly agree on: at least
    ``min_pronouns`` he/she pronouns, ``min_majority`` of them agreeing, and
    not contradicted by ``hint`` (a title or given name) unless the pronouns
    agree overwhelmingly (name lists have errors; a text that says "she"
    twenty times means a woman). ``NEUTRAL`` when they/them prevails; None
    when nothing is settled."""
    gendered = pronouns[MASCULINE] + pronouns[FEMININE]
    if pronouns[NEUTRAL] >= max(gendered, 1):
        return NEUTRAL
    if gendered < min_pronouns:
        return None
    majority = MASCULINE if pronouns[MASCULINE] > pronouns[FEMININE] else FEMININE
    share = pronouns[majority] / gendered
    if share < min_majority:
        return None
    if hint not in (None, majority) and (share < overrule_share or gendered < 2 * min_pronouns):
        return None
    return majority
