"""coreferee's scoring of candidate antecedents, with its network factored.

coreferee scores every (anaphor, candidate) pair of a Doc with an ensemble of
five networks, and most of the work is their first layer: 639 units over 587
inputs, for every pair. Those inputs are the anaphor's word vector and
features, the candidate's, and five numbers about the pair; so the layer is
the sum of a part per anaphor, a part per candidate and a small part per
pair. This computes each part once (an anaphor has a dozen candidates, a
candidate a dozen anaphors) and adds them per pair, then runs the rest of
the network as coreferee does. Same weights and inputs, so the same scores
up to float rounding; the candidates are put in coreferee's order with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy
from coreferee.tendencies import _set_vectors
from threadpoolctl import ThreadpoolController

from .nlp import CANDIDATE_SCORES_KEY

if TYPE_CHECKING:
    from coreferee.tendencies import TendenciesAnalyzer
    from spacy.tokens import Doc
    from thinc.model import Model

# coreferee's first layer reads [anaphor vector (squeezed to 3), candidate
# vector (3), anaphor features and position, candidate features and
# position, pair compatibility]; the widths of the last three.
_SQUEEZED = 3
_COMPATIBILITY = 5


def _dense(layer: "Model") -> tuple[numpy.ndarray, numpy.ndarray]:
    return numpy.asarray(layer.get_param("W")), numpy.asarray(layer.get_param("b"))


def _relu(values: numpy.ndarray) -> numpy.ndarray:
    return numpy.maximum(values, 0, out=values)


@dataclass(frozen=True)
class _Member:
    """One network of coreferee's ensemble, its weights split by input."""

    squeeze_anaphor: list[tuple[numpy.ndarray, numpy.ndarray]]
    squeeze_candidate: list[tuple[numpy.ndarray, numpy.ndarray]]
    anaphor_weights: numpy.ndarray  # for the squeezed vector and the static inputs
    candidate_weights: numpy.ndarray
    pair_weights: numpy.ndarray
    bias: numpy.ndarray
    rest: list[tuple[numpy.ndarray, numpy.ndarray]]  # the layers after the first

    @classmethod
    def of(cls, member: "Model") -> "_Member":
        inputs, first, *rest = member.layers
        anaphor_branch, candidate_branch, _static = inputs.layers
        weights, bias = _dense(first)
        static = (weights.shape[1] - 2 * _SQUEEZED - _COMPATIBILITY) // 2
        anaphor_static = slice(2 * _SQUEEZED, 2 * _SQUEEZED + static)
        candidate_static = slice(2 * _SQUEEZED + static, 2 * _SQUEEZED + 2 * static)
        return cls(
            squeeze_anaphor=[_dense(layer) for layer in anaphor_branch.layers[1].layers],
            squeeze_candidate=[_dense(layer) for layer in candidate_branch.layers[1].layers],
            anaphor_weights=numpy.concatenate([weights[:, :_SQUEEZED], weights[:, anaphor_static]], axis=1),
            candidate_weights=numpy.concatenate([weights[:, _SQUEEZED : 2 * _SQUEEZED], weights[:, candidate_static]], axis=1),
            pair_weights=weights[:, 2 * _SQUEEZED + 2 * static :],
            bias=bias,
            rest=[_dense(layer) for layer in rest],
        )

    def scores(self, anaphors, candidates, pairs, pair_anaphor, pair_candidate) -> numpy.ndarray:
        """Unnormalised scores of the pairs, from each side's (vectors, static inputs)."""
        sides = []
        for (vectors, static), squeeze, weights in (
            (anaphors, self.squeeze_anaphor, self.anaphor_weights),
            (candidates, self.squeeze_candidate, self.candidate_weights),
        ):
            for layer_weights, layer_bias in squeeze:
                vectors = _relu(vectors @ layer_weights.T + layer_bias)
            sides.append(numpy.concatenate([vectors, static], axis=1) @ weights.T)
        hidden = sides[0][pair_anaphor]
        hidden += sides[1][pair_candidate]
        hidden += pairs @ self.pair_weights.T
        hidden += self.bias
        hidden = _relu(hidden)
        *middle, (last_weights, last_bias) = self.rest
        for layer_weights, layer_bias in middle:
            hidden = _relu(hidden @ layer_weights.T + layer_bias)
        return (hidden @ last_weights.T + last_bias)[:, 0]


