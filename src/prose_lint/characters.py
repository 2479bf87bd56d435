"""Who is who: the characters of a story, decided from evidence.

Candidates are the capitalised names of the parse: runs of proper nouns,
joined through hyphens (Okonkwo-Reid, Jin-woo) and name particles (de la
Cruz, van der Berg, bin Rashid), together with every span the parser calls a
PERSON, an ORG, a GPE, a NORP, a LOC or a FAC. The small English pipeline
labels many names from outside the English-speaking world as places or
organisations, so no label decides alone: each name is judged over the whole
story by what its mentions show.

For a person: a PERSON label; a title (Mr, Dr, Aunt, Seu); the subject of a
verb of speech, thought, feeling or bodily action; the owner of a body part,
a relative or a belonging ("Saruul's fingers", "Ananya's mother"); a person
noun beside it ("his sister Ifeoma", "Mateo Quispe, the night technician",
"her husband was James"); being named ("Call me Ishmael", "a meteorologist
named Pyotr", "her name is Ursula"); being spoken to in dialogue ("Wal,
Beasley, are you here?"); a clause about its own his or her ("Cato throws
himself upon his sword"); "who" after it; a given name known from the name
data, which alone makes a person only of a name given to one sex and used
more than once. Against: a place preposition ("in Leeds"), an article ("the
Cessna", "a Bösendorfer"), the object of a verb of things ("playing
Chopin"), a modifier of a common noun ("the Leeds crowd"), a nationality
adjective, a place word in the name ("Kellynch Hall", "Rua das Flores"), a
month or a feast, and, for a word that only ever opens sentences, the same
word in lower case elsewhere ("Reckon so").

The plural of a person's surname after an article is their family ("the
Claytons" beside John Clayton), a character of its own.

A person noun with "the" or a possessive said of a name ("his grandfather,
Eero", "Eero, the night technician", "the grandfather was Eero") is that
character's everywhere in the story, unless it is said of two names. People
the story never names are known by a role or kin noun of one sex ("the
waitress", "her grandfather", "the old landlady"): one such character per
noun, of the sex the role-noun data gives it. They are the unnamed
characters, kept apart from the named ones (``CharacterRegistry.unnamed``):
rules about names never see them.

People who share a name are kept apart: a titled surname ("Mrs Croft",
"Admiral Croft") joins a full name only when exactly one full name of a
compatible sex has that surname, and a bare name shared by several
characters goes to the one named last in its paragraph or the one before,
or to nobody.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Iterator

from .pronouns import FEMININE, MASCULINE
from .gender import OTHER, cues, given_name_gender, is_given_name, is_title, is_title_and_given_name, noun_singular, one_of, person_nouns, role_gender, title_gender

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .cast import Cast, CastMember
    from .document import Document
    from .parse import Chunk

_CANDIDATE_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_CAPITALISED = re.compile(r"[A-Z\u00C0-\u00DE\u0100-\u024F\u0400-\u042F][\w'’\-]*$")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_TITLE_BEFORE = re.compile(r"(?<![\w'’])([A-Za-z]+)\.?\s+$")
_ARTICLES = frozenset({"the", "a", "an"})
_HYPHENS = frozenset({"-", "‐", "‑"})
# Where a mention stands, neither for nor against a person.
OPENS_A_SENTENCE = "opens a sentence"
# A word that only opens sentences and is written in lower case elsewhere.
AN_ORDINARY_WORD = "not written in lower case too"
# A name written in lower case this many times as often is an ordinary word.
_ORDINARY_WORD_SHARE = 3
_NAMING_VERBS = frozenset({"call", "name", "christen", "baptise", "baptize", "dub", "nickname"})
_PERSONAL_POSSESSIVES = frozenset({"my", "his", "her", "their", "your", "our"})
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "ye", "thee", "thou", "thy"})
_QUOTES = frozenset({'"', "“", "”", "‘", "’", "'"})
_WHO = frozenset({"who", "whom"})  # not "whose": "a city whose streets"
_DIALOGUE_DASHES = frozenset({"—", "―", "--"})
_AFTER_ADDRESS = frozenset({",", "!", "?", "--", "—", "."})
_OPENINGS = frozenset({",", '"', "“", "‘", "'"})
_MARRIED_TITLES = frozenset({"mrs", "madame", "mme", "frau", "señora", "senora", "senhora", "signora", "doña"})


@dataclass(frozen=True)
class Mention:
    path: str
    start: int
    end: int
    form: str  # the name as written, without possessive ending
    is_full: bool
    by_role: bool = False  # a role noun said of the character ("the grandfather"), not a name


@dataclass
class Character:
    name: str
    given: str | None
    surname: str | None
    aliases: set[str] = field(default_factory=set)
    titles: Counter = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    evidence: Counter = field(default_factory=Counter)  # cue -> times seen, for and against
    given_name_shared: bool = False  # another character has the same given name
    declared: "CastMember | None" = None  # the cast file's entry, if any
    is_family: bool = False  # "the Claytons": the people of one surname together
    role: str | None = None  # the role or kin noun an unnamed character is known by ("waitress")

    @property
    def is_unnamed(self) -> bool:
        return self.role is not None

    @property
    def name_mentions(self) -> list[Mention]:
        """The mentions by name, without the role nouns said of the character."""
        return [mention for mention in self.mentions if not mention.by_role]

    @property
    def has_full_name(self) -> bool:
        return self.given is not None and self.surname is not None

    @property
    def full_mentions(self) -> list[Mention]:
        return [mention for mention in self.mentions if mention.is_full]

    @property
    def short_name(self) -> str:
        return self.given or self.name

    @property
    def title_gender(self) -> str | None:
        """The gender the character's titles agree on (Mr, Sir / Mrs, Miss, Lady)."""
        genders = Counter()
        for title, count in self.titles.items():
            gender = title_gender(title)
            if gender:
                genders[gender] += count
        return next(iter(genders)) if len(genders) == 1 else None

    @property
    def name_gender(self) -> str | None:
        """The gender of the given name, when it is only ever given to one sex."""
        given = self.given or (self.name if not self.titles else None)
        return given_name_gender(given) if given else None

    @property
    def gender_hint(self) -> str | None:
        return self.title_gender or self.name_gender or (role_gender(self.role) if self.role else None)

    @property
    def described_gender(self) -> str | None:
        """The gender the nouns said of the character agree on ("his wife, Oyuun")."""
        said = {gender for gender in (MASCULINE, FEMININE) if self.evidence[f"{gender} noun beside"]}
        return said.pop() if len(said) == 1 else None

    @property
    def declared_gender(self) -> str | None:
        return self.declared.gender if self.declared else None

    @property
    def named_gender(self) -> str | None:
        """The gender the character's names tell, or the cast file declares."""
        return self.declared_gender or self.gender_hint


