"""Write docs/rules/<id>.md for every built-in rule, from the rule's YAML and
its kind's documentation, so the pages cannot drift from the code.

    uv run python docs/rule_pages.py          # rewrite the pages
    uv run python docs/rule_pages.py --check  # exit 1 if a page is stale
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

from prose_lint.kinds.base import Analysis
from prose_lint.rules_loader import Rule, load_rules

PAGES = Path(__file__).resolve().parent / "rules"
_TYPE_NAMES = {int: "integer", float: "number", bool: "boolean", str: "string", list: "list of strings"}


def render(rule: Rule) -> str:
    kind = type(rule.kind)
    module_doc = inspect.getdoc(sys.modules[kind.__module__]) or ""
    lines = [
        f"# {rule.id}",
        "",
        f"{rule.description[0].upper()}{rule.description[1:]}.",
        "",
        f"- kind: `{kind.name}`",
        f"- severity: `{rule.severity}`",
        f"- needs: {Analysis(kind.needs).name.lower()}",
        f"- message: `{rule.message}`",
        "",
        "## What it flags and why",
        "",
        module_doc,
        "",
        "## Options",
        "",
    ]
    if kind.options:
        lines += ["| option | type | value in this rule | meaning |", "| --- | --- | --- | --- |"]
        for name, option in kind.options.items():
            value = rule.kind.settings[name]
            lines.append(f"| `{name}` | {_TYPE_NAMES[option.type]} | `{value!r}` | {option.help} |")
    else:
        lines.append("None.")
    for title, examples in (("Flagged", rule.flagged), ("Passing", rule.passing)):
        lines += ["", f"## {title} examples", ""]
        for example in examples:
            lines += ["```text", example.text.rstrip("\n"), "```", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale pages instead of writing them")
    args = parser.parse_args()
    stale = []
    PAGES.mkdir(exist_ok=True)
    for rule in load_rules([]):
        page = PAGES / f"{rule.id}.md"
        content = render(rule)
        if page.exists() and page.read_text(encoding="utf-8") == content:
            continue
        stale.append(page)
        if not args.check:
            page.write_text(content, encoding="utf-8")
    for page in stale:
        print(f"{'stale' if args.check else 'wrote'}: {page}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
