"""Who is who: the characters of a document, found from the parser's PERSON
entities and then matched everywhere in the text under each of their names."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import TYPE_CHECKING, Iterable

from .pronouns import FEMININE, MASCULINE

if TYPE_CHECKING:
    from .cast import Cast, CastMember
    from .document import Document
    from .parse import Chunk

# Titles are not part of a name: "Mr. Darcy" is Darcy, "Captain Wentworth" is Wentworth.
MALE_TITLES = frozenset({"mr", "sir", "lord", "master", "mister", "monsieur", "herr", "señor", "signor", "father", "brother", "king", "prince", "duke", "count", "baron"})
FEMALE_TITLES = frozenset({"mrs", "miss", "ms", "lady", "madam", "madame", "mme", "mlle", "mademoiselle", "frau", "señora", "signora", "mother", "sister", "queen", "princess", "duchess", "countess", "baroness", "dame"})
NEUTRAL_TITLES = frozenset({"dr", "doctor", "professor", "prof", "captain", "capt", "colonel", "col", "major", "general", "lieutenant", "sergeant", "admiral", "judge", "rev", "reverend", "inspector", "detective", "officer", "aunt", "uncle", "cousin", "saint", "st"})
TITLES = MALE_TITLES | FEMALE_TITLES | NEUTRAL_TITLES

_NAME_WORD = re.compile(r"[A-Z\u00C0-\u00DE\u0100-\u024F\u0400-\u042F][\w'’\-]*$")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_TITLE_BEFORE = re.compile(r"(?<![\w'’])([A-Za-z]+)\.?\s+$")


@dataclass(frozen=True)
class Mention:
    path: str
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
    person_votes: int = 0  # times the parser tagged one of their names as a PERSON
    given_name_shared: bool = False  # another character has the same given name
    declared: "CastMember | None" = None  # the cast file's entry, if any

    @property
    def has_full_name(self) -> bool:
        return self.given is not None and self.surname is not None

    @property
    def full_mentions(self) -> list[Mention]:
        return [mention for mention in self.mentions if mention.is_full]

    @property
    def short_name(self) -> str:
        return self.given or self.name

    @property
    def title_gender(self) -> str | None:
        """The gender the character's titles agree on (Mr, Sir / Mrs, Miss, Lady)."""
        genders = Counter()
        for title, count in self.titles.items():
            gender = title_gender(title)
            if gender:
                genders[gender] += count
        if len(genders) == 1:
            return next(iter(genders))
        return None

    @property
    def name_gender(self) -> str | None:
        """The gender of the given name, when it is only ever a man's or only a woman's."""
        given = self.given or (self.name if not self.titles else None)
        if given is None:
            return None
        male, female = name_lists()
        if given in male:
            return MASCULINE
        if given in female:
            return FEMININE
        return None

    @property
    def gender_hint(self) -> str | None:
        return self.title_gender or self.name_gender

    @property
    def declared_gender(self) -> str | None:
        return self.declared.gender if self.declared else None


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

    def mention_at(self, offset: int) -> tuple[Character, Mention] | None:
        """The character whose name covers a character offset, and that mention."""
        position = bisect_right(self._mention_starts, offset) - 1
        if position >= 0:
            character, mention = self._mentions[position]
            if mention.start <= offset < mention.end:
                return character, mention
        return None

    def character_at(self, offset: int) -> Character | None:
        found = self.mention_at(offset)
        return found[0] if found else None

    @cached_property
    def _mentions(self) -> list[tuple[Character, Mention]]:
        return sorted(
            ((character, mention) for character in self.characters for mention in character.mentions),
            key=lambda pair: (pair[1].start, pair[1].end),
        )

    @cached_property
    def _mention_starts(self) -> list[int]:
        return [mention.start for _, mention in self._mentions]

    def find(self, name: str) -> Character | None:
        for character in self.characters:
            if name == character.name or name in character.aliases:
                return character
        return None

    def view(self, path: str) -> "CharacterRegistry":
        """The same characters with only the mentions in file ``path``."""
        return CharacterRegistry([
            replace(character, mentions=[m for m in character.mentions if m.path == path])
            for character in self.characters
        ])

    @classmethod
    def from_parses(cls, parsed: list[tuple["Document", list["Chunk"]]], cast: "Cast | None" = None) -> "CharacterRegistry":
        """The characters of a story, from the parse of each of its files."""
        person_names: Counter[tuple[str, ...]] = Counter()
        titles: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        for _, chunks in parsed:
            for chunk in chunks:
                for entity in chunk.doc.ents:
                    if entity.label_ != "PERSON":
                        continue
                    name = entity_name(entity)
                    if name is not None:
                        entity_titles, words = name
                        person_names[tuple(words)] += 1
                        titles[tuple(words)].update(entity_titles)
        characters = _group_names(person_names, titles)
        if cast is not None:
            characters = _apply_cast(characters, cast)
        for document, _ in parsed:
            _find_mentions(document, characters)
        # A name the parser calls a PERSON only now and then ("Kellynch Hall")
        # is more likely a place or a thing.
        return cls([
            character
            for character in characters
            if character.declared
            or (character.mentions and 2 * character.person_votes >= len(character.full_mentions or character.mentions))
        ])