@dataclass
class _Name:
    """Everything the parse says about one candidate name, over a story."""

    words: tuple[str, ...]
    titles: Counter = field(default_factory=Counter)
    evidence: Counter = field(default_factory=Counter)
    occurrences: int = 0

    @property
    def support(self) -> int:
        return sum(count for cue, count in self.evidence.items() if not cue.startswith("not ") and cue != OPENS_A_SENTENCE)

    @property
    def doubt(self) -> int:
        return sum(count for cue, count in self.evidence.items() if cue.startswith("not "))

    @property
    def is_person(self) -> bool:
        # One cue seen once (a lone PERSON label) is too little for a name
        # mentioned once: a composer named as music, a brand. And the name
        # data alone is too little for any name: London and Easter are given
        # names somewhere. A name given to one sex only, used more than
        # once, is enough.
        enough = 1 if self.occurrences > 1 else 2
        # A house or a town whose name the parser takes for a person's in
        # half its mentions is still "at" or "near" it in the other half.
        if self.occurrences >= 4 and 2 * self.evidence["not after a place preposition"] >= self.occurrences:
            return False
        in_text = self.support - self.evidence["given name"]
        if in_text < 1 and not (self.occurrences > 1 and given_name_gender(self.words[0])):
            return False
        return self.support >= enough and self.support > self.doubt


