"""Which character each third-person pronoun refers to, from coreference chains.

coreferee is gender-aware: it never puts "she" into a chain that holds
"he", so a drifted pronoun never sits in its own character's chain. It is
left alone, put in a chain of a noun its gender fits ("ballerina", "a former
dancer herself"), or joined to another character. Two passes find it anyway:

* the normal pass gives chains; a chain belongs to a character when it holds
  one of their names, or when a noun of it is linked to a name by a copula
  or an apposition ("James Kuznetsova was a renowned ballerina who ... her");
* a gender-blind pass runs coreferee again with the pronouns' grammatical
  gender hidden, so that it links pronouns by position and syntax alone.

A pronoun is attributed to the character of its normal chain. Where that
chain names no character, the pronoun goes to the character of its blind
chain, unless the normal chain holds an explicit antecedent of the pronoun's
own gender ("the old woman ... she"), or the pronoun is a reflexive bound by
a noun of its own sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from .pronouns import FEMININE, MASCULINE, pronoun_gender

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .characters import CharacterRegistry
    from .document import Chunk, Document

_LINKING_DEPS = {"attr", "appos"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_REFLEXIVES = {"himself", "herself", "themself", "themselves"}


@dataclass(frozen=True)
class PronounUse:
    start: int
    end: int
    gender: str
    character: str | None  # who the pronoun is attributed to
    from_chain: bool  # attributed by the normal pass (else by the blind pass)


@dataclass
class References:
    """Every third-person pronoun of a document and the character it is attributed to."""

    pronouns: list[PronounUse] = field(default_factory=list)

    def genders(self) -> dict[str, Counter]:
        """Pronoun genders per character."""
        counts: dict[str, Counter] = defaultdict(Counter)
        for use in self.pronouns:
            if use.character is not None:
                counts[use.character][use.gender] += 1
        return counts


def resolve(document: "Document") -> References:
    from .coref import COMPONENT_NAME
    from .nlp import load_pipeline

    coreference = load_pipeline(document.model, True).get_pipe(COMPONENT_NAME)
    names = _NameIndex(document.characters)
    references = References()
    for chunk in document.chunks:
        if chunk.doc._.coref_chains is None:
            continue
        owners = _chain_owners(chunk, chunk.doc, names)
        # In the blind pass a chain of pronouns belongs to whoever the normal
        # pass gave most of those pronouns to.
        blind_owners = _chain_owners(chunk, _blind_doc(chunk.doc, coreference), names, owners)
        for token in chunk.doc:
            gender = pronoun_gender(token.text) if token.pos_ == "PRON" else None
            if gender is None:
                continue
            character = owners.get(token.i)
            from_chain = character is not None
            if not from_chain and not _bound_locally(chunk, token, gender, names):
                character = blind_owners.get(token.i)
            references.pronouns.append(
                PronounUse(chunk.start(token), chunk.end(token), gender, character, from_chain)
            )
    return references


class _NameIndex:
    """Which character's name covers a document offset."""

    def __init__(self, characters: "CharacterRegistry"):
        spans = sorted(
            (mention.start, mention.end, character) for character in characters for mention in character.mentions
        )
        self._starts = [start for start, _, _ in spans]
        self._spans = spans

    def character_at(self, offset: int):
        position = bisect_right(self._starts, offset) - 1
        if position >= 0:
            start, end, character = self._spans[position]
            if start <= offset < end:
                return character
        return None


def _chain_owners(chunk: "Chunk", doc: "Doc", names: _NameIndex, known: dict[int, str] | None = None) -> dict[int, str]:
    """Token index -> the character whose name the token's chain holds or is
    linked to (or, failing names, who ``known`` gives most of its tokens to)."""
    owners: dict[int, str] = {}
    for chain in doc._.coref_chains or ():
        named, linked, inherited = Counter(), Counter(), Counter()
        indexes = [index for mention in chain for index in mention.token_indexes]
        for index in indexes:
            member = doc[index]
            character = names.character_at(chunk.start(member))
            if character is not None:
                named[character.name] += 1
            linked_character = _linked_character(chunk, member, names)
            if linked_character is not None:
                linked[linked_character.name] += 1
            if known and index in known:
                inherited[known[index]] += 1
        owner = _majority(named or linked or inherited)
        if owner is not None:
            for index in indexes:
                owners.setdefault(index, owner)
    return owners


def _majority(votes: Counter) -> str | None:
    if not votes:
        return None
    (best, count), *rest = votes.most_common(2) + [(None, 0)]
    # A chain shared between two characters is evidence for neither.
    return best if count > rest[0][1] else None


def _linked_character(chunk: "Chunk", token: "Token", names: _NameIndex):
    """The character a noun describes: "X was a ballerina", "X, a dancer"."""
    if token.dep_ not in _LINKING_DEPS:
        return None
    if token.dep_ == "attr":
        subjects = [child for child in token.head.children if child.dep_ in _SUBJECT_DEPS]
        return names.character_at(chunk.start(subjects[0])) if subjects else None
    return names.character_at(chunk.start(token.head))


def _bound_locally(chunk: "Chunk", token: "Token", gender: str, names: _NameIndex) -> bool:
    """Whether the normal chain gives the pronoun an antecedent too explicit
    to overrule: a gendered noun or name of its own gender, or, for a
    reflexive, any noun of its own sentence."""
    female_words, male_words = _gendered_words()
    own_words = female_words if gender == FEMININE else male_words if gender == MASCULINE else frozenset()
    for chain in token._.coref_chains or ():
        for mention in chain:
            member = chunk.doc[mention.root_index]
            if member.pos_ == "PRON":
                continue
            if member.lemma_.lower() in own_words:
                return True
            character = names.character_at(chunk.start(member))
            if character is not None and (character.declared_gender or character.gender_hint) == gender:
                return True
            if token.lower_ in _REFLEXIVES and member.sent == token.sent:
                return True
    return False


@cache
def _gendered_words() -> tuple[frozenset[str], frozenset[str]]:
    """Nouns only a woman or only a man can be (coreferee's English lists)."""
    from importlib.resources import files

    data = files("coreferee") / "lang" / "en" / "data"
    read = lambda name: frozenset(  # noqa: E731
        line.strip().lower() for line in (data / name).read_text(encoding="utf-8").splitlines() if line.strip()
    )
    return read("exclusively_female_words.dat"), read("exclusively_male_words.dat")


def _blind_doc(doc: "Doc", coreference) -> "Doc":
    """A copy of ``doc`` annotated again with he/she's grammatical gender hidden."""
    from spacy.tokens import Doc

    # A copy without user_data: the normal pass's chains stay untouched.
    blind = Doc(doc.vocab).from_bytes(doc.to_bytes(exclude=["user_data"]), exclude=["user_data"])
    for token in blind:
        if token.pos_ == "PRON" and pronoun_gender(token.text) in (MASCULINE, FEMININE):
            features = {key: value for key, value in token.morph.to_dict().items() if key != "Gender"}
            token.set_morph("|".join(f"{key}={value}" for key, value in sorted(features.items())) or "_")
    return coreference(blind)
