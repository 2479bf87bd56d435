"""Corpus mode: one output record per input record, whatever the input."""

from __future__ import annotations

import gzip
import os
import json
from pathlib import Path

import pytest

from conftest import CLEAN_LINE, MOJIBAKE_LINE

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]

GOOD = [{"id": "a", "text": MOJIBAKE_LINE}, {"id": 2, "text": CLEAN_LINE}, {"id": "c", "text": [CLEAN_LINE, MOJIBAKE_LINE]}]
BAD_LINES = [
    b'{"id": "n", "text": 5}',  # not a string
    b"not json at all",
    b'{"id": "u", "text": "caf\xff"}',  # invalid UTF-8
    b'{"id": "m"}',  # no text
    b"[1, 2]",  # not an object
    b'{"id": "e", "text": []}',  # no chapters
]


def corpus_file(path: Path, compress: bool = False) -> Path:
    lines = [json.dumps(record, ensure_ascii=False).encode() for record in GOOD] + BAD_LINES
    data = b"\n".join(lines) + b"\n\n"
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def run_corpus(run_cli, *args) -> tuple[int, list[dict]]:
    result = run_cli(["corpus", "--select", "mojibake", "--jobs", "1", *args])
    return result.code, [json.loads(line) for line in result.out.splitlines()]


@pytest.mark.parametrize("compress", [False, True], ids=["jsonl", "gzip"])
def test_every_record_gives_one_output_record_in_order(run_cli, tmp_path, compress):
    path = corpus_file(tmp_path / ("stories.jsonl.gz" if compress else "stories.jsonl"), compress)
    code, records = run_corpus(run_cli, path)
    assert code == 0
    assert len(records) == len(GOOD) + len(BAD_LINES)
    assert [record["id"] for record in records[:3]] == ["a", 2, "c"]
    assert [record["counts"] for record in records[:3]] == [{"mojibake": 1}, {"mojibake": 0}, {"mojibake": 1}]
    assert records[0]["findings"][0]["message"].startswith("'Ã©' is UTF-8 misread")
    # Chapters are files of one story, named after the record.
    assert records[2]["findings"][0]["path"] == "c#2"
    errors = [record["error"] for record in records[3:]]
    assert errors == [
        "'text' is not a string or a list of strings",
        "invalid JSON: Expecting value at column 1",
        "invalid UTF-8 at byte 24",
        "no 'text' field",
        "record is a JSON list, not an object",
        "'text' is not a string or a list of strings",
    ]
    assert all(record["findings"] == [] and record["counts"] == {"mojibake": 0} for record in records[3:])


def test_text_and_id_fields_are_chosen(run_cli, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"key": 7, "body": MOJIBAKE_LINE}) + "\n", encoding="utf-8")
    code, records = run_corpus(run_cli, "--text-field", "body", "--id-field", "key", path)
    assert [(record["id"], record["counts"]) for record in records] == [(7, {"mojibake": 1})]


def test_parquet_in_and_out(run_cli, tmp_path):
    pyarrow = pytest.importorskip("pyarrow", reason="Parquet needs the parquet or ray extra")
    import pyarrow.parquet as parquet

    table = pyarrow.table({"id": ["a", "b", "c"], "text": [MOJIBAKE_LINE, None, CLEAN_LINE]})
    parquet.write_table(table, tmp_path / "in.parquet")
    code, records = run_corpus(run_cli, tmp_path / "in.parquet")
    assert [(record["id"], record["error"], record["counts"]) for record in records] == [
        ("a", None, {"mojibake": 1}),
        ("b", "'text' is not a string or a list of strings", {"mojibake": 0}),
        ("c", None, {"mojibake": 0}),
    ]
    run_cli(["corpus", "--select", "mojibake", "-j", "1", "--output-format", "parquet", "-o", tmp_path / "out.parquet", tmp_path / "in.parquet"])
    written = parquet.read_table(tmp_path / "out.parquet").to_pylist()
    assert [(row["id"], json.loads(row["counts"])) for row in written] == [
        ("a", {"mojibake": 1}), ("b", {"mojibake": 0}), ("c", {"mojibake": 0})
    ]


