"""Stories and manuscripts: characters shared across chapter files, cast files,
and the character registry printed by --characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write
from prose_lint.cast import OTHER_PRONOUNS, load_cast
from prose_lint.pronouns import FEMININE, NEUTRAL
from prose_lint.story import natural_key, plan_stories
from prose_lint.yamlsource import ConfigError

CHAPTER_ONE = """\
Thomas Hale was a carpenter who had built half the houses in the valley. He worked alone, and his hands were never still.

In the spring he took on an apprentice. Thomas taught the boy everything he knew, and he was proud of him.
"""
# Thomas is "she" once, in a later chapter: drift only when both chapters are one manuscript.
CHAPTER_TWO = """\
By autumn the chapel roof was finished. Thomas stood back to look at the work, and she smiled at what the two of them had made.
"""
SHE_IN_CHAPTER_TWO = (1, CHAPTER_TWO.index(" she ") + 2)


@pytest.fixture
def chapters(tmp_path):
    folder = tmp_path / "novel"
    write(folder / "chapter1.txt", CHAPTER_ONE)
    write(folder / "chapter2.txt", CHAPTER_TWO)
    return folder


def drift_positions(output: str) -> list[tuple[str, int, int]]:
    positions = []
    for line in output.splitlines():
        path, line_number, column, rest = line.split(":", 3)
        assert "pronoun-gender-drift" in rest
        positions.append((Path(path).name, int(line_number), int(column)))
    return positions


# Grouping files into stories (no NLP)


def test_each_file_is_its_own_story_by_default(tmp_path):
    plans = plan_stories([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert [plan.sources for plan in plans] == [[str(tmp_path / "a.txt")], [str(tmp_path / "b.txt")]]


def test_manuscript_flag_makes_one_story_in_natural_order():
    plans = plan_stories(["ch10.txt", "ch2.txt", "ch1.txt"], one_manuscript=True)
    assert [plan.sources for plan in plans] == [["ch1.txt", "ch2.txt", "ch10.txt"]]


def test_a_cast_file_makes_its_folder_a_manuscript(tmp_path):
    cast = write(tmp_path / "novel" / "characters.yaml", "characters:\n  - name: Thomas Hale\n")
    inside = [str(tmp_path / "novel" / name) for name in ("chapter10.txt", "chapter2.txt")]
    outside = str(tmp_path / "story.txt")
    plans = plan_stories([*inside, outside])
    assert [(plan.sources, plan.cast) for plan in plans] == [
        (list(reversed(inside)), cast),
        ([outside], None),
    ]


def test_configured_glob_makes_a_manuscript(tmp_path):
    files = [write(tmp_path / "book" / f"part{n}.md", "x") for n in (1, 2)]
    loose = write(tmp_path / "notes.md", "x")
    plans = plan_stories([str(f) for f in [*files, loose]], manuscript_globs=[(tmp_path, "book/*.md")])
    assert [plan.sources for plan in plans] == [[str(f) for f in files], [str(loose)]]


def test_natural_key_orders_numbers_by_value():
    assert sorted(["chapter10.md", "chapter2.md", "Chapter1.md"], key=natural_key) == [
        "Chapter1.md",
        "chapter2.md",
        "chapter10.md",
    ]


# Cast files (no NLP)


def test_cast_file_is_read(tmp_path):
    path = write(
        tmp_path / "characters.yaml",
        "characters:\n"
        "  - name: Katarina Novak\n"
        "    aliases: [Kat, Katya]\n"
        "    pronouns: she/her\n"
        "    note: the narrator's sister\n"
        "  - name: Robin Ellis\n"
        "    pronouns: they/them\n"
        "  - name: Sam\n"
        "    pronouns: xe/xem\n",
    )
    cast = load_cast(path)
    assert [(m.name, m.aliases, m.gender) for m in cast.members] == [
        ("Katarina Novak", ("Kat", "Katya"), FEMININE),
        ("Robin Ellis", (), NEUTRAL),
        ("Sam", (), OTHER_PRONOUNS),
    ]
    assert cast.members[0].note == "the narrator's sister"


@pytest.mark.parametrize(
    "body, line, key, problem",
    [
        ("characters:\n  - name: A\n    pronoun: she/her\n", 3, "characters[0].pronoun", "unknown key (allowed: aliases, name, note, pronouns)"),
        ("characters:\n  - name: A\n  - aliases: [B]\n", 3, "characters[1].name", "missing required key"),
        ("characters:\n  - name: A\n    pronouns: she\n", 3, "characters[0].pronouns", "expected a pronoun set like she/her, he/him, they/them or xe/xem, got 'she'"),
        ("characters:\n  - name: A\n    aliases: B\n", 3, "characters[0].aliases", "expected a list of names, got 'B'"),
        ("characters:\n  - name: A\n  - name: B\n    aliases: [A]\n", 3, "characters[1].name", "'A' is already declared on line 2"),
        ("cast:\n  - name: A\n", 1, "cast", "unknown key (allowed: characters)"),
    ],
)
def test_cast_file_errors_name_file_line_and_key(tmp_path, body, line, key, problem):
    path = write(tmp_path / "characters.yaml", body)
    with pytest.raises(ConfigError) as caught:
        load_cast(path)
    assert (caught.value.line, caught.value.key, caught.value.problem) == (line, key, problem)
    assert str(caught.value).startswith(f"{path}:{line}: {key}: ")


def test_cast_error_exits_2_before_any_prose_is_read(run_cli, chapters):
    write(chapters / "characters.yaml", "characters:\n  - name: Thomas Hale\n    pronouns: 3\n")
    result = run_cli([str(chapters)])
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"prose-lint: invalid config: {chapters / 'characters.yaml'}:3: characters[0].pronouns: ")


# Manuscripts end to end (spaCy and coreference)


def test_chapters_are_separate_stories_without_a_manuscript(run_cli, chapters):
    result = run_cli(["--select", "pronoun-gender-drift", str(chapters)])
    assert (result.code, result.out) == (0, "")


def test_drift_across_chapters_is_reported_on_the_later_chapter(run_cli, chapters):
    result = run_cli(["--manuscript", "--select", "pronoun-gender-drift", str(chapters)])
    assert result.code == 1
    assert drift_positions(result.out) == [("chapter2.txt", *SHE_IN_CHAPTER_TWO)]
    assert "Thomas Hale" in result.out


def test_a_cast_file_in_the_folder_makes_the_chapters_one_manuscript(run_cli, chapters):
    write(chapters / "characters.yaml", "characters:\n  - name: Thomas Hale\n")
    result = run_cli(["--select", "pronoun-gender-drift", str(chapters)])
    assert drift_positions(result.out) == [("chapter2.txt", *SHE_IN_CHAPTER_TWO)]


def test_declared_they_them_is_never_drift(run_cli, tmp_path):
    write(tmp_path / "characters.yaml", "characters:\n  - name: Robin Ellis\n    pronouns: they/them\n")
    write(
        tmp_path / "story.txt",
        "Robin Ellis arrived late, as they always did. They shrugged off their coat and sat down; "
        "their tea had gone cold, but they drank it anyway.\n",
    )
    result = run_cli(["--select", "pronoun-gender-drift", str(tmp_path)])
    assert (result.code, result.out) == (0, "")


def test_declared_pronouns_override_the_text(run_cli, tmp_path):
    # The text alone says he/him throughout; the author says she/her.
    write(tmp_path / "characters.yaml", "characters:\n  - name: Alex Morgan\n    pronouns: she/her\n")
    text = "Alex Morgan opened the shop at seven. He counted the till twice, and his hands were steady.\n"
    write(tmp_path / "story.txt", text)
    result = run_cli(["--select", "pronoun-gender-drift", str(tmp_path)])
    assert result.code == 1
    columns = [column for _, _, column in drift_positions(result.out)]
    assert columns == [text.index("He ") + 1, text.index("his") + 1]


def test_characters_lists_who_is_who_across_the_manuscript(run_cli, chapters):
    write(chapters / "characters.yaml", "characters:\n  - name: Thomas Hale\n    aliases: [Tom]\n    pronouns: he/him\n")
    result = run_cli(["--characters", "--format", "json", str(chapters)])
    assert result.code == 0
    (story,) = json.loads(result.out)["stories"]
    assert [Path(path).name for path in story["files"]] == ["chapter1.txt", "chapter2.txt"]
    thomas = next(character for character in story["characters"] if character["name"] == "Thomas Hale")
    assert {"Tom", "Thomas", "Hale"} <= set(thomas["aliases"])
    assert {Path(path).name: count for path, count in thomas["mentions"].items()} == {"chapter1.txt": 2, "chapter2.txt": 1}
    assert thomas["declared_pronouns"] == "he/him"
    assert thomas["pronouns"]["he/him"] >= 4
