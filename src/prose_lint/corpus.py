"""``prose-lint corpus``: lint a dataset of stories, one record each.

Input is JSON Lines (plain or gzip) or Parquet; a record's text is a string,
or a list of strings for a story's chapters (one manuscript). Output is one
JSON line per input record, in input order: its id, its findings and a count
per selected rule, or an error for a record that cannot be linted. The run
goes on past bad records, so there are always as many output records as
input records.

The local engine lints in ``--jobs`` processes. ``--engine ray`` runs the same
linting on a Ray cluster (``prose-lint[ray]``): each actor loads the rules
and the spaCy pipeline once.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from . import config as config_module
from .engine import available_cores, one_math_thread_per_process, run_story, select_rules
from .document import Document
from .nlp import ModelError
from .rules_loader import Rule, load_rule_file, load_rules
from .story import Story
from .yamlsource import ConfigError

EXIT_OK, EXIT_ERROR = 0, 2
BATCH = 16  # records handed to a worker (or a Ray actor) at a time
GZIP_MAGIC = b"\x1f\x8b"
RAY_MISSING = "the ray engine needs Ray: pip install 'prose-lint[ray]' (or uv sync --extra ray)"
PARQUET_MISSING = "Parquet needs pyarrow: pip install 'prose-lint[parquet]'"


@dataclass(frozen=True)
class CorpusSettings:
    """Everything a worker needs to lint records; picklable, so that it can go
    to worker processes and Ray actors."""

    rule_files: tuple[str, ...]
    model: str
    text_field: str = "text"
    id_field: str = "id"


class RecordLinter:
    """Lints records; the rules and the pipeline are loaded once per instance's
    process. Ray's ``map_batches`` builds one per actor."""

    def __init__(self, settings: CorpusSettings):
        self.settings = settings
        self.rules = _load_rules(settings.rule_files)

    def lint(self, record: Any) -> dict:
        """The output record of one input record; never raises for a bad record."""
        identifier = record.get(self.settings.id_field) if isinstance(record, dict) else None
        if isinstance(record, _BadLine):
            return _error_record(None, record.problem, self.rules)
        if not isinstance(record, dict):
            return _error_record(None, f"record is a JSON {type(record).__name__}, not an object", self.rules)
        if not isinstance(identifier, (str, int, type(None))) or isinstance(identifier, bool):
            identifier = json.dumps(identifier, ensure_ascii=False, default=str)
        text = record.get(self.settings.text_field)
        if isinstance(text, str):
            chapters = [text]
        elif isinstance(text, list) and text and all(isinstance(part, str) for part in text):
            chapters = text
        elif self.settings.text_field not in record:
            return _error_record(identifier, f"no {self.settings.text_field!r} field", self.rules)
        else:
            return _error_record(
                identifier, f"{self.settings.text_field!r} is not a string or a list of strings", self.rules
            )
        name = "<record>" if identifier is None else str(identifier)
        paths = [name] if len(chapters) == 1 else [f"{name}#{number}" for number in range(1, len(chapters) + 1)]
        try:
            run = run_story(Story([Document(path, text) for path, text in zip(paths, chapters)]), self.rules, self.settings.model)
        except ModelError:
            raise  # the same for every record: the run cannot go on
        except Exception as error:  # noqa: BLE001 - one odd record must not stop a dataset
            return _error_record(identifier, f"could not lint: {error!r}", self.rules)
        counts = Counter(finding.rule for finding in run.findings)
        return {
            "id": identifier,
            "error": None,
            "findings": [finding.as_dict() for finding in run.findings],
            "counts": {rule.id: counts[rule.id] for rule in self.rules},
            "notices": [notice for notices in run.notices.values() for notice in notices],
        }

    def __call__(self, batch):
        """Ray's ``map_batches`` entry: a pyarrow table of input rows (or of
        raw JSON lines, column ``line``) to a pandas frame of output records."""
        import pandas

        rows = batch.to_pylist()
        records = [parse_line(row[LINE_COLUMN]) if set(row) == {LINE_COLUMN} else row for row in rows]
        output = [self.lint(record) for record in records]
        # Object columns keep each value as linted: an id stays an int beside a missing one.
        return pandas.DataFrame(
            {key: pandas.Series([record[key] for record in output], dtype=object) for key in OUTPUT_FIELDS}
        )


