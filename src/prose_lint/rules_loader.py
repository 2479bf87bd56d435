"""Reading rule files: YAML data validated strictly against their kind,
all before any prose is read."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from .findings import Severity
from .kinds import KINDS, RuleKind
from .yamlsource import ConfigError, LocatedDict, check_keys, load_yaml, require_mapping

BUILTIN_RULES = Path(str(files("prose_lint") / "rules"))

RULE_KEYS = {
    "id": "the rule's name, used by --select, --ignore and in findings",
    "kind": "the rule kind that runs it",
    "severity": "error, warning or info",
    "message": "the message template; {field}s come from the kind",
    "description": "one line for --list-rules",
    "options": "the kind's options",
    "examples": "texts that must be flagged and texts that must pass",
}
EXAMPLE_KEYS = {"flagged", "passing"}


@dataclass
class Example:
    text: str
    line: int


@dataclass
class Rule:
    id: str
    kind: RuleKind
    severity: Severity
    message: str
    description: str
    source: Path
    flagged: list[Example] = field(default_factory=list)
    passing: list[Example] = field(default_factory=list)
    id_line: int | None = None

    @property
    def builtin(self) -> bool:
        return self.source.parent == BUILTIN_RULES

    def render(self, values: dict) -> str:
        # Fields are text, so a template that formats at load formats on every finding.
        return self.message.format(**{name: str(value) for name, value in values.items()})


def load_rule_file(path: Path) -> Rule:
    data = require_mapping(load_yaml(path), path, "a rule file")
    check_keys(data, RULE_KEYS, path)
    for key in ("id", "kind", "severity", "message"):
        if key not in data:
            raise ConfigError(path, data.line, key, "missing required key")
    rule_id = _string(data, "id", path)
    kind_name = _string(data, "kind", path)
    if kind_name not in KINDS:
        raise ConfigError(
            path, data.line_of("kind"), "kind", f"unknown kind {kind_name!r} (allowed: {', '.join(sorted(KINDS))})"
        )
    kind_class = KINDS[kind_name]
    severity_name = _string(data, "severity", path)
    if severity_name not in Severity.names():
        raise ConfigError(
            path, data.line_of("severity"), "severity",
            f"unknown severity {severity_name!r} (allowed: {', '.join(Severity.names())})",
        )
    message = _string(data, "message", path)
    _check_template(message, kind_class, path, data.line_of("message"))
    settings = _options(data.get("options", LocatedDict()), kind_class, path, data.line_of("options"))
    flagged, passing = _examples(data.get("examples"), path, data.line_of("examples"))
    return Rule(
        id=rule_id,
        kind=kind_class(**settings),
        severity=Severity.parse(severity_name),
        message=message,
        description=_string(data, "description", path) if "description" in data else kind_class.description,
        source=path,
        flagged=flagged,
        passing=passing,
        id_line=data.line_of("id"),
    )


def load_rules(directories: list[Path]) -> list[Rule]:
    """The built-in rules, then every ``*.yaml``/``*.yml`` file of each directory."""
    rules: dict[str, Rule] = {}
    for directory in [BUILTIN_RULES, *directories]:
        if not directory.is_dir():
            raise ConfigError(directory, None, None, "rules directory not found")
        for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
            rule = load_rule_file(path)
            earlier = rules.get(rule.id)
            # A user rule may replace a built-in one by taking its id, but two
            # rules of the same origin sharing an id is a mistake.
            if earlier is not None and earlier.builtin == (directory == BUILTIN_RULES):
                raise ConfigError(path, rule.id_line, "id", f"duplicate rule id {rule.id!r}, also in {earlier.source}")
            rules[rule.id] = rule
    return list(rules.values())


def _string(data: LocatedDict, key: str, path: Path) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, data.line_of(key), key, f"expected a non-empty string, got {value!r}")
    return value


def _check_template(message: str, kind: type[RuleKind], path: Path, line: int) -> None:
    try:
        parsed = [(name, conversion) for _, name, _, conversion in string.Formatter().parse(message)]
    except ValueError as error:
        raise ConfigError(path, line, "message", f"bad template: {error}") from error
    fields = {name for name, _ in parsed if name is not None}
    # parse() accepts any conversion letter; format() would only fail on the first finding.
    for name, conversion in parsed:
        if conversion not in (None, "r", "s", "a"):
            raise ConfigError(
                path, line, "message", f"bad template: unknown conversion !{conversion} in {{{name}}} (allowed: !r, !s, !a)"
            )
    for name in fields:
        if name not in kind.message_fields:
            raise ConfigError(
                path, line, "message",
                f"unknown field {{{name}}} (allowed: {', '.join(kind.message_fields) or 'none'})",
            )
    # Format specs, indexing and attributes only fail when formatting: try it now.
    try:
        message.format(**{name: "text" for name in kind.message_fields})
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as error:
        raise ConfigError(path, line, "message", f"bad template: {error} (fields are text)") from error


def _options(data, kind: type[RuleKind], path: Path, line: int) -> dict:
    if not isinstance(data, LocatedDict):
        raise ConfigError(path, line, "options", "expected a mapping of option names to values")
    allowed = kind.options
    if not allowed and data:
        key = next(iter(data))
        raise ConfigError(path, data.line_of(key), f"options.{key}", f"kind {kind.name!r} takes no options")
    check_keys(data, allowed, path, prefix="options.")
    settings = {name: option.default for name, option in allowed.items()}
    for key, value in data.items():
        settings[key] = allowed[key].validate(value, path, data.line_of(key), f"options.{key}")
    return settings


def _examples(data, path: Path, line: int) -> tuple[list[Example], list[Example]]:
    if data is None:
        return [], []
    if not isinstance(data, LocatedDict):
        raise ConfigError(path, line, "examples", "expected a mapping with 'flagged' and 'passing' lists")
    check_keys(data, EXAMPLE_KEYS, path, prefix="examples.")
    lists = []
    for key in ("flagged", "passing"):
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise ConfigError(path, data.line_of(key), f"examples.{key}", "expected a list of texts")
        lines = getattr(items, "item_lines", [data.line_of(key)] * len(items))
        lists.append([Example(text, item_line) for text, item_line in zip(items, lines)])
    return lists[0], lists[1]
