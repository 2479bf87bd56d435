"""YAML loading that remembers where every mapping key stands.

Rule files, the project configuration and cast files are all validated
strictly, and an error is only useful when it names the file and line of
the offending key; plain ``yaml.safe_load`` throws that information away.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None

# Rule, configuration and cast files are small; anything past these bounds is
# a mistake or an attack (an alias bomb), refused before it is built.
MAX_DEPTH = 64
MAX_VALUES = 100_000


class ConfigError(Exception):
    """A configuration, rule or cast file that cannot be used as written."""

    def __init__(self, path: str | Path, line: int | None, key: str | None, problem: str):
        self.path = str(path)
        self.line = line
        self.key = key
        self.problem = problem
        location = self.path if line is None else f"{self.path}:{line}"
        subject = f"{key}: " if key else ""
        super().__init__(f"{location}: {subject}{problem}")


class LocatedDict(dict):
    """A mapping from a YAML file, with the 1-based line of each key and of itself."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A YAML sequence with the 1-based line of each item."""

    line: int
    item_lines: list[int]


class _Locating:
    """What both loaders add to PyYAML's safe loading: the bounds, checked on
    each event, and the line of every key and item."""

    bounds: "_Bounds"

    def get_event(self):
        # Every event the composer takes passes here, before it builds on it.
        event = super().get_event()
        self.bounds.check(event)
        return event

    def construct_mapping(self, node, deep=False):
        _reject_duplicate_keys(self, node)
        mapping = LocatedDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            self.construct_object(key_node, deep=True): key_node.start_mark.line + 1
            for key_node, _ in node.value
            if isinstance(key_node, yaml.ScalarNode)
        }
        return mapping

    def construct_sequence(self, node, deep=False):
        sequence = LocatedList(super().construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1
        sequence.item_lines = [item.start_mark.line + 1 for item in node.value]
        return sequence


def _reject_duplicate_keys(loader: yaml.SafeLoader, node: yaml.MappingNode) -> None:
    # PyYAML keeps the last of two equal keys without a word; a strict file must
    # not lose half of what was written. Merge keys (<<) may be overridden.
    first_lines: dict = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        if key in first_lines:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                f"duplicate key {key!r} (first on line {first_lines[key]})", key_node.start_mark,
            )
        first_lines[key] = key_node.start_mark.line + 1


class _LocatingLoader(_Locating, yaml.SafeLoader):
    """PyYAML's pure-Python loader: the reference for what a file means and
    for the wording of every syntax error."""


# The loaders in the order they are tried; the last is the reference.
_LOADERS: list[type] = [_LocatingLoader]
if CParser is not None:

    class _FastLocatingLoader(_Locating, Composer, CParser, SafeConstructor, Resolver):
        """libyaml's parser (about twenty times faster than the Python one,
        which was most of a regex-only run's start-up) under PyYAML's own
        composer, so that the bounds see every event before anything is
        built. libyaml refuses what PyYAML takes in a few places (the
        \\udcXX escapes of the encoding rule's examples) and words its
        errors otherwise, so a file it fails on is read again by
        ``_LocatingLoader``, whose answer stands."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _LOADERS.insert(0, _FastLocatingLoader)

for _loader in _LOADERS:
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Locating.construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Locating.construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file; syntax and read errors become a ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, None, None, f"cannot read: {error}") from error
    for loader_class in _LOADERS[:-1]:
        try:
            return _parse(loader_class, text, path)
        except (yaml.YAMLError, ConfigError):
            pass  # the pure-Python loader says whether, and where, the file is wrong
    try:
        return _parse(_LocatingLoader, text, path)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(path, line, None, f"invalid YAML: {error.problem}") from error
    except yaml.YAMLError as error:
        raise ConfigError(path, None, None, f"invalid YAML: {error}") from error


def _parse(loader_class: type, text: str, path: Path) -> Any:
    loader = loader_class(text)
    try:
        loader.bounds = _Bounds(path)
        return loader.get_single_data()
    finally:
        loader.dispose()


class _Bounds:
    """Refuses deep nesting and alias expansion from the event stream, as
    the parser yields it, before the recursive composer goes deeper."""

    def __init__(self, path: Path):
        self.path = path
        self.anchored: dict[str, int] = {}
        self.open_collections: list[list] = []  # [anchor, values inside so far]
        self.total = 0

    def check(self, event) -> None:
        line = event.start_mark.line + 1
        open_collections = self.open_collections
        if isinstance(event, yaml.CollectionStartEvent):
            open_collections.append([event.anchor, 0])
            if len(open_collections) > MAX_DEPTH:
                raise ConfigError(self.path, line, None, f"nested deeper than {MAX_DEPTH} levels")
            return
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, size = open_collections.pop()
            size += 1
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            anchor, size = None, self.anchored.get(event.anchor, 1)
        else:
            return
        if anchor is not None:
            self.anchored[anchor] = size
        if open_collections:
            open_collections[-1][1] += size
        self.total += 1 if isinstance(event, yaml.CollectionEndEvent) else size
        if self.total > MAX_VALUES:
            raise ConfigError(
                self.path, line, None, f"expands to more than {MAX_VALUES:,} values (aliases nested in aliases?)"
            )


def require_mapping(value: Any, path: Path, what: str) -> LocatedDict:
    if not isinstance(value, LocatedDict):
        line = getattr(value, "line", 1)
        raise ConfigError(path, line, None, f"{what} must be a mapping of keys to values")
    return value


def check_keys(mapping: LocatedDict, allowed: set[str] | dict, path: Path, prefix: str = "") -> None:
    """Reject any key not in ``allowed``, listing what is allowed."""
    for key in mapping:
        if key not in allowed:
            raise ConfigError(
                path,
                mapping.line_of(key),
                f"{prefix}{key}",
                f"unknown key (allowed: {', '.join(sorted(allowed))})",
            )
