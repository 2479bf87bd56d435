"""Which character each pronoun refers to: the links a noun said of a
character makes, and what is not said of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from prose_lint.engine import lint_text
from prose_lint.rules_loader import load_rules

BLEAK_HOUSE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "1023_bleak_house.txt"
RULES = {rule.id: rule for rule in load_rules([])}


def test_she_spoken_to_as_my_lady_is_not_the_man_presented_to_her():
    """Bleak House: "Mr. Bucket, my Lady." ... "She scarcely makes a stop,
    and sweeps upstairs alone. Mr. Bucket ... watches her as she goes up"."""
    if not BLEAK_HOUSE.is_file():
        pytest.skip(f"{BLEAK_HOUSE} not available")
    lines = BLEAK_HOUSE.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lint_text("".join(lines[32500:32600]), [RULES["pronoun-gender-drift"]]) == []
