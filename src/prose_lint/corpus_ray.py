"""The Ray engine of ``prose-lint corpus``: the same linting as the local
engine, as a Ray Data pipeline that runs on one machine or a cluster.

JSON Lines files are read by a datasource that splits them into lines of
bytes, not with ``ray.data.read_json``: Arrow's JSON reader fails the whole file on one
malformed line and cannot hold a field whose type changes between records,
and a bad record must become an error line, never a lost one. Parquet goes
through ``ray.data.read_parquet``. Each actor of ``map_batches`` builds one
``RecordLinter``, so the rules and the spaCy pipeline load once per actor.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

from .engine import one_math_thread_per_process
from .corpus import BATCH, GZIP_MAGIC, LINE_COLUMN, RAY_MISSING, CorpusSettings, RecordLinter, split_lines
from .yamlsource import ConfigError


_RECORDS_PER_FILE = 1000  # in the output folder, but for the last file's


def _json_lines_source(paths: list[str]):
    """A Ray datasource of JSON Lines files that yields their lines, raw."""
    import pyarrow
    from ray.data.datasource import FileBasedDatasource

    class JsonLinesSource(FileBasedDatasource):
        def _read_stream(self, f, path):
            yield pyarrow.table({LINE_COLUMN: pyarrow.array(list(split_lines(f.readall())), pyarrow.binary())})

    return JsonLinesSource(paths)


def _batches(records: int) -> int:
    return max(1, -(-records // BATCH))


def _json_lines_count(path: str) -> int:
    """The lines of a JSON Lines file, plain or gzip, read a chunk at a time:
    its records, or a few more when it has blank lines."""
    with open(path, "rb") as stream:
        gzipped = stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    count, last = 0, b"\n"
    with (gzip.open if gzipped else open)(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            count, last = count + chunk.count(b"\n"), chunk[-1:]
    return count + (last != b"\n")


def lint_with_ray(
    paths: list[Path], settings: CorpusSettings, jobs: int, address: str | None, output: str | None, output_format: str
) -> int | None:
    """Lint with Ray; the number of records written to standard output, or
    None when Ray wrote them to the ``output`` folder."""
    if not address:
        # The workers of a local instance run on this machine, in this
        # environment. Under ``uv run``, Ray would otherwise copy the working
        # folder for them and start them with ``uv run`` there, in a fresh
        # environment without prose-lint's extras, where they cannot import Ray.
        os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    try:
        import ray
    except ImportError as error:
        raise ConfigError("--engine ray", None, None, RAY_MISSING) from error

    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            # The actors of a local instance inherit this process's
            # environment: one math thread each, as the local engine's workers.
            one_math_thread_per_process()
            ray.init(num_cpus=jobs, include_dashboard=False, log_to_driver=False)
    datasets = []
    jsonl = [str(path) for path in paths if path.suffix.lower() != ".parquet"]
    parquet = [str(path) for path in paths if path.suffix.lower() == ".parquet"]
    # Reading is light; the CPUs are the linting actors'. A block is one
    # batch of records: Ray hands blocks out whole, and blocks of a few
    # hundred records left one actor working alone at the end while the
    # others waited.
    if jsonl:
        blocks = _batches(sum(_json_lines_count(path) for path in jsonl))
        datasets.append(ray.data.read_datasource(_json_lines_source(jsonl), num_cpus=0, override_num_blocks=blocks))
    if parquet:
        import pyarrow.parquet

        blocks = _batches(sum(pyarrow.parquet.ParquetFile(path).metadata.num_rows for path in parquet))
        datasets.append(ray.data.read_parquet(parquet, num_cpus=0, override_num_blocks=blocks))
    dataset = datasets[0] if len(datasets) == 1 else datasets[0].union(*datasets[1:])
    linted = dataset.map_batches(
        RecordLinter,
        fn_constructor_kwargs={"settings": settings},
        batch_format="pyarrow",
        batch_size=BATCH,
        compute=ray.data.ActorPoolStrategy(size=jobs),
        num_cpus=1,
    )
    if output is None:
        count = 0
        for row in linted.iter_rows():
            sys.stdout.write(json.dumps(_plain(dict(row)), ensure_ascii=False) + "\n")
            count += 1
        return count
    # Writing is light too: a write task that waited for a CPU would wait for
    # the actors to finish. Blocks are small, so files gather several: a file
    # per block would be thousands of files, and a write task (and often a
    # Ray worker process started for it) per 16 records.
    write = {"ray_remote_args": {"num_cpus": 0}, "min_rows_per_file": _RECORDS_PER_FILE}
    if output_format == "parquet":
        linted.write_parquet(output, **write)
    else:
        linted.write_json(output, force_ascii=False, **write)
    return None


def _plain(value):
    """Python values from what Ray hands back (numpy arrays and scalars)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    return value
