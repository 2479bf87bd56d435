"""The factored scoring ranks candidates as coreferee's own scoring does."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from prose_lint import coref  # noqa: E402 - after the spaCy availability check
from prose_lint.coref_scoring import FactoredScorer  # noqa: E402
from prose_lint.nlp import DEFAULT_MODEL, load_pipeline  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "seeds" / "002_fb24d0956e62d565.txt"


def candidates(doc):
    return {
        token.i: [(tuple(mention.token_indexes), mention.temp_score) for mention in token._.coref_chains.temp_potential_referreds]
        for token in doc
        if hasattr(token._.coref_chains, "temp_potential_referreds")
    }


def test_scores_and_order_are_coreferees():
    nlp = load_pipeline(DEFAULT_MODEL, True)
    with nlp.select_pipes(disable=[coref.COMPONENT_NAME]):
        parsed = nlp(SEED.read_text(encoding="utf-8"))
    theirs = coref.reference_annotator(nlp)
    expected, ours = parsed.copy(), parsed.copy()
    theirs.rules_analyzer.initialize(expected)
    theirs.tendencies_analyzer.score(expected, theirs.thinc_ensemble)
    theirs.rules_analyzer.initialize(ours)
    FactoredScorer(theirs.tendencies_analyzer, theirs.thinc_ensemble)(ours, theirs.thinc_ensemble)
    expected_candidates, our_candidates = candidates(expected), candidates(ours)
    assert len(expected_candidates) > 20
    assert our_candidates.keys() == expected_candidates.keys()
    for index, ranked in expected_candidates.items():
        # The same candidates in the same order, with the same scores but for float rounding.
        assert [mention for mention, _ in our_candidates[index]] == [mention for mention, _ in ranked]
        assert [score for _, score in our_candidates[index]] == pytest.approx([score for _, score in ranked], abs=1e-5)


def test_a_doc_without_anaphors_is_left_alone():
    nlp = load_pipeline(DEFAULT_MODEL, True)
    with nlp.select_pipes(disable=[coref.COMPONENT_NAME]):
        doc = nlp("The rain fell on the roofs of the town.")
    annotator = coref.reference_annotator(nlp)
    annotator.rules_analyzer.initialize(doc)
    FactoredScorer(annotator.tendencies_analyzer, annotator.thinc_ensemble)(doc, annotator.thinc_ensemble)
    assert candidates(doc) == {}