class CharacterRegistry:
    """The characters of one story, each with its names and every mention;
    apart from them, the ``unnamed`` ones, known by a role noun."""

    def __init__(self, characters: list[Character], unnamed: list[Character] | None = None):
        self.characters = characters
        self.unnamed = unnamed or []

    def __iter__(self):
        return iter(self.characters)

    def __len__(self) -> int:
        return len(self.characters)

    def mention_at(self, offset: int) -> tuple[Character, Mention] | None:
        """The character whose name covers a character offset, and that mention."""
        position = bisect_right(self._mention_starts, offset) - 1
        if position >= 0:
            character, mention = self._mentions[position]
            if mention.start <= offset < mention.end:
                return character, mention
        return None

    def character_at(self, offset: int) -> Character | None:
        found = self.mention_at(offset)
        return found[0] if found else None

    @cached_property
    def _mentions(self) -> list[tuple[Character, Mention]]:
        return sorted(
            ((character, mention) for character in self.characters for mention in character.mentions),
            key=lambda pair: (pair[1].start, pair[1].end),
        )

    @cached_property
    def _mention_starts(self) -> list[int]:
        return [mention.start for _, mention in self._mentions]

    def find(self, name: str) -> Character | None:
        for character in self.characters:
            if name == character.name or name in character.aliases:
                return character
        return None

    def view(self, path: str) -> "CharacterRegistry":
        """The same characters with only the mentions in file ``path``."""
        return CharacterRegistry(*(
            [replace(character, mentions=[m for m in character.mentions if m.path == path]) for character in group]
            for group in (self.characters, self.unnamed)
        ))

    def keep_unnamed(self, referred_to: set[str]) -> None:
        """Keep the unnamed characters the story comes back to: mentioned
        again, or referred to by a pronoun (named in ``referred_to``)."""
        self.unnamed = [c for c in self.unnamed if len(c.mentions) > 1 or c.name in referred_to]

    @classmethod
    def from_parses(
        cls, parsed: list[tuple["Document", list["Chunk"]]], evidence: list["FileEvidence"], cast: "Cast | None" = None
    ) -> "CharacterRegistry":
        """The characters of a story, from the parse of each of its files and
        what each says of names."""
        names: dict[tuple[str, ...], _Name] = {}
        lower_case: Counter = Counter()
        found = [name for file in evidence for name in file.names]
        # A story that calls someone "Lola" alone makes "Lola Montez" her
        # full name, not Montez with a title.
        given_alone = {
            words[0].lower(): words[0] for words, _, _ in found if len(words) == 1 and is_title_and_given_name(words[0])
        }
        for file in evidence:
            lower_case.update(file.lower_case)
        for words, titles, cues_seen in found:
            if titles and titles[-1] in given_alone:
                words, titles = (given_alone[titles[-1]], *words), titles[:-1]
            name = names.get(words)
            if name is None:
                name = names[words] = _Name(words)
                if is_given_name(words[0]):
                    name.evidence["given name"] += 1
            name.occurrences += 1
            name.titles.update(titles)
            name.evidence.update(cues_seen)
        _doubt_ordinary_words(names, lower_case)
        characters = _group_names([name for name in names.values() if name.is_person], names)
        characters += _families(characters, names)
        if cast is not None:
            characters = _apply_cast(characters, cast)
        mentions = _Mentions(characters)
        for document, _ in parsed:
            mentions.find(document)
        named = cls([character for character in characters if character.declared or character.mentions])
        unnamed = _add_role_mentions(named, parsed)
        # Afresh: the named characters now have their role nouns' mentions too.
        return cls(named.characters, unnamed)


@dataclass
class FileEvidence:
    """What one file's parse says of names, apart from the rest of the story,
    so that an unchanged file's can be kept between runs."""

    names: list[tuple[tuple[str, ...], list[str], Counter]]  # as ``candidate_names`` gives them
    lower_case: Counter  # how often each word is written in lower case

    @classmethod
    def of(cls, chunks: list["Chunk"]) -> "FileEvidence":
        return cls(
            [found for chunk in chunks for found in candidate_names(chunk.doc)],
            Counter(token.text for chunk in chunks for token in chunk.doc if token.is_lower),
        )

    def to_data(self) -> dict:
        """Plain data, for the analysis cache."""
        return {
            "names": [[list(words), titles, dict(cues_seen)] for words, titles, cues_seen in self.names],
            "lower_case": dict(self.lower_case),
        }

    @classmethod
    def from_data(cls, data: dict) -> "FileEvidence":
        return cls(
            [(tuple(words), list(titles), Counter(cues_seen)) for words, titles, cues_seen in data["names"]],
            Counter(data["lower_case"]),
        )


def _doubt_ordinary_words(names: dict[tuple[str, ...], _Name], lower_case: Counter) -> None:
    """A one-word name that the story also writes in lower case is a word,
    not a name, when it only ever opens a sentence ("Reckon so"), or when
    the lower case is far the more common and nothing makes it a name: no
    title, no full name, not a given name ("mother, Nature" in a story that
    speaks of nature fifty times)."""
    in_full_names = {word for words in names if len(words) > 1 for word in words}
    suspects = {
        words[0]: name
        for words, name in names.items()
        if len(words) == 1
        and (
            name.evidence[OPENS_A_SENTENCE] == name.occurrences
            or not (name.titles or words[0] in in_full_names or is_given_name(words[0]))
        )
    }
    for word, name in suspects.items():
        count = lower_case[word.lower()]
        if not count:
            continue
        if name.evidence[OPENS_A_SENTENCE] == name.occurrences:
            name.evidence[AN_ORDINARY_WORD] += 2 * name.occurrences
        elif count >= _ORDINARY_WORD_SHARE * name.occurrences:
            # Each use in lower case is evidence against the name.
            name.evidence[AN_ORDINARY_WORD] += count


