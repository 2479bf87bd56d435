"""The shortcuts give coreferee's own answers, question by question."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from prose_lint import coref  # noqa: E402 - after the spaCy availability check
from prose_lint.nlp import DEFAULT_MODEL, load_pipeline  # noqa: E402

# Real prose: names, coordination, a relative clause, quotation, "it", a
# reflexive, and a title ("the captain") for a name.
TEXT = (
    "Captain Wentworth and his sister had come to Kellynch, where the captain was soon at home. "
    "Anne Elliot, who had known him years before, said nothing; she kept to herself. "
    '"It is a fine house," said the admiral to Mrs Croft, "and she will like it." '
    "Lady Russell thought Anne looked ill, and told her so. The captain and the admiral walked out together."
)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(DEFAULT_MODEL, True)


@pytest.fixture(scope="module")
def annotated(nlp):
    """The component's annotator with its shortcuts set on a Doc, and
    coreferee's own annotator set up on a copy of it."""
    component = nlp.get_pipe(coref.COMPONENT_NAME)
    with nlp.select_pipes(disable=[coref.COMPONENT_NAME]):
        doc = nlp(TEXT)
    theirs = coref.reference_annotator(nlp)
    plain = doc.copy()
    theirs.rules_analyzer.initialize(plain)
    ours = component.annotator
    component.shortcuts.start(doc)
    component.shortcuts.initialize(doc)
    yield ours, theirs, doc, plain
    component.shortcuts.finish()


def mentions(doc):
    from coreferee.data_model import Mention

    for token in doc:
        yield Mention(token, False)
        if token._.coref_chains.temp_dependent_siblings:
            yield Mention(token, True)


def test_each_word_is_judged_as_coreferee_judges_it(annotated):
    ours, theirs, doc, plain = annotated
    for token, same in zip(doc, plain):
        assert ours.rules_analyzer.is_potential_anaphor(token) == theirs.rules_analyzer.is_potential_anaphor(same)
        assert ours.rules_analyzer.is_independent_noun(token) == theirs.rules_analyzer.is_independent_noun(same)
    assert any(ours.rules_analyzer.is_potential_anaphor(token) for token in doc)


def candidates(doc) -> list[tuple[int, list[int], bool]]:
    """Each anaphor's candidate antecedents after the set-up, in order."""
    return [
        (token.i, mention.token_indexes, mention.temp_is_uncertain)
        for token in doc
        for mention in getattr(token._.coref_chains, "temp_potential_referreds", [])
    ]


def set_up_both(nlp, text):
    component = nlp.get_pipe(coref.COMPONENT_NAME)
    with nlp.select_pipes(disable=[coref.COMPONENT_NAME]):
        doc = nlp(text)
    plain = doc.copy()
    coref.reference_annotator(nlp).rules_analyzer.initialize(plain)
    component.shortcuts.start(doc)
    try:
        component.shortcuts.initialize(doc)
        return candidates(doc), candidates(plain)
    finally:
        component.shortcuts.finish()


def test_set_up_gives_coreferees_candidates(annotated):
    _, _, doc, plain = annotated
    found = candidates(doc)
    assert found == candidates(plain)
    sentence_of = {token.i: number for number, sentence in enumerate(doc.sents) for token in sentence}
    # Antecedents in earlier sentences (judged once per mention and agreement),
    # in the anaphor's own, and some of them uncertain.
    assert any(sentence_of[mention[0]] < sentence_of[anaphor] for anaphor, mention, _ in found)
    assert any(sentence_of[mention[0]] == sentence_of[anaphor] for anaphor, mention, _ in found)
    assert any(uncertain for *_, uncertain in found)


def test_set_up_gives_coreferees_candidates_on_a_story(nlp):
    seed = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[0]
    ours, theirs = set_up_both(nlp, seed.read_text(encoding="utf-8"))
    assert ours == theirs
    assert len({anaphor for anaphor, *_ in ours}) > 20


def test_noun_pairs_are_coreferees(annotated):
    ours, theirs, doc, plain = annotated
    found = 0
    for referring in range(len(doc)):
        for referred in range(referring):
            answer = ours.rules_analyzer.is_potential_coreferring_noun_pair(doc[referred], doc[referring])
            assert answer == theirs.rules_analyzer.is_potential_coreferring_noun_pair(plain[referred], plain[referring])
            found += answer
    # "Captain Wentworth ... the captain", "the admiral ... the admiral".
    assert found >= 2


def test_candidate_pairs_and_features_are_coreferees(annotated):
    ours, theirs, doc, plain = annotated
    anaphors = [token.i for token in doc if ours.rules_analyzer.is_potential_anaphor(token)]
    checked = 0
    for mention, same in zip(mentions(doc), mentions(plain)):
        our_tendencies, their_tendencies = ours.tendencies_analyzer, theirs.tendencies_analyzer
        assert our_tendencies.get_feature_map(mention, doc) == their_tendencies.get_feature_map(same, plain)
        assert our_tendencies.get_position_map(mention, doc) == their_tendencies.get_position_map(same, plain)
        for index in anaphors:
            if mention.root_index >= index:
                continue
            answer = ours.rules_analyzer.language_independent_is_potential_anaphoric_pair(mention, doc[index])
            assert answer == theirs.rules_analyzer.language_independent_is_potential_anaphoric_pair(same, plain[index])
            if answer:
                # coreferee keeps a mention's map for the one anaphor it is a candidate of.
                vars(mention).pop("temp_compatibility_map", None)
                vars(same).pop("temp_compatibility_map", None)
                assert our_tendencies.get_compatibility_map(mention, doc[index]) == their_tendencies.get_compatibility_map(
                    same, plain[index]
                )
                checked += 1
    assert checked > 20


def test_another_doc_gets_coreferees_own_methods(nlp, annotated):
    ours, theirs, doc, _ = annotated
    with nlp.select_pipes(disable=[coref.COMPONENT_NAME]):
        other = nlp("Tom and Mary met. He smiled at her.")
    theirs.rules_analyzer.initialize(other)
    # The shortcuts know only ``doc``; for ``other`` they ask coreferee.
    assert ours.tendencies_analyzer.get_position_map(other[5], other) == theirs.tendencies_analyzer.get_position_map(
        other[5], other
    )
    assert ours.rules_analyzer.is_potential_anaphor(other[5])
