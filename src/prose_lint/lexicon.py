"""Gendered words: the role nouns said only of women or only of men, and the
surname endings that agree with their bearer's sex. Built-in lists live in
``prose_lint/data``; a rule may add its own file with the same keys. Read by
the name-gender-mismatch rule kind and by pronoun resolution."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterator

from .pronouns import FEMININE, MASCULINE
from .yamlsource import ConfigError, LocatedDict, check_keys, load_yaml, require_mapping

DATA = Path(str(files("prose_lint") / "data"))
BUILTIN_DATA = (DATA / "role_nouns.yaml", DATA / "surname_forms.yaml")

WORD = re.compile(r"[^\W\d_][\w'’-]*")
DATA_KEYS = {
    "source": "where the lists come from",
    "pairs": "[feminine, masculine] role nouns; ~ for no form of one sex only",
    "feminine_roles": "role nouns said only of women",
    "masculine_roles": "role nouns said only of men",
    "idioms": "phrases in which a role noun says nothing about sex",
    "feminine": "endings of women's surnames: {suffix, after, min_stem, form}",
    "masculine": "endings of men's surnames: {suffix, after, min_stem, form}",
    "not_surname_forms": "surnames with those endings that are not forms of one sex",
    "unisex_given_names": "given names not to take as a man's or a woman's",
}
SUFFIX_KEYS = {
    "suffix": "the ending",
    "after": "letters one of which must precede the ending",
    "min_stem": "least number of letters before the ending (default 3)",
    "form": "what the word is: surname form (default) or patronymic",
}


@dataclass(frozen=True)
class Ending:
    """A gendered surname ending, such as -ova."""

    suffix: str
    gender: str
    after: tuple[str, ...] = ()
    min_stem: int = 3
    form: str = "surname form"

    def matches(self, word: str) -> bool:
        lower = word.lower()
        if not lower.endswith(self.suffix):
            return False
        stem = lower[: -len(self.suffix)]
        return len(stem) >= self.min_stem and (not self.after or stem.endswith(self.after))


@dataclass(frozen=True)
class Lexicon:
    """Everything the kind knows about gendered words, built-in and added."""

    roles: dict  # word -> gender
    idioms: tuple[tuple[str, ...], ...] = ()
    endings: tuple[Ending, ...] = ()
    not_surname_forms: frozenset = frozenset()
    unisex: frozenset = frozenset()

    def merged(self, other: "Lexicon") -> "Lexicon":
        return Lexicon(
            {**self.roles, **other.roles},
            self.idioms + other.idioms,
            self.endings + other.endings,
            self.not_surname_forms | other.not_surname_forms,
            self.unisex | other.unisex,
        )

    def ending(self, word: str) -> Ending | None:
        """The longest ending of ``word``, unless it is a surname known not to be a form of one sex."""
        if word.lower() in self.not_surname_forms:
            return None
        found = [ending for ending in self.endings if ending.matches(word)]
        return max(found, key=lambda ending: len(ending.suffix), default=None)


def load_lexicon(path: Path) -> Lexicon:
    """One data file, validated strictly: errors name the file, line and key."""
    data = require_mapping(load_yaml(path), path, "a word list file")
    check_keys(data, DATA_KEYS, path)
    roles: dict[str, str] = {}
    for pair, line in _items(data, "pairs", path):
        if not isinstance(pair, list) or len(pair) != 2 or pair == [None, None]:
            raise ConfigError(path, line, "pairs", f"expected [feminine, masculine] with ~ for none, got {pair!r}")
        for word, gender in zip(pair, (FEMININE, MASCULINE)):
            if word is not None:
                roles[_word(word, path, line, "pairs")] = gender
    for key, gender in (("feminine_roles", FEMININE), ("masculine_roles", MASCULINE)):
        for word, line in _items(data, key, path):
            roles[_word(word, path, line, key)] = gender
    idioms = []
    for phrase, line in _items(data, "idioms", path):
        if not isinstance(phrase, str) or not phrase.split():
            raise ConfigError(path, line, "idioms", f"expected a phrase, got {phrase!r}")
        idioms.append(tuple(phrase.lower().split()))
    endings = [
        _ending(entry, gender, path, line, key)
        for key, gender in (("feminine", FEMININE), ("masculine", MASCULINE))
        for entry, line in _items(data, key, path)
    ]
    names = {
        key: frozenset(_word(name, path, line, key).lower() for name, line in _items(data, key, path))
        for key in ("not_surname_forms", "unisex_given_names")
    }
    return Lexicon(roles, tuple(idioms), tuple(endings), names["not_surname_forms"], names["unisex_given_names"])


@cache
def load_cached(path: str) -> Lexicon:
    return load_lexicon(Path(path))


@cache
def builtin_lexicon() -> Lexicon:
    lexicon = Lexicon({})
    for path in BUILTIN_DATA:
        lexicon = lexicon.merged(load_cached(str(path)))
    return lexicon


def _items(data: LocatedDict, key: str, path: Path) -> Iterator[tuple[Any, int]]:
    items = data.get(key)
    if items is None:
        return
    if not isinstance(items, list):
        raise ConfigError(path, data.line_of(key), key, "expected a list")
    yield from zip(items, getattr(items, "item_lines", [data.line_of(key)] * len(items)))


def _word(value: Any, path: Path, line: int, key: str) -> str:
    if not isinstance(value, str) or not WORD.fullmatch(value):
        raise ConfigError(path, line, key, f"expected one word, got {value!r}")
    return value.lower()


def _ending(entry: Any, gender: str, path: Path, line: int, key: str) -> Ending:
    if isinstance(entry, str):
        entry = {"suffix": entry}
    if not isinstance(entry, dict):
        raise ConfigError(path, line, key, f"expected an ending or {{suffix: ...}}, got {entry!r}")
    if isinstance(entry, LocatedDict):
        check_keys(entry, SUFFIX_KEYS, path, prefix=f"{key}.")
    suffix = entry.get("suffix")
    if not isinstance(suffix, str) or not suffix.isalpha():
        raise ConfigError(path, line, f"{key}.suffix", f"expected letters, got {suffix!r}")
    after = entry.get("after", [])
    if not isinstance(after, list) or not all(isinstance(item, str) and item.isalpha() for item in after):
        raise ConfigError(path, line, f"{key}.after", f"expected a list of letters, got {after!r}")
    min_stem = entry.get("min_stem", 3)
    if not isinstance(min_stem, int) or isinstance(min_stem, bool) or min_stem < 1:
        raise ConfigError(path, line, f"{key}.min_stem", f"expected an integer of at least 1, got {min_stem!r}")
    form = entry.get("form", "surname form")
    if form not in ("surname form", "patronymic"):
        raise ConfigError(path, line, f"{key}.form", f"{form!r} is not allowed (allowed: surname form, patronymic)")
    return Ending(suffix.lower(), gender, tuple(item.lower() for item in after), min_stem, form)
