"""name-variant: where findings land, what they say, how options change them,
and that real, well-edited prose stays clean."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from prose_lint.cast import Cast, CastMember
from prose_lint.document import Document
from prose_lint.engine import lint_story, lint_text
from prose_lint.kinds.name_variant import NameVariant, _derived, spelling_edit
from prose_lint.nlp import DEFAULT_MODEL
from prose_lint.rules_loader import load_rule_file, load_rules
from prose_lint.story import Story
from prose_lint.yamlsource import ConfigError

SHARED = Path(__file__).resolve().parents[3] / "shared"
REPO = Path(__file__).resolve().parents[2]
RULE = next(rule for rule in load_rules([]) if rule.id == "name-variant")

NOVAK = textwrap.dedent(
    """\
    Katarina Novak ran the night shift at the harbour office. She kept the
    ledgers herself and trusted nobody else with the keys.

    At two in the morning a freighter signalled from the breakwater. Novak
    signed the manifest, checked the seals and sent the pilot out.

    By dawn the fog had lifted. Novak locked the office and walked home along
    the quay. Nobody thanked Katarina Nowak for the night's work.
    """
)

DMITRI_AND_ANNE = textwrap.dedent(
    """\
    Dmitri and Anne met at the station every morning. Dmitri brought the coffee
    and Anne brought the newspaper.

    On Fridays Dmitri was late, and Anne waited on the bench by the clock.

    One Friday he did not come at all. Annne waited an hour, then two, and Dmitry
    never explained.
    """
)


def lint(text: str, **options) -> list:
    rule = RULE
    if options:
        rule = dataclasses.replace(RULE, kind=NameVariant(**{**RULE.kind.settings, **options}))
    return lint_text(text, [rule], model=DEFAULT_MODEL)


def position(text: str, word: str) -> tuple[int, int]:
    offset = text.index(word)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_finding_is_on_the_rarer_spelling_and_names_the_usual_one():
    [finding] = lint(NOVAK)
    assert (finding.line, finding.column) == position(NOVAK, "Nowak")
    assert (finding.end_line, finding.end_column) == (finding.line, finding.column + len("Nowak"))
    assert finding.rule == "name-variant"
    assert "'Nowak'" in finding.message and "'Novak'" in finding.message
    assert "3 times" in finding.message
    assert finding.character == "Katarina Novak"


def test_each_kind_of_slip_is_reported_with_its_edit():
    findings = lint(DMITRI_AND_ANNE)
    messages = {finding.message.split("'")[1]: finding.message for finding in findings}
    assert set(messages) == {"Annne", "Dmitry"}
    assert "a doubled 'n'" in messages["Annne"] and "'Anne'" in messages["Annne"]
    assert "'y' for 'i'" in messages["Dmitry"] and "'Dmitri'" in messages["Dmitry"]
    by_word = {finding.message.split("'")[1]: finding for finding in findings}
    assert (by_word["Annne"].line, by_word["Annne"].column) == position(DMITRI_AND_ANNE, "Annne")
    assert (by_word["Dmitry"].line, by_word["Dmitry"].column) == position(DMITRI_AND_ANNE, "Dmitry")


def test_options_are_respected():
    # The usual spelling must be used often enough.
    assert lint(NOVAK, min_expected=4) == []
    # Declared spellings are never reported.
    assert lint(NOVAK, known_spellings=["Nowak"]) == []
    # Without the v/w transliteration, Nowak is a letter replaced, and
    # without substitutions another name.
    assert "('w' for 'v')" in lint(NOVAK, transliterations=["i/y"])[0].message
    assert lint(NOVAK, transliterations=["i/y"], substitutions=False) == []
    # Dropped, doubled and swapped letters need no transliteration.
    assert [f.message.split("'")[1] for f in lint(DMITRI_AND_ANNE, transliterations=[])] == ["Annne"]
    # Names shorter than min_length are not checked.
    assert [f.message.split("'")[1] for f in lint(DMITRI_AND_ANNE, min_length=5)] == ["Dmitry"]


def test_a_rarer_spelling_used_often_is_deliberate():
    text = NOVAK + (
        "\nThe harbour master called her Nowak, and so did the porters. Novak let them."
        "\nThe pilot wrote Nowak in his log. Novak never corrected him.\n"
    )
    assert lint(text) == []
    findings = lint(text, max_found=3, max_share=1.0, min_expected=4)
    assert [finding.message.split("'")[1] for finding in findings] == ["Nowak"] * 3


def test_two_people_whose_names_are_one_letter_apart_both_recurring():
    text = (
        "Carl and Cora ran the ferry. Carl steered and Cora sold the tickets.\n"
        "When the river froze, Carl mended nets and Cora kept the books.\n"
        "Carla, their cousin, came in the spring, and Carl met her at the pier.\n"
    )
    assert lint(text) == []


def test_ordinary_capitalised_words_and_possessives_are_not_variants():
    text = (
        "Hall had kept the lodge for years. Everyone called him Hall.\n"
        "The hall was cold. Hallo, said a voice. Hallo, Hall answered.\n"
        "Anne's boots stood by the door, and Anne sat by the fire. Anne slept.\n"
        "And then the snow came.\n"
    )
    assert lint(text) == []


def test_a_name_the_ner_misses_still_counts_when_the_text_shows_a_person():
    text = (
        "Old Cotter was sitting at the fire when I came downstairs.\n"
        "“I have my own theory,” said old Cotter. “Mr Cotter here has just told us,” said my aunt.\n"
        "I was angry with old Cotter, and I never spoke to Coter again.\n"
    )
    [finding] = lint(text)
    assert (finding.line, finding.column) == position(text, "Coter")
    assert "'Cotter'" in finding.message


def test_other_proper_nouns_are_names_too_unless_switched_off():
    text = (
        "The coach left Uppercross at noon and reached Kellynch by dark.\n"
        "Nobody in Kellynch had ever been to Uppercross, and nobody wished to go.\n"
        "The road back to Upercross was flooded in March.\n"
    )
    [finding] = lint(text)
    assert (finding.line, finding.column) == position(text, "Upercross")
    assert "'Uppercross'" in finding.message and "a dropped 'p'" in finding.message
    assert lint(text, proper_nouns=False) == []


def story(texts: dict[str, str], cast: Cast | None = None) -> Story:
    documents = [Document(path, text) for path, text in texts.items()]
    return Story(documents, cast)


def test_in_a_manuscript_the_usual_spelling_is_counted_over_every_chapter():
    chapters = {
        "chapter1.txt": "Katarina Novak ran the night shift at the harbour office.\nNovak signed the manifest.\n",
        "chapter2.txt": "By dawn the fog had lifted.\nNobody thanked Katarina Nowak for the night's work.\n",
    }
    [finding] = lint_story(story(chapters), [RULE])
    assert finding.path == "chapter2.txt"
    assert (finding.line, finding.column) == position(chapters["chapter2.txt"], "Nowak")
    # Alone, the second chapter has a single spelling and nothing to compare.
    assert lint(chapters["chapter2.txt"]) == []


def test_aliases_declared_in_a_cast_file_are_never_reported():
    cast = Cast(Path("characters.yaml"), (CastMember("Katarina Novak", aliases=("Katarina Nowak",)),))
    assert lint_story(story({"story.txt": NOVAK}, cast), [RULE]) == []
    assert len(lint_story(story({"story.txt": NOVAK}), [RULE])) == 1


@pytest.mark.parametrize(
    "found, expected, edit",
    [
        ("Harington", "Harrington", "a dropped 'r'"),
        ("Annne", "Anne", "a doubled 'n'"),
        ("Dimitri", "Dmitri", "an extra 'i'"),
        ("Elizabteh", "Elizabeth", "'te' for 'et'"),
        ("Dmitry", "Dmitri", "'y' for 'i'"),
        ("Nowak", "Novak", "'w' for 'v'"),
        ("Kusnetsova", "Kuznetsova", "'s' for 'z'"),
        ("Aleksandr", "Alexandr", "'ks' for 'x'"),
        ("Mikhail", "Michail", "'k' for 'c'"),
    ],
)
def test_spelling_edit(found, expected, edit):
    pairs = [("i", "y"), ("v", "w"), ("s", "z"), ("c", "k"), ("ks", "x")]
    assert spelling_edit(found, expected, pairs) == edit


@pytest.mark.parametrize(
    "found, expected",
    [
        ("Hanne", "Anne"),  # the first letter is never changed
        ("Nane", "Anne"),
        ("Yuri", "Iuri"),
        ("Jane", "Joan"),  # two changes
        ("Anna", "Anne"),  # a substitution that is no transliteration
        ("Anne", "Anne"),
    ],
)
def test_not_one_edit(found, expected):
    assert spelling_edit(found, expected, [("i", "y")]) is None


@pytest.mark.parametrize(
    "found, expected, derived",
    [
        ("elliots", "elliot", True),
        ("summer", "summers", True),
        ("smallweedy", "smallweed", True),
        ("annie", "anne", True),
        ("genevan", "geneva", True),
        ("betseyy", "betsey", False),
        ("curtiss", "curtis", False),
        ("curtises", "curtis", True),
        ("henr", "henry", False),
        ("annne", "anne", False),
    ],
)
def test_derived_forms(found, expected, derived):
    assert _derived(found, expected) is derived


def test_an_unknown_transliteration_is_a_config_error(write_rule):
    path = write_rule(
        "id: my-variants\nkind: name-variant\nseverity: info\nmessage: \"{found} or {expected}?\"\n"
        "options:\n  transliterations: [i/y, a/e]\n"
    )
    with pytest.raises(ConfigError) as error:
        load_rule_file(path)
    assert "options.transliterations" in str(error.value) and "'a/e' is not allowed" in str(error.value)


# Well-edited prose with many recurring names: nothing to report.
LITBANK_CLEAN = [
    "105_persuasion_brat",
    "1260_jane_eyre_an_autobiography_brat",
    "4300_ulysses_brat",
]


@pytest.mark.parametrize("stem", LITBANK_CLEAN)
def test_no_findings_on_litbank(stem):
    path = SHARED / "litbank" / "coref" / f"{stem}.txt"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    assert lint(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted((REPO / "seeds").glob("*.txt")), ids=lambda path: path.name)
def test_no_findings_on_the_seed_stories(path):
    assert lint(path.read_text(encoding="utf-8")) == []


VAN_DER_MERWE = textwrap.dedent(
    """\
    The farm had belonged to the van der Merwe family for five generations. Elsa van der
    Merwe planted the first vines.

    Her neighbours laughed at the van der Merwe vines until the first harvest came in.

    The buyer signed the contract on the stoep of the van de Merwe farmhouse.
    """
)


def test_a_surname_with_one_particle_changed_is_a_variant():
    [finding] = lint(VAN_DER_MERWE)
    assert (finding.line, finding.column) == position(VAN_DER_MERWE, "van de Merwe")
    assert "'van de Merwe'" in finding.message and "'van der Merwe'" in finding.message
    assert "'de' for 'der'" in finding.message


def test_particles_of_different_people_or_a_short_form_are_not_variants():
    text = textwrap.dedent(
        """\
        Marisol de la Cruz and Tomás de las Casas ran the market stall. Marisol de la Cruz
        kept the books and Tomás de las Casas kept the peace.

        Old van Berg came by on Fridays. Pieter van der Berg, his nephew, came with him, and
        Pieter van der Berg carried the crates.
        """
    )
    assert lint(text) == []
    assert lint(VAN_DER_MERWE, known_spellings=["van de Merwe"]) == []


AMARU = textwrap.dedent(
    """\
    Sisa taught weaving to the girls of the village. Her brother Amaru drove the tourists
    up from Cusco in his minibus.

    "It is true," Amaru would say. Sisa laughed at him.

    That night she talked it over with Amaru in the kitchen, and all summer Amaro filmed
    while Sisa wove.
    """
)


def test_o_for_u_is_a_transliteration():
    [finding] = lint(AMARU)
    assert "'Amaro'" in finding.message and "'o' for 'u'" in finding.message
    assert lint(AMARU, transliterations=["i/y"]) == []


SIBLINGS = textwrap.dedent(
    """\
    Olga Belova taught music at the school by the river. Her brother, Pavel Belov, drove
    the night bus to the airport and slept through the mornings.

    Every Sunday Belova cooked for them both. "You work too much," Pavel said.

    Their mother, Nadezhda Belova, had taught at the same school for forty years.
    """
)


def test_a_mans_and_a_womans_form_of_one_surname_are_a_family():
    assert lint(SIBLINGS) == []


def test_a_womans_form_of_a_surname_on_a_woman_in_one_place_is_a_slip():
    text = textwrap.dedent(
        """\
        Anna Petrova ran the pharmacy on Lenin Street. Petrova opened at eight and closed at
        six, and never once in twenty years took a day off.

        The inspectors came in March. Petrova showed them the ledgers and the locked cabinet.

        When they left, Anna Petrov sat down behind the counter and laughed.
        """
    )
    [finding] = lint(text)
    assert "'Petrov' here, but 'Petrova'" in finding.message and "a dropped 'a'" in finding.message


def test_a_slip_in_a_family_surname_is_still_a_slip():
    text = SIBLINGS + "\nAt the school concert Olga Belowa played last.\n"
    [finding] = lint(text)
    assert "'Belowa' here, but 'Belova'" in finding.message and "'w' for 'v'" in finding.message


HENRIETTA = textwrap.dedent(
    """\
    Henrietta kept bees behind the mill. Every August Henrietta took the honey to the market
    in a handcart, and every August the handcart lost a wheel.

    That year the wheel held. Henrietta sold everything by noon.

    On the way home Henriatta counted the coins twice.
    """
)


def test_a_letter_replaced_inside_a_name_is_a_slip():
    [finding] = lint(HENRIETTA)
    assert (finding.line, finding.column) == position(HENRIETTA, "Henriatta")
    assert "'a' for 'e'" in finding.message
    assert lint(HENRIETTA, substitutions=False) == []


def test_a_letter_replaced_in_a_full_name_is_a_slip_whoever_else_has_the_surname():
    text = textwrap.dedent(
        """\
        Marta Brennick ran the farm. Marta Brennick kept the accounts, and Marta fed the hens.

        Her brother Tom Brennick mended the fences. Tom Brennick never complained.

        At dusk Tom Brennuck came home and Marta made the tea.
        """
    )
    [finding] = lint(text)
    assert "'Brennuck' here, but 'Brennick'" in finding.message and "'u' for 'i'" in finding.message


def test_a_letter_replaced_after_a_title_is_a_slip():
    text = textwrap.dedent(
        """\
        Sir Henry Curtis rode ahead of the column. Henry kept his rifle across the saddle and
        said little.

        At the river Henry stopped to water the horses.

        By nightfall Sir Henay had found the ford.
        """
    )
    [finding] = lint(text)
    assert "'Henay' here, but 'Henry'" in finding.message and "'a' for 'r'" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        # Another given name: Anna is not Anne.
        "Anne kept bees. Anne sold honey. Anne counted the coins. Anna waved from the gate.\n",
        # A word of another person's full name: Tom Carver is not Ann Carter.
        "Ann Carter kept bees. Carter sold honey at the market. Carter counted the coins.\n\n"
        "Tom Carver waved from the gate.\n",
        # The last letter: another form of the name as often as a slip.
        "Brennan kept bees. Brennan sold honey at the market. Brennan counted the coins. "
        "Brennam waved from the gate.\n",
        # A name no longer than min_length.
        "Ruth kept bees. Ruth sold honey at the market. Ruth counted the coins. Rath waved.\n",
    ],
)
def test_a_letter_replaced_that_makes_another_name_is_not_a_slip(text):
    assert lint(text) == []


def test_litbank_a_letter_replaced_in_a_recurring_name_is_reported():
    path = SHARED / "litbank" / "coref" / "105_persuasion_brat.txt"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    text = path.read_text(encoding="utf-8")
    fifth = [index for index in range(len(text)) if text.startswith("Elliot", index)][4]
    changed = text[:fifth] + "Elliat" + text[fifth + len("Elliot") :]
    [finding] = lint(changed)
    assert "'Elliat' here, but 'Elliot'" in finding.message and "'a' for 'o'" in finding.message


def test_the_last_word_of_another_proper_name_is_that_name_s():
    text = (
        "Mali painted umbrellas in a village east of Chiang Mai. Mali sold them at the market,\n"
        "and on Sundays Mali walked to the temple with her grandfather.\n"
    )
    assert lint(text) == []
    # The same slip alone, inside a sentence, is still reported.
    assert [finding.line for finding in lint(text.replace("Chiang Mai", "the river, and Mai"))] == [1]


def test_a_persons_name_one_letter_from_a_town_passes():
    # "Mushi" is Neema's surname; "Moshi" is the town, nobody's name.
    text = """\
        The engineer arrived in Moshi at the start of the long rains. He had never worked in Moshi before, and he liked it at once: the market, the coffee, the mountain over the roofs.

        His counterpart at the water board was Neema Mushi, who had grown up on the slopes above the town and knew every spring by name. Neema took him up the mountain on the first morning, and she laughed when he had to stop for breath.

        In the evenings they were back in Moshi, and Neema wrote up the day's measurements at a café by the bus station while he drank his coffee.
    """
    assert lint(textwrap.dedent(text)) == []


def test_a_misspelt_name_after_a_day_of_the_week_is_reported():
    text = textwrap.dedent(
        """\
        Her name was Anouk. She lived in the new houses on the other side of the canal, and Anouk had a great many
        questions for the miller.

        Anouk came every Saturday after that. Anouk's mother walked over the first time to make sure he was not a
        lunatic.

        The following Saturday Annouk arrived with her notebook. "Then I will wait four years," said Anouk.

        Anouk stood at the window and counted the sails going round.
        """
    )
    assert [finding.message for finding in lint(text)] == ["'Annouk' here, but 'Anouk' 6 times elsewhere (a doubled 'n')"]
