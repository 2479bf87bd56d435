"""mojibake: locating the repaired stretches in linear time, as
SequenceMatcher did on ordinary lines."""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest

from prose_lint.kinds.mojibake import _changes


def sequence_matcher(line: str, fixed: str) -> list[tuple[int, int, str]]:
    matcher = SequenceMatcher(None, line, fixed, autojunk=False)
    return [(s, e, fixed[fs:fe]) for tag, s, e, fs, fe in matcher.get_opcodes() if tag != "equal" and e > s]


@pytest.mark.parametrize(
    "line, fixed",
    [
        ("They met at the cafÃ© on the corner.", "They met at the café on the corner."),
        ("a â€“ dash and a Ã© and Ã¼ber", "a – dash and a é and über"),
        ("jetÃ© ÉÃ© naïve", "jeté Éé naïve"),
        ("Ã©", "é"),
    ],
)
def test_changes_match_sequence_matcher_on_ordinary_lines(line, fixed):
    assert list(_changes(line, fixed)) == sequence_matcher(line, fixed)


def test_a_consumed_space_is_one_change():
    # "Ã " was "à" with its no-break space turned into a space.
    assert list(_changes("voilÃ  tout", "voilà tout")) == [(4, 6, "à")]


def test_a_megabyte_line_is_located_quickly():
    words = "word " * 200_000
    line, fixed = words + "cafÃ© " + words, words + "café " + words
    assert list(_changes(line, fixed)) == [(len(words) + 3, len(words) + 5, "é")]
