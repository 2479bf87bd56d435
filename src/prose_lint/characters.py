"""Who is who: the characters of a document, found from the parser's PERSON
entities and then matched everywhere in the text under each of their names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .document import Document

# Titles are not part of a name: "Mr. Darcy" is Darcy, "Captain Wentworth" is Wentworth.
MALE_TITLES = frozenset({"mr", "sir", "lord", "master", "mister", "monsieur", "herr", "señor", "signor", "father", "brother", "king", "prince", "duke", "count", "baron"})
FEMALE_TITLES = frozenset({"mrs", "miss", "ms", "lady", "madam", "madame", "mme", "mlle", "mademoiselle", "frau", "señora", "signora", "mother", "sister", "queen", "princess", "duchess", "countess", "baroness", "dame"})
NEUTRAL_TITLES = frozenset({"dr", "doctor", "professor", "prof", "captain", "capt", "colonel", "col", "major", "general", "lieutenant", "sergeant", "admiral", "judge", "rev", "reverend", "inspector", "detective", "officer", "aunt", "uncle", "cousin", "saint", "st"})
TITLES = MALE_TITLES | FEMALE_TITLES | NEUTRAL_TITLES

_NAME_WORD = re.compile(r"[A-Z\u00C0-\u00DE\u0100-\u024F\u0400-\u042F][\w'’\-]*$")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    form: str  # the name as written, without possessive ending
    is_full: bool


@dataclass
class Character:
    name: str
    given: str | None
    surname: str | None
    aliases: set[str] = field(default_factory=set)
    titles: Counter = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    person_votes: int = 0  # times the parser tagged a full name of theirs as a PERSON
    given_name_shared: bool = False  # another character has the same given name

    @property
    def has_full_name(self) -> bool:
        return self.given is not None and self.surname is not None

    @property
    def full_mentions(self) -> list[Mention]:
        return [mention for mention in self.mentions if mention.is_full]

    @property
    def short_name(self) -> str:
        return self.given or self.name


def entity_name(entity) -> tuple[list[str], list[str]] | None:
    """(titles, name words) of a PERSON entity, or None when it is not a name:
    every word must be a capitalised proper noun ("Could Anne" is not)."""
    tokens = [token for token in entity if not (token.pos_ == "PART" or token.text in ("'", "’"))]
    titles = []
    while tokens and tokens[0].text.rstrip(".").lower() in TITLES:
        titles.append(tokens.pop(0).text.rstrip(".").lower())
    words = [_POSSESSIVE.sub("", token.text) for token in tokens]
    if not words or not all(token.pos_ == "PROPN" and _NAME_WORD.match(word) for token, word in zip(tokens, words)):
        return None
    return titles, words


@cache
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """Given names known to be only male and only female (coreferee's lists)."""
    from importlib.resources import files

    data = files("coreferee") / "lang" / "common" / "data"
    male = set((data / "male_names.dat").read_text(encoding="utf-8").split())
    female = set((data / "female_names.dat").read_text(encoding="utf-8").split())
    return frozenset(male - female), frozenset(female - male)


class CharacterRegistry:
    """The characters of one document, each with its names and every mention."""

    def __init__(self, characters: list[Character]):
        self.characters = characters

    def __iter__(self):
        return iter(self.characters)

    def __len__(self) -> int:
        return len(self.characters)

    def find(self, name: str) -> Character | None:
        for character in self.characters:
            if name == character.name or name in character.aliases:
                return character
        return None

    @classmethod
    def from_document(cls, document: "Document") -> "CharacterRegistry":
        person_names: Counter[tuple[str, ...]] = Counter()
        titles: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        for chunk in document.chunks:
            for entity in chunk.doc.ents:
                if entity.label_ != "PERSON":
                    continue
                name = entity_name(entity)
                if name is not None:
                    entity_titles, words = name
                    person_names[tuple(words)] += 1
                    titles[tuple(words)].update(entity_titles)
        characters = _group_names(person_names, titles)
        _find_mentions(document.text, characters)
        # A name the parser calls a PERSON only now and then ("Kellynch Hall")
        # is more likely a place or a thing.
        return cls([
            character
            for character in characters
            if character.mentions
            and (not character.has_full_name or 2 * character.person_votes >= len(character.full_mentions))
        ])


def _group_names(names: Counter, titles: dict) -> list[Character]:
    """One character per distinct full name; single names join the one full
    name they are the given name or surname of, or stand alone."""
    by_key: dict[tuple[str, str], Character] = {}
    for words in sorted((w for w in names if len(w) >= 2), key=lambda w: (-names[w], w)):
        key = (words[0], words[-1])
        character = by_key.get(key)
        if character is None:
            character = by_key[key] = Character(" ".join(words), words[0], words[-1])
        character.aliases.add(" ".join(words))
        character.titles.update(titles[words])
        character.person_votes += names[words]
    givens = Counter(character.given for character in by_key.values())
    surnames = Counter(character.surname for character in by_key.values())
    singles: dict[str, Character] = {}
    for (word,) in (w for w in names if len(w) == 1):
        owners = [c for c in by_key.values() if word in (c.given, c.surname)]
        if len(owners) == 1 and (givens[word] + surnames[word]) == 1:
            owners[0].titles.update(titles[(word,)])
        elif not owners:
            singles[word] = Character(word, None, None, {word})
            singles[word].titles.update(titles[(word,)])
    for character in by_key.values():
        character.given_name_shared = givens[character.given] > 1 or (character.given,) in names and any(
            other.surname == character.given for other in by_key.values()
        )
        for part in (character.given, character.surname):
            if givens[part] + surnames[part] == 1:
                character.aliases.add(part)
    return list(by_key.values()) + list(singles.values())


def _find_mentions(text: str, characters: Iterable[Character]) -> None:
    owner = {alias: character for character in characters for alias in character.aliases}
    if not owner:
        return
    # Hard-wrapped text may break a full name across lines.
    alternatives = "|".join(
        r"\s+".join(map(re.escape, alias.split())) for alias in sorted(owner, key=len, reverse=True)
    )
    pattern = re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])")
    for match in pattern.finditer(text):
        form = " ".join(match.group(0).split())
        character = owner[form]
        character.mentions.append(
            Mention(match.start(), match.end(), form, is_full=" " in form)
        )