def _apply_cast(found: list[Character], cast: "Cast") -> list[Character]:
    """Declared characters absorb the found characters that share a name with them."""
    declared = []
    for member in cast.members:
        labels = {member.name, *member.aliases}
        words = member.name.split()
        character = Character(
            member.name,
            words[0] if len(words) > 1 else None,
            words[-1] if len(words) > 1 else None,
            set(labels),
            declared=member,
        )
        for other in list(found):
            if other.aliases & labels or (character.has_full_name and (other.given, other.surname) == (character.given, character.surname)):
                character.aliases |= other.aliases
                character.titles.update(other.titles)
                character.person_votes += other.person_votes
                found.remove(other)
        declared.append(character)
    taken = {alias for character in found for alias in character.aliases}
    for character in declared:
        for part in (character.given, character.surname):
            if part and part not in taken:
                character.aliases.add(part)
    return declared + found


def title_gender(title: str) -> str | None:
    if title in MALE_TITLES:
        return MASCULINE
    if title in FEMALE_TITLES:
        return FEMININE
    return None


def _group_names(names: Counter, titles: dict) -> list[Character]:
    """One character per distinct full name; single names, bare or titled,
    join the one full name they can belong to, or stand alone."""
    by_key: dict[tuple[str, str], Character] = {}
    for words in sorted((w for w in names if len(w) >= 2), key=lambda w: (-names[w], w)):
        key = (words[0], words[-1])
        character = by_key.get(key)
        if character is None:
            character = by_key[key] = Character(" ".join(words), words[0], words[-1])
        character.aliases.add(" ".join(words))
        character.person_votes += names[words]
        # "Mrs Charles Musgrove" is his wife: a title that contradicts the
        # given name says nothing about this character.
        name_gender = character.name_gender
        character.titles.update(
            {title: n for title, n in titles[words].items() if title_gender(title) in (None, name_gender) or name_gender is None}
        )
    full = list(by_key.values())
    givens = Counter(character.given for character in full)
    surnames = Counter(character.surname for character in full)
    for character in full:
        character.given_name_shared = givens[character.given] > 1 or surnames[character.given] > 0

    standalone: list[Character] = []
    for (word,) in sorted(w for w in names if len(w) == 1):
        votes = names[(word,)]
        owners = [c for c in full if word in (c.given, c.surname)]
        # Families share a surname: only a name held by one full-name
        # character can be theirs ("Lady Elliot" is none of three Elliots).
        owner = owners[0] if len(owners) == 1 and givens[word] + surnames[word] == 1 else None
        by_title: dict[str | None, Counter] = defaultdict(Counter)
        for title, count in titles[(word,)].items():
            by_title[title_gender(title)][title] += count
        titled = []
        for gender, title_counts in by_title.items():
            title = title_counts.most_common(1)[0][0]
            alias = f"{title.capitalize()} {word}"
            if owner is not None and (gender is None or owner.gender_hint in (None, gender)):
                owner.aliases.add(alias)
                owner.titles.update(title_counts)
                owner.person_votes += sum(title_counts.values())
            else:
                titled.append(Character(alias, None, None, {alias}, Counter(title_counts), person_votes=votes))
        standalone += titled
        if owner is not None:
            owner.aliases.add(word)
            owner.person_votes += votes
        elif not owners and len(titled) <= 1:
            # A bare name with at most one titled form is that one person.
            if titled:
                titled[0].aliases.add(word)
            else:
                standalone.append(Character(word, None, None, {word}, person_votes=votes))
    standalone_names = {character.name for character in standalone}
    for character in full:
        for part in (character.given, character.surname):
            if givens[part] + surnames[part] == 1 and part not in standalone_names:
                character.aliases.add(part)
    return full + standalone


def _find_mentions(document: "Document", characters: Iterable[Character]) -> None:
    owner = {alias: character for character in characters for alias in character.aliases}
    if not owner:
        return
    # Hard-wrapped text may break a full name across lines.
    alternatives = "|".join(_alias_pattern(alias) for alias in sorted(owner, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])")
    for match in pattern.finditer(document.text):
        words = [word.rstrip(".") if word.rstrip(".").lower() in TITLES else word for word in match.group(0).split()]
        form = " ".join(words)
        character = owner[form]
        # "Mrs. Reed" is not John Reed, though "Reed" alone may be.
        title = _TITLE_BEFORE.search(document.text, max(match.start() - 20, 0), match.start())
        hint = character.gender_hint
        if hint and title and title_gender(title.group(1).lower()) not in (None, hint):
            continue
        is_full = character.has_full_name and character.given in words and character.surname in words
        character.mentions.append(Mention(document.path, match.start(), match.end(), form, is_full=is_full))


def _alias_pattern(alias: str) -> str:
    """A name's words across any whitespace (hard-wrapped lines), with an
    optional full stop after a title ("Mr Darcy", "Mr. Darcy")."""
    return r"\s+".join(
        re.escape(word) + (r"\.?" if word.lower() in TITLES else "") for word in alias.split()
    )