OUTPUT_FIELDS = ("id", "error", "findings", "counts", "notices")
# The one column of a row that is a raw JSON line, not a record (Ray engine).
LINE_COLUMN = "prose_lint_jsonl_line"


@dataclass(frozen=True)
class _BadLine:
    problem: str


def _error_record(identifier, problem: str, rules: list[Rule]) -> dict:
    return {"id": identifier, "error": problem, "findings": [], "counts": {rule.id: 0 for rule in rules}, "notices": []}


def parse_line(line: bytes) -> Any:
    """One JSON Lines record from its bytes, or a ``_BadLine`` saying what is wrong."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        return _BadLine(f"invalid UTF-8 at byte {error.start}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return _BadLine(f"invalid JSON: {error.msg} at column {error.colno}")


def split_lines(data: bytes) -> Iterator[bytes]:
    """The non-blank lines of a JSON Lines file's bytes (gunzipped when
    gzip). Split on newline bytes only: a record may hold U+2028 or U+0085."""
    if data[:2] == GZIP_MAGIC:
        data = gzip.decompress(data)
    for line in data.split(b"\n"):
        line = line.rstrip(b"\r")
        if line.strip():
            yield line


def read_records(path: Path) -> Iterator[Any]:
    """Input records of one file, bad ones as ``_BadLine``."""
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet as parquet
        except ImportError as error:
            raise ConfigError(path, None, None, PARQUET_MISSING) from error
        for batch in parquet.ParquetFile(path).iter_batches():
            yield from batch.to_pylist()
        return
    for line in split_lines(path.read_bytes()):
        yield parse_line(line)


@cache
def _load_rules(rule_files: tuple[str, ...]) -> list[Rule]:
    return [load_rule_file(Path(path)) for path in rule_files]


_worker_linter: RecordLinter | None = None


def _lint_batch(settings: CorpusSettings, records: list) -> list[dict]:
    global _worker_linter
    if _worker_linter is None or _worker_linter.settings != settings:
        _worker_linter = RecordLinter(settings)
    return [_worker_linter.lint(record) for record in records]


def lint_local(paths: list[Path], settings: CorpusSettings, jobs: int) -> Iterator[dict]:
    """Output records in input order, linted in ``jobs`` processes."""
    records = (record for path in paths for record in read_records(path))
    batches = iter(lambda: list(islice(records, BATCH)), [])
    if jobs == 1:
        for batch in batches:
            yield from _lint_batch(settings, batch)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    one_math_thread_per_process()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for output in pool.map(partial(_lint_batch, settings), batches):
            yield from output


def write_jsonl(records: Iterable[dict], stream) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_parquet(records: Iterable[dict], path: Path) -> int:
    try:
        import pyarrow
        import pyarrow.parquet as parquet
    except ImportError as error:
        raise ConfigError(path, None, None, PARQUET_MISSING) from error
    rows = [_flat(record) for record in records]
    parquet.write_table(pyarrow.Table.from_pylist(rows, schema=_parquet_schema()), path)
    return len(rows)


def _flat(record: dict) -> dict:
    """A record in Parquet's fixed schema: ids as strings, counts as JSON."""
    identifier = record["id"]
    return {
        "id": None if identifier is None else str(identifier),
        "error": record["error"],
        "findings": record["findings"],
        "counts": json.dumps(record["counts"]),
        "notices": record["notices"],
    }


