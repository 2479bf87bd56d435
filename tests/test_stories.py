"""The development stories in ../shared/stories, scored by bench/stories.py.

The scorer's targets for this set are precision 0.95 and recall 0.90
overall, gender-drift precision 0.95, and recall 0.85 in every category.
They are asserted where they are met; the one category that is not ("a
role noun of the wrong sex", gender-drift or name-gender) is held at the
level measured today (docs/benchmarks.md), so that a change that loses
ground fails. It skips without ../shared.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

STORIES = Path(__file__).resolve().parents[2] / "shared" / "stories"
SCORER = Path(__file__).resolve().parents[1] / "bench" / "stories.py"

pytestmark = pytest.mark.skipif(not (STORIES / "key.yaml").is_file(), reason="needs ../shared/stories")


@pytest.fixture(scope="module")
def score():
    spec = importlib.util.spec_from_file_location("stories_scorer", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = scorer  # its dataclasses look their module up
    spec.loader.exec_module(scorer)
    return scorer.score(scorer.load_key(STORIES), scorer.lint(STORIES, jobs=1))


def test_overall_precision_and_recall_hold(score):
    assert score.precision() >= 0.95
    assert score.recall() >= 0.90


def test_gender_drift_precision_holds(score):
    assert score.precision("gender-drift") >= 0.95
    assert score.recall("gender-drift") >= 0.85


def test_a_role_noun_of_the_wrong_sex_is_found_at_todays_level(score):
    assert score.recall("gender-drift|name-gender") >= 0.5


@pytest.mark.parametrize("category", ["repetition", "mojibake", "name-variant", "name-gender"])
def test_text_and_name_rules_find_every_planted_error(score, category):
    assert score.recall(category) == 1.0


def test_clean_stories_stay_clean_of_drift(score):
    key_clean = {"02", "04", "07", "09", "12", "14", "17", "19", "23", "26", "28", "30", "32"}
    assert not [false for false in score.false if false[0][:2] in key_clean and false[2] == "gender-drift"]
