"""The engine's scheduling of stories over worker processes."""

from __future__ import annotations

from pathlib import Path

from conftest import MOJIBAKE_LINE, write
from prose_lint.engine import longest_first
from prose_lint.story import StoryPlan


def test_the_longest_story_goes_to_a_worker_first(tmp_path):
    short = write(tmp_path / "short.txt", "One line.\n")
    long = write(tmp_path / "long.txt", "A longer line of prose.\n" * 50)
    manuscript = [write(tmp_path / f"book/chapter{n}.txt", "A chapter of some length.\n" * 20) for n in (1, 2)]
    plans = [StoryPlan([str(short)]), StoryPlan([str(long)]), StoryPlan([str(path) for path in manuscript])]
    assert longest_first(plans) == [1, 2, 0]


def test_a_missing_file_counts_as_empty(tmp_path):
    present = write(tmp_path / "present.txt", "Some text.\n")
    assert longest_first([StoryPlan([str(tmp_path / "gone.txt")]), StoryPlan([str(present)])]) == [1, 0]


def test_findings_come_in_the_order_of_the_paths_whatever_runs_first(run_cli, tmp_path):
    paths = [write(tmp_path / f"{name}.txt", MOJIBAKE_LINE * size) for name, size in (("a", 1), ("b", 30), ("c", 5))]
    one = run_cli(["--select", "mojibake", "--jobs", "1", *paths])
    two = run_cli(["--select", "mojibake", "--jobs", "2", *paths])
    assert two.out == one.out
    names = [Path(line.split(":")[0]).name for line in two.out.splitlines()]
    assert names == ["a.txt"] + ["b.txt"] * 30 + ["c.txt"] * 5
