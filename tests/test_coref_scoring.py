"""The factored scoring ranks candidates as coreferee's own scoring does."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from prose_lint import coref  # noqa: E402 - after the spaCy availability check
from prose_lint.coref_scoring import FactoredScorer  # noqa: E402
from prose_lint.nlp import CANDIDATE_SCORES_KEY, DEFAULT_MODEL, load_pipeline  # noqa: E402

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


def test_the_scores_are_kept_for_a_doc_that_asks_for_them_and_no_other():
    nlp = load_pipeline(DEFAULT_MODEL, True)
    component = nlp.get_pipe(coref.COMPONENT_NAME)
    with nlp.select_pipes(disable=[coref.COMPONENT_NAME]):
        asking, plain = nlp("Anna met Tom at the gate. She gave him the key."), nlp("Anna met Tom at the gate. She gave him the key.")
    asking.user_data[CANDIDATE_SCORES_KEY] = {}
    component(asking)
    component(plain)
    she = 7
    ranked = asking.user_data[CANDIDATE_SCORES_KEY][she]
    assert asking[she].text == "She" and {asking[root].text for root, _ in ranked} >= {"Anna", "Tom"}
    assert all(0 <= score <= 1 for _, score in ranked)
    assert CANDIDATE_SCORES_KEY not in plain.user_data
