"""Rules x stories -> sorted findings. The engine builds the analyses the
rules need, once per story, and is the only place spans become lines and
columns."""

from __future__ import annotations

from .analyses import Analysis, FileAnalysis, analyse
from .document import Document
from .findings import Finding, Fix
from .nlp import DEFAULT_MODEL
from .reading import text_source
from .rules_loader import Rule
from .story import Story
from .suppression import Suppressions, fingerprint
from .yamlsource import ConfigError


def select_rules(rules: list[Rule], select: list[str], ignore: list[str], origin: str) -> list[Rule]:
    known = {rule.id for rule in rules}
    for rule_id in [*select, *ignore]:
        if rule_id not in known:
            raise ConfigError(origin, None, None, f"unknown rule id {rule_id!r} (known: {', '.join(sorted(known))})")
    chosen = [rule for rule in rules if not select or rule.id in select]
    return [rule for rule in chosen if rule.id not in ignore]


def required_analysis(rules: list[Rule]) -> Analysis:
    return max((rule.kind.needs for rule in rules), default=Analysis.TEXT)


def lint_document(analysis: FileAnalysis, rules: list[Rule], suppressions: Suppressions | None = None) -> list[Finding]:
    """The findings of one file that nothing suppresses, sorted by position."""
    document = analysis.document
    findings = []
    for rule in rules:
        for hit in rule.kind.check(document, analysis):
            line, column = document.position(hit.start)
            end_line, end_column = document.position(hit.end)
            findings.append(
                Finding(
                    path=document.path,
                    line=line,
                    column=column,
                    end_line=end_line,
                    end_column=end_column,
                    rule=rule.id,
                    severity=rule.severity,
                    message=rule.render(hit.values),
                    character=hit.character,
                    fix=None if hit.fix is None else Fix(hit.start, hit.end, hit.fix),
                    fingerprint=fingerprint(document, rule.id, hit.character, hit.start, hit.end),
                )
            )
    # Suppression is applied here and only here, after every rule has run.
    return sorted(set((suppressions or Suppressions()).keep(document, findings)))


def lint_story(
    story: Story, rules: list[Rule], model: str = DEFAULT_MODEL, suppressions: Suppressions | None = None
) -> list[Finding]:
    """Findings for every file of a story, file by file in story order."""
    analysis = analyse(story, required_analysis(rules), model)
    return [
        finding
        for document in story.documents
        for finding in lint_document(analysis.file(document), rules, suppressions)
    ]


def lint_text(
    text: str, rules: list[Rule], *, model: str = DEFAULT_MODEL, path: str = "<text>", markdown: bool = False
) -> list[Finding]:
    """Lint a string, as a library call; the same path the command line takes."""
    return lint_story(Story([Document.from_source(path, text_source(text, markdown=markdown))]), rules, model)
