"""Output formats: pure functions from findings to text. They know nothing of NLP."""

from __future__ import annotations

from typing import Callable

from ..findings import Finding
from . import github, json, text

FORMATTERS: dict[str, Callable[[list[Finding]], str]] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
}
