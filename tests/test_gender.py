"""Gender evidence: given names from many cultures, titles, and settling a
character's gender from their pronouns."""

from __future__ import annotations

from collections import Counter

import pytest

from prose_lint.gender import (
    cues,
    given_name_gender,
    in_a_series,
    in_address,
    is_title,
    is_title_and_given_name,
    only_words,
    person_nouns,
    role_gender,
    says_nothing_of,
    settled_gender,
    title_gender,
)
from prose_lint.pronouns import FEMININE, MASCULINE, NEUTRAL


@pytest.mark.parametrize(
    "name, gender",
    [
        ("Ananya", FEMININE),  # India
        ("Chinedu", MASCULINE),  # Nigeria
        ("Ifeoma", FEMININE),
        ("Eero", MASCULINE),  # Finland
        ("Grigori", MASCULINE),  # romanised from Cyrillic
        ("Natalya", FEMININE),
        ("Pyotr", MASCULINE),  # from gender-guesser's dictionary: Faker writes Петр, romanised Petr
        ("Aigerim", FEMININE),  # Kazakhstan, from the dictionary
        ("Jin-woo", MASCULINE),  # Korea, a lower-case second syllable as English prose writes it
        ("Mi-kyung", FEMININE),
        ("Wanjiru", FEMININE),  # Kenya: Faker's list of men's names has it, the build corrects it
        ("Njeri", FEMININE),
        ("Kamau", MASCULINE),
        ("Andrea", None),  # a man's name in Italy, a woman's in Germany
        ("Sasha", None),
        ("Nino", None),
        ("Xqzv", None),  # not a name at all
        ("London", None),  # the dictionary gives it as either, so it gives no gender
    ],
)
def test_given_names(name, gender):
    assert given_name_gender(name) == gender


def test_titles_from_several_languages():
    assert title_gender("Mrs.") == FEMININE
    assert title_gender("Seu") == MASCULINE and title_gender("Dona") == FEMININE
    assert title_gender("Dr") is None and is_title("Dr")
    assert not is_title("Ananya")


@pytest.mark.parametrize(
    "title, gender",
    [
        ("Malam", MASCULINE),  # Hausa
        ("Alhaji", MASCULINE),
        ("Hajiya", FEMININE),
        ("Bwana", MASCULINE),  # Swahili
        ("Pak", MASCULINE),  # Indonesian
        ("Bu", FEMININE),
        ("Kuya", MASCULINE),  # Filipino
        ("Lola", FEMININE),
        ("Mevrouw", FEMININE),  # Dutch
        ("Señora", FEMININE),
        ("Dom", MASCULINE),  # Portuguese
        ("Shri", MASCULINE),  # India
        ("Smt.", FEMININE),
        ("Ông", MASCULINE),  # Vietnamese
        ("Mwalimu", None),  # a teacher, man or woman
        ("Rabbi", None),
    ],
)
def test_titles_from_many_cultures(title, gender):
    assert is_title(title) and title_gender(title) == gender


def test_ordinary_words_and_places_are_no_titles():
    assert not any(is_title(word) for word in ("Ate", "Sri", "Mama", "Donna", "Bey"))


def test_a_title_that_is_a_given_name_too_is_a_title():
    assert is_title_and_given_name("Lola") and is_title_and_given_name("Don") and not is_title_and_given_name("Malam")
    assert cues().titles_also_given_names <= set(cues().titles)


def test_on_and_off_are_words_in_their_lists():
    # Unquoted, YAML reads "on" and "off" as true and false; cues() would
    # raise, and the lists would lack the words.
    assert "on" in cues().place_prepositions and "off" in cues().going_away


def test_a_word_list_with_a_yaml_boolean_is_an_error():
    only_words({"going_away": ["away", "out"]}, "cues")
    with pytest.raises(ValueError, match=r"cues\.going_away: False is not a word; quote it"):
        only_words({"going_away": ["away", False]}, "cues")


def test_role_and_person_nouns():
    assert role_gender("landlady") == FEMININE and role_gender("grandfather") == MASCULINE
    assert role_gender("nurse") is None
    assert {"nurse", "technician", "doctor"} <= person_nouns()
    assert "hand" not in person_nouns()  # "her hand" is no farm hand


