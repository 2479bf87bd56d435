"""Rules x stories -> sorted findings. The engine builds the analyses the
rules need, once per story, and is the only place spans become lines and
columns."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .analyses import Analysis, FileAnalysis, StoryAnalysis, analyse
from .cache import AnalysisCache, library_versions, load_findings, package_digest, pipeline_version, store_findings
from .document import Document
from .findings import Finding, Fix
from .nlp import DEFAULT_MODEL
from .reading import text_source
from .rules_loader import Rule
from .story import Story, StoryPlan, natural_key
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
    return _suppressed(analysis.document, document_findings(analysis, rules), suppressions)


def document_findings(analysis: FileAnalysis, rules: list[Rule]) -> list[Finding]:
    """Every finding of the rules in one file, suppressed or not."""
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
    return findings


def _suppressed(document: Document, findings: list[Finding], suppressions: Suppressions | None) -> list[Finding]:
    # Suppression is applied here and only here, after every rule has run.
    return sorted(set((suppressions or Suppressions()).keep(document, findings)))


def lint_story(
    story: Story, rules: list[Rule], model: str = DEFAULT_MODEL, suppressions: Suppressions | None = None
) -> list[Finding]:
    """Findings for every file of a story, file by file in story order."""
    return run_story(story, rules, model, suppressions=suppressions).findings


def lint_text(
    text: str, rules: list[Rule], *, model: str = DEFAULT_MODEL, path: str = "<text>", markdown: bool = False
) -> list[Finding]:
    """Lint a string, as a library call; the same path the command line takes."""
    return lint_story(Story([Document.from_source(path, text_source(text, markdown=markdown))]), rules, model)


@dataclass
class StoryRun:
    """What linting one story gave: its findings, and what the bounds on
    degenerate text cut short, per file."""

    findings: list[Finding] = field(default_factory=list)
    notices: dict[str, list[str]] = field(default_factory=dict)
    # What the findings were found in; None when they came whole from the cache.
    analysis: StoryAnalysis | None = field(default=None, repr=False)


def run_story(
    story: Story,
    rules: list[Rule],
    model: str = DEFAULT_MODEL,
    cache: AnalysisCache | None = None,
    report: set[str] | None = None,
    level: Analysis = Analysis.TEXT,
    suppressions: Suppressions | None = None,
) -> StoryRun:
    """Lint a story, as the command line, corpus mode and library calls do.
    Every file is analysed, to ``level`` at least (the HTML report needs
    coreference whichever rules run); findings come only for the paths in
    ``report`` (all, when None): chapters read for context are not reported on.

    A caller that asks for no ``level`` reads only findings and notices, so
    with a cache they come from the story's entry when it has one, and no
    analysis is built at all: an unchanged story loads no pipeline."""
    from .parse import notices as parse_notices

    reported = [document for document in story.documents if report is None or document.path in report]
    needed = max(required_analysis(rules), level)
    # Text rules cost less than the key would.
    reusable = cache is not None and level == Analysis.TEXT and needed > Analysis.TEXT
    key = story_key(cache, story, rules, model, report) if reusable else None
    stored = load_findings(cache, key) if key is not None else None
    analysis = None
    if stored is None:
        analysis = analyse(story, needed, model, cache)
        found = {document.path: document_findings(analysis.file(document), rules) for document in reported}
        notices = {}
        for document in reported:
            file_notices = parse_notices(analysis.parses[document.path]) if document.path in analysis.parses else []
            if file_notices:
                notices[document.path] = file_notices
        if key is not None:
            store_findings(cache, key, found, notices)
    else:
        found, notices = stored
    run = StoryRun(notices=notices, analysis=analysis)
    for document in reported:
        run.findings += _suppressed(document, found.get(document.path, []), suppressions)
    return run


def story_key(cache: AnalysisCache, story: Story, rules: list[Rule], model: str, report: set[str] | None) -> str:
    """The key of a story's findings: everything they can depend on but the
    suppressions, which are applied after the cache."""
    parts = ["findings", package_digest(), library_versions(), model, pipeline_version(model)]
    parts.append(repr(story.cast.members) if story.cast is not None else "no cast")
    parts.append("\0".join(sorted(report)) if report is not None else "every file")
    for rule in rules:
        parts += [rule.id, rule.kind.name, str(int(rule.severity)), rule.message, _settings_data(rule.kind.settings)]
    for document in story.documents:
        source = document.source
        parts += [document.path, source.encoding, source.bom, str(source.markdown), source.raw]
    return cache.key(*parts)


def _settings_data(settings: dict) -> bytes:
    """A rule's settings, with the contents of the files they name (a word
    list, resolved to an absolute path when the rule was read), since those
    shape the findings too."""
    data = json.dumps(settings, sort_keys=True, default=str).encode("utf-8")
    named = [value for value in settings.values() if isinstance(value, str) and os.path.isabs(value) and os.path.isfile(value)]
    return data + b"".join(Path(path).read_bytes() for path in sorted(named))


def manuscript_files(plan: StoryPlan, manuscript_globs: list[tuple[Path, str]]) -> list[str]:
    """Every file of the manuscript a plan's files belong to: the files its
    configured glob matches, or the prose files beside its cast file. A plan
    that is no declared manuscript is its own files."""
    if not plan.sources or "-" in plan.sources:
        return list(plan.sources)
    first = Path(plan.sources[0]).resolve()
    for base, pattern in manuscript_globs:
        matches = [path for path in base.glob(pattern) if path.is_file()]
        if first in {path.resolve() for path in matches}:
            return _merged(plan.sources, matches)
    if plan.cast is not None and plan.cast.parent == first.parent:
        folder = [path for path in plan.cast.parent.iterdir() if path.is_file() and path.suffix.lower() in (".txt", ".md")]
        return _merged(plan.sources, [path for path in folder if not path.name.startswith(".")])
    return list(plan.sources)


def _merged(given: list[str], files: list[Path]) -> list[str]:
    """``given`` as written, with the other ``files`` added, in natural order."""
    known = {Path(source).resolve() for source in given}
    extra = [os.path.relpath(path) for path in files if path.resolve() not in known]
    return sorted([*given, *extra], key=natural_key)


def available_cores() -> int:
    """The cores this process may run on: the default number of workers."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def one_math_thread_per_process() -> None:
    """For runs of a process per core: the threads OpenBLAS (under numpy)
    would start for its matrix products on every core only contend with the
    other processes. OpenBLAS reads this when numpy is imported, so it must
    come first: before the pipeline loads, in the process the workers fork from."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def longest_first(plans: list[StoryPlan]) -> list[int]:
    """The indexes of ``plans``, the largest story (in bytes) first: the
    order that keeps parallel workers evenly busy to the end."""

    def size(plan: StoryPlan) -> int:
        total = 0
        for source in plan.sources:
            try:
                total += os.path.getsize(source)
            except OSError:
                pass  # reported when the story is read
        return total

    sizes = [size(plan) for plan in plans]
    return sorted(range(len(plans)), key=lambda index: -sizes[index])