def candidate_names(doc: "Doc") -> Iterator[tuple[tuple[str, ...], list[str], Counter]]:
    """(name words, titles, person cues) of each candidate name in ``doc``."""
    labelled = {token.i for entity in doc.ents if entity.label_ in _CANDIDATE_LABELS for token in entity}
    person = {token.i for entity in doc.ents if entity.label_ == "PERSON" for token in entity}
    i, n = 0, len(doc)
    while i < n:
        if not (_name_token(doc[i], labelled) or _opens_a_hyphenated_given_name(doc, i)):
            i += 1
            continue
        first = i
        words = [_POSSESSIVE.sub("", doc[i].text)]
        last = i
        j = i + 1
        while j < n:
            token = doc[j]
            if token.text in _HYPHENS and not doc[j - 1].whitespace_ and not token.whitespace_ and j + 1 < n and (
                _name_token(doc[j + 1], labelled) or (doc[j + 1].is_alpha and doc[j + 1].is_lower)
            ):
                # Okonkwo-Reid, and Korean given names: Jin-woo, Mi-kyung.
                words[-1] += token.text + _POSSESSIVE.sub("", doc[j + 1].text)
                last = j = j + 2
                continue
            if token.lower_ in cues().particles and not token.text[:1].isupper():
                k = j
                while k < n and doc[k].lower_ in cues().particles and not doc[k].text[:1].isupper():
                    k += 1
                if k < n and k > j and _name_token(doc[k], labelled) and len(words) >= 1:
                    words.append(" ".join(t.text for t in doc[j:k]) + " " + _POSSESSIVE.sub("", doc[k].text))
                    last = k
                    j = k + 1
                    continue
                break
            if _name_token(token, labelled) and doc[j - 1].whitespace_:
                words.append(_POSSESSIVE.sub("", token.text))
                last = j
                j += 1
                continue
            break
        i = last + 1
        # "Could Anne ...": a capitalised function word opening a sentence is
        # no part of the name, unless it is a given name too (Will, May) and
        # not a pronoun ("My Lady Dedlock", though My is a Vietnamese name).
        while len(words) > 1 and doc[first].is_stop and (
            doc[first].pos_ == "PRON" or not is_given_name(words[0])
        ) and not is_title(words[0]):
            words.pop(0)
            first += 1
        # In the order written: the last is the one right before the name.
        titles = []
        before = doc[first - 1] if first > 0 else None
        if before is not None and before.text == "." and first > 1 and is_title(doc[first - 2].text):
            before = doc[first - 2]
        if before is not None and is_title(before.text) and before.text[:1].isupper():
            titles.append(before.text.rstrip(".").lower())
        # "Don Pedro" is Pedro, with a title; "Don" alone is Don.
        while words and is_title(words[0]) and not (len(words) == 1 and is_title_and_given_name(words[0])):
            titles.append(words.pop(0).rstrip(".").lower())
        if not words:
            continue
        yield tuple(words), titles, _cues(doc, first, last, person, titles)


def _opens_a_hyphenated_given_name(doc: "Doc", i: int) -> bool:
    """Whether ``doc[i]`` opens a hyphenated given name the name data knows,
    whose first part is an English word the parser takes for one: "Soon-ja"
    ("soon"), "Young-ho"."""
    token = doc[i]
    return (
        i + 2 < len(doc) and token.text[:1].isupper() and not token.whitespace_
        and doc[i + 1].text in _HYPHENS and not doc[i + 1].whitespace_
        and is_given_name(f"{token.text}-{doc[i + 2].text}")
    )


def _name_token(token: "Token", labelled: set[int]) -> bool:
    text = token.text
    if not _CAPITALISED.match(_POSSESSIVE.sub("", text) or "x") or text in ("I", "I'm", "I’m", "I'd", "I’d"):
        return False
    if len(text) > 1 and text.isupper() and len(text) > 3:
        return False  # HEADINGS IN CAPITALS
    return token.pos_ == "PROPN" or token.i in labelled


