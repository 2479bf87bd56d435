"""Which person each third-person pronoun refers to, from coreference chains.

coreferee is gender-aware: it never puts "she" into a chain that holds
"he", so a drifted pronoun never sits in its own character's chain. It is
left alone, or joined to whatever noun or pronoun its gender fits. Two
coreferee passes find it anyway:

* the normal pass gives chains. A chain belongs to a character when it holds
  one of their names, or when a noun of it is linked to a name by a copula or
  an apposition ("James Kuznetsova was a renowned ballerina who ... her");
* a gender-blind pass runs coreferee again on the sentences around the
  pronouns that need it, with each he/she marked as both genders, so that it
  links them to people by position and syntax alone.

A pronoun needs the blind pass when nothing vouches for its gender: no other
pronoun of its gender in its chain, no noun, title or name of its gender in
its chain, and no pronoun, gendered noun or name of its gender in its
sentence or the four before. Pronouns inside quotation marks never need it
(speakers talk of people who are not in the scene), nor does a reflexive
whose clause says who it is. When the blind pass makes a pronoun the next
mention of a person whose pronouns in the normal pass are all of the other
gender (or of a named character, whose gender the rule settles over the
whole story), and does not go on to a pronoun of its own gender belonging to
someone else, the pronoun refers to that person: a drifted pronoun.
The blind pass's scores of each such pronoun's candidate antecedents are
kept with it, for ``scenes`` to weigh.

A third route needs no coreference: a reflexive bound in its clause by a word
of the other gender ("he seldom conducted herself", see ``binding``). It is
the one route that works with both genders in the scene.

Precision comes first: a pronoun with anyone of its own gender nearby is left
alone, unless grammar binds it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from .binding import holding_nouns, local_binder, mismatched_binders
from .gender import given_name_gender, says_nothing_of, title_gender
from .lexicon import builtin_lexicon
from .nlp import CANDIDATE_SCORES_KEY
from .pronouns import FEMININE, MASCULINE, pronoun_gender

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .characters import Character, CharacterRegistry
    from .document import Document
    from .parse import Chunk

_LINKING_DEPS = {"attr", "appos"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_OTHER = {MASCULINE: FEMININE, FEMININE: MASCULINE}
# The pronouns of a person the blind pass joins a pronoun to: at least this
# many of one gender, and at least this share of their he/she pronouns.
_MIN_PERSON_PRONOUNS = 2
_MIN_PERSON_SHARE = 0.9
# Sentences before a pronoun in which a word of its gender vouches for it:
# at 2, Persuasion had 19 false findings; at 4, 9 (5 with quotation marks
# skipped); at 8, 2, with recall down from 0.33 to 0.18 on LitBank.
_SCENE_SENTENCES = 4


class Source(Enum):
    NAMED = "named"  # its chain holds the character's name
    LINKED = "linked"  # its chain holds a noun said of the character ("X was a ballerina")
    BLIND = "blind"  # the gender-blind pass joined it to the person
    BOUND = "bound"  # a reflexive and the subject that binds it ("he ... herself")
    SCENE = "scene"  # everyone in reach is of the other gender (see ``scenes``)
    DESCRIBED = "described"  # it carries on an unnamed character's role noun ("the waitress ... she")


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
    # How the blind pass ranked who it may refer to: for each candidate
    # antecedent, the character it names or whose chain it is in (None for
    # anyone else) and coreferee's score, in coreferee's order.
    candidates: tuple[tuple[str | None, float], ...] = ()


@dataclass
class References:
    """Every third-person pronoun of a document and who it is attributed to."""

    pronouns: list[PronounUse] = field(default_factory=list)
    # In a manuscript, each character's pronoun genders as the scenes of the
    # chapters before this one read them without gender (see ``scenes``).
    votes_before: dict[str, Counter] = field(default_factory=dict)

    def genders(self) -> dict[str, Counter]:
        """Pronoun genders per character. A pronoun given to a character
        because nobody else was in reach says nothing of their gender."""
        counts: dict[str, Counter] = defaultdict(Counter)
        for use in self.pronouns:
            if use.character is not None and use.source is not Source.SCENE:
                counts[use.character][use.gender] += 1
        return counts


def resolve(document: "Document", chunks: list["Chunk"], characters: "CharacterRegistry", model: str) -> References:
    """Who each third-person pronoun of ``document`` refers to, given its
    parse with coreference chains and the story's characters in it."""
    from .coref import COMPONENT_NAME
    from .nlp import load_pipeline

    coreference = load_pipeline(model, True).get_pipe(COMPONENT_NAME)
    references = References()
    for chunk in chunks:
        if chunk.doc._.coref_chains is None:
            continue
        chains = _Chains(chunk, document, characters)
        uses = []
        for token in chunk.doc:
            gender = pronoun_gender(token.text) if token.pos_ == "PRON" else None
            if gender is not None:
                chain = chains.of(token)
                # "been his love and his bride", said of her: a chain that
                # holds both is coreferee's slip.
                if token.tag_ == "PRP$" and chain is not None and any(
                    chains.of(noun) is chain for noun in holding_nouns(token)
                ):
                    chain = None
                character, source = chains.owner(chain, gender)
                unsupported = (
                    gender in _OTHER
                    and chains.unsupported(chain, gender, character)
                    and not chains.near_own_gender(token, gender)
                    and not document.quoted(chunk.start(token))
                    and local_binder(token) is None
                )
                uses.append((token, gender, chain, character, source, unsupported))
        blind = _BlindPass(chunk.doc, [token for token, *_, unsupported in uses if unsupported], coreference)
        bound = dict(chains.bound_drift())
        for token, gender, chain, character, source, unsupported in uses:
            person = None
            target = chains.blind_target(blind.mentions(token), token, chain, gender) if unsupported else None
            if token.i in bound:
                character, person = bound[token.i]
                source = Source.BOUND
            elif target is not None:
                named, _ = chains.owner(target, _OTHER[gender])
                if named is not None:
                    character, source = named, Source.BLIND
                else:
                    person = chains.describe(target, _OTHER[gender])
            candidates = tuple((chains.person_at(chunk.doc[root]), score) for root, score in blind.candidates(token))
            references.pronouns.append(
                PronounUse(chunk.start(token), chunk.end(token), gender, character, source, person, candidates)
            )
    return references