def test_two_processes_give_the_same_output_as_one(run_cli, tmp_path):
    path = corpus_file(tmp_path / "stories.jsonl")
    one = run_cli(["corpus", "--select", "mojibake", "--jobs", "1", path])
    two = run_cli(["corpus", "--select", "mojibake", "--jobs", "2", path])
    assert one.out == two.out


def test_ray_engine_without_ray_says_how_to_install_it(run_cli, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray" or name.startswith("ray."):
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    result = run_cli(["corpus", "--engine", "ray", corpus_file(tmp_path / "s.jsonl")])
    assert result.code == 2
    assert "pip install 'prose-lint[ray]'" in result.err


def _fifty_records(path: Path) -> Path:
    """50 records: pieces of the seeds (names, a mojibake dash) and bad ones."""
    lines = []
    for number in range(45):
        text = SEED_TEXTS[number % 3]
        start = (number * 97) % max(len(text) - 600, 1)
        lines.append(json.dumps({"id": number, "text": text[start : start + 600]}, ensure_ascii=False).encode())
    lines += BAD_LINES[:5]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_ray_engine_gives_the_local_output(run_cli, tmp_path):
    pytest.importorskip("ray", reason="the Ray engine needs the ray extra: uv sync --extra ray")
    import ray

    path = _fifty_records(tmp_path / "fifty.jsonl")
    rules = ["--select", "mojibake,name-repetition,name-variant"]
    local = run_cli(["corpus", *rules, "--jobs", "1", path])
    folder = tmp_path / "out"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        distributed = run_cli(["corpus", *rules, "--engine", "ray", "--jobs", "2", path])
        written = run_cli(["corpus", *rules, "--engine", "ray", "--jobs", "2", "-o", folder, path])
    finally:
        ray.shutdown()
    assert local.code == distributed.code == written.code == 0
    local_records = [json.loads(line) for line in local.out.splitlines()]
    ray_records = [json.loads(line) for line in distributed.out.splitlines()]
    assert len(local_records) == 50
    assert any(record["findings"] for record in local_records)
    # Ray writes records as actors finish them; the records are the same.
    key = lambda record: json.dumps(record, sort_keys=True)  # noqa: E731
    assert sorted(ray_records, key=key) == sorted(local_records, key=key)
    # Read in blocks of 16 records, written in files of many blocks.
    files = list(folder.iterdir())
    written_records = [json.loads(line) for file in files for line in file.read_text(encoding="utf-8").splitlines()]
    assert len(files) == 1
    assert sorted(written_records, key=key) == sorted(local_records, key=key)


@pytest.mark.parametrize("compress", [False, True])
def test_the_ray_engine_counts_a_files_records_without_ray(tmp_path, compress):
    # The count sets how many blocks Ray reads a file into: one per batch.
    from prose_lint.corpus_ray import _json_lines_count

    path = corpus_file(tmp_path / "records.jsonl", compress)  # 9 records and a blank line
    assert _json_lines_count(str(path)) == 10
    unterminated = tmp_path / "unterminated.jsonl"
    unterminated.write_bytes(b'{"id": 1, "text": "One."}\n{"id": 2, "text": "Two."}')
    assert _json_lines_count(str(unterminated)) == 2


def test_a_local_ray_instance_starts_with_one_math_thread_per_actor(tmp_path, monkeypatch):
    # Its actors inherit the environment Ray starts with: OpenBLAS's threads
    # in every actor would contend for the cores the actors share.
    ray = pytest.importorskip("ray", reason="the Ray engine needs the ray extra: uv sync --extra ray")
    from prose_lint.corpus import CorpusSettings
    from prose_lint.corpus_ray import lint_with_ray

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    seen = []

    class Started(Exception):
        pass

    def init(**options):
        seen.append(os.environ.get("OPENBLAS_NUM_THREADS"))
        raise Started

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", init)
    with pytest.raises(Started):
        lint_with_ray([corpus_file(tmp_path / "one.jsonl")], CorpusSettings((), "unused"), 2, None, None, "jsonl")
    assert seen == ["1"]
