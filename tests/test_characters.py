"""The character registry: who counts as a person, under which names, and
who is kept apart."""

from __future__ import annotations

import textwrap

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
