"""Output formats: pure functions from findings to text. They know nothing of NLP."""

from __future__ import annotations

from typing import Callable

from ..findings import Finding, RuleInfo
from . import characters, github, json, sarif, text

# Each takes the findings and the rules that ran; only SARIF describes the rules.
FORMATTERS: dict[str, Callable[[list[Finding], list[RuleInfo]], str]] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
}

CHARACTER_FORMATTERS: dict[str, Callable[[list[dict]], str]] = {
    "text": characters.render_text,
    "json": characters.render_json,
    # Annotations point at lines; a registry has none, so it prints as text.
    "github": characters.render_text,
    # SARIF holds results, not a registry; JSON is the machine-readable form.
    "sarif": characters.render_json,
}
