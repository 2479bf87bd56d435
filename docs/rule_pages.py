"""Write docs/rules/<id>.md for every built-in rule, from the rule's YAML and
its kind's documentation, so the pages cannot drift from the code.

    uv run python docs/rule_pages.py          # rewrite the pages
    uv run python docs/rule_pages.py --check  # exit 1 if a page is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prose_lint.rule_page import render
from prose_lint.rules_loader import load_rules

PAGES = Path(__file__).resolve().parent / "rules"


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
