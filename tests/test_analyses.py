"""The analyses the engine builds once per story, and what kinds may read."""

from __future__ import annotations

import pytest

from prose_lint.analyses import Analysis, MissingAnalysis, analyse
from prose_lint.document import Document
from prose_lint.engine import required_analysis
from prose_lint.nlp import DEFAULT_MODEL
from prose_lint.rules_loader import load_rules
from prose_lint.story import Story

TEXT = "Katarina Novak ran the night shift. She kept the ledgers herself.\n"


def test_text_level_builds_nothing_and_says_so():
    analysis = analyse(Story([Document("a.txt", TEXT)]), Analysis.TEXT, DEFAULT_MODEL)
    assert analysis.parses == {} and analysis.registry is None
    with pytest.raises(MissingAnalysis, match="parse analysis was not built"):
        _ = analysis.file(analysis.story.documents[0]).chunks


def test_parse_level_has_characters_but_no_references():
    document = Document("a.txt", TEXT)
    analysis = analyse(Story([document]), Analysis.PARSE, DEFAULT_MODEL)
    assert [character.name for character in analysis.file(document).characters] == ["Katarina Novak"]
    with pytest.raises(MissingAnalysis, match="coreference"):
        _ = analysis.file(document).references


def test_coreference_level_gives_every_file_its_pronouns():
    chapters = [Document("1.txt", TEXT), Document("2.txt", "Katarina Novak went home. She slept.\n")]
    analysis = analyse(Story(chapters), Analysis.COREFERENCE, DEFAULT_MODEL)
    assert set(analysis.pronouns) == {"1.txt", "2.txt"}
    assert analysis.pronoun_genders["Katarina Novak"]["feminine"] >= 2


def test_the_rules_decide_the_level():
    rules = {rule.id: rule for rule in load_rules([])}
    assert required_analysis([rules["mojibake"]]) is Analysis.TEXT
    assert required_analysis([rules["mojibake"], rules["name-repetition"]]) is Analysis.PARSE
    assert required_analysis([rules["pronoun-gender-drift"]]) is Analysis.COREFERENCE
