"""One versioned JSON document: ``{"version": 1, "findings": [...]}``."""

from __future__ import annotations

import json

from ..findings import Finding, RuleInfo

FORMAT_VERSION = 1


def render(findings: list[Finding], rules: list[RuleInfo] = ()) -> str:
    document = {"version": FORMAT_VERSION, "findings": [finding.as_dict() for finding in findings]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
