"""SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

One run; the driver lists every rule that ran, with its reference page as
help. A result's region counts columns in Unicode code points, as prose-lint
does; a fix is one replacement of the result's region; the character, for
character rules, is in the result's ``properties``.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from ..findings import Finding, RuleInfo, Severity

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_NAME = "proseLintSentence/v1"


def render(findings: list[Finding], rules: list[RuleInfo] = ()) -> str:
    rules = list(rules)
    known = {rule.id for rule in rules}
    # A finding of a rule not described (a library caller's) still gets a rule entry.
    rules += [
        RuleInfo(rule_id, Severity.WARNING, rule_id, "")
        for rule_id in dict.fromkeys(f.rule for f in findings)
        if rule_id not in known
    ]
    index = {rule.id: position for position, rule in enumerate(rules)}
    run = {
        "tool": {"driver": {"name": "prose-lint", "version": _version(), "rules": [_rule(rule) for rule in rules]}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index[finding.rule]) for finding in findings],
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # a tenth of a plain run's start-up

    try:
        return version("prose-lint")
    except PackageNotFoundError:
        return "0"


def _rule(rule: RuleInfo) -> dict:
    entry = {
        "id": rule.id,
        "shortDescription": {"text": rule.description},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }
    if rule.help:
        entry["fullDescription"] = {"text": rule.description}
        entry["help"] = {"text": rule.help, "markdown": rule.help}
    return entry


def _region(finding: Finding) -> dict:
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }


def _artifact(path: str) -> dict:
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    # Relative to where prose-lint ran, which in CI is the repository root.
    return {"uri": quote(Path(path).as_posix()), "uriBaseId": "%SRCROOT%"}


def _result(finding: Finding, rule_index: int) -> dict:
    location = {"physicalLocation": {"artifactLocation": _artifact(finding.path), "region": _region(finding)}}
    result = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
    }
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_NAME: finding.fingerprint}
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f"Replace with '{finding.fix.replacement}'"},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(finding.path),
                        "replacements": [
                            {"deletedRegion": _region(finding), "insertedContent": {"text": finding.fix.replacement}}
                        ],
                    }
                ],
            }
        ]
    if finding.character is not None:
        result["properties"] = {"character": finding.character}
    return result
