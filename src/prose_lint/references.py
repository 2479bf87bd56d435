"""Which character each he/she pronoun refers to, from coreference chains.

coreferee is gender-aware: it never puts "she" into a chain that holds
"he", so a drifted pronoun never sits in its own character's chain. It is
left alone, put in a chain of a noun its gender fits ("ballerina", "his
mother"), or joined to another character. Two passes find it anyway:

* the normal pass gives chains; a chain belongs to a character when it holds
  one of their names, or when a noun of it is linked to a name by a copula
  or an apposition ("James Kuznetsova was a renowned ballerina who ... her");
* a gender-blind pass scores every pronoun's possible antecedents again with
  the pronouns' grammatical gender removed. Where it prefers a character
  whose chains say the opposite gender, and the normal pass found no
  character of the pronoun's own gender instead, the pronoun was most likely
  meant for that character.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .pronouns import FEMININE, MASCULINE, NEUTRAL, pronoun_gender

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .document import Chunk, Document

_LINKING_DEPS = {"attr", "appos"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True)
class PronounUse:
    start: int
    end: int
    gender: str
    character: str | None  # from the chains (normal pass)
    blind_character: str | None  # preferred by the gender-blind pass


@dataclass
class References:
    """Every third-person pronoun of a document and the characters it may refer to."""

    pronouns: list[PronounUse] = field(default_factory=list)

    def genders(self) -> dict[str, Counter]:
        """Pronoun genders per character, as the chains assign them."""
        counts: dict[str, Counter] = defaultdict(Counter)
        for use in self.pronouns:
            if use.character is not None:
                counts[use.character][use.gender] += 1
        return counts


def resolve(document: "Document") -> References:
    from .coref import COMPONENT_NAME
    from .nlp import load_pipeline

    annotator = load_pipeline(document.model, True).get_pipe(COMPONENT_NAME).annotator
    names = _NameIndex(document)
    references = References()
    for chunk in document.chunks:
        chains = chunk.doc._.coref_chains
        if chains is None:
            continue
        chain_owner = [_chain_character(chunk, chain, names) for chain in chains]
        token_owner: dict[int, str] = {}
        for chain, owner in zip(chains, chain_owner):
            if owner is None:
                continue
            for mention in chain:
                for index in mention.token_indexes:
                    token_owner.setdefault(index, owner)
        blind = _blind_antecedents(chunk.doc, annotator)
        for token in chunk.doc:
            gender = pronoun_gender(token.text) if token.pos_ == "PRON" else None
            if gender is None:
                continue
            owners = [chain_owner[chain.index] for chain in token._.coref_chains]
            character = next((owner for owner in owners if owner), None)
            antecedent = blind.get(token.i)
            blind_character = None
            if antecedent is not None:
                blind_character = token_owner.get(antecedent) or names.character_at(chunk.start(chunk.doc[antecedent]))
            references.pronouns.append(
                PronounUse(chunk.start(token), chunk.end(token), gender, character, blind_character)
            )
    return references


class _NameIndex:
    """Which character's name covers a document offset."""

    def __init__(self, document: "Document"):
        spans = sorted(
            (mention.start, mention.end, character.name)
            for character in document.characters
            for mention in character.mentions
        )
        self._starts = [start for start, _, _ in spans]
        self._spans = spans

    def character_at(self, offset: int) -> str | None:
        position = bisect_right(self._starts, offset) - 1
        if position >= 0:
            start, end, name = self._spans[position]
            if start <= offset < end:
                return name
        return None


def _chain_character(chunk: "Chunk", chain, names: _NameIndex) -> str | None:
    doc = chunk.doc
    named = Counter()
    linked = Counter()
    for mention in chain:
        for index in mention.token_indexes:
            token = doc[index]
            name = names.character_at(chunk.start(token))
            if name:
                named[name] += 1
            linked_name = _linked_name(chunk, token, names)
            if linked_name:
                linked[linked_name] += 1
    votes = named or linked
    if not votes:
        return None
    (best, count), *rest = votes.most_common(2) + [(None, 0)]
    # A chain shared between two named characters is not evidence for either.
    return best if count > rest[0][1] else None


def _linked_name(chunk: "Chunk", token: "Token", names: _NameIndex) -> str | None:
    """The character a noun describes: "X was a ballerina", "X, a dancer"."""
    if token.dep_ not in _LINKING_DEPS:
        return None
    head = token.head
    if token.dep_ == "attr":
        subjects = [child for child in head.children if child.dep_ in _SUBJECT_DEPS]
        return names.character_at(chunk.start(subjects[0])) if subjects else None
    return names.character_at(chunk.start(head))


def _blind_antecedents(doc: "Doc", annotator) -> dict[int, int]:
    """For each he/she pronoun, the antecedent coreferee scores highest once
    pronoun gender is hidden from it (token index to token index)."""
    from spacy.tokens import Doc

    # A copy without user_data: the normal pass's chains stay untouched and
    # are not deep-copied for nothing.
    blind = Doc(doc.vocab).from_bytes(doc.to_bytes(exclude=["user_data"]), exclude=["user_data"])
    for token in blind:
        if token.pos_ == "PRON" and pronoun_gender(token.text) in (MASCULINE, FEMININE):
            features = {key: value for key, value in token.morph.to_dict().items() if key != "Gender"}
            token.set_morph("|".join(f"{key}={value}" for key, value in sorted(features.items())) or "_")
    annotator.rules_analyzer.initialize(blind)
    annotator.tendencies_analyzer.score(blind, annotator.thinc_ensemble)
    antecedents = {}
    for token in blind:
        holder = token._.coref_chains
        candidates = getattr(holder, "temp_potential_referreds", None)
        if candidates and pronoun_gender(token.text) in (MASCULINE, FEMININE):
            antecedents[token.i] = candidates[0].root_index
    return antecedents
