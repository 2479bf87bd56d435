"""Findings people have chosen not to see: suppression comments in Markdown,
``per-file-ignores`` in the configuration, and a baseline of accepted findings.

The engine applies all three in one place, after the rules have run; a rule
kind never looks at comments.

```markdown
<!-- prose-lint disable name-repetition -->
...
<!-- prose-lint enable -->
<!-- prose-lint disable-next-line mojibake -->
```
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Iterable

from .findings import Finding
from .yamlsource import ConfigError

if TYPE_CHECKING:
    from .document import Document

_DIRECTIVE = re.compile(r"^\s*prose-lint\s+(disable-next-line|disable|enable)\b(.*)$", re.DOTALL)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
BASELINE_VERSION = 1


@dataclass(frozen=True)
class Directive:
    action: str  # disable, enable or disable-next-line
    rule_ids: tuple[str, ...]  # empty: every rule
    line: int  # where the comment starts
    end_line: int  # where it ends


def directives(document: "Document") -> list[Directive]:
    found = []
    for comment in document.source.comments:
        match = _DIRECTIVE.match(comment.body)
        if match is None:
            continue
        ids = tuple(item for item in re.split(r"[,\s]+", match.group(2)) if item)
        found.append(
            Directive(match.group(1), ids, document.position(comment.start)[0], document.position(comment.end)[0])
        )
    return found


def unknown_rule_warnings(document: "Document", known: set[str]) -> list[str]:
    """One warning per unknown rule id in a suppression comment, naming file and line."""
    return [
        f"{document.path}:{directive.line}: unknown rule id {rule_id!r} in a prose-lint comment"
        for directive in directives(document)
        for rule_id in directive.rule_ids
        if rule_id not in known
    ]


def _silenced_by_comments(document: "Document", findings: list[Finding]) -> set[Finding]:
    """Findings inside a disable ... enable region or on a disable-next-line line."""
    ranges: list[tuple[str | None, int, float]] = []
    open_regions: dict[str | None, int] = {}
    for directive in directives(document):
        targets = directive.rule_ids or (None,)
        if directive.action == "disable-next-line":
            ranges += [(rule_id, directive.end_line + 1, directive.end_line + 1) for rule_id in targets]
        elif directive.action == "disable":
            for rule_id in targets:
                open_regions.setdefault(rule_id, directive.line)
        else:
            closing = list(open_regions) if not directive.rule_ids else directive.rule_ids
            for rule_id in closing:
                if rule_id in open_regions:
                    ranges.append((rule_id, open_regions.pop(rule_id), directive.line))
    ranges += [(rule_id, start, float("inf")) for rule_id, start in open_regions.items()]
    return {
        finding
        for finding in findings
        for rule_id, first, last in ranges
        if rule_id in (None, finding.rule) and first <= finding.line <= last
    }


@dataclass(frozen=True)
class PerFileIgnore:
    """``per-file-ignores``: files matching ``pattern`` (relative to ``base``) skip ``rule_ids``."""

    base: Path
    pattern: str
    rule_ids: tuple[str, ...]
    line: int

    def matches(self, path: str) -> bool:
        candidate = Path(path)
        try:
            relative = candidate.resolve().relative_to(self.base.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            relative = PurePosixPath(path).as_posix()
        # A pattern without a slash matches the file name in any folder.
        subject = relative if "/" in self.pattern else PurePosixPath(relative).name
        return fnmatch.fnmatchcase(subject, self.pattern)


@dataclass
class Baseline:
    """Accepted findings, matched by path, rule, character and sentence, never by line."""

    counts: Counter = field(default_factory=Counter)

    @staticmethod
    def key(finding: Finding) -> tuple:
        return finding.path, finding.rule, finding.character, finding.fingerprint

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["findings"]
            if data.get("version") != BASELINE_VERSION:
                raise ConfigError(path, None, "version", f"unknown baseline version (expected {BASELINE_VERSION})")
            return cls(Counter((e["path"], e["rule"], e["character"], e["fingerprint"]) for e in entries))
        except OSError as error:
            raise ConfigError(path, None, None, f"cannot read: {error.strerror or error}") from error
        except (ValueError, KeyError, TypeError) as error:
            raise ConfigError(path, None, None, f"not a prose-lint baseline: {error}") from error

    @staticmethod
    def render(findings: Iterable[Finding]) -> str:
        entries = [
            {
                "path": f.path,
                "rule": f.rule,
                "character": f.character,
                "fingerprint": f.fingerprint,
                # For the reader only; matching ignores it.
                "line": f.line,
                "message": f.message,
            }
            for f in findings
        ]
        return json.dumps({"version": BASELINE_VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n"


@dataclass
class Suppressions:
    """What the configuration and the command line silence, on top of comments."""

    per_file_ignores: list[PerFileIgnore] = field(default_factory=list)
    baseline: Baseline | None = None

    def keep(self, document: "Document", findings: list[Finding]) -> list[Finding]:
        silenced = _silenced_by_comments(document, findings)
        ignored = {rule_id for entry in self.per_file_ignores if entry.matches(document.path) for rule_id in entry.rule_ids}
        kept = [f for f in findings if f not in silenced and f.rule not in ignored]
        if self.baseline is None:
            return kept
        # Each accepted finding hides one matching finding, no more.
        remaining = Counter(self.baseline.counts)
        new = []
        for finding in kept:
            key = Baseline.key(finding)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                new.append(finding)
        return new


def fingerprint(document: "Document", rule_id: str, character: str | None, start: int, end: int) -> str:
    """A hash of the rule, the character and the sentence around ``start:end``."""
    text = document.text
    if document.paragraphs:
        paragraph_start, paragraph_end = document.paragraphs[document.paragraph_index(start)]
    else:
        paragraph_start, paragraph_end = 0, len(text)
    sentence_start = paragraph_start
    for match in _SENTENCE_END.finditer(text, paragraph_start, min(start, paragraph_end)):
        sentence_start = match.end()
    following = _SENTENCE_END.search(text, min(end, paragraph_end), paragraph_end)
    sentence_end = following.start() + 1 if following else max(paragraph_end, end)
    sentence = " ".join(text[sentence_start:sentence_end].split())
    digest = hashlib.sha256("\0".join([rule_id, character or "", sentence]).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:20]