def _cues(doc: "Doc", first: int, last: int, person: set[int], titles: list[str]) -> Counter:
    """The cues one mention gives, for ("PERSON label") and against ("not ...")."""
    found: Counter = Counter()
    span = range(first, last + 1)
    root = next((doc[k] for k in span if doc[k].head.i not in span or doc[k].head.i == doc[k].i), doc[last])
    cue = cues()
    if any(k in person for k in span):
        found["PERSON label"] += 1
    if titles:
        found["title"] += 2
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in cue.person_verbs:
        found["subject of a person's verb"] += 1
    if root.dep_ == "poss" and head.lower_ in cue.possessions:
        found["owner of a body part or a relative"] += 1
    noun = _person_noun_beside(doc, first, root)
    if noun is not None:
        found["person noun beside"] += 1
        if said := role_gender(noun_singular(noun)):
            found[f"{said} noun beside"] += 1
    if root.dep_ == "pobj" and head.lower_ in cue.place_prepositions:
        found["not after a place preposition"] += 1
    if root.dep_ == "dobj" and head.lemma_.lower() in cue.thing_verbs:
        found["not object of a verb of things"] += 1
    if doc[first].is_sent_start:
        found[OPENS_A_SENTENCE] += 1
    if _place_or_date(doc, first, last):
        found["not a place or date word"] += 3
    if _named_as_person(root):
        found["named as a person"] += 2
    if _followed_by_who(doc, last, root):
        found["followed by who"] += 1
    if _addressed(doc, first, last, root):
        found["addressed"] += 1
    if _subject_of_own_pronoun(root):
        found["subject with his or her"] += 1
    # A parse that links a heading's "The" to the name opening the next
    # paragraph says nothing about the name.
    if (first > 0 and doc[first - 1].lower_ in _ARTICLES) or any(
        child.dep_ == "det" and child.lower_ in _ARTICLES and "\n" not in doc[child.i : first].text
        for child in root.children
    ):
        found["not with an article"] += 2
    if root.dep_ == "compound" and head.pos_ == "NOUN":
        found["not modifier of a noun"] += 1
    if root.ent_type_ == "NORP" and root.pos_ == "ADJ":
        found["not nationality"] += 2
    return found


def _place_or_date(doc: "Doc", first: int, last: int) -> bool:
    """A name built on a place word ("Kellynch Hall", "Rua das Flores") or
    a month, a day or a feast ("November", "Easter")."""
    cue = cues()
    words = [doc[k].lower_ for k in range(first, last + 1)]
    if any(word in cue.calendar_words for word in words):
        return True
    if len(words) < 2:
        return False
    if words[-1] in cue.place_or_surname_words_after:
        return not is_given_name(doc[first].text)
    return words[-1] in cue.place_words_after or words[0] in cue.place_words_before


def _named_as_person(root: "Token") -> bool:
    """A person given a name: "Call me Ishmael", "a meteorologist named Pyotr",
    "her name is Ursula"; not "a town called Leeds"."""
    head = root.head
    if root.dep_ in ("oprd", "attr", "dobj") and head.lemma_.lower() in _NAMING_VERBS:
        if head.dep_ == "acl":
            return head.head.lower_ in person_nouns()
        return root.dep_ == "oprd"
    if root.dep_ == "attr" and head.lemma_ == "be":
        subjects = [child for child in head.children if child.dep_ == "nsubj" and child.lower_ == "name"]
        return any(
            child.dep_ == "poss" and (child.lower_ in _PERSONAL_POSSESSIVES or child.lower_ in person_nouns())
            for subject in subjects
            for child in subject.children
        )
    return False


def _followed_by_who(doc: "Doc", last: int, root: "Token") -> bool:
    """A relative clause that only people take: "the story of Narcissus, who
    could not grasp ..."."""
    if last + 1 < len(doc) and doc[last + 1].lower_ in _WHO:
        return True
    if last + 2 < len(doc) and doc[last + 1].text == "," and doc[last + 2].lower_ in _WHO:
        return True
    return any(
        child.dep_ == "relcl" and any(word.lower_ in _WHO and word.i > last for word in child.children)
        for child in root.children
    )


def _addressed(doc: "Doc", first: int, last: int, root: "Token") -> bool:
    """Spoken to in dialogue: "Hullo, Wilson!", "Wal, Beasley, are you here?"."""
    if root.dep_ in ("pobj", "dobj", "conj", "compound", "poss") or last + 1 >= len(doc):
        return False
    before = doc[first - 1].text if first > 0 else ""
    after = doc[last + 1].text
    if not (before in _OPENINGS or doc[first].is_sent_start) or after not in _AFTER_ADDRESS:
        return False
    sentence = doc[first].sent
    # Dialogue in quotation marks, or opened by a dash (— How long is ...).
    if not any(token.text in _QUOTES for token in sentence) and sentence[0].text not in _DIALOGUE_DASHES:
        return False
    return after in ("!", "?") or any(token.lower_ in _SECOND_PERSON for token in sentence)


