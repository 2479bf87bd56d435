"""Exact-answer shortcuts for coreferee's hot spots, one Doc at a time.

coreferee asks the same questions of the same tokens many times over: for
every anaphor it walks each candidate's tree again, compares every noun under
it with the candidate, and works out each candidate's features and position
afresh, counting the depth of every word of the sentence to place one word.
These shortcuts answer from what one pass over the Doc knows, and remember
each answer for the rest of the Doc. They give coreferee's own answers, so
the model sees the features it was trained on and the chains are the same;
a Doc other than the one being annotated gets coreferee's own methods.

``start`` and then ``initialize``, coreferee's set-up done here, come
before the first question; ``CoreferenceComponent`` calls both.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import numpy
from coreferee.data_model import ChainHolder, Mention
from spacy.attrs import ORTH
from spacy.tokens import Token

if TYPE_CHECKING:
    from coreferee.annotation import Annotator
    from coreferee.rules import RulesAnalyzer
    from coreferee.tendencies import TendenciesAnalyzer
    from spacy.tokens import Doc


class Shortcuts:
    """Installed on one annotator's rules and tendencies analysers; the
    instance attributes shadow coreferee's methods."""

    def __init__(self, annotator: "Annotator"):
        self.annotator = annotator
        self.rules = rules = annotator.rules_analyzer
        tendencies = annotator.tendencies_analyzer
        # coreferee's own methods, from the classes: a second component on the
        # same (shared) analyser must not wrap these shortcuts again.
        rules_class, tendencies_class = type(rules), type(tendencies)
        self._noun_pair = rules_class.is_potential_coreferring_noun_pair.__get__(rules)
        self._anaphoric_pair = rules_class.language_independent_is_potential_anaphoric_pair.__get__(rules)
        self._feature_map = tendencies_class.get_feature_map.__get__(tendencies)
        self._position_map = tendencies_class.get_position_map.__get__(tendencies)
        self._compatibility_map = tendencies_class.get_compatibility_map.__get__(tendencies)
        self._noun_link = type(annotator).temp_annotate_any_coreferring_noun_link.__get__(annotator)
        self._has_morph = rules_class.has_morph
        self._per_token = {
            name: getattr(rules_class, name).__get__(rules)
            for name in (
                "is_potential_anaphor",
                "is_independent_noun",
                "is_potentially_referring_back_noun",
                "is_potentially_introducing_noun",
                "get_propn_subtree",
            )
        }
        self.doc: "Doc | None" = None
        rules.is_potential_coreferring_noun_pair = self.is_potential_coreferring_noun_pair
        rules.language_independent_is_potential_anaphoric_pair = self.language_independent_is_potential_anaphoric_pair
        tendencies.get_feature_map = self.get_feature_map
        tendencies.get_position_map = self.get_position_map
        tendencies.get_compatibility_map = self.get_compatibility_map
        annotator.temp_annotate_any_coreferring_noun_link = self.temp_annotate_any_coreferring_noun_link
        rules.has_morph = self.has_morph
        for name, method in self._per_token.items():
            setattr(rules, name, self._remembered(name, method))

    def start(self, doc: "Doc") -> None:
        """Forget the last Doc and learn the shape of ``doc``'s trees."""
        self.doc = doc
        self._noun_pairs: dict[tuple[int, int], bool] = {}
        self._closer_nouns: dict[tuple, bool] = {}
        self._subtrees: dict[int, frozenset[int]] = {}
        self._subtree_nouns: dict[int, list[int]] = {}
        self._features: dict[tuple, list] = {}
        self._bits: dict[tuple, int] = {}
        self._positions: dict[tuple, list] = {}
        self._morphs: dict[tuple, bool] = {}
        self._answers: dict[str, dict[int, object]] = {name: {} for name in self._per_token}
        self._ancestors: dict[int, frozenset[int]] = {}
        self._distant_rules: dict[tuple, int] = {}
        self._distant_closer: dict[tuple, bool] = {}
        rules = self.rules
        self.tokens = tokens = list(doc)
        self.heads = heads = [token.head.i for token in tokens]
        self.pos = pos = [token.pos_ for token in tokens]
        self.lemmas = [token.lemma_ for token in tokens]
        self.deps = [token.dep_ for token in tokens]
        self._lemma_vectors: dict[str, bool] = {}
        self._tensor_similarity = _TensorSimilarity.of(doc)
        # As coreferee counts them: ancestors, and ancestors that are verbs.
        self.depth = depth = [0] * len(doc)
        self.verb_depth = verb_depth = [0] * len(doc)
        self.tree_root = tree_root = list(range(len(doc)))
        for index in _top_down(heads):
            head = heads[index]
            if head != index:
                depth[index] = depth[head] + 1
                verb_depth[index] = verb_depth[head] + (pos[head] in rules.verb_pos)
                tree_root[index] = tree_root[head]
        self.sentence_start = sentence_start = [0] * len(doc)
        self.sentence_index = sentence_index = [0] * len(doc)
        # How many words of its sentence before it are at its depth.
        self.rank_at_depth = rank_at_depth = [0] * len(doc)
        self.sentence_starts = []
        for number, sentence in enumerate(doc.sents):
            self.sentence_starts.append(sentence.start)
            seen: dict[int, int] = {}
            for index in range(sentence.start, sentence.end):
                sentence_start[index] = sentence.start
                sentence_index[index] = number
                rank_at_depth[index] = seen.get(depth[index], 0)
                seen[depth[index]] = rank_at_depth[index] + 1

    def finish(self) -> None:
        """Let the Doc go."""
        self.doc = None
        self._subtrees = self._features = self._bits = self._positions = self._ancestors = {}
        self._tensor_similarity = None
        self.tokens, self.holders, self.siblings = [], [], []
        self._distant_rules, self._distant_closer = {}, {}

    # The set-up: coreferee's ``RulesAnalyzer.initialize``.

    def initialize(self, doc: "Doc") -> None:
        """coreferee's set-up of ``doc``: each word's chain holder, sentence,
        coordinated siblings and quotation marks, and each anaphor's
        candidate antecedents, in coreferee's order and with its answers.
        coreferee tests every anaphor against every noun and pronoun up to
        five sentences back; an antecedent in an earlier sentence (and tree)
        is judged here from what the pair's answer depends on (see
        ``_distant_pair``), once, and a rejected one costs no ``Mention``. Called after
        ``start``, in place of the rules analyser's own ``initialize``:
        coreferee shares that analyser between annotators, and the
        shortcuts of this one read what this set-up leaves."""
        rules, tokens = self.rules, self.tokens
        doc._.coref_chains = document_holder = ChainHolder()
        self.holders = holders = [ChainHolder() for _ in tokens]
        for token, holder in zip(tokens, holders):
            token._.coref_chains = holder
        sentence_starts = self.sentence_starts
        document_holder.temp_sent_starts = sentence_starts[:]
        sentence_index = self.sentence_index
        for index, holder in enumerate(holders):
            holder.temp_sent_index = sentence_index[index]
        self.siblings = siblings = []
        for token, holder in zip(tokens, holders):
            siblings_list = rules.get_dependent_siblings(token)
            holder.temp_dependent_siblings = siblings_list
            siblings.append(siblings_list)
            for sibling in siblings_list:
                if sibling.i != token.i and holder.temp_governing_sibling is None:
                    holders[sibling.i].temp_governing_sibling = token
        quotes = [0] * len(rules.quote_tuples)
        for token, holder in zip(tokens, holders):
            text = token.text
            for index, (opening, closing) in enumerate(rules.quote_tuples):
                if quotes[index] == 0 and text == opening:
                    quotes[index] = 1
                elif quotes[index] == 1 and text == closing:
                    quotes[index] = 0
            holder.temp_quote_array = quotes[:]
        self.quotes = [tuple(holder.temp_quote_array) for holder in holders]
        self.anaphor = anaphor = [rules.is_potential_anaphor(token) for token in tokens]
        self.independent = independent = [rules.is_independent_noun(token) for token in tokens]
        # What coreferee's language rules read of an anaphor in a pair across sentences.
        self.agreement = [
            (tuple(token.morph.get("Number")), tuple(token.morph.get("Gender")), rules.is_reflexive_anaphor(token))
            if anaphor[token.i]
            else None
            for token in tokens
        ]
        candidates = [index for index in range(len(tokens)) if anaphor[index] or independent[index]]
        sentence_ends = sentence_starts[1:] + [len(tokens)]
        reach = rules.maximum_anaphora_sentence_referential_distance
        for token, holder in zip(tokens, holders):
            holder.temp_potentially_referring = independent[token.i]
            if not anaphor[token.i]:
                continue
            referring, sentence = token.i, sentence_index[token.i]
            start = sentence_starts[max(sentence - reach, 0)]
            this_sentence = sentence_starts[sentence]
            referreds = []
            tree = self.tree_root[referring]
            for index in candidates[bisect_left(candidates, start) : bisect_left(candidates, referring)]:
                if index < this_sentence and self.tree_root[index] != tree:
                    for coordinated in (False, True) if siblings[index] else (False,):
                        answer = self._distant_pair(index, coordinated, token)
                        if answer > 0:
                            referreds.append(self._mention(index, coordinated, answer))
                    continue
                simple = Mention(tokens[index], False)
                # coreferee also asks whether the anaphor could be a reflexive
                # bound by this earlier word, with the two the wrong way round:
                # always no, as a reflexive follows what binds it.
                if self.language_independent_is_potential_anaphoric_pair(simple, token) > 0:
                    referreds.append(simple)
                if siblings[index]:
                    complex_referred = Mention(tokens[index], True)
                    if self.language_independent_is_potential_anaphoric_pair(complex_referred, token) > 0:
                        referreds.append(complex_referred)
            end = sentence_ends[sentence]
            for index in candidates[bisect_right(candidates, referring) : bisect_left(candidates, end)]:
                simple = Mention(tokens[index], False)
                if self.language_independent_is_potential_anaphoric_pair(simple, token) > 0 and (
                    rules.is_potential_cataphoric_pair(simple, token) or rules.is_potential_reflexive_pair(simple, token)
                ):
                    referreds.append(simple)
                if siblings[index]:
                    complex_referred = Mention(tokens[index], True)
                    if self.language_independent_is_potential_anaphoric_pair(
                        complex_referred, token
                    ) > 0 and rules.is_potential_cataphoric_pair(simple, token):
                        referreds.append(complex_referred)
            if referreds:
                holder.temp_potential_referreds = referreds

    def _distant_pair(self, index: int, coordinated: bool, referring: Token) -> int:
        """``language_independent_is_potential_anaphoric_pair`` for a
        mention of ``index`` (with its coordinated siblings when
        ``coordinated``) in a sentence and tree before ``referring``'s.
        Across trees, coreferee's language rules depend only on the mention
        and the anaphor's number, gender and reflexivity, and its test for a
        closer noun walks up to the root of the anaphor's tree."""
        rules_key = (index, coordinated, self.agreement[referring.i])
        answer = self._distant_rules.get(rules_key)
        if answer is None:
            answer = self._distant_rules[rules_key] = self.rules.is_potential_anaphoric_pair(
                Mention(self.tokens[index], coordinated), referring, True
            )
        if answer == 2 and not self.anaphor[index]:
            root = self.tree_root[referring.i]
            closer_key = (index, coordinated, root)
            closer = self._distant_closer.get(closer_key)
            if closer is None:
                referred = [index, *(sibling.i for sibling in self.siblings[index])] if coordinated else [index]
                closer = self._distant_closer[closer_key] = any(
                    self._nouns_corefer(word, noun) for noun in self._nouns_under(root) for word in referred
                )
            if closer:
                answer = 1
        if answer == 2 and self.quotes[index] != self.quotes[referring.i]:
            answer = 1
        return answer

    def _mention(self, index: int, coordinated: bool, answer: int) -> Mention:
        mention = Mention(self.tokens[index], coordinated)
        mention.temp_is_uncertain = answer == 1
        return mention

    # The rules' answers about one token or a pair, remembered.

    def has_morph(self, token: Token, key: str, value: str | None = None) -> bool:
        if token.doc is not self.doc:
            return self._has_morph(token, key, value)
        memo_key = (token.i, key, value)
        answer = self._morphs.get(memo_key)
        if answer is None:
            answer = self._morphs[memo_key] = self._has_morph(token, key, value)
        return answer

    def _remembered(self, name: str, method):
        """``method`` of one token, its answer remembered per token."""

        def remembered(token: Token):
            if token.doc is not self.doc:
                return method(token)
            answers = self._answers[name]
            answer = answers.get(token.i, answers)
            if answer is answers:
                answer = answers[token.i] = method(token)
            return answer

        return remembered

    def is_potential_coreferring_noun_pair(self, referred: Token, referring: Token) -> bool:
        if referred.doc is not self.doc:
            return self._noun_pair(referred, referring)
        return self._nouns_corefer(referred.i, referring.i)

    def _nouns_corefer(self, referred: int, referring: int) -> bool:
        key = (referred, referring)
        answer = self._noun_pairs.get(key)
        if answer is None:
            rules, pos, lemmas = self.rules, self.pos, self.lemmas
            # coreferee says yes only to two nouns that are names ending
            # alike, a name and a noun for its kind of entity ("BMW ... the
            # company"), or two nouns of one lemma; anything else is no
            # without asking.
            answer = (
                pos[referred] in rules.noun_pos
                and pos[referring] in rules.noun_pos
                and (
                    lemmas[referred] == lemmas[referring]
                    or pos[referred] in rules.propn_pos
                    and (
                        pos[referring] in rules.propn_pos
                        or lemmas[referring].lower() in rules.reverse_entity_noun_dictionary
                    )
                )
                and self._noun_pair(self.doc[referred], self.doc[referring])
            )
            self._noun_pairs[key] = answer
        return answer

    def language_independent_is_potential_anaphoric_pair(self, referred: "Mention", referring: Token) -> int:
        """coreferee's method of that name. Its costly part walks up from
        ``referring``, through each ancestor whose subtree does not hold the
        referred mention, and tests every word of those subtrees against the
        mention for a closer coreferring noun; the subtrees nest, so that is
        every noun of the last one, which this remembers per mention."""
        doc = referring.doc
        if doc is not self.doc:
            return self._anaphoric_pair(referred, referring)
        root = referred.root_index
        if any(sibling.i == referring.i for sibling in self.siblings[root]):
            return 0
        result = self.rules.is_potential_anaphoric_pair(referred, referring, True)
        if result == 2 and not self.anaphor[root]:
            if self._closer_noun(tuple(referred.token_indexes), root, referring.i):
                result = 1
        if result == 2 and self.quotes[root] != self.quotes[referring.i]:
            result = 1
        if result == 1:
            referred.temp_is_uncertain = True
        elif result == 2:
            referred.temp_is_uncertain = False
        return result

    def _closer_noun(self, referred: tuple[int, ...], root: int, referring: int) -> bool:
        heads = self.heads
        reached, current = None, referring
        while root not in self._subtree(current):
            reached = current
            if heads[current] == current:
                break
            current = heads[current]
        if reached is None:
            return False
        key = (referred, reached)
        answer = self._closer_nouns.get(key)
        if answer is None:
            answer = self._closer_nouns[key] = any(
                self._nouns_corefer(word, noun) for noun in self._nouns_under(reached) for word in referred
            )
        return answer

    def temp_annotate_any_coreferring_noun_link(self, token: Token, sentence_deque, without_coordination, with_coordination) -> None:
        """coreferee's method of that name: join ``token`` to the nearest
        noun before it, in its sentence or the two before, that it can
        corefer with, directly or through that noun's chain."""
        doc = token.doc
        if doc is not self.doc:
            return self._noun_link(token, sentence_deque, without_coordination, with_coordination)
        referring = token.i
        # What coreferee's set-up stored as ``temp_potentially_referring``.
        independent = self.independent
        if not independent[referring] or self.pos[referring] not in self.rules.noun_pos:
            # Only two nouns corefer as nouns.
            return
        # Which words could corefer with it as nouns, before asking (see ``_nouns_corefer``).
        pos, lemmas, rules = self.pos, self.lemmas, self.rules
        lemma = lemmas[referring]
        takes_name = pos[referring] in rules.propn_pos or lemma.lower() in rules.reverse_entity_noun_dictionary

        def could_corefer(index: int) -> bool:
            return (lemmas[index] == lemma or takes_name and pos[index] in rules.propn_pos) and self._nouns_corefer(
                index, referring
            )

        # The words of one chain share its mentions: each chain is asked once.
        chains_asked: dict[int, bool] = {}
        for sentence in sentence_deque:
            for index in range(min(sentence.end, referring - 1), sentence.start - 1, -1):
                linked = independent[index] and could_corefer(index)
                if not linked and index in without_coordination:
                    mentions = without_coordination[index]
                    linked = chains_asked.get(id(mentions))
                    if linked is None:
                        linked = chains_asked[id(mentions)] = any(
                            len(mention.token_indexes) == 1 and could_corefer(mention.root_index) for mention in mentions
                        )
                if linked:
                    self.annotator.record_mention(
                        Mention(doc[index], False), token, without_coordination, with_coordination
                    )
                    return

    def _subtree(self, index: int) -> frozenset[int]:
        subtree = self._subtrees.get(index)
        if subtree is None:
            subtree = self._subtrees[index] = frozenset(token.i for token in self.doc[index].subtree)
        return subtree

    def _nouns_under(self, index: int) -> list[int]:
        nouns = self._subtree_nouns.get(index)
        if nouns is None:
            noun_pos = self.rules.noun_pos
            nouns = self._subtree_nouns[index] = [i for i in sorted(self._subtree(index)) if self.pos[i] in noun_pos]
        return nouns

    # The tendencies' features, from the one pass and remembered per mention.

    def get_feature_map(self, token_or_mention: "Token | Mention", doc: "Doc") -> list:
        if doc is not self.doc:
            return self._feature_map(token_or_mention, doc)
        # A token and a mention of that token alone have the same features.
        key = _key(token_or_mention)
        features = self._features.get(key)
        if features is None:
            features = self._features[key] = self._feature_map(token_or_mention, doc)
        return features

    def _feature_bits(self, token_or_mention: "Token | Mention", doc: "Doc") -> int:
        key = _key(token_or_mention)
        bits = self._bits.get(key)
        if bits is None:
            features = self.get_feature_map(token_or_mention, doc)
            bits = self._bits[key] = sum(1 << place for place, value in enumerate(features) if value == 1)
        return bits

    def get_position_map(self, token_or_mention: "Token | Mention", doc: "Doc") -> list:
        """coreferee's position map: the word's place in its sentence, its
        depth, its verbs above, its rank among the sentence's words at its
        depth, its place among its head's children, and its siblings."""
        if doc is not self.doc:
            return self._position_map(token_or_mention, doc)
        key = _key(token_or_mention)
        position = self._positions.get(key)
        if position is not None:
            return position
        index = key[0]
        token = doc[index]
        rules = self.rules
        position = [index - self.sentence_start[index], self.depth[index], self.verb_depth[index], self.rank_at_depth[index]]
        if token.dep_ != rules.root_dep:
            position.append(sorted(child.i for child in token.head.children).index(index))
        else:
            position.append(-1)
        chains = token._.coref_chains
        coordinated_mention = len(key[1]) > 1
        if chains.temp_governing_sibling is not None or (
            len(chains.temp_dependent_siblings) > 0 and not coordinated_mention
        ):
            position.append(-1)
        else:
            position.append(len(chains.temp_dependent_siblings))
        position.append(1 if chains.temp_governing_sibling is not None else 0)
        self._positions[key] = position
        return position


    def get_compatibility_map(self, referred: "Mention", referring: Token) -> list:
        """coreferee's compatibility map: how far apart the two are, whether
        the referred one or its head governs the referring one, how alike
        their heads are, and how many features they share."""
        doc = referring.doc
        if doc is not self.doc:
            return self._compatibility_map(referred, referring)
        if hasattr(referred, "temp_compatibility_map"):
            return referred.temp_compatibility_map
        heads, deps, root_dep = self.heads, self.deps, self.rules.root_dep
        root, anaphor = referred.root_index, referring.i
        compatibility = [anaphor - root, self.sentence_index[anaphor] - self.sentence_index[root]]
        above = self._ancestors_of(anaphor)
        governing = self.holders[root].temp_governing_sibling
        compatibility.append(
            1
            if root in above
            or (deps[root] != root_dep and heads[root] in above)
            or governing is not None
            and (governing.i in above or (governing.dep_ != root_dep and heads[governing.i] in above))
            else 0
        )
        if deps[root] != root_dep and deps[anaphor] != root_dep:
            referred_head, referring_head = self.lemmas[heads[root]], self.lemmas[heads[anaphor]]
            if self._lemma_has_vector(referred_head) and self._lemma_has_vector(referring_head):
                vocab = self.annotator.tendencies_analyzer.vectors_nlp.vocab
                compatibility.append(vocab[referred_head].similarity(vocab[referring_head]))
            elif self._tensor_similarity is not None:
                compatibility.append(self._tensor_similarity(root, anaphor))
            elif doc[root].has_vector and referring.has_vector:
                compatibility.append(doc[root].similarity(referring))
            else:
                compatibility.append(-1)
        else:
            compatibility.append(-1)
        # The features both have, counted on bit masks of the feature maps.
        compatibility.append((self._feature_bits(referred, doc) & self._feature_bits(referring, doc)).bit_count())
        referred.temp_compatibility_map = compatibility
        return compatibility

    def _lemma_has_vector(self, lemma: str) -> bool:
        answer = self._lemma_vectors.get(lemma)
        if answer is None:
            answer = self._lemma_vectors[lemma] = self.annotator.tendencies_analyzer.vectors_nlp.vocab[lemma].has_vector
        return answer

    def _ancestors_of(self, index: int) -> frozenset[int]:
        ancestors = self._ancestors.get(index)
        if ancestors is None:
            heads, ancestors, current = self.heads, set(), index
            while heads[current] != current:
                current = heads[current]
                ancestors.add(current)
            ancestors = self._ancestors[index] = frozenset(ancestors)
        return ancestors


