"""Which person each third-person pronoun refers to, from coreference chains.

coreferee is gender-aware: it never puts "she" into a chain that holds
"he", so a drifted pronoun never sits in its own character's chain. It is
left alone, or joined to whatever noun or pronoun its gender fits. Two
coreferee passes find it anyway:

* the normal pass gives chains. A chain belongs to a character when it holds
  one of their names, or when a noun of it is linked to a name by a copula or
  an apposition ("James Kuznetsova was a renowned ballerina who ... her");
* a gender-blind pass runs coreferee again with the pronouns' grammatical
  gender hidden, so that it links pronouns by position and syntax alone.

A pronoun the normal pass leaves without support for its gender (no other
pronoun of its gender in its chain, no noun or name of its gender, no
character whose name or title says its gender) is looked up in the blind
pass. When the blind pass makes it the next mention of a person whose
pronouns in the normal pass are all of the other gender, and does not
continue it with a pronoun of its own gender belonging to someone else, the
pronoun refers to that person: a drifted pronoun.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING

from .pronouns import FEMININE, MASCULINE, pronoun_gender

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .characters import Character, CharacterRegistry
    from .document import Chunk, Document

_LINKING_DEPS = {"attr", "appos"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_OTHER = {MASCULINE: FEMININE, FEMININE: MASCULINE}
# The pronouns of a person the blind pass joins a pronoun to: at least this
# many of one gender, and at least this share of their he/she pronouns.
_MIN_PERSON_PRONOUNS = 2
_MIN_PERSON_SHARE = 0.9
# Sentences before a pronoun in which another pronoun of its gender vouches for it.
_SCENE_SENTENCES = 2


class Source(Enum):
    NAMED = "named"  # its chain holds the character's name
    LINKED = "linked"  # its chain holds a noun said of the character ("X was a ballerina")
    BLIND = "blind"  # the gender-blind pass joined it to the person
    MISMATCHED = "mismatched"  # alone in a chain with the name of someone of the other gender


@dataclass(frozen=True)
class Person:
    """Someone a drifted pronoun refers to who has no name in the text."""

    description: str  # '"the old priest" (line 12)'
    gender: str
    pronoun_count: int


@dataclass(frozen=True)
class PronounUse:
    start: int
    end: int
    gender: str
    character: str | None  # the named character the pronoun refers to
    source: Source | None = None
    person: Person | None = None  # an unnamed person, found by the blind pass


@dataclass
class References:
    """Every third-person pronoun of a document and who it is attributed to."""

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
        chains = _Chains(chunk, names)
        uses = []
        for token in chunk.doc:
            gender = pronoun_gender(token.text) if token.pos_ == "PRON" else None
            if gender is not None:
                chain = chains.of(token)
                character, source = chains.owner(chain, gender)
                if character is None and chains.mismatched(chain, gender):
                    character, source = chain.owner.name, Source.MISMATCHED
                unsupported = (
                    gender in _OTHER
                    and chains.unsupported(chain, gender, character)
                    and not chains.near_own_gender(token, gender)
                )
                uses.append((token, gender, chain, character, source, unsupported))
        blind = _BlindPass(chunk.doc, [token for token, *_, unsupported in uses if unsupported], coreference)
        for token, gender, chain, character, source, unsupported in uses:
            person = None
            target = chains.blind_target(blind.mentions(token), token, chain, gender) if unsupported else None
            if target is not None:
                named, _ = chains.owner(target, _OTHER[gender])
                if named is not None:
                    character, source = named, Source.BLIND
                else:
                    person = chains.describe(target, _OTHER[gender], document)
            references.pronouns.append(
                PronounUse(chunk.start(token), chunk.end(token), gender, character, source, person)
            )
    return references


class _NameIndex:
    """Which character's name covers a document offset."""

    def __init__(self, characters: "CharacterRegistry"):
        spans = sorted(
            ((mention.start, mention.end, character) for character in characters for mention in character.mentions),
            key=lambda span: span[:2],
        )
        self._starts = [start for start, _, _ in spans]
        self._spans = spans

    def character_at(self, offset: int) -> "Character | None":
        position = bisect_right(self._starts, offset) - 1
        if position >= 0:
            start, end, character = self._spans[position]
            if start <= offset < end:
                return character
        return None


@dataclass
class _Chain:
    index: int
    owner: "Character | None" = None
    linked: bool = False  # owner found through a linked noun only
    pronouns: Counter = field(default_factory=Counter)  # gender -> pronoun count
    vouched: set = field(default_factory=set)  # genders its nouns and names say


