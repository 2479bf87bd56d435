"""Score prose-lint on the development stories in ``../shared/stories``.

Each story file is keyed in ``key.yaml`` with the findings it should give
(``expect``) and the categories it must not give (``forbid``). An expected
entry, or a ``loose`` group (entries of one category and character), is one
expected finding; a finding of its category on one of its lines meets it. A
finding (one per file, line and category) is false when its category is
forbidden in the file, or expected there but on other lines. Chapter folders
are linted as manuscripts.

    uv run python bench/stories.py [--stories DIR] [--jobs N] [--verbose]

Prints precision and recall overall and per category, and every miss and
false finding with its line.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_STORIES = ROOT.parent / "shared" / "stories"

CATEGORY_OF_RULE = {
    "pronoun-gender-drift": "gender-drift",
    "name-repetition": "repetition",
    "mojibake": "mojibake",
    "name-variant": "name-variant",
    "name-gender-mismatch": "name-gender",
}
CATEGORIES = ("gender-drift", "repetition", "mojibake", "name-variant", "name-gender", "gender-drift|name-gender")


@dataclass
class Expected:
    """One expected finding: an entry, or a loose group of entries."""

    file: str
    category: str  # a category, or "a|b" where either is right
    character: str | None
    lines: set[int]
    met: bool = False

    def accepts(self, category: str, line: int) -> bool:
        return category in self.category.split("|") and line in self.lines


@dataclass
class Score:
    expected: list[Expected] = field(default_factory=list)
    true: Counter = field(default_factory=Counter)  # category -> true findings
    false: list[tuple[str, int, str, str]] = field(default_factory=list)  # file, line, category, message

    def precision(self, category: str | None = None) -> float:
        true = sum(n for c, n in self.true.items() if category in (None, c))
        false = sum(1 for _, _, c, _ in self.false if category in (None, c))
        return true / (true + false) if true + false else 1.0

    def recall(self, category: str | None = None) -> float:
        chosen = [e for e in self.expected if category in (None, e.category)]
        return sum(e.met for e in chosen) / len(chosen) if chosen else 1.0


def load_key(stories: Path) -> dict:
    return yaml.safe_load((stories / "key.yaml").read_text(encoding="utf-8"))["files"]


def expected_findings(key: dict) -> list[Expected]:
    found: list[Expected] = []
    groups: dict[tuple, Expected] = {}
    for file, entry in key.items():
        for item in entry.get("expect") or []:
            if item.get("loose"):
                group_key = (file, item["category"], item.get("character"))
                if group_key not in groups:
                    groups[group_key] = Expected(file, item["category"], item.get("character"), set())
                    found.append(groups[group_key])
                groups[group_key].lines.add(item["line"])
            else:
                found.append(Expected(file, item["category"], item.get("character"), {item["line"]}))
    return found


def lint(stories: Path, jobs: int) -> list[dict]:
    """prose-lint's JSON findings over every story, paths relative to ``stories``."""
    from prose_lint.cli import main

    keyed = sorted(load_key(stories))
    singles = [str(stories / name) for name in keyed if "/" not in name]
    folders = sorted({name.split("/")[0] for name in keyed if "/" in name})
    runs = [["--jobs", str(jobs), *singles]]
    runs += [["--manuscript", str(stories / folder)] for folder in folders]
    findings = []
    for args in runs:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--format", "json", *args])
        if code not in (0, 1):
            raise SystemExit(f"prose-lint exited {code} on {args}")
        for finding in json.loads(out.getvalue())["findings"]:
            finding["path"] = Path(finding["path"]).resolve().relative_to(stories.resolve()).as_posix()
            findings.append(finding)
    return findings


def score(key: dict, findings: list[dict]) -> Score:
    result = Score(expected_findings(key))
    by_file = defaultdict(list)
    for expected in result.expected:
        by_file[expected.file].append(expected)
    seen = set()
    for finding in findings:
        category = CATEGORY_OF_RULE.get(finding["rule"])
        place = (finding["path"], finding["line"], category)
        if category is None or place in seen:
            continue
        seen.add(place)
        matches = [e for e in by_file[finding["path"]] if e.accepts(category, finding["line"])]
        for expected in matches:
            expected.met = True
        if matches:
            result.true[category] += 1
        else:
            result.false.append((finding["path"], finding["line"], category, finding["message"]))
    return result


def report(result: Score) -> str:
    rows = ["| category | expected | found | recall | true findings | false findings | precision |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for category in (*CATEGORIES, None):
        chosen = [e for e in result.expected if category in (None, e.category)]
        false = sum(1 for _, _, c, _ in result.false if category in (None, c))
        true = sum(n for c, n in result.true.items() if category in (None, c))
        rows.append(
            f"| {(category or '**all**').replace('|', ' or ')} | {len(chosen)} | {sum(e.met for e in chosen)} | {result.recall(category):.2f} "
            f"| {true} | {false} | {result.precision(category):.2f} |"
        )
    lines = ["\n".join(rows), "", "Missed:"]
    lines += [f"  {e.file}:{','.join(map(str, sorted(e.lines)))} {e.category} {e.character or ''}" for e in result.expected if not e.met]
    lines += ["", "False:"]
    lines += [f"  {file}:{line} {category}: {message}" for file, line, category, message in result.false]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    result = score(load_key(args.stories), lint(args.stories, args.jobs))
    print(report(result))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