@dataclass
class _Chain:
    index: int
    owner: "Character | None" = None
    linked: bool = False  # owner found through a linked noun only
    pronouns: Counter = field(default_factory=Counter)  # gender -> pronoun count
    vouched: set = field(default_factory=set)  # genders its nouns and names say


class _Chains:
    """The normal pass's chains of one chunk, with their owners and evidence."""

    def __init__(self, chunk: "Chunk", document: "Document", characters: "CharacterRegistry"):
        self.chunk = chunk
        self.doc = chunk.doc
        self.document = document
        self.names = names = characters
        self._chain_of: dict[int, _Chain] = {}
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
                    chain.vouched.add(character.named_gender)
                linked_character = _linked_character(chunk, member, names)
                if linked_character is not None:
                    by_name[linked_character.name] = linked_character
                    linked[linked_character.name] += 1
                chain.vouched.add(self.word_gender(member))
            chain.vouched.discard(None)
            owner = _majority(named or linked)
            if owner is not None:
                chain.owner = by_name[owner]
                chain.linked = not named

    def of(self, token: "Token") -> _Chain | None:
        return self._chain_of.get(token.i)

    def owner(self, chain: _Chain | None, gender: str) -> tuple[str | None, Source | None]:
        """The character a pronoun of ``gender`` in ``chain`` refers to. A name
        whose title or given name says the other gender is coreferee not
        knowing it ("Mrs Pontifex ... he" is her husband): nobody, unless the
        cast file declares the character's pronouns."""
        if chain is None or chain.owner is None:
            return None, None
        if chain.owner.named_gender == _OTHER.get(gender) and not (chain.linked or chain.owner.declared):
            return None, None
        return chain.owner.name, Source.LINKED if chain.linked else Source.NAMED

    def unsupported(self, chain: _Chain | None, gender: str, character: str | None) -> bool:
        """Whether nothing in the normal pass vouches for the pronoun's gender."""
        if chain is None:
            return True
        if chain.linked and character is not None:
            return False
        if chain.pronouns[gender] > 1 or gender in chain.vouched:
            return False
        return character is None or chain.owner.named_gender is None

    def near_own_gender(self, token: "Token", gender: str) -> bool:
        """Whether a pronoun, gendered noun or name of ``gender`` comes shortly
        before: someone of that gender is in the scene ("my poor son, I dare
        say he ..."), and the pronoun may well be theirs."""
        scene_starts, last_of_gender = self._scenes
        last = last_of_gender.get(gender)
        return last is not None and last[token.i] >= scene_starts[token.i]

    @cached_property
    def _scenes(self) -> tuple[list[int], dict[str, list[int]]]:
        """For each token, where its scene begins (its sentence and the
        ``_SCENE_SENTENCES`` before), and per gender the index of the last
        word before it that says that gender (-1 for none). One pass over the
        chunk, where looking back from every pronoun costs a scene each."""
        sentences = list(self.doc.sents)
        scene_starts = []
        for index, sentence in enumerate(sentences):
            scene_starts += [sentences[max(index - _SCENE_SENTENCES, 0)].start] * len(sentence)
        genders = [self.word_gender(token) for token in self.doc]
        last_of_gender = {}
        for gender in set(genders) - {None}:
            last, indexes = -1, []
            for index, word_gender in enumerate(genders):
                indexes.append(last)
                if word_gender == gender:
                    last = index
            last_of_gender[gender] = indexes
        return scene_starts, last_of_gender

    def word_gender(self, token: "Token") -> str | None:
        """The gender a pronoun, a role noun ("wife") or a name says: a
        character's known gender, a title ("Lady Mary Grierson", "Mrs. Reed")
        or a given name only ever a man's or a woman's."""
        if token.pos_ == "PRON":
            return pronoun_gender(token.text)
        if token.pos_ != "PROPN":
            return builtin_lexicon().roles.get(token.lower_) if token.tag_ in ("NN", "NNP") else None
        character = self.names.character_at(self.chunk.start(token))
        if character is not None and character.named_gender:
            return character.named_gender
        first = token.i
        while first > 0 and self.doc[first - 1].pos_ == "PROPN" and self.doc[first - 1].sent == token.sent:
            first -= 1
        words = [word.text.rstrip(".") for word in self.doc[max(first - 1, 0) : token.i + 1]]
        for word in words:
            if gender := title_gender(word):
                return gender
        return next((gender for word in words if (gender := given_name_gender(word))), None)

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
        # Its own chain is someone else only when coreferee joined it to a
        # name of the other gender ("Thomas stood back ... and she smiled").
        named_for_other = chain is not None and chain.owner is not None and self.owner(chain, gender)[0] is None
        if target is None or (target is chain and not named_for_other):
            return None
        # "His grandmother", said of her, is someone else's.
        if token.tag_ == "PRP$" and any(
            held is target or (held is not None and held.owner is not None and held.owner is target.owner)
            for held in map(self.of, holding_nouns(token))
        ):
            return None
        # An antecedent noun may belong to a chain by accident; a pronoun or a
        # name of the person is the person.
        if previous.pos_ != "PRON" and self.names.character_at(self.chunk.start(previous)) is None:
            return None
        other = target.pronouns[_OTHER[gender]]
        same = target.pronouns[gender] - (target is chain)
        # A person whose own pronouns or names already allow the pronoun's gender.
        if other < _MIN_PERSON_SHARE * (other + same) or gender in target.vouched:
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

    def bound_drift(self) -> Iterator[tuple[int, tuple[str | None, Person]]]:
        """The drifted pronoun of each reflexive bound by a word of the other
        gender ("he seldom conducted herself"), with who it refers to. The
        reflexive is taken to be the one out of step, unless its binder is a
        pronoun that nothing else in its chain agrees with while the
        reflexive's chain has pronouns of the reflexive's gender."""
        for reflexive, binder in mismatched_binders(self.doc, self.word_gender):
            drifted, anchor = reflexive, binder
            if binder.pos_ == "PRON":
                reflexive_gender = pronoun_gender(reflexive.text)
                reflexive_chain = self.of(reflexive)
                if (
                    self.unsupported(self.of(binder), _OTHER[reflexive_gender], None)
                    and reflexive_chain is not None
                    and reflexive_chain.pronouns[reflexive_gender] > 1
                ):
                    drifted, anchor = binder, reflexive
            gender = self.word_gender(anchor)
            chain = self.of(anchor)
            named = self.owner(chain, gender)[0]
            count = chain.pronouns[gender] if chain is not None else int(anchor.pos_ == "PRON")
            yield drifted.i, (named, Person(named or self._mention(anchor), gender, count))

    def person_at(self, token: "Token") -> str | None:
        """The character a word names, or whose chain it is in."""
        character = self.names.character_at(self.chunk.start(token))
        if character is None and (chain := self.of(token)) is not None:
            character = chain.owner
        return character.name if character is not None else None

    def describe(self, chain: _Chain, gender: str) -> Person:
        """An unnamed person, by their most specific mention and its line."""
        coref_chain = self.doc._.coref_chains[chain.index]
        mention = coref_chain[coref_chain.most_specific_mention_index]
        return Person(self._mention(self.doc[mention.root_index]), gender, chain.pronouns[gender])

    def _mention(self, root: "Token") -> str:
        line, _ = self.document.position(self.chunk.start(root))
        if root.pos_ == "PRON":
            return f'"{root.text}" (line {line})'
        words = self.doc[root.left_edge.i : root.i + 1] if root.i - root.left_edge.i < 4 else root
        return f'"{words.text}" (line {line})'