def test_settled_gender():
    settle = lambda pronouns, hint=None: settled_gender(Counter(pronouns), hint, min_pronouns=3, min_majority=0.75)
    assert settle({MASCULINE: 9, FEMININE: 1}) == MASCULINE
    assert settle({MASCULINE: 2}) is None  # too few
    assert settle({MASCULINE: 5, FEMININE: 4}) is None  # no clear majority
    assert settle({NEUTRAL: 4, FEMININE: 1}) == NEUTRAL
    assert settle({FEMININE: 4}, hint=MASCULINE) is None  # the name says otherwise
    # Name lists have errors: twenty pronouns that agree outweigh them.
    assert settle({FEMININE: 20}, hint=MASCULINE) == FEMININE


def words(sentence: str) -> dict:
    """The parsed tokens of ``sentence`` by their text (each word used once)."""
    from prose_lint.nlp import DEFAULT_MODEL, load_pipeline

    return {token.text: token for token in load_pipeline(DEFAULT_MODEL, False)(sentence)}


@pytest.mark.parametrize(
    "sentence, noun, address",
    [
        ('"Think of your mother, Mr. Smallweed," says Mr. George.', "mother", True),
        ('"Mr. Bucket, my Lady."', "Lady", True),
        ('"Poor Harville, sister! You know how much he wanted money."', "sister", True),
        ("John, my brother, came in from the yard.", "brother", False),
        ("Margaret Ellis, a widower of sixty, kept bees.", "widower", False),
        ("Anna Petrova, widow of the late count, kept the house.", "widow", False),
    ],
)
def test_words_of_address_say_nothing_of_the_name_beside_them(sentence, noun, address):
    assert in_address(words(sentence)[noun]) is address


@pytest.mark.parametrize(
    "sentence, first, second, series",
    [
        (
            "The forms of the venerable blind father, the gentle Agatha, and the excellent Felix flitted before me.",
            "father", "Agatha", True,
        ),
        (
            "Call on the names of William, Justine, Clerval, Elizabeth, my father, and of the wretched Victor.",
            "Elizabeth", "father", True,
        ),
        ("Margaret Ellis, a widower of sixty, kept bees behind the rectory.", "Ellis", "widower", False),
    ],
)
def test_items_of_a_list_are_not_an_apposition(sentence, first, second, series):
    word = words(sentence)
    assert in_a_series(word[first], word[second]) is series



@pytest.mark.parametrize(
    "sentence, name, noun, nothing",
    [
        # The noun may be said of the townsman the name hangs from.
        (
            '"A townsman of this Mrs. Rouncewell, a man in exactly parallel circumstances, had a daughter."',
            "Rouncewell", "man", True,
        ),
        ("The son of Dr. Okafor, a quiet boy of nine, waited by the gate.", "Okafor", "boy", True),
        # Hung from a thing, or standing alone, the noun is said of the name.
        ("The house of Mrs. Okafor, a widow of sixty, stood by the gate.", "Okafor", "widow", False),
        ("Margaret Ellis, a widower of sixty, kept bees behind the rectory.", "Ellis", "widower", False),
        ('"Mr. Bucket, my Lady."', "Bucket", "Lady", True),
    ],
)
def test_a_noun_set_off_beside_a_name_may_say_nothing_of_it(sentence, name, noun, nothing):
    word = words(sentence)
    assert says_nothing_of(word[name], word[noun]) is nothing


@pytest.mark.parametrize(
    "name, gender",
    [
        # Not in the lists with its accents, and found without them.
        ("Siobhán", FEMININE),
        ("Ciarán", MASCULINE),
        # In the lists with its accents: Andrée is a woman, Andre a man.
        ("Andrée", FEMININE),
        # Marks other than the acute may tell names apart: Bảo is no Bao.
        ("Bảo", None),
    ],
)
def test_a_given_name_with_acute_accents_the_lists_lack_is_found_without_them(name, gender):
    assert given_name_gender(name) == gender