def _parquet_schema():
    import pyarrow

    finding = pyarrow.struct(
        [
            ("path", pyarrow.string()),
            ("line", pyarrow.int64()),
            ("column", pyarrow.int64()),
            ("end_line", pyarrow.int64()),
            ("end_column", pyarrow.int64()),
            ("rule", pyarrow.string()),
            ("severity", pyarrow.string()),
            ("message", pyarrow.string()),
            ("character", pyarrow.string()),
        ]
    )
    return pyarrow.schema(
        [
            ("id", pyarrow.string()),
            ("error", pyarrow.string()),
            ("findings", pyarrow.list_(finding)),
            ("counts", pyarrow.string()),
            ("notices", pyarrow.list_(pyarrow.string())),
        ]
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="prose-lint corpus", description="Lint a dataset of stories, one per record.")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="JSON Lines (.jsonl, .jsonl.gz) or Parquet files")
    parser.add_argument("--text-field", default="text", help="the field holding a record's text or list of chapters (default: text)")
    parser.add_argument("--id-field", default="id", help="the field holding a record's id (default: id)")
    parser.add_argument(
        "--output", "-o", metavar="PATH",
        help="where to write (default: standard output); with --engine ray a folder or a URI Ray can write to (s3://...)",
    )
    parser.add_argument("--output-format", choices=("jsonl", "parquet"), default="jsonl", help="(default: jsonl)")
    parser.add_argument("--engine", choices=("local", "ray"), default="local", help="(default: local)")
    parser.add_argument("--address", help="the Ray cluster to join (e.g. auto); default: start a local Ray")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="processes, or Ray actors (default: one per core)")
    parser.add_argument("--rules", action="append", type=Path, default=[], metavar="DIR", help="add the rule files of DIR")
    parser.add_argument("--select", action="append", default=[], metavar="IDS", help="run only these rule ids")
    parser.add_argument("--ignore", action="append", default=[], metavar="IDS", help="do not run these rule ids")
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file (default: .prose-lint.yaml found upwards)")
    parser.add_argument("--model", metavar="NAME", help="spaCy pipeline to use")
    return parser


def main(argv: Sequence[str]) -> int:
    import re

    args = build_parser().parse_args(list(argv))
    ids = lambda groups: [item for group in groups for item in re.split(r"[,\s]+", group) if item]  # noqa: E731
    try:
        config_path = args.config or config_module.find_config(Path.cwd())
        settings = config_module.load_settings(config_path)
        rules = load_rules([*settings.rule_dirs, *args.rules])
        rules = select_rules(rules, ids(args.select) or settings.select, [*settings.ignore, *ids(args.ignore)], "command line")
    except ConfigError as error:
        print(f"prose-lint: invalid config: {error}", file=sys.stderr)
        return EXIT_ERROR
    corpus = CorpusSettings(
        tuple(str(rule.source) for rule in rules), args.model or settings.model, args.text_field, args.id_field
    )
    jobs = args.jobs or available_cores()
    missing = [path for path in args.paths if not path.is_file()]
    if missing:
        print(f"prose-lint: cannot read {missing[0]}: no such file", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.engine == "ray":
            from .corpus_ray import lint_with_ray

            count = lint_with_ray(args.paths, corpus, jobs, args.address, args.output, args.output_format)
        else:
            records = lint_local(args.paths, corpus, jobs)
            if args.output_format == "parquet":
                if args.output is None:
                    print("prose-lint: --output-format parquet needs --output FILE", file=sys.stderr)
                    return EXIT_ERROR
                count = write_parquet(records, Path(args.output))
            elif args.output is None:
                count = write_jsonl(records, sys.stdout)
            else:
                with open(args.output, "w", encoding="utf-8") as stream:
                    count = write_jsonl(records, stream)
    except (ConfigError, ModelError) as error:
        print(f"prose-lint: {error}", file=sys.stderr)
        return EXIT_ERROR
    if count is not None:
        print(f"prose-lint: {count} record(s) linted", file=sys.stderr)
    return EXIT_OK
