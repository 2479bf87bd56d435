"""Every built-in rule carries texts it must flag and texts it must pass; run them all."""

from __future__ import annotations

import pytest

from prose_lint.engine import lint_text
from prose_lint.nlp import DEFAULT_MODEL
from prose_lint.rules_loader import BUILTIN_RULES, load_rules

RULES = load_rules([])


def _cases(attribute: str):
    return [
        pytest.param(rule, example, id=f"{rule.id}:{example.line}")
        for rule in RULES
        for example in getattr(rule, attribute)
    ]


def test_every_builtin_rule_has_flagged_and_passing_examples():
    for rule in RULES:
        assert rule.flagged, f"{rule.source} has no examples that must be flagged"
        assert rule.passing, f"{rule.source} has no examples that must pass"


def test_builtin_rules_are_the_yaml_files_of_the_rules_folder():
    assert sorted(rule.source.name for rule in RULES) == sorted(p.name for p in BUILTIN_RULES.glob("*.yaml"))


@pytest.mark.parametrize("rule, example", _cases("flagged"))
def test_flagged_example_is_flagged(rule, example):
    findings = lint_text(example.text, [rule], model=DEFAULT_MODEL)
    assert findings, f"{rule.source}:{example.line}: expected a {rule.id} finding, got none"
    assert {finding.rule for finding in findings} == {rule.id}


@pytest.mark.parametrize("rule, example", _cases("passing"))
def test_passing_example_passes(rule, example):
    findings = lint_text(example.text, [rule], model=DEFAULT_MODEL)
    assert findings == [], f"{rule.source}:{example.line}: expected no finding, got {findings}"
