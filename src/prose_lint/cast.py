"""The cast file: characters an author declares, in ``characters.yaml``.

```yaml
characters:
  - name: Katarina Novak
    aliases: [Kat, Katya]
    pronouns: she/her
    note: the narrator's sister
  - name: Robin Ellis
    pronouns: they/them
```

Declared pronouns override what prose-lint infers; declared aliases are
never reported as misspellings. Errors name the file, line and key, like
rule-file errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .pronouns import FEMININE, MASCULINE, NEUTRAL
from .yamlsource import ConfigError, LocatedDict, check_keys, load_yaml, require_mapping

CAST_FILE_NAME = "characters.yaml"
OTHER_PRONOUNS = "other"

_ENTRY_KEYS = {
    "name": "the canonical name",
    "aliases": "other names and spellings of the same character",
    "pronouns": "she/her, he/him, they/them, or any set such as xe/xem",
    "note": "free text for the author",
}
_KNOWN_SETS = {"she/her": FEMININE, "he/him": MASCULINE, "they/them": NEUTRAL}
_PRONOUN_SET = re.compile(r"^[^\W\d_]+(?:/[^\W\d_]+)+$")


@dataclass(frozen=True)
class CastMember:
    name: str
    aliases: tuple[str, ...] = ()
    pronouns: str | None = None
    note: str | None = None

    @property
    def gender(self) -> str | None:
        """The gender the declared pronouns give; ``other`` for sets beyond he, she and they."""
        if self.pronouns is None:
            return None
        return _KNOWN_SETS.get(self.pronouns.lower(), OTHER_PRONOUNS)


@dataclass(frozen=True)
class Cast:
    path: Path
    members: tuple[CastMember, ...] = field(default_factory=tuple)


def load_cast(path: Path) -> Cast:
    data = require_mapping(load_yaml(path), path, "a cast file")
    check_keys(data, {"characters"}, path)
    entries = data.get("characters")
    if not isinstance(entries, list):
        raise ConfigError(path, data.line_of("characters"), "characters", "expected a list of characters")
    members, seen = [], {}
    for position, entry in enumerate(entries):
        prefix = f"characters[{position}]"
        entry = require_mapping(entry, path, prefix)
        check_keys(entry, _ENTRY_KEYS, path, prefix=f"{prefix}.")
        if "name" not in entry:
            raise ConfigError(path, entry.line, f"{prefix}.name", "missing required key")
        name = _text(entry, "name", path, prefix)
        aliases = tuple(_aliases(entry, path, prefix))
        pronouns = _text(entry, "pronouns", path, prefix) if "pronouns" in entry else None
        if pronouns is not None and not _PRONOUN_SET.match(pronouns):
            raise ConfigError(
                path, entry.line_of("pronouns"), f"{prefix}.pronouns",
                f"expected a pronoun set like she/her, he/him, they/them or xe/xem, got {pronouns!r}",
            )
        for label in (name, *aliases):
            if label in seen:
                raise ConfigError(
                    path, entry.line_of("name"), f"{prefix}.name", f"{label!r} is already declared on line {seen[label]}"
                )
            seen[label] = entry.line_of("name")
        note = _text(entry, "note", path, prefix) if "note" in entry else None
        members.append(CastMember(name, aliases, pronouns, note))
    return Cast(path, tuple(members))


def _text(entry: LocatedDict, key: str, path: Path, prefix: str) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, entry.line_of(key), f"{prefix}.{key}", f"expected a non-empty string, got {value!r}")
    return " ".join(value.split())


def _aliases(entry: LocatedDict, path: Path, prefix: str) -> list[str]:
    value = entry.get("aliases", [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ConfigError(path, entry.line_of("aliases"), f"{prefix}.aliases", f"expected a list of names, got {value!r}")
    return [" ".join(item.split()) for item in value]