def _subject_of_own_pronoun(root: "Token") -> bool:
    """The subject of a clause that speaks of its own his, her, himself or
    herself: "Cato throws himself upon his sword"."""
    if root.dep_ != "nsubj":
        return False
    verb = root.head
    for token in verb.subtree:
        if token.lower_ in ("himself", "herself") or (token.lower_ in ("his", "her") and token.dep_ == "poss"):
            clause = next((ancestor.i for ancestor in token.ancestors if ancestor.pos_ in ("VERB", "AUX")), None)
            if clause == verb.i:
                return True
    return False


def _person_noun_beside(doc: "Doc", first: int, root: "Token") -> "Token | None":
    """The person noun said of a name: "his sister Ifeoma", "Mateo Quispe,
    the night technician", "Eero was a fisherman", "Sisa was one of the last women"."""
    nouns = person_nouns()
    if first > 0 and doc[first - 1].lower_ in nouns and doc[first - 1].pos_ == "NOUN":
        return doc[first - 1]
    beside = [child for child in root.children if child.dep_ == "appos"]
    if root.dep_ == "appos":
        beside.append(root.head)
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        beside += [one_of(child) or child for child in root.head.children if child.dep_ == "attr"]
    if root.dep_ == "attr" and root.head.lemma_ == "be":
        beside += [child for child in root.head.children if child.dep_ == "nsubj"]  # "her husband was James"
    return next((token for token in beside if noun_singular(token) in nouns), None)


def _given_and_surname(words: tuple[str, ...]) -> tuple[str, str]:
    """The given name and the surname of a full name: first and last, but in
    the order of Korean names when the last is a hyphenated given name and
    the first is not ("Park Soon-ja", "Kim Jin-woo"; not "Anne-Marie Dupont")."""
    first, last = words[0], words[-1]
    if "-" in last and "-" not in first and is_given_name(last):
        return last, first
    return first, last


def _group_names(persons: list[_Name], every: dict[tuple[str, ...], _Name]) -> list[Character]:
    """One character per distinct full name; titled and bare single names
    join the one full name they can belong to, or stand alone."""
    by_key: dict[tuple[str, str], Character] = {}
    for name in sorted((n for n in persons if len(n.words) >= 2), key=lambda n: (-n.occurrences, n.words)):
        words = name.words
        key = (words[0], words[-1])
        character = by_key.get(key)
        if character is None:
            character = by_key[key] = Character(" ".join(words), *_given_and_surname(words))
        character.aliases.add(" ".join(words))
        character.evidence.update(name.evidence)
        # "Mrs Charles Musgrove" is his wife: a title that contradicts the
        # given name says nothing about this character.
        name_gender = character.name_gender
        character.titles.update(
            {title: n for title, n in name.titles.items() if title_gender(title) in (None, name_gender) or name_gender is None}
        )
    full = list(by_key.values())
    givens = Counter(character.given for character in full)
    surnames = Counter(character.surname for character in full)
    for character in full:
        character.given_name_shared = givens[character.given] > 1 or surnames[character.given] > 0

    singles = {name.words[0]: name for name in persons if len(name.words) == 1}
    # A single name that is part of a person's full name is theirs, even where
    # it shows little evidence of its own ("Deborah" beside "Deborah Kane");
    # but not an ordinary word that opens a sentence ("Poor, poor girl"
    # beside "Poor William!").
    for words, name in every.items():
        if len(words) == 1 and words[0] not in singles and (givens[words[0]] or surnames[words[0]]):
            if (name.doubt <= name.support and not name.evidence[AN_ORDINARY_WORD]) or name.titles:
                singles[words[0]] = name
    standalone: list[Character] = []
    for word in sorted(singles):
        name = singles[word]
        owners = [c for c in full if word in (c.given, c.surname)]
        by_title: dict[str | None, Counter] = defaultdict(Counter)
        for title, count in name.titles.items():
            by_title[title_gender(title) or title].update({title: count})
        titled = []
        for group, title_counts in sorted(by_title.items(), key=lambda item: str(item[0])):
            title = title_counts.most_common(1)[0][0]
            gender = title_gender(title)
            alias = f"{title.capitalize()} {word}"
            # Families share a surname: a titled name joins the one full name
            # of its sex that has it ("Mrs Croft" is not Admiral Croft); the
            # sex a noun says of them counts where the given name says none
            # ("Winnie Verloc was a young woman" is not Mr Verloc).
            fitting = [c for c in owners if gender is None or (c.gender_hint or c.described_gender) in (None, gender)]
            # A married woman's title on a surname ("Mrs. Lennox") is her own
            # only if her full name bears it too: otherwise it is most often
            # the mother or the wife of the one with the full name.
            if title in _MARRIED_TITLES:
                fitting = [c for c in fitting if c.titles[title]]
            if len(fitting) == 1 and len(owners) == 1:
                fitting[0].aliases.add(alias)
                fitting[0].titles.update(title_counts)
            else:
                titled.append(Character(alias, None, None, {alias}, Counter(title_counts), evidence=Counter(name.evidence)))
        standalone += titled
        # "Their daughter Dawa" is not "Dawa Tsering, the neighbours' eldest
        # son": nouns of the two sexes said of the bare name and the full one.
        said = [gender for gender in (MASCULINE, FEMININE) if name.evidence[f"{gender} noun beside"]]
        if len(owners) == 1 and len(said) == 1 and owners[0].described_gender == OTHER[said[0]]:
            if not titled and name.is_person:
                standalone.append(Character(word, None, None, {word}, evidence=Counter(name.evidence)))
        elif len(owners) == 1 and not titled:
            owners[0].aliases.add(word)
            owners[0].evidence.update(name.evidence)
        elif not owners and len(titled) <= 1:
            # A bare name with at most one titled form is that one person.
            if titled:
                titled[0].aliases.add(word)
            elif name.is_person:
                standalone.append(Character(word, None, None, {word}, evidence=Counter(name.evidence)))
        else:
            # Several people carry this name: each mention goes to the one
            # the context supports (see _Mentions).
            for character in [*owners, *titled]:
                character.aliases.add(word)
    return full + standalone


