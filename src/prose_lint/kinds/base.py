"""What every rule kind declares: its options, its message fields and the
analyses it needs, so that rules can be validated before any prose is read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

from ..analyses import Analysis
from ..yamlsource import ConfigError

if TYPE_CHECKING:
    from ..analyses import FileAnalysis
    from ..document import Document
    from ..findings import Hit


_TYPE_NAMES = {int: "an integer", float: "a number", bool: "a boolean", str: "a string", list: "a list of strings"}


@dataclass(frozen=True)
class Option:
    type: type
    default: Any
    help: str
    allowed: tuple | None = None
    minimum: float | None = None
    maximum: float | None = None

    def validate(self, value: Any, path: Path, line: int, key: str) -> Any:
        expected = _TYPE_NAMES[self.type]
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.type is list:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ConfigError(path, line, key, f"expected {expected}, got {value!r}")
            value = [str(item) for item in value]
        elif not isinstance(value, self.type) or (self.type is int and isinstance(value, bool)):
            raise ConfigError(path, line, key, f"expected {expected}, got {value!r}")
        if self.allowed is not None:
            bad = [item for item in (value if self.type is list else [value]) if item not in self.allowed]
            if bad:
                raise ConfigError(
                    path, line, key, f"{bad[0]!r} is not allowed (allowed: {', '.join(map(str, self.allowed))})"
                )
        if self.minimum is not None and value < self.minimum:
            raise ConfigError(path, line, key, f"must be at least {self.minimum}, got {value}")
        if self.maximum is not None and value > self.maximum:
            raise ConfigError(path, line, key, f"must be at most {self.maximum}, got {value}")
        return value


class RuleKind:
    """A family of checks. Subclasses set the class attributes and implement ``check``.

    A kind never sees YAML: it receives validated option values, and it yields
    character spans (``Hit``) whose ``values`` fill its rule's message template.
    It reads the analyses its ``needs`` declares from ``analysis``, built by
    the engine, and never builds them itself.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    needs: ClassVar[Analysis]
    options: ClassVar[dict[str, Option]] = {}
    message_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **settings: Any) -> None:
        self.settings = settings

    def check(self, document: "Document", analysis: "FileAnalysis") -> Iterable["Hit"]:
        raise NotImplementedError