def _key(token_or_mention: "Token | Mention") -> tuple[int, tuple[int, ...]]:
    if isinstance(token_or_mention, Token):
        return token_or_mention.i, (token_or_mention.i,)
    return token_or_mention.root_index, tuple(token_or_mention.token_indexes)


def _top_down(heads: list[int]) -> list[int]:
    """Token indexes with every head before its dependents."""
    children: list[list[int]] = [[] for _ in heads]
    roots = []
    for index, head in enumerate(heads):
        (roots if head == index else children[head]).append(index)
    order, stack = [], roots[::-1]
    while stack:
        index = stack.pop()
        order.append(index)
        stack.extend(children[index])
    return order


class _TensorSimilarity:
    """spaCy's ``Token.similarity`` for a Doc whose words have no vectors of
    their own, so that spaCy compares the rows of the Doc's tensor: the same
    arithmetic on the same arrays, each row's norm worked out once."""

    def __init__(self, doc: "Doc"):
        self.orths = doc.to_array(ORTH).tolist()
        self.rows = doc.tensor
        self.norms: dict[int, object] = {}

    @classmethod
    def of(cls, doc: "Doc") -> "_TensorSimilarity | None":
        vectors = doc.vocab.vectors
        if doc.user_token_hooks or vectors.size != 0 or doc.tensor.size == 0 or getattr(vectors, "attr", ORTH) != ORTH:
            return None
        return cls(doc)

    def norm(self, index: int):
        norm = self.norms.get(index)
        if norm is None:
            total = (self.rows[index] ** 2).sum()
            norm = self.norms[index] = numpy.sqrt(total) if total != 0.0 else 0.0
        return norm

    def __call__(self, first: int, second: int) -> float:
        if self.orths[first] == self.orths[second]:
            return 1.0
        first_norm, second_norm = self.norm(first), self.norm(second)
        if first_norm == 0 or second_norm == 0:
            return 0.0
        return (numpy.dot(self.rows[first], self.rows[second]) / (first_norm * second_norm)).item()
