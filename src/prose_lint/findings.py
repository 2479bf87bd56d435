"""Plain values that flow from rule kinds to the engine and on to formatters."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def names(cls) -> list[str]:
        return [member.name.lower() for member in cls]

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Hit:
    """What a rule kind reports: a character span of one document and the
    values its rule's message template may use."""

    start: int
    end: int
    values: dict = field(default_factory=dict, hash=False, compare=False)
    character: str | None = None
    # The exact text that should replace the span, where the kind knows it for sure.
    fix: str | None = None


@dataclass(frozen=True)
class Fix:
    """Replace characters ``start:end`` of the file's text with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, order=True)
class Finding:
    """One reported problem, already placed on lines and columns (1-based)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    character: str | None = field(default=None, compare=False)
    fix: Fix | None = field(default=None, compare=False)
    # Rule, character and sentence, hashed: what a baseline matches on, whatever the line.
    fingerprint: str = field(default="", compare=False)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "character": self.character,
            "fix": None if self.fix is None else {
                "line": self.line,
                "column": self.column,
                "end_line": self.end_line,
                "end_column": self.end_column,
                "replacement": self.fix.replacement,
            },
        }


@dataclass(frozen=True)
class RuleInfo:
    """What output formats that describe rules (SARIF) say about one."""

    id: str
    severity: Severity
    description: str
    help: str  # the rule's reference page, in Markdown