def _families(characters: list[Character], every: dict[tuple[str, ...], _Name]) -> list[Character]:
    """The plural of a person's surname is their family: "the Claytons",
    "the Wolfes" beside John Clayton and Hugh Wolfe."""
    surnames = {character.surname for character in characters if character.surname}
    surnames |= {alias.split()[-1] for character in characters for alias in character.aliases if is_title(alias.split()[0])}
    families = []
    for words, name in every.items():
        # A family is "the Claytons"; "Jones" or "James" alone is a person.
        if len(words) != 1 or not words[0].endswith("s") or words[0] in surnames or is_given_name(words[0]):
            continue
        if not name.evidence["not with an article"]:
            continue
        plural = words[0]
        stems = [stem for stem in (plural[:-1], plural[:-2] if plural.endswith("es") else None) if stem]
        # A person's surname, or a name whose plural the text itself shows
        # to be people ("the Elphbergs ... men").
        singular = next((stem for stem in stems if stem in surnames), None)
        if singular is None and name.support > 0:
            singular = next((stem for stem in stems if (stem,) in every), None)
        if singular is not None:
            families.append(Character(plural, None, singular, {plural}, evidence=Counter(name.evidence), is_family=True))
    return families


def _apply_cast(found: list[Character], cast: "Cast") -> list[Character]:
    """Declared characters absorb the found characters that share a name with them."""
    declared = []
    for member in cast.members:
        labels = {member.name, *member.aliases}
        words = member.name.split()
        character = Character(
            member.name,
            words[0] if len(words) > 1 else None,
            words[-1] if len(words) > 1 else None,
            set(labels),
            declared=member,
        )
        for other in list(found):
            if other.aliases & labels or (character.has_full_name and (other.given, other.surname) == (character.given, character.surname)):
                character.aliases |= other.aliases
                character.titles.update(other.titles)
                character.evidence.update(other.evidence)
                found.remove(other)
        declared.append(character)
    taken = {alias for character in found for alias in character.aliases}
    for character in declared:
        for part in (character.given, character.surname):
            if part and part not in taken:
                character.aliases.add(part)
    return declared + found


