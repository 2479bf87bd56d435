"""Reflexives bound by a word of the other gender, on parsed sentences."""

from __future__ import annotations

import pytest

from prose_lint.binding import holding_nouns, mismatched_binders
from prose_lint.nlp import DEFAULT_MODEL, load_pipeline
from prose_lint.pronouns import pronoun_gender


def mismatches(sentence: str) -> list[tuple[str, str]]:
    doc = load_pipeline(DEFAULT_MODEL, False)(sentence)
    genders = {"mary": "feminine", "woman": "feminine", "man": "masculine"}
    return [
        (reflexive.text, binder.text)
        for reflexive, binder in mismatched_binders(doc, lambda token: pronoun_gender(token.text) or genders.get(token.lower_))
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("My father had often hinted that he seldom conducted herself like a Christian.", ("herself", "he")),
        ("He allowed herself to be dissuaded by the objections of his niece.", ("herself", "He")),
        ("But a lovely mummer! she murmured to himself.", ("himself", "she")),
        ("The old woman sat by the fire and warmed himself.", ("himself", "woman")),
        # Two coordinated verbs up, sharing the subject.
        (
            "At the end he sat down on the bench, pulled off his cap, and let herself rest there for a while.",
            ("herself", "he"),
        ),
    ],
)
def test_a_reflexive_bound_by_the_other_gender_is_found(sentence, expected):
    assert mismatches(sentence) == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "He seldom conducted himself like a Christian.",
        # Bound by the object: "him" is the one washed.
        "She told him to wash himself before supper.",
        "He made her hate herself.",
        # Older prose points reflexives in prepositional phrases further away.
        "Once she felt that he was looking at herself.",
        "She left it to himself to recollect that he had promised.",
        "She herself had never seen the sea.",
        "Mary sat by herself in the garden.",
        "At the end she sat down on the bench, pulled off her cap, and let herself rest there for a while.",
        # The clause has a subject of its own.
        "He sat down on the bench, and she let herself rest there for a while.",
        "He pulled off his cap and told her to let herself rest.",
        # The parse joins "turned" to "cried", past another clause's subject.
        "She softened more and more while saying this and cried so much over the unwonted little home-picture she "
        "had raised in her mind that Peepy, in his cave under the piano, was touched, and turned himself over on his "
        "back with loud lamentations.",
    ],
)
def test_a_reflexive_that_agrees_or_may_point_elsewhere_is_not(sentence):
    assert mismatches(sentence) == []


def possessives_and_their_nouns(sentence: str) -> dict[str, list[str]]:
    doc = load_pipeline(DEFAULT_MODEL, False)(sentence)
    return {f"{token.text}@{token.i}": [noun.text for noun in holding_nouns(token)] for token in doc if token.tag_ == "PRP$"}


def test_a_possessive_is_held_by_its_noun_and_the_nouns_that_noun_is_joined_to():
    held = possessives_and_their_nouns("She had once been his love and his bride.")
    assert sorted(held.values()) == [["bride", "love"], ["love"]]


def test_a_possessive_on_its_own_is_held_by_its_noun_alone():
    assert list(possessives_and_their_nouns("He folded her razor neatly.").values()) == [["razor"]]
