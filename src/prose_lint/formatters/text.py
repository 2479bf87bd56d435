"""``path:line:col: severity rule-id message``, one finding a line, like a compiler."""

from __future__ import annotations

from ..findings import Finding, RuleInfo


def render(findings: list[Finding], rules: list[RuleInfo] = ()) -> str:
    return "".join(
        f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}\n" for f in findings
    )
