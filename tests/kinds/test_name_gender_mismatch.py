"""name-gender-mismatch: surname forms and role nouns against given names and pronouns."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from prose_lint.engine import lint_text
from prose_lint.lexicon import builtin_lexicon
from prose_lint.nlp import DEFAULT_MODEL
from prose_lint.pronouns import FEMININE, MASCULINE
from prose_lint.rules_loader import load_rule_file, load_rules
from prose_lint.yamlsource import ConfigError

RULE = next(rule for rule in load_rules([]) if rule.id == "name-gender-mismatch")
SHARED = Path(__file__).resolve().parents[3] / "shared"


def lint(text: str, rule=RULE):
    return lint_text(textwrap.dedent(text), [rule], model=DEFAULT_MODEL)


def rule_with(tmp_path: Path, options: str, extra_files: dict[str, str] | None = None):
    for name, content in (extra_files or {}).items():
        (tmp_path / name).write_text(textwrap.dedent(content), encoding="utf-8")
    path = tmp_path / "rule.yaml"
    path.write_text(
        "id: my-mismatch\nkind: name-gender-mismatch\nseverity: warning\n"
        "message: \"'{found}' is a {found_gender} {evidence}, but {against}\"\n"
        "options:\n" + textwrap.indent(textwrap.dedent(options), "  "),
        encoding="utf-8",
    )
    return load_rule_file(path)


@pytest.mark.parametrize(
    "word, gender",
    [
        ("Kuznetsova", FEMININE), ("Kalmurzaeva", FEMININE), ("Kowalska", FEMININE), ("Petrovna", FEMININE),
        ("Pushkina", FEMININE), ("Tolstaya", FEMININE), ("Ivanov", MASCULINE), ("Lebedev", MASCULINE),
        ("Medina", None), ("Molina", None), ("Baldwin", None), ("Watkin", None), ("Conroy", None),
        ("Tovesky", None), ("Lev", None), ("Casanova", None), ("Cordova", None), ("Smith", None),
        # Lithuanian and Latvian.
        ("Kazlauskienė", FEMININE), ("Petraitytė", FEMININE), ("Butkutė", FEMININE), ("Bērziņa", FEMININE),
        ("Kazlauskas", MASCULINE), ("Stankevičius", MASCULINE), ("Tamošiūnas", MASCULINE), ("Bērziņš", MASCULINE),
        ("Douglas", None), ("Thomas", None), ("Davis", None), ("Marius", None),
    ],
)
def test_surname_endings(word, gender):
    ending = builtin_lexicon().ending(word)
    assert (ending.gender if ending else None) == gender


def test_feminine_surname_with_a_mans_name_is_reported_on_the_surname():
    text = """\
        The river below the town was wide and slow.
        Every morning at six, Pavel Sokolova ran the ferry across it. He knew
        every sandbank by heart and never once lost a passenger.
        """
    findings = lint(text)
    assert [(f.line, f.column, f.end_line, f.end_column) for f in findings] == [(2, 29, 2, 37)]
    assert findings[0].message == "'Sokolova' is a feminine surname form, but 'Pavel' is a man's name"
    assert findings[0].character == "Pavel Sokolova"


def test_role_noun_against_settled_pronouns():
    text = """\
        James Kuznetsova was a renowned ballerina. He trained at the Bolshoi,
        and his teachers said he had the finest jump of his year.
        """
    findings = {(f.line, f.column): f.message for f in lint(text)}
    assert findings[(1, 7)] == "'Kuznetsova' is a feminine surname form, but 'James' is a man's name"
    assert findings[(1, 33)] == "'ballerina' is a feminine noun, but James Kuznetsova is he/him (4 pronouns)"


@pytest.mark.parametrize(
    "text",
    [
        # English surnames and given names with Slavic-looking endings.
        "Mary Baldwin met Martin Conroy and Christina Medina at the station. She "
        "had not seen either of them since school, and she hugged them both.",
        "Kevin Franklin and Regina Darwin ran the bakery. He baked and she sold, "
        "and her bread was the best in town.",
        # A woman with a feminine surname.
        "Irina Sokolova was a widow. She lived above the bakery, and her cat slept on her windowsill.",
        # A woman called James: her pronouns agree with her surname.
        "James Kuznetsova was a renowned ballerina. She trained at the Bolshoi, "
        "and her teachers said she had the finest jump of her year.",
        # Negated, conditional and figurative nouns.
        "Thomas Hale was not a widow, whatever the village said. He had never married, "
        "and he said so to anyone who asked him.",
        "Thomas Hale had been a mother to the orphans. He fed them and he clothed them.",
        # The name beside a noun of "your" is the one spoken to.
        '"Your husband, Anna Sokol, is waiting," said the clerk. Anna Sokol thanked him. She took her '
        "coat, and she went down to meet her husband.",
        # A title of "my" beside a name is said to someone else.
        '"Mr. Hale, my Lady." Mr. Hale makes a bow and comes forward. He passes his hand over his mouth, '
        "and he waits, and he says nothing.",
        # A bare noun beside a name is a word of address.
        '"Poor Thomas Hale, sister! You know how much he wanted money. He had a wife, and he had debts, '
        'and he never complained."',
        # Items of a list, not an apposition (Frankenstein).
        "Anna Sokol was kind. She sang, and she laughed, and her voice was soft. When I slept, the forms of "
        "the venerable blind father, the gentle Anna, and the excellent Felix flitted before me.",
        # The noun is said of the one spoken of.
        "Thomas Hale spoke of her as a most charming woman. He had met her twice, and he liked her, and he said so.",
    ],
)
def test_clean_prose_passes(text):
    assert lint(text) == []


def test_masculine_forms_can_be_switched_off(tmp_path):
    text = "Natasha Ivanov taught at the village school. She was strict, and her pupils adored her."
    assert [f.message for f in lint(text)] == ["'Ivanov' is a masculine surname form, but 'Natasha' is a woman's name"]
    assert lint(text, rule_with(tmp_path, "masculine_forms: false\n")) == []


def test_extra_roles_and_data_file_extend_the_lists(tmp_path):
    text = "Anna Berg was a cowboy on her father's ranch. She rode the fences every morning, and her horse knew the way."
    assert lint(text) == []
    by_option = rule_with(tmp_path, "extra_masculine_roles: [cowboy]\n")
    assert [f.message for f in lint(text, by_option)] == [
        "'cowboy' is a masculine noun, but Anna Berg is she/her (3 pronouns)"
    ]
    by_file = rule_with(tmp_path, "data_file: words.yaml\n", {"words.yaml": "masculine_roles: [cowboy]\n"})
    assert len(lint(text, by_file)) == 1


def test_ignore_words_drops_a_builtin_word(tmp_path):
    text = "Pavel Sokolova ran the ferry across the river for thirty years. He knew every sandbank by heart."
    assert len(lint(text)) == 1
    assert lint(text, rule_with(tmp_path, "ignore_words: [Sokolova]\n")) == []


@pytest.mark.parametrize(
    "options, files, where, problem",
    [
        ("data_file: missing.yaml\n", {}, "rule.yaml:6", "options.data_file: word list file not found"),
        ("extra_feminine_roles: [chorus girl]\n", {}, "rule.yaml:6", "expected single words"),
        ("data_file: words.yaml\n", {"words.yaml": "feminine_roles: [x]\nfeminin: [ova]\n"}, "words.yaml:2",
         "feminin: unknown key"),
        ("data_file: words.yaml\n", {"words.yaml": "feminine:\n  - {suffix: ova, after: k}\n"}, "words.yaml:2",
         "feminine.after: expected a list of letters"),
    ],
)
def test_bad_options_and_word_lists_are_config_errors(tmp_path, options, files, where, problem):
    with pytest.raises(ConfigError) as error:
        rule_with(tmp_path, options, files)
    assert where in str(error.value) and problem in str(error.value)


# Excerpts with many women and men, gendered nouns said of them, and names
# in -in and -ina; the full set of 80 gives no finding either.
LITBANK = [
    "105_persuasion_brat.txt",
    "158_emma_brat.txt",
]


def test_a_role_noun_set_off_beside_a_name_is_said_of_it():
    text = (
        "Thomas Hale, a widow from the coast, shook his head. He had not written home in years, "
        "and he did not mean to start now. He stared at his boots."
    )
    assert [f.message for f in lint(text)] == ["'widow' is a feminine noun, but Thomas Hale is he/him (5 pronouns)"]


@pytest.mark.parametrize("first, last", [(13000, 13300), (25950, 26200), (35500, 35800), (25600, 25760)])
def test_no_findings_on_dialogue_addressing_a_character_in_bleak_house(first, last):
    """"Think of your mother, Mr. Smallweed", "your husband, Lady Dedlock, your
    husband", "Where is your son George, Mrs. Rouncewell?"; and "A townsman
    of this Mrs. Rouncewell, a man in exactly parallel circumstances"."""
    path = SHARED / "corpus" / "1023_bleak_house.txt"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lint_text("".join(lines[first:last]), [RULE], model=DEFAULT_MODEL) == []


