"""The character registry: who counts as a person, under which names, and
who is kept apart."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from prose_lint.analyses import Analysis, analyse
from prose_lint.document import Document
from prose_lint.nlp import DEFAULT_MODEL
from prose_lint.story import Story


def registry(text: str):
    document = Document("story.txt", textwrap.dedent(text))
    return analyse(Story([document]), Analysis.PARSE, DEFAULT_MODEL).characters


def names(text: str) -> set[str]:
    return {character.name for character in registry(text)}


def test_hyphenated_names_and_particles_are_one_name():
    found = names(
        """\
        Chukwuemeka Okonkwo-Reid sat on the bench and taped his hands. Marisol de la Cruz
        watched him from the door of the changing room and said nothing.

        Later Park Jin-woo came in with the gloves, and Annelie van der Berg asked him
        whether the van had been fixed. Jin-woo said it had.
        """
    )
    assert {"Chukwuemeka Okonkwo-Reid", "Marisol de la Cruz", "Annelie van der Berg"} <= found
    assert any("Jin-woo" in name for name in found)


def test_a_hyphenated_given_name_whose_first_part_is_an_english_word_is_a_name():
    # The parser takes "Soon" in "Soon-ja" for the adverb.
    characters = registry(
        """\
        Park Soon-ja opened the shop at five every morning. By six the first trays were cooling on the counter.

        Soon-ja went on cutting the rice cakes into squares. Her daughter telephoned at noon, and Soon-ja listened
        without saying much. When the call was over, Soon-ja sat down and looked at the steamers.
        """
    )
    soon_ja = next(character for character in characters if "Soon-ja" in character.name)
    assert len(soon_ja.mentions) == 4
    # Korean order: the family name first, the given name last.
    assert (soon_ja.given, soon_ja.surname, soon_ja.name_gender) == ("Soon-ja", "Park", "feminine")


def test_places_brands_and_works_are_not_characters():
    found = names(
        """\
        Deborah Kane drove from Leeds to Manchester in the rain. In Manchester she parked
        outside the old mill, where the Bösendorfer stood under a dust sheet.

        She lifted the lid and played Chopin until the light went. Deborah Kane had not
        played in Leeds for twenty years.
        """
    )
    assert "Deborah Kane" in found
    assert not found & {"Leeds", "Manchester", "Bösendorfer", "Chopin"}


def test_a_name_the_parser_calls_a_place_is_a_person_by_what_she_does():
    # The small pipeline tags names from many cultures as GPE or ORG; what
    # the text says of them decides.
    found = names(
        """\
        Ananya Krishnan put down her pen. Ananya's mother had called twice.

        "I know," Ananya Krishnan said, and she rubbed her eyes. Ananya Krishnan's hands
        were cold.
        """
    )
    assert "Ananya Krishnan" in found


def test_people_who_share_a_surname_are_kept_apart():
    found = registry(
        """\
        Mr Tanaka climbed the ladder into the persimmon tree. Mrs Tanaka held it steady
        and told him to be careful.

        Admiral Croft had taken the house for the summer, and Mrs Croft liked it at once.
        """
    )
    by_name = {character.name: character for character in found}
    assert {"Mr Tanaka", "Mrs Tanaka", "Admiral Croft", "Mrs Croft"} <= set(by_name)
    assert all(len(character.mentions) == 1 for name, character in by_name.items() if "Tanaka" in name or "Croft" in name)


def test_a_titled_surname_joins_the_one_full_name_it_fits():
    found = registry(
        """\
        Dmitri Volkov ran the night shift. Mr Volkov never missed a train.

        Volkov said little, and nobody asked him much.
        """
    )
    [character] = [character for character in found if "Volkov" in character.name]
    assert {"Mr Volkov", "Volkov"} <= character.aliases
    assert len(character.mentions) == 3


def test_a_bare_surname_goes_to_the_person_named_last():
    found = registry(
        """\
        Aigerim Seitkali and her brother Daniyar Seitkali drove the flock to the lake.

        Aigerim counted the sheep. Seitkali was always the careful one.

        Daniyar lit the fire. Seitkali had brought the matches.
        """
    )
    by_name = {character.name: character for character in found}
    aigerim, daniyar = by_name["Aigerim Seitkali"], by_name["Daniyar Seitkali"]
    assert [m.form for m in aigerim.mentions].count("Seitkali") == 1
    assert [m.form for m in daniyar.mentions].count("Seitkali") == 1


def test_evidence_is_kept_for_the_character_report():
    [character] = [c for c in registry("Ananya Krishnan put down her pen and said nothing.\n") if c.name.startswith("Ananya")]
    assert character.evidence["given name"] == 1
    assert character.evidence["subject of a person's verb"] >= 1


# Cues for a person, each with text that must pass.


def test_a_person_given_a_name_is_a_character():
    found = names(
        """\
        Call me Ishmael. Some years ago I went to sea.

        The station's keeper, an old meteorologist named Pyotr, had left a note. And her
        name is Ursula.
        """
    )
    assert {"Ishmael", "Pyotr", "Ursula"} <= found


def test_a_place_given_a_name_is_not():
    found = names(
        """\
        We drove to a town called Leeds and stayed two nights. The ship named Pequod
        sailed at noon, and the town called Leeds was soon out of sight.
        """
    )
    assert not found & {"Leeds", "Pequod"}


def test_someone_spoken_to_in_dialogue_is_a_character():
    found = names(
        """\
        "Wal, Beasley, are you here?" queried a loud voice.

        "Hullo, Wilson!" he said. Beasley did not answer.
        """
    )
    assert {"Beasley", "Wilson"} <= found


def test_places_in_a_spoken_list_are_not_spoken_to():
    found = names(
        """\
        "You have seen Paris, Vienna and Rome," she said. "Now see Lisbon."
        """
    )
    assert not found & {"Paris", "Vienna", "Rome", "Lisbon"}


def test_a_subject_with_his_or_her_own_pronoun_and_a_who_clause_are_people():
    found = names(
        """\
        With a philosophical flourish Cato throws himself upon his sword.

        Surely all this is not without meaning, and still deeper the meaning of that story
        of Narcissus, who because he could not grasp the image drowned.
        """
    )
    assert {"Cato", "Narcissus"} <= found


def test_a_thing_with_its_own_pronoun_or_a_which_clause_is_not():
    found = names(
        """\
        At dawn Cessna lifted its nose into the wind. We flew over Kallang, which lay
        under fog.
        """
    )
    assert not found & {"Cessna", "Kallang"}


def test_a_family_is_the_plural_of_a_persons_surname():
    found = registry(
        """\
        John Clayton was an Englishman. Clayton sailed for Africa with his wife in May.

        The Claytons had hardly landed when the sailors mutinied, and the Claytons were
        left on the shore.
        """
    )
    families = [character for character in found if character.is_family]
    assert [(family.name, len(family.mentions)) for family in families] == [("Claytons", 2)]


def test_a_plural_of_no_ones_name_is_no_family():
    found = registry(
        """\
        John Clayton crossed the Andes twice. Clayton liked the Andes better than the Alps.
        """
    )
    assert not any(character.is_family for character in found)


def test_places_months_and_feasts_are_not_characters_though_a_name_list_has_them():
    found = names(
        """\
        Sir Walter Elliot, of Kellynch Hall, never took up any book but the Baronetage.
        Kellynch Hall was let in November, and November was wet.

        João took the room on Rua das Flores. Rua das Flores was narrow and pink. Anne Hall
        lived at the end of it, and Anne Hall said hello.
        """
    )
    assert not found & {"Kellynch Hall", "November", "Rua das Flores"}
    assert "Anne Hall" in found  # a surname that is a place word, after a given name


def test_a_word_the_story_writes_in_lower_case_is_no_name_when_it_only_opens_sentences():
    found = names(
        """\
        "Reckon so," said Jim. "Reckon he'll come," said Jim. I reckon he did.
        """
    )
    assert "Reckon" not in found


def test_a_heading_does_not_lend_its_article_to_the_next_paragraph():
    found = names(
        """\
        The Night Shift

        Grigori Orlova had spent thirty-one winters on the mountain, and he still climbed
        the stairs every night.
        """
    )
    assert "Grigori Orlova" in found


def test_the_name_data_alone_makes_nobody_a_person():
    # London is a given name somewhere; a place named twice is still a place.
    found = names("The fog in London was thick. We left London at noon.\n")
    assert "London" not in found


# The same cues on the LitBank excerpts they come from.

LITBANK = Path(__file__).resolve().parents[2] / "shared" / "litbank" / "coref"


def litbank_excerpt(stem: str, start: str, words: int) -> str:
    path = LITBANK / f"{stem}.txt"
    if not path.is_file():
        pytest.skip("needs ../shared/litbank")
    text = path.read_text(encoding="utf-8")
    begin = text.index(start)
    return " ".join(text[begin:].split(" ")[:words]) + "\n"


@pytest.mark.parametrize(
    "stem, start, words, person",
    [
        ("2489_moby_dick_brat", "Call me Ishmael", 60, "Ishmael"),  # named
        ("4300_ulysses_brat", "And her name is Ursula", 30, "Ursula"),  # named
        ("78_tarzan_of_the_apes_brat", "I had this story", 3000, "Claytons"),  # a family
    ],
)
def test_litbank_people_found_by_the_new_cues(stem, start, words, person):
    assert person in names(litbank_excerpt(stem, start, words))


def test_litbank_place_is_not_a_character():
    found = names(litbank_excerpt("105_persuasion_brat", "Sir Walter Elliot", 400))
    assert "Kellynch Hall" not in found and "Walter Elliot" in {name.removeprefix("Sir ") for name in found}


# Characters known only by a role or kin noun.


def story_analysis(text: str):
    document = Document("story.txt", textwrap.dedent(text))
    return analyse(Story([document]), Analysis.COREFERENCE, DEFAULT_MODEL)


def summary_of(text: str) -> dict[str, dict]:
    return {character["name"]: character for character in story_analysis(text).summary()["characters"]}


def test_a_role_noun_said_of_a_name_is_that_character_and_brings_its_pronouns():
    analysis = story_analysis(
        """\
        His grandfather, Eero, had fished the lake for sixty years. The grandfather rose before dawn every day of his life, and he mended the nets himself.
        """
    )
    [eero] = [character for character in analysis.characters if character.name == "Eero"]
    assert [mention.form for mention in eero.mentions if mention.by_role] == ["The grandfather"]
    assert eero.name_mentions == [mention for mention in eero.mentions if not mention.by_role]
    assert analysis.characters.unnamed == []
    assert analysis.summary()["characters"][0]["pronouns"].get("he/him", 0) >= 1


def test_a_noun_said_of_a_name_after_it_joins_too():
    found = registry(
        """\
        Ilse Brandt, the landlady, counted the keys at midnight. At two the landlady counted them again.
        """
    )
    [ilse] = [character for character in found if character.name == "Ilse Brandt"]
    assert [mention.form for mention in ilse.mentions if mention.by_role] == ["the landlady"]
    assert found.unnamed == []


def test_a_person_noun_of_either_sex_said_of_a_name_joins_it_but_alone_is_nobody():
    found = registry(
        """\
        Mateo Quispe, the night technician, checked the gauges at midnight. At two the technician checked them again.

        The doctor came at dawn. Later the doctor left.
        """
    )
    [mateo] = [character for character in found if character.name == "Mateo Quispe"]
    assert [mention.form for mention in mateo.mentions if mention.by_role] == ["the technician"]
    assert found.unnamed == []


def test_a_role_noun_said_of_two_names_joins_neither():
    found = registry(
        """\
        Her brother Tomas came at noon. Later her brother Ivo came too, and the brother sat down by the fire.
        """
    )
    assert not any(mention.by_role for character in found for mention in character.mentions)
    assert found.unnamed == []


def test_an_unnamed_character_has_the_sex_of_its_noun_and_the_pronouns_that_carry_it_on():
    characters = summary_of(
        """\
        The lake was grey that morning.

        The waitress brought the coffee over. She set it down carefully and went back to the counter, where she wiped the glasses.
        """
    )
    waitress = characters["the waitress"]
    assert waitress["unnamed"] and waitress["role_gender"] == "feminine"
    assert waitress["pronouns"] == {"she/her": 2}


def test_unnamed_characters_stay_out_of_the_named_ones():
    analysis = story_analysis("The waitress brought the coffee over. She set it down and went back to the counter.\n")
    assert [character.name for character in analysis.characters] == []
    assert [character.name for character in analysis.characters.unnamed] == ["the waitress"]


def test_a_role_noun_without_a_determiner_or_said_once_without_pronouns_is_nobody():
    analysis = story_analysis(
        """\
        A waitress came by with the menus. The rain had stopped, and the street was full of puddles.

        Tomas looked at the river for a long time. Then he paid for the coffee and left.
        """
    )
    assert analysis.characters.unnamed == []


def test_the_characters_text_marks_unnamed_characters():
    from prose_lint.formatters.characters import render_text

    analysis = story_analysis("The grandfather rose before dawn. He lit his pipe and walked down to the jetty.\n")
    text = render_text([analysis.summary()])
    assert "the grandfather (unnamed, masculine by its noun): 1 mentions; he/him 2" in text


def test_litbank_the_widow_is_an_unnamed_woman_with_her_pronouns():
    # Huckleberry Finn: "The widow she cried over me, and called me a poor
    # lost lamb, and she called me a lot of other names".
    characters = summary_of(litbank_excerpt("76_adventures_of_huckleberry_finn_brat", "The widow she cried", 120))
    widow = characters["the widow"]
    assert widow["unnamed"] and widow["role_gender"] == "feminine"
    assert set(widow["pronouns"]) == {"she/her"}


def test_without_pronouns_only_a_role_noun_the_story_comes_back_to_is_someone():
    assert [c.name for c in registry("The waitress came by at noon. Later the waitress came back with the bill.\n").unnamed] == ["the waitress"]
    assert registry("The waitress came by at noon. The rain had stopped.\n").unnamed == []
def test_one_of_the_people_a_name_is_said_to_be_tells_their_sex():
    found = {
        character.name: character.described_gender
        for character in registry(
            """\
            Sisa learned to weave before she could read. Sisa was one of the last women in the village who
            knew the old dyes. Amaru was one of the drivers who brought the tourists up from the town.
            """
        )
    }
    assert found["Sisa"] == "feminine"
    assert found["Amaru"] is None  # "drivers" says nothing of his sex


def test_a_name_said_to_be_one_of_many_things_is_no_evidence_of_sex():
    found = {
        character.name: character.described_gender
        for character in registry("Sisa was one of the last in the village who knew the old dyes. Sisa laughed.\n")
    }
    assert found.get("Sisa") is None


def test_a_possessive_opening_a_name_is_no_part_of_it():
    # "My" is a Vietnamese given name too, but not as a pronoun.
    text = (
        "My Lady Dedlock has returned to her house in town for a few days. My Lady Dedlock says she has "
        "been bored to death. My Lady Dedlock is at her window, and she looks out at the rain.\n"
    )
    assert "Lady Dedlock" in names(text) and not any(name.startswith("My") for name in names(text))


def test_a_name_after_a_place_preposition_in_half_its_mentions_is_a_place():
    """Bleak House: the parser labels "Chesney Wold" a person 55 times in
    103, and 52 of its mentions are "at" or "down in" it."""
    from collections import Counter

    from prose_lint.characters import _Name

    place = _Name(("Chesney", "Wold"), occurrences=103, evidence=Counter(
        {"PERSON label": 55, "not after a place preposition": 52, "addressed": 2, "person noun beside": 2}
    ))
    person = _Name(("Anne", "Elliot"), occurrences=103, evidence=Counter(
        {"PERSON label": 55, "not after a place preposition": 12, "addressed": 2, "person noun beside": 2}
    ))
    assert not place.is_person and person.is_person



def test_an_ordinary_word_opening_a_sentence_is_no_mention_of_the_name_it_begins():
    # "Poor William!" makes a full name; "Justine Moritz!  Poor, poor girl" is
    # about her, and the story writes "poor" in lower case elsewhere.
    novel = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "84_frankenstein_or_the_modern_prometheus.txt"
    if not novel.is_file():
        pytest.skip("needs ../shared/corpus")
    lines = novel.read_text(encoding="utf-8").splitlines(keepends=True)
    excerpt = "".join(lines[2004:2205])
    forms = {mention.form for character in registry(excerpt) for mention in character.mentions}
    assert "Poor William" in forms
    assert "Poor" not in forms


def test_a_word_the_story_writes_far_more_often_in_lower_case_is_no_name():
    # A personified abstraction, against a character whose name is a word too.
    text = """\
        "Nature forgot to finish him," said Mr. Pell, and Nature laughed at his
        nature. It was not in his nature to mind. Her nature was kind; his nature was
        not. Human nature is what it is, and nature is patient.

        Crow sat by the fire and said nothing. Crow had come down from the hills at
        dawn, and Crow did not like the town. Outside, a crow called twice.
        """
    found = names(text)
    assert "Nature" not in found
    assert "Crow" in found


def test_a_full_name_a_noun_says_is_a_woman_s_keeps_apart_from_mr_of_her_surname():
    # "Winnie" is given to both sexes; "a young woman" says which she is.
    by_name = {
        character.name: character
        for character in registry(
            """\
            Winnie Verloc was a young woman with a full bust and broad hips. Mr Verloc kept a shop in Soho.
            Mr Verloc went out in the evenings. Winnie Verloc stayed at home with her brother.
            """
        )
    }
    assert {"Winnie Verloc", "Mr Verloc"} <= set(by_name)
    assert "Mr Verloc" not in by_name["Winnie Verloc"].aliases


def test_a_full_name_a_noun_says_is_a_man_s_takes_mr_of_his_surname():
    by_name = {
        character.name: character
        for character in registry(
            """\
            Jules Verloc was a heavy man with a thick moustache. Mr Verloc kept a shop in Soho.
            Mr Verloc went out in the evenings. Jules Verloc came home late.
            """
        )
    }
    assert "Mr Verloc" in by_name["Jules Verloc"].aliases


def test_titles_from_many_cultures_give_the_gender_and_are_no_part_of_the_name():
    found = {
        character.name: (character.given, character.surname, character.title_gender)
        for character in registry(
            """\
            Malam Garba put the call through. Hajiya Binta Yusuf waited by the door, and
            Pak Budi brought the tea. Bu Sari laughed at him.
            """
        )
    }
    assert found["Malam Garba"] == (None, None, "masculine")
    assert found["Binta Yusuf"] == ("Binta", "Yusuf", "feminine")
    assert found["Pak Budi"][2] == "masculine" and found["Bu Sari"][2] == "feminine"


def test_a_title_that_is_a_given_name_too_is_the_name_when_used_alone():
    def given_names(text: str) -> dict[str, str | None]:
        return {character.name: character.given for character in registry(text)}

    # A title right before a name.
    assert given_names("Don Pedro poured the wine. Later Don Pedro sat down by the fire.\n") == {"Don Pedro": None}
    # Alone, the name itself.
    assert given_names("Don poured the wine. Later Don sat down by the fire and laughed.\n") == {"Don": None}
    # And so before a name too, in a story that uses it alone.
    assert given_names(
        "Lola Montez came in from the rain. Lola said nothing for a long while, and Lola Montez laughed.\n"
    ) == {"Lola Montez": "Lola"}


def test_a_bare_given_name_and_a_full_name_said_to_be_of_two_sexes_are_two_people():
    characters = registry(
        """\
        Pema Yangzom had kept the herd for twenty years. Their daughter Dawa was nine, and she sat on the tent rope
        with her chin on her knees.

        At dusk Dawa came back across the valley with Dawa Tsering, the neighbours' eldest son, a broad young man
        with a torch strapped to his forehead. Dawa ran ahead of him to the tent.
        """
    )
    assert {"Dawa", "Dawa Tsering"} <= {character.name for character in characters}
