"""Every built-in rule has a reference page under docs/rules/, and it is current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from prose_lint.rules_loader import load_rules

DOCS = Path(__file__).resolve().parents[1] / "docs"
RULES = load_rules([])


def _pages_module():
    spec = importlib.util.spec_from_file_location("rule_pages", DOCS / "rule_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_has_a_current_page(rule):
    page = DOCS / "rules" / f"{rule.id}.md"
    assert page.is_file(), f"{page} is missing: run uv run python docs/rule_pages.py"
    assert page.read_text(encoding="utf-8") == _pages_module().render(rule), (
        f"{page} is stale: run uv run python docs/rule_pages.py"
    )


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_page_documents_every_option_and_both_kinds_of_example(rule):
    text = (DOCS / "rules" / f"{rule.id}.md").read_text(encoding="utf-8")
    for option in type(rule.kind).options:
        assert f"`{option}`" in text
    assert "## Flagged examples" in text and "## Passing examples" in text
    assert "## What it flags and why" in text
