"""The registry of rule kinds, by the name a rule file gives in ``kind:``."""

from __future__ import annotations

from ..analyses import Analysis
from .base import Option, RuleKind
from .encoding import Encoding
from .mojibake import Mojibake
from .name_gender_mismatch import NameGenderMismatch
from .name_repetition import NameRepetition
from .name_variant import NameVariant
from .pronoun_gender_drift import PronounGenderDrift

KINDS: dict[str, type[RuleKind]] = {
    kind.name: kind for kind in (NameRepetition, PronounGenderDrift, Mojibake, NameVariant, NameGenderMismatch, Encoding)
}

__all__ = ["KINDS", "Analysis", "Option", "RuleKind"]