@pytest.mark.parametrize("name", LITBANK)
def test_no_findings_on_litbank(name):
    path = SHARED / "litbank" / "coref" / name
    if not path.is_file():
        pytest.skip(f"{path} not available")
    assert lint_text(path.read_text(encoding="utf-8"), [RULE], model=DEFAULT_MODEL) == []


def test_a_mans_name_from_the_wider_name_data_with_a_feminine_surname():
    # Pyotr is known from gender-guesser's dictionary; a heading before the
    # first paragraph does not hide the full name.
    findings = lint(
        """\
        The Station

        Pyotr Kuznetsova had run the weather station for thirty years before he retired,
        and he had left a note taped above the radio.
        """
    )
    assert [finding.message.split("'")[1] for finding in findings] == ["Kuznetsova"]


def test_a_womans_name_from_the_wider_name_data_with_a_feminine_surname_passes():
    assert lint(
        """\
        The Station

        Aigerim Kuznetsova had run the weather station for thirty years before she retired,
        and she had left a note taped above the radio.
        """
    ) == []


GRANDFATHER = (
    "His grandfather, Eero, had fished the lake for sixty years. The grandfather was a {noun}, and he mended the nets "
    "himself. He rowed out every morning, and he came back at noon. He never missed a day.\n"
)


def test_a_role_noun_said_of_a_name_stands_for_them():
    # "The grandfather" is Eero: a noun of the other sex said of it is said of him.
    findings = lint(GRANDFATHER.format(noun="widow"))
    assert [(f.character, f.message.split(",")[0]) for f in findings] == [("Eero", "'widow' is a feminine noun")]
    assert lint(GRANDFATHER.format(noun="widower")) == []


