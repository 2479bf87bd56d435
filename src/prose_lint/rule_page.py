"""A rule's reference page, in Markdown, from its YAML and its kind's
documentation: written to docs/rules/ and carried as help text in SARIF."""

from __future__ import annotations

import inspect
import sys

from .kinds.base import Analysis
from .rules_loader import Rule


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
            # A byte that is not UTF-8 (the encoding rule's examples) shows as \udcXX.
            shown = example.text.encode("utf-8", "backslashreplace").decode("utf-8")
            lines += ["```text", shown.rstrip("\n"), "```", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
