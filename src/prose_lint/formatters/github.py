"""GitHub Actions workflow commands, so findings show as annotations on a pull request."""

from __future__ import annotations

from ..findings import Finding, RuleInfo, Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape(value).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding], rules: list[RuleInfo] = ()) -> str:
    return "".join(
        f"::{_LEVEL[f.severity]} file={_escape_property(f.path)},line={f.line},col={f.column},"
        f"endLine={f.end_line},endColumn={f.end_column},title={_escape_property(f.rule)}::{_escape(f.message)}\n"
        for f in findings
    )