def test_a_role_noun_whose_possessive_coreference_gave_to_the_name_passes():
    # Coreference joins "Rana" and "her" in "Rana was her brother", and so
    # gives him Tithi's she/her: its pronouns say nothing of Rana.
    text = """\
        Tithi Sen was stitching the border of the quilt when her aunt came in. She had been at it since the morning, and her fingers were sore.

        "Who tore this corner?" her aunt asked.

        "I was not climbing. Rana was climbing. I was only holding the bag." Rana was her brother, who was in Pune now and had not yet said whether he could come home for the wedding. Tithi laughed, and then she began to cry, and her aunt put down the needle and held her until she stopped.

        She went back to the border after that. She worked until the light went, and her aunt sat beside her and threaded the needles for her.
    """
    assert lint(text) == []


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "Rūta Kazlauskas had kept bees outside Anykščiai for forty years. She painted the hives every spring.",
            "'Kazlauskas' is a masculine surname form, but 'Rūta' is a woman's name",
        ),
        (
            "Jonas Kazlauskienė had kept bees outside Anykščiai for forty years. He painted the hives every spring.",
            "'Kazlauskienė' is a feminine surname form, but 'Jonas' is a man's name",
        ),
    ],
)
def test_a_baltic_surname_form_of_the_other_sex_is_reported(text, message):
    assert [finding.message for finding in lint(text)] == [message]


def test_baltic_surname_forms_that_agree_pass():
    text = """\
        Rūta Kazlauskienė and her husband Jonas Kazlauskas kept bees outside Anykščiai. She painted the
        hives and he carried the frames, and their daughter Eglė Kazlauskaitė sold the honey in Vilnius.
        """
    assert lint(text) == []


def test_a_surname_form_just_after_a_title_is_reported():
    # Left to itself, the parser runs the title into the first sentence.
    text = """\
        The Bear and the Beekeeper

        Stoyan Petrova kept forty hives on the slope above Shiroka Laka. He had kept bees there for fifty
        years, and his hives were the oldest in the valley.
        """
    assert [finding.message for finding in lint(text)] == [
        "'Petrova' is a feminine surname form, but 'Stoyan' is a man's name"
    ]