class FactoredScorer:
    """Stands in for ``TendenciesAnalyzer.score`` on one annotator."""

    def __init__(self, tendencies: "TendenciesAnalyzer", thinc_model: "Model"):
        self.tendencies = tendencies
        ensemble = thinc_model.layers[0].layers[1]
        self.members = [_Member.of(member) for member in ensemble.layers]
        self.threads = ThreadpoolController()

    def __call__(self, doc: "Doc", thinc_ensemble: "Model") -> None:
        tendencies = self.tendencies
        anaphors = [token for token in doc if hasattr(token._.coref_chains, "temp_potential_referreds")]
        # Kept only for a Doc that asks for them (the gender-blind pass's):
        # for a whole text they would be a dozen numbers per pronoun.
        scores = doc.user_data.get(CANDIDATE_SCORES_KEY)
        if not anaphors:
            return
        candidate_of: dict[tuple[int, ...], int] = {}
        candidates, pair_anaphor, pair_candidate, pairs = [], [], [], []
        for number, token in enumerate(anaphors):
            referreds = token._.coref_chains.temp_potential_referreds
            # As coreferee's scoring does, before it sorts them by score.
            referreds.sort(key=lambda mention: mention.root_index)
            for mention in referreds:
                key = tuple(mention.token_indexes)
                if key not in candidate_of:
                    candidate_of[key] = len(candidates)
                    candidates.append(mention)
                pair_anaphor.append(number)
                pair_candidate.append(candidate_of[key])
                pairs.append(tendencies.get_compatibility_map(mention, token))
        vector_of = self._vectors(doc, thinc_ensemble.ops)
        anaphor_inputs = (
            numpy.asarray([vector_of(token.i) for token in anaphors], dtype="float32"),
            self._static(anaphors, doc),
        )
        candidate_inputs = (
            numpy.asarray(
                [
                    vector_of(mention.root_index)
                    if len(mention.token_indexes) == 1
                    else numpy.asarray([vector_of(index) for index in mention.token_indexes], dtype="float32").mean(axis=0)
                    for mention in candidates
                ],
                dtype="float32",
            ),
            self._static(candidates, doc),
        )
        pair_inputs = numpy.asarray(pairs, dtype="float32")
        pair_anaphor_index = numpy.asarray(pair_anaphor)
        pair_candidate_index = numpy.asarray(pair_candidate)
        # One BLAS thread: the products are small, and with two threads each
        # waits on the other at every one; on 2 busy cores (load 8) that
        # took three times as long, and --jobs workers make every machine
        # busy. The results are the same to the bit.
        with self.threads.limit(limits=1, user_api="blas"):
            predictions = numpy.stack(
                [
                    member.scores(anaphor_inputs, candidate_inputs, pair_inputs, pair_anaphor_index, pair_candidate_index)
                    for member in self.members
                ],
                axis=1,
            )
        # coreferee's softmax over each anaphor's candidates, per network.
        exponentials = numpy.exp(numpy.clip(predictions, -20.0, 20.0))
        starts = numpy.flatnonzero(numpy.r_[True, pair_anaphor_index[1:] != pair_anaphor_index[:-1]])
        sums = numpy.add.reduceat(exponentials, starts, axis=0)
        softmax = exponentials / sums[pair_anaphor_index]
        # The networks' mean, summed in coreferee's order (left to right).
        total = softmax[:, 0].copy()
        for column in range(1, softmax.shape[1]):
            total += softmax[:, column]
        means = total / softmax.shape[1]
        row = 0
        for token in anaphors:
            referreds = token._.coref_chains.temp_potential_referreds
            for mention in referreds:
                mention.temp_score = means[row]
                row += 1
            referreds.sort(key=lambda mention: (mention.temp_is_uncertain, 0 - mention.temp_score))
            if scores is not None:
                scores[token.i] = [(mention.root_index, float(mention.temp_score)) for mention in referreds]

    def _vectors(self, doc: "Doc", ops) -> "Callable[[int], numpy.ndarray]":
        """Each word's vector as coreferee's scoring reads it: the lemma's
        static vector, or the word's row of the Doc's tensor when the
        pipeline has no static vectors (as the sm pipelines have none)."""
        if doc.vocab.vectors.size == 0 and doc.tensor.size != 0 and "vector" not in doc.user_token_hooks:
            rows = doc.tensor
            return lambda index: rows[index]
        vectors_nlp = self.tendencies.vectors_nlp

        def vector_of(index: int) -> numpy.ndarray:
            token = doc[index]
            _set_vectors(vectors_nlp, ops, token)
            return token._.coref_chains.temp_vector

        return vector_of

    def _static(self, items: list, doc: "Doc") -> numpy.ndarray:
        tendencies = self.tendencies
        return numpy.asarray(
            [tendencies.get_feature_map(item, doc) + tendencies.get_position_map(item, doc) for item in items],
            dtype="float32",
        )
