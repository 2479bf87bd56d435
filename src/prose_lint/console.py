"""What a person at a terminal sees besides the report: the progress bar
and the summary line on stderr, and the --statistics table."""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Iterable, Iterator

from .findings import Finding, Severity
from .reading import display_path


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def summary(findings: list[Finding], files: int, fixed: int) -> str:
    """One line: what was found, how much --fix can do, what it did."""
    errors = sum(finding.severity == Severity.ERROR for finding in findings)
    fixable = sum(finding.fix is not None for finding in findings)
    line = f"{plural(len(findings), 'finding')} in {plural(files, 'file')}"
    if errors:
        line += f" ({plural(errors, 'error')})"
    if fixable:
        line += f", {fixable:,} fixable with --fix"
    if fixed:
        line += f"; fixed {plural(fixed, 'finding')}"
    return line + "."


def statistics(findings: list[Finding]) -> str:
    """Findings per rule, most first, with how many of them --fix can fix."""
    counts = Counter(finding.rule for finding in findings)
    fixable = Counter(finding.rule for finding in findings if finding.fix is not None)
    return "".join(
        f"{count:6}  {rule_id}" + (f"  ({fixable[rule_id]} fixable)" if fixable[rule_id] else "") + "\n"
        for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def with_progress(results: Iterable, plans: list, enabled: bool) -> Iterator:
    """Yield each story's result; when enabled, a bar on stderr once the run passes two seconds:
    files done of total, words per second and the file being read."""
    if not enabled:
        yield from results
        return
    from tqdm import tqdm

    started, words = time.monotonic(), 0
    with tqdm(total=sum(len(plan.sources) for plan in plans), unit="file", file=sys.stderr, delay=2, leave=False) as bar:
        for position, (plan, result) in enumerate(zip(plans, results)):
            words += result.words
            bar.update(len(plan.sources))
            rate = words / max(time.monotonic() - started, 1e-6)
            following = display_path(plans[position + 1].sources[0]) if position + 1 < len(plans) else ""
            bar.set_postfix_str(f"{rate:,.0f} words/s {following}".rstrip(), refresh=False)
            yield result