class _Chains:
    """The normal pass's chains of one chunk, with their owners and evidence."""

    def __init__(self, chunk: "Chunk", names: _NameIndex):
        self.chunk = chunk
        self.doc = chunk.doc
        self.names = names
        self.chains: list[_Chain] = []
        self._chain_of: dict[int, _Chain] = {}
        from .characters import name_lists

        roles = _role_genders()
        male_names, female_names = name_lists()
        by_name = {}
        for index, coref_chain in enumerate(self.doc._.coref_chains):
            chain = _Chain(index)
            named, linked = Counter(), Counter()
            for mention in coref_chain:
                for token_index in mention.token_indexes:
                    self._chain_of[token_index] = chain
                member = self.doc[mention.root_index]
                if member.pos_ == "PRON":
                    chain.pronouns[pronoun_gender(member.text)] += 1
                    continue
                character = names.character_at(chunk.start(member))
                if character is not None:
                    by_name[character.name] = character
                    named[character.name] += 1
                    chain.vouched.add(_gender_of(character))
                linked_character = _linked_character(chunk, member, names)
                if linked_character is not None:
                    by_name[linked_character.name] = linked_character
                    linked[linked_character.name] += 1
                chain.vouched.add(roles.get(member.lower_))
                if member.pos_ == "PROPN":
                    chain.vouched.add(_proper_noun_gender(member, male_names, female_names))
            chain.vouched.discard(None)
            owner = _majority(named or linked)
            if owner is not None:
                chain.owner = by_name[owner]
                chain.linked = not named
            self.chains.append(chain)

    def of(self, token: "Token") -> _Chain | None:
        return self._chain_of.get(token.i)

    def owner(self, chain: _Chain | None, gender: str) -> tuple[str | None, Source | None]:
        """The character a pronoun of ``gender`` in ``chain`` refers to. A name
        whose title or given name says the other gender is coreferee not
        knowing it ("Mrs Pontifex ... he" is her husband): nobody, unless the
        cast file declares the character's pronouns."""
        if chain is None or chain.owner is None:
            return None, None
        if _gender_of(chain.owner) == _OTHER.get(gender) and not (chain.linked or chain.owner.declared):
            return None, None
        return chain.owner.name, Source.LINKED if chain.linked else Source.NAMED

    def mismatched(self, chain: _Chain | None, gender: str) -> bool:
        """Whether coreferee joined a lone pronoun to a name of the other
        gender ("Thomas stood back ... and she smiled"): it found nobody else
        the pronoun could mean. Several such pronouns are more likely a
        name coreferee misread ("Lady Russell ... his ... he")."""
        return (
            chain is not None
            and chain.owner is not None
            and not chain.linked
            and _gender_of(chain.owner) == _OTHER.get(gender)
            and chain.pronouns[gender] == 1
        )

    def unsupported(self, chain: _Chain | None, gender: str, character: str | None) -> bool:
        """Whether nothing in the normal pass vouches for the pronoun's gender."""
        if chain is None:
            return True
        if chain.linked and character is not None:
            return False
        if chain.pronouns[gender] > 1 or gender in chain.vouched:
            return False
        return character is None or _gender_of(chain.owner) is None

    def near_own_gender(self, token: "Token", gender: str) -> bool:
        """Whether another pronoun of ``gender`` comes shortly before: someone
        of that gender is in the scene, and the pronoun may well be theirs."""
        start = token.sent.start
        for _ in range(_SCENE_SENTENCES):
            if start == 0:
                break
            start = self.doc[start - 1].sent.start
        return any(
            other.pos_ == "PRON" and pronoun_gender(other.text) == gender for other in self.doc[start : token.i]
        )

    def blind_target(self, mentions: list[int], token: "Token", chain: _Chain | None, gender: str) -> _Chain | None:
        """The person of the other gender the blind pass makes ``token`` refer
        to, given the token indexes of its blind chain's mentions."""
        if token.i not in mentions:
            return None
        position = mentions.index(token.i)
        if position == 0:
            return None
        previous = self.doc[mentions[position - 1]]
        target = self.of(previous)
        if target is None or target is chain:
            return None
        # An antecedent noun may belong to a chain by accident; a pronoun or a
        # name of the person is the person.
        if previous.pos_ != "PRON" and self.names.character_at(self.chunk.start(previous)) is None:
            return None
        other, same = target.pronouns[_OTHER[gender]], target.pronouns[gender]
        if other < _MIN_PERSON_SHARE * (other + same):
            return None
        # A named character's gender is settled over the whole story, by the
        # rule; an unnamed person's by their pronouns here.
        if self.owner(target, _OTHER[gender])[0] is None and other < _MIN_PERSON_PRONOUNS:
            return None
        if position + 1 < len(mentions):
            following = self.doc[mentions[position + 1]]
            # The blind pass goes on to someone else of the pronoun's own gender.
            if self.of(following) not in (None, target) and pronoun_gender(following.text) == gender:
                return None
        return target

    def describe(self, chain: _Chain, gender: str, document: "Document") -> Person:
        """An unnamed person, by their most specific mention and its line."""
        coref_chain = self.doc._.coref_chains[chain.index]
        mention = coref_chain[coref_chain.most_specific_mention_index]
        root = self.doc[mention.root_index]
        line, _ = document.position(self.chunk.start(root))
        if root.pos_ == "PRON":
            description = f"the person of line {line}"
        else:
            words = self.doc[root.left_edge.i : root.i + 1] if root.i - root.left_edge.i < 4 else root
            description = f'"{words.text}" (line {line})'
        return Person(description, gender, chain.pronouns[gender])