class _Mentions:
    """Every mention of the characters' names in a text. Hard-wrapped text
    may break a full name across lines; a name several characters share goes
    to the one named last, in its paragraph or the one before."""

    def __init__(self, characters: Iterable[Character]):
        self.owners: dict[str, list[Character]] = defaultdict(list)
        for character in characters:
            for alias in character.aliases:
                self.owners[alias].append(character)
        alternatives = "|".join(_alias_pattern(alias) for alias in sorted(self.owners, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])") if self.owners else None

    def find(self, document: "Document") -> None:
        if self.pattern is None:
            return
        last_named: dict[int, tuple[int, int]] = {}  # character id -> (paragraph, offset)
        for match in self.pattern.finditer(document.text):
            words = [word.rstrip(".") if is_title(word) else word for word in match.group(0).split()]
            form = " ".join(words)
            candidates = self.owners[form]
            # "Mrs. Reed" is not John Reed, though "Reed" alone may be.
            title = _TITLE_BEFORE.search(document.text, max(match.start() - 20, 0), match.start())
            if title and is_title(title.group(1)) and title.group(1)[:1].isupper():
                said = title_gender(title.group(1))
                candidates = [c for c in candidates if said is None or c.gender_hint in (None, said)]
            paragraph = document.paragraph_index(match.start())
            if len(candidates) > 1:
                recent = [c for c in candidates if id(c) in last_named and paragraph - last_named[id(c)][0] <= 1]
                candidates = [max(recent, key=lambda c: last_named[id(c)][1])] if recent else []
            if not candidates:
                continue
            character = candidates[0]
            if len(self.owners[form]) == 1:
                last_named[id(character)] = (paragraph, match.start())
            is_full = character.has_full_name and character.given in words and f" {form}".endswith(f" {character.surname}")
            character.mentions.append(Mention(document.path, match.start(), match.end(), form, is_full=is_full))


def _alias_pattern(alias: str) -> str:
    """A name's words across any whitespace (hard-wrapped lines), with an
    optional full stop after a title ("Mr Darcy", "Mr. Darcy")."""
    return r"\s+".join(re.escape(word) + (r"\.?" if is_title(word) else "") for word in alias.split())


def _add_role_mentions(registry: CharacterRegistry, parsed: list[tuple["Document", list["Chunk"]]]) -> list[Character]:
    """Give each person noun with "the" or a possessive ("the technician",
    "her grandfather") to the one named character of ``registry`` it is said
    of anywhere in the story; return the characters of the other role nouns
    of one sex, the unnamed ones."""
    found: list[tuple[str, Mention]] = []
    said_of: dict[str, set[int]] = defaultdict(set)
    by_id = {id(character): character for character in registry}
    nouns = person_nouns()
    for document, chunks in parsed:
        for chunk in chunks:
            for noun in chunk.doc:
                if noun.tag_ != "NN" or noun.lower_ not in nouns or not _the_or_possessive(noun):
                    continue
                named = _name_said_of(noun, chunk, registry)
                if named is not None:
                    said_of[noun.lower_].add(id(named))
                    continue
                # "The new waitress", not a whole clause before the noun.
                first = noun.left_edge.i if noun.i - noun.left_edge.i < 4 else noun.i
                words = noun.doc[first : noun.i + 1]
                mention = Mention(
                    document.path, chunk.start(words[0]), chunk.end(noun), words.text, is_full=False, by_role=True
                )
                found.append((noun.lower_, mention))
    unnamed: dict[str, Character] = {}
    for role, mention in found:
        owners = said_of.get(role, set())
        if len(owners) == 1:
            by_id[next(iter(owners))].mentions.append(mention)
        elif not owners and role_gender(role) is not None:
            if role not in unnamed:
                unnamed[role] = Character(f"the {role}", None, None, role=role)
            unnamed[role].mentions.append(mention)
    order = {document.path: index for index, (document, _) in enumerate(parsed)}
    for character in registry:
        character.mentions.sort(key=lambda mention: (order[mention.path], mention.start))
    return list(unnamed.values())


def _the_or_possessive(noun: "Token") -> bool:
    """"the waitress", "her grandfather": one particular person."""
    return any(
        (child.dep_ == "det" and child.lower_ == "the")
        or (child.dep_ == "poss" and child.lower_ in _PERSONAL_POSSESSIVES)
        for child in noun.children
    )


def _name_said_of(noun: "Token", chunk: "Chunk", registry: CharacterRegistry) -> Character | None:
    """The character a person noun is said of: "his grandfather, Eero",
    "Eero, the night technician", "the grandfather was Eero", "Eero was her
    grandfather", "her brother Ifeoma"."""
    doc = noun.doc
    beside = [child for child in noun.children if child.dep_ in ("appos", "compound") and child.pos_ == "PROPN"]
    if noun.dep_ == "appos":
        beside.append(noun.head)
    if noun.head.lemma_ == "be" and noun.dep_ in ("nsubj", "attr"):
        other = "attr" if noun.dep_ == "nsubj" else "nsubj"
        beside += [child for child in noun.head.children if child.dep_ == other]
    if noun.i + 1 < len(doc) and doc[noun.i + 1].pos_ == "PROPN":
        beside.append(doc[noun.i + 1])
    return next((c for token in beside if (c := registry.character_at(chunk.start(token)))), None)