def _majority(votes: Counter) -> str | None:
    if not votes:
        return None
    (best, count), *rest = votes.most_common(2) + [(None, 0)]
    # A chain shared between two characters is evidence for neither.
    return best if count > rest[0][1] else None


def _linked_character(chunk: "Chunk", token: "Token", names: "CharacterRegistry") -> "Character | None":
    """The character a noun describes: "X was a ballerina", "X, a dancer"."""
    if token.dep_ not in _LINKING_DEPS:
        return None
    if token.dep_ == "attr":
        subjects = [child for child in token.head.children if child.dep_ in _SUBJECT_DEPS]
        return names.character_at(chunk.start(subjects[0])) if subjects else None
    # "Mr. Bucket, my Lady": she is spoken to, he is not her; "the blind
    # father, the gentle Agatha, and ...": a list.
    if says_nothing_of(token.head, token):
        return None
    return names.character_at(chunk.start(token.head))


class _BlindPass:
    """coreferee run again, with he/she's grammatical gender hidden, on the
    sentences around the pronouns that need it: the five sentences before
    each (as far back as coreferee looks for an antecedent) and the three
    after. It keeps the chains it finds, and how it scored those pronouns'
    candidate antecedents."""

    BEFORE, AFTER = 5, 3

    def __init__(self, doc: "Doc", tokens: list["Token"], coreference):
        self._chains: dict[int, list[int]] = {}
        self._candidates: dict[int, list[tuple[int, float]]] = {}
        wanted = {token.i for token in tokens}
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
            window = _without_gender(doc[offset : sentences[last].end].as_doc())
            window.user_data[CANDIDATE_SCORES_KEY] = {}
            blind = coreference(window)
            for chain in blind._.coref_chains or ():
                indexes = [offset + mention.root_index for mention in chain]
                for index in indexes:
                    self._chains.setdefault(index, indexes)
            for index, candidates in blind.user_data.get(CANDIDATE_SCORES_KEY, {}).items():
                if offset + index in wanted:
                    self._candidates[offset + index] = [(offset + root, score) for root, score in candidates]

    def mentions(self, token: "Token") -> list[int]:
        """Token indexes of the mentions in ``token``'s blind chain, in order."""
        return self._chains.get(token.i, [])

    def candidates(self, token: "Token") -> list[tuple[int, float]]:
        """(token index, score) of each of ``token``'s candidate antecedents, in coreferee's order."""
        return self._candidates.get(token.i, [])


def _without_gender(doc: "Doc") -> "Doc":
    for token in doc:
        if token.pos_ == "PRON" and pronoun_gender(token.text) in _OTHER:
            features = {**token.morph.to_dict(), "Gender": "Fem,Masc"}
            token.set_morph("|".join(f"{key}={value}" for key, value in sorted(features.items())))
    return doc

