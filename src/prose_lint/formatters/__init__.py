"""Output formats: pure functions from findings to text. They know nothing of NLP."""

from __future__ import annotations

from typing import Callable

from ..findings import Finding
from . import characters, github, json, text

FORMATTERS: dict[str, Callable[[list[Finding]], str]] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
}

CHARACTER_FORMATTERS: dict[str, Callable[[list[dict]], str]] = {
    "text": characters.render_text,
    "json": characters.render_json,
    # Annotations point at lines; a registry has none, so it prints as text.
    "github": characters.render_text,
}
