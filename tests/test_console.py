"""The summary line, the statistics table and the progress wrapper."""

from __future__ import annotations

from prose_lint.console import statistics, summary, with_progress
from prose_lint.findings import Finding, Fix, Severity


def finding(rule: str = "mojibake", severity: Severity = Severity.ERROR, fix: bool = False) -> Finding:
    return Finding("a.txt", 1, 1, 1, 2, rule, severity, "m", fix=Fix(0, 1, "x") if fix else None)


def test_summary_counts_findings_files_errors_and_fixes():
    findings = [finding(fix=True), finding(severity=Severity.WARNING), finding(rule="encoding")]
    assert summary(findings, 3, 0) == "3 findings in 3 files (2 errors), 1 fixable with --fix."
    assert summary([finding(severity=Severity.INFO)], 1, 0) == "1 finding in 1 file."
    assert summary([], 1_200, 2) == "0 findings in 1,200 files; fixed 2 findings."


def test_statistics_sort_by_count_then_rule():
    findings = [finding("b"), finding("a"), finding("c", fix=True), finding("c", fix=True)]
    assert statistics(findings) == "     2  c  (2 fixable)\n     1  a\n     1  b\n"
    assert statistics([]) == ""


def test_progress_off_yields_the_results_untouched():
    results = [object(), object()]
    assert list(with_progress(iter(results), [], enabled=False)) == results
