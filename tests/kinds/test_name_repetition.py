"""name-repetition: full names from many cultures, found by evidence."""

from __future__ import annotations

import textwrap

from prose_lint.engine import lint_text
from prose_lint.rules_loader import load_rules

RULE = next(rule for rule in load_rules([]) if rule.id == "name-repetition")


def repeated(full_name: str, pronoun: str) -> str:
    """Seven paragraphs, each opening with the full name."""
    actions = [
        "had not stepped into the ring for fourteen months",
        "spent the first weeks after the surgery unable to make a fist",
        "went back to the gym in the fourth month",
        "trained on the heavy bag until the light went",
        "was offered a fight in the spring",
        "walked into the arena on a cold Saturday in April",
        "sat in the corner afterwards and said nothing at all",
    ]
    return "\n\n".join(f"{full_name} {action}, and {pronoun} did not complain." for action in actions) + "\n"


def test_a_hyphenated_surname_repeated_in_every_paragraph_is_reported():
    findings = lint_text(repeated("Chukwuemeka Okonkwo-Reid", "he"), [RULE])
    assert len(findings) == 6  # every paragraph after the first
    assert all("'Chukwuemeka Okonkwo-Reid' again" in finding.message for finding in findings)


def test_a_surname_with_particles_repeated_in_every_paragraph_is_reported():
    findings = lint_text(repeated("Marisol de la Cruz", "she"), [RULE])
    assert [finding.line for finding in findings] == [3, 5, 7, 9, 11, 13]
    assert "use 'Marisol'" in findings[0].message


def test_a_full_name_at_the_start_and_the_end_only_passes():
    text = textwrap.dedent(
        """\
        Ananya Krishnan had worked the night desk for six years.

        She knew every caller by voice. Ananya kept a thermos of tea by the phone.

        At four the lines went quiet, and she read until dawn.

        When the day shift came, Ananya Krishnan handed over the log and went home.
        """
    )
    assert lint_text(text, [RULE]) == []


def test_a_title_before_a_name_is_no_full_name():
    # Malam is a Hausa title, like Mr: "Malam Garba" is Garba with his title.
    assert lint_text(repeated("Malam Garba", "he"), [RULE]) == []
    assert lint_text(repeated("Pak Budi", "he"), [RULE]) == []


def test_a_full_name_after_a_title_is_reported_as_after_mr():
    for full, short in (("Mr John Hale", "John"), ("Alhaji Musa Bello", "Musa"), ("Hajiya Binta Yusuf", "Binta")):
        findings = lint_text(repeated(full, "he"), [RULE])
        assert len(findings) == 6 and f"use '{short}'" in findings[0].message


def test_a_run_of_full_names_after_the_given_name_alone_is_reported():
    # Over the whole story the full name is under half of the mentions; in
    # the run it is nearly all of them.
    opening = [
        "Litia ran the nursing station on the island, and she knew every family on it.",
        "Litia kept the radio on all night when the weather turned.",
        "Litia had delivered half the children in the village, and she had buried some of their grandparents.",
        "Litia listened to the forecast twice and then went to find the chief.",
        "Litia and the chief agreed that the old people should sleep in the church.",
        "Litia went home to pack a bag.",
        "Litia slept for two hours in her chair.",
        "Litia woke before the wind did.",
    ]
    text = "\n\n".join(opening) + "\n\n" + repeated("Litia Vuniwaqa", "she")
    findings = lint_text(text, [RULE])
    assert [finding.line for finding in findings] == [17, 19, 21, 23, 25, 27, 29]
