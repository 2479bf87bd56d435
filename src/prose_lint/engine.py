"""Rules x stories -> sorted findings. The engine builds the analyses the
rules need, once per story, and is the only place spans become lines and
columns."""

from __future__ import annotations

from .analyses import Analysis, FileAnalysis, StoryAnalysis, analyse
from .document import Document
from .findings import Finding
from .nlp import DEFAULT_MODEL
from .rules_loader import Rule
from .story import Story
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


def lint_document(analysis: FileAnalysis, rules: list[Rule]) -> list[Finding]:
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
                )
            )
    return sorted(set(findings))


def lint_story(story: Story, rules: list[Rule], model: str = DEFAULT_MODEL) -> list[Finding]:
    """Findings for every file of a story, file by file in story order."""
    return lint_analysis(analyse(story, required_analysis(rules), model), rules)


def lint_analysis(analysis: StoryAnalysis, rules: list[Rule]) -> list[Finding]:
    """Findings for every file of an analysed story, file by file in story order."""
    return [finding for document in analysis.story.documents for finding in lint_document(analysis.file(document), rules)]


def lint_text(text: str, rules: list[Rule], *, model: str = DEFAULT_MODEL, path: str = "<text>") -> list[Finding]:
    """Lint a string, as a library call; the same path the command line takes."""
    return lint_story(Story([Document(path, text)]), rules, model)