def _gender_of(character: "Character") -> str | None:
    return character.declared_gender or character.gender_hint


def _proper_noun_gender(token: "Token", male_names: frozenset, female_names: frozenset) -> str | None:
    """The gender a name says by its title ("Mrs. Reed") or given name ("Eliza")."""
    from .characters import title_gender

    if token.i > 0 and (gender := title_gender(token.nbor(-1).text.rstrip(".").lower())):
        return gender
    return MASCULINE if token.text in male_names else FEMININE if token.text in female_names else None


def _majority(votes: Counter) -> str | None:
    if not votes:
        return None
    (best, count), *rest = votes.most_common(2) + [(None, 0)]
    # A chain shared between two characters is evidence for neither.
    return best if count > rest[0][1] else None


def _linked_character(chunk: "Chunk", token: "Token", names: _NameIndex) -> "Character | None":
    """The character a noun describes: "X was a ballerina", "X, a dancer"."""
    if token.dep_ not in _LINKING_DEPS:
        return None
    if token.dep_ == "attr":
        subjects = [child for child in token.head.children if child.dep_ in _SUBJECT_DEPS]
        return names.character_at(chunk.start(subjects[0])) if subjects else None
    return names.character_at(chunk.start(token.head))


@cache
def _role_genders() -> dict[str, str]:
    from .lexicon import builtin_lexicon

    return builtin_lexicon().roles


class _BlindPass:
    """coreferee run again, with he/she's grammatical gender hidden, on the
    sentences around the pronouns that need it: the five sentences before
    each (as far back as coreferee looks for an antecedent) and the three
    after."""

    BEFORE, AFTER = 5, 3

    def __init__(self, doc: "Doc", tokens: list["Token"], coreference):
        self._chains: dict[int, list[int]] = {}
        sentences = list(doc.sents) if tokens else []
        sentence_starts = [sentence.start for sentence in sentences]
        windows: list[list[int]] = []
        for token in tokens:
            index = bisect_right(sentence_starts, token.i) - 1
            first, last = max(index - self.BEFORE, 0), min(index + self.AFTER, len(sentences) - 1)
            if windows and first <= windows[-1][1] + 1:
                windows[-1][1] = max(windows[-1][1], last)
            else:
                windows.append([first, last])
        for first, last in windows:
            offset = sentences[first].start
            blind = coreference(_without_gender(doc[offset : sentences[last].end].as_doc()))
            for chain in blind._.coref_chains or ():
                indexes = [offset + mention.root_index for mention in chain]
                for index in indexes:
                    self._chains.setdefault(index, indexes)

    def mentions(self, token: "Token") -> list[int]:
        """Token indexes of the mentions in ``token``'s blind chain, in order."""
        return self._chains.get(token.i, [])


def _without_gender(doc: "Doc") -> "Doc":
    for token in doc:
        if token.pos_ == "PRON" and pronoun_gender(token.text) in _OTHER:
            features = {key: value for key, value in token.morph.to_dict().items() if key != "Gender"}
            token.set_morph("|".join(f"{key}={value}" for key, value in sorted(features.items())) or "_")
    return doc
