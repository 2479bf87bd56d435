"""The report from corpus results: one story per JSON line, findings only."""

from __future__ import annotations

import gzip
import json

from conftest import write
from prose_lint.report.corpus import stories_from_results
from test_report_html import Page, story_json


def finding(path: str, line: int, rule: str = "mojibake", character: str | None = None) -> dict:
    return {
        "path": path, "line": line, "column": 3, "end_line": line, "end_column": 5, "rule": rule,
        "severity": "error", "message": f"{rule} on line {line}", "character": character,
    }


RESULTS = [
    {"id": "story-1", "error": None, "findings": [finding("story-1", 2), finding("story-1", 4, "name-repetition", "Ella")],
     "counts": {"mojibake": 1, "name-repetition": 1}, "notices": []},
    {"id": 7, "error": None, "findings": [], "counts": {}, "notices": []},
    {"id": "novel", "error": None, "findings": [finding("novel#1", 1), finding("novel#2", 9)], "counts": {}, "notices": []},
    {"id": None, "error": "no 'text' field", "findings": [], "counts": {}, "notices": []},
]


def results_file(tmp_path, lines: list[str], name: str = "results.jsonl"):
    return write(tmp_path / name, "".join(line + "\n" for line in lines))


def test_each_result_is_a_story(tmp_path):
    path = results_file(tmp_path, [json.dumps(record) for record in RESULTS] + ["", "{not json", "[1, 2]"])
    stories = stories_from_results(path)
    assert [story["title"] for story in stories] == ["story-1", "7", "novel", "line 4", "line 6", "line 7"]
    assert [len(story["findings"]) for story in stories] == [2, 0, 2, 0, 0, 0]
    assert [entry["path"] for entry in stories[2]["files"]] == ["novel#1", "novel#2"]
    errors = [story["error"] for story in stories[3:]]
    assert errors[0] == "no 'text' field"
    assert errors[1].startswith("line 6 is not JSON: ")
    assert errors[2] == "line 7 is not a corpus result"
    assert not any(story["text"] for story in stories)
    assert stories[0]["findings"][1]["character"] == "Ella"


def test_gzipped_results_are_read(tmp_path):
    path = tmp_path / "results.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(record) + "\n" for record in RESULTS).encode()))
    assert len(stories_from_results(path)) == len(RESULTS)


def test_report_from_corpus_results(run_cli, tmp_path):
    path = results_file(tmp_path, [json.dumps(record) for record in RESULTS])
    output = tmp_path / "report.html"
    result = run_cli(["report", "--corpus-results", path, "-o", output])
    assert (result.code, result.err) == (0, "")
    stories = story_json(Page(output.read_text(encoding="utf-8")))
    assert [len(story["findings"]) for story in stories] == [2, 0, 2, 0]


def test_select_and_ignore_narrow_the_results(run_cli, tmp_path):
    path = results_file(tmp_path, [json.dumps(record) for record in RESULTS])
    output = tmp_path / "report.html"
    assert run_cli(["report", "--corpus-results", path, "--ignore", "mojibake", "-o", output]).code == 0
    stories = story_json(Page(output.read_text(encoding="utf-8")))
    assert [[f["rule"] for f in story["findings"]] for story in stories] == [["name-repetition"], [], [], []]


def test_corpus_results_and_paths_do_not_mix(run_cli, tmp_path):
    path = results_file(tmp_path, [json.dumps(RESULTS[0])])
    result = run_cli(["report", "story.txt", "--corpus-results", path, "-o", tmp_path / "r.html"])
    assert result.code == 2
    assert "not both" in result.err


def test_unreadable_corpus_results(run_cli, tmp_path):
    result = run_cli(["report", "--corpus-results", tmp_path / "missing.jsonl", "-o", tmp_path / "r.html"])
    assert result.code == 2
    assert "cannot read" in result.err


def test_the_results_of_corpus_mode_make_a_report(run_cli, tmp_path):
    records = [
        {"id": "a", "text": "They met at the cafÃ© on the corner.\n"},
        {"id": "b", "text": ["A clean first chapter.\n", "A second with a cafÃ©.\n"]},
        {"id": "c"},
    ]
    corpus = results_file(tmp_path, [json.dumps(record) for record in records], "corpus.jsonl")
    results = tmp_path / "results.jsonl"
    assert run_cli(["corpus", corpus, "--select", "mojibake", "--jobs", "1", "-o", results]).code == 0
    output = tmp_path / "report.html"
    assert run_cli(["report", "--corpus-results", results, "-o", output]).code == 0
    stories = story_json(Page(output.read_text(encoding="utf-8")))
    assert [story["title"] for story in stories] == ["a", "b", "c"]
    assert [[finding["path"] for finding in story["findings"]] for story in stories] == [["a"], ["b#2"], []]
    assert stories[2]["error"]
