"""name-variant: a character's name spelt differently in a few places.

A name is spelt the same way throughout a story; where it is not, the rarer
spelling is almost always a slip: "Katarina Novak" becomes "Katarina Nowak",
"Dmitri" becomes "Dmitry", a letter is dropped, doubled or swapped
("Harrington" and "Harington", "Anne" and "Annne", "Elizabeth" and
"Elizabteh"). Each use of the rarer spelling is reported, with the usual one.

How it decides. The names are those of the characters (the parser's PERSON
entities, grouped by ``characters``), together with capitalised words the text
shows to be a person's even where the parser's entities miss them: after a
title ("Mr Cotter") or as the subject of a verb of speech ("said
Montraville"). With ``proper_nouns`` (the default), any other word the parser
tags as a proper noun inside sentences, at least ``min_expected`` times, and
that is never an ordinary word, is a name too: the entities miss many people
("Florence", "Pirrip", "the Ambersons"), and a misspelt place is misspelt as
well. A word of a name with at least ``min_length`` letters, used at least
``min_expected`` times, is a *usual spelling*. Every other
capitalised word of the text, whether or not the parser calls it a name (it
seldom does for a misspelling), is compared with the usual spellings, and is
reported when all of these hold:

* it is one edit from exactly one usual spelling: a letter dropped, added or
  doubled, two neighbouring letters swapped, or one of the
  ``transliterations`` ("i/y": Dmitri and Dmitry; "v/w": Novak and Nowak;
  "s/z": Kuznetsova and Kusnetsova; "o/u": Amaru and Amaro, Yusuf and
  Yosuf). The first letter is never changed:
  names that differ there ("Anne" and "Hanne", "Coodle" and "Koodle") are
  different names. With ``substitutions`` (the default), one letter replaced
  by another inside a character's name longer than ``min_length`` counts too
  ("Henrietta" and "Henriatta"), but not the last letter (Mario and Maria,
  Kowalski and Kowalska), and only where the rarer spelling is no given
  name ("Anna" is not "Anne") and no word of another person's full name
  ("Tom Carver" beside "Ann Carter");
* it is rare: used at most ``max_found`` times, and at most ``max_share``
  times as often as the usual spelling. A spelling used again and again is
  deliberate: a nickname, a dialect form, another person. Two names that are
  both used often are both usual, and neither is reported ("Jane" and "Joan");
* it is not a regular derived form of the name: a plural or family name
  ("the Elliots"; "Summer" and "Summers"), a diminutive or adjective in -y or
  -ie ("Annie", "all the Smallweedy family"), an adjective in -n from a name
  in -a ("Genevan");
* the two are not given names of opposite sexes ("Louis" and "Louisa"),
  nor the man's and the woman's form of one surname borne by a man and a
  woman ("Pavel Belov" and his sister "Olga Belova": every bearer whose
  sex a title or given name tells fits the form, and at least one does);
* it is not in ``known_spellings``, nor a word of a name or alias declared
  in the cast file, nor a word of a character's name beside a usual spelling
  that is a place's and nobody's name ("Neema Mushi" beside "in Moshi" in
  half its uses or more);
* at least one of its uses reads as a name, not as a word:

  - an ordinary word (used in lower case in the text, or in the parser's
    English word list) is a word: "May" is not "Mary", "God" is not
    "Good", "The" is not "Thea";
  - a capitalised word that opens a sentence (or a quotation) is a name only
    if the parser tags it as a proper noun, and never when the usual
    spelling is itself used as an ordinary word ("Hall" and "hall");
  - but a spelling that stands beside the rest of the character's full name
    ("Henry Curtiss" for "Henry Curtis") is the name, whatever else it spells.

The particles of a surname are checked the same way: "van den Berg" once
beside "van der Berg" four times, where the usual form is in a character's
name, is reported when only one particle differs, for another particle ("van
Berg" may be a short form and is left alone), within ``max_found`` and
``max_share``.

Possessives need nothing special: the parser splits "Anne's" into "Anne" and
"'s". In a manuscript, spellings are counted over every file of the story,
and each file is told of the rarer spellings in it.

Flagged:

    Katarina Novak ran the night shift. [...] Novak signed the manifest.
    [...] Nobody thanked Katarina Nowak for the night's work.

Passing (two people, both recurring; a possessive; a word opening a sentence):

    Jane and Joan shared a flat. Jane cooked and Joan cleaned. Jane's cat
    slept on Joan's bed. And Jane laughed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Iterable, Iterator
from weakref import WeakKeyDictionary

from ..gender import OTHER, cues, given_name_gender, is_given_name, is_title
from ..lexicon import builtin_lexicon
from ..pronouns import FEMININE, MASCULINE
from ..findings import Hit
from .base import Analysis, Option, RuleKind

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..analyses import FileAnalysis, StoryAnalysis
    from ..characters import Character
    from ..document import Document
    from ..parse import Chunk

# Letter pairs that transliterations of the same name swap. A rule may choose
# among these; the defaults are the ones common enough in English prose.
TRANSLITERATIONS = ("i/y", "v/w", "s/z", "c/k", "ks/x", "o/u", "j/y", "f/ph", "ch/k", "sh/sch", "ou/u")
DEFAULT_TRANSLITERATIONS = ["i/y", "v/w", "s/z", "c/k", "ks/x", "o/u"]

# A name that is the subject of one of these verbs is a person's.
_SPEECH_VERBS = frozenset({
    "say", "ask", "reply", "answer", "cry", "exclaim", "continue", "whisper", "murmur", "mutter",
    "shout", "add", "return", "remark", "observe", "repeat", "demand", "inquire", "enquire", "explain",
    "insist", "declare", "retort", "sigh", "laugh", "begin",
})
# After one of these, a capitalised word may simply open a (quoted) sentence.
_OPENERS = frozenset({".", "!", "?", '"', "“", "‘", "'", "(", "[", "—", "–", "-", "--", ":", ";", "…"})
_APOSTROPHES = ("'", "’")


@dataclass(frozen=True, slots=True)
class Use:
    """One capitalised use of a word: its span in the document and its token."""

    path: str  # the file of the story
    start: int
    end: int
    doc: "Doc"
    i: int  # the token's index in ``doc``
    opens: bool  # opens a sentence, a quotation, or a clause after a colon or dash
    proper: bool  # tagged a proper noun

    @property
    def name_like(self) -> bool:
        """A capitalised word inside a sentence, or one the parser calls a proper noun."""
        return self.proper or not self.opens

    def beside(self) -> tuple[str, str]:
        """The words just before and after."""
        doc, i = self.doc, self.i
        return (doc[i - 1].text if i > 0 else "", doc[i + 1].text if i + 1 < len(doc) else "")

    def shows_person(self) -> bool:
        """In a PERSON entity, after a title ("Mr Cotter") or the subject of a
        verb of speech ("said Montraville")."""
        token = self.doc[self.i]
        before = self.beside()[0]
        return (
            token.ent_type_ == "PERSON"
            or (is_title(before) and before[:1].isupper())  # "Don Pedro", not "to don Pedro's coat"
            or (token.dep_ == "nsubj" and token.head.lemma_ in _SPEECH_VERBS)
        )


@dataclass(eq=False)
class Spelling:
    """Every capitalised use of one word in a story."""

    word: str
    uses: list[Use] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.uses)

    @property
    def name_uses(self) -> list[Use]:
        return [use for use in self.uses if use.name_like]


@dataclass(eq=False)
class Census:
    """What the rule knows of one story's words, over all its files."""

    spellings: dict[str, Spelling]
    particle_forms: dict[str, dict[str, Spelling]]  # surname -> "van der Berg" -> its uses
    lowercase: Counter  # uses of each word in lower case
    dictionary: frozenset[str]  # English words, lower case
    names: dict[str, str]  # each word of a character's names, with the character's canonical name
    name_pairs: set[tuple[str, str]]  # neighbouring words of a full name: ("Henry", "Curtis")
    declared: frozenset[str]  # the words of the names and aliases of a cast file
    bearers: dict[str, set[str | None]]  # each word of a character's names: the genders their names give those who bear it

    def is_name(self, spelling: Spelling) -> bool:
        """A word of a character's name. The parser's entities miss some names
        altogether ("old Cotter", "said Montraville"); a word the text shows to
        be a person's counts too."""
        return spelling.word in self.names or any(use.shows_person() for use in spelling.uses)

    def is_proper_noun(self, spelling: Spelling, enough: int) -> bool:
        """Tagged a proper noun inside sentences ``enough`` times, and never an ordinary word."""
        inside = sum(1 for use in spelling.uses if use.proper and not use.opens)
        return inside >= enough and not self.is_word(spelling.word)

    def character(self, word: str) -> str:
        """The canonical name of the character whose name ``word`` is in."""
        return self.names.get(word, word)

    def in_full_name(self, use: Use, expected: str) -> bool:
        """Whether ``use``, read as ``expected``, stands beside another word of
        a known full name: "Henry Curtiss" for "Henry Curtis"."""
        before, after = use.beside()
        return (before, expected) in self.name_pairs or (expected, after) in self.name_pairs

    def is_word(self, word: str) -> bool:
        """An ordinary word: used in lower case here, or in the dictionary."""
        return self.lowercase[word.lower()] > 0 or word.lower() in self.dictionary


@dataclass(frozen=True)
class Variant:
    """One rarer spelling of a usual one, with every use to report."""

    found: Spelling
    expected: Spelling
    edit: str
    character: str  # the canonical name of the character
    uses: tuple[Use, ...]


class NameVariant(RuleKind):
    name = "name-variant"
    description = (
        "a character's name spelt differently in a few places (Novak/Nowak, Dmitri/Dmitry, Elizabeth/Elizabteh)"
    )
    needs = Analysis.PARSE
    options = {
        "min_length": Option(
            int, 4,
            "letters a name must have to be checked; shorter names differ from other names by one letter too often",
            minimum=3,
        ),
        "min_expected": Option(
            int, 2, "times the usual spelling must be used before another spelling is reported", minimum=1
        ),
        "max_found": Option(
            int, 2,
            "a spelling used more often than this is taken as deliberate (a nickname, a dialect form, another person)",
            minimum=1,
        ),
        "max_share": Option(
            float, 0.5, "the rarer spelling may be used at most this many times as often as the usual one",
            minimum=0.0, maximum=1.0,
        ),
        "transliterations": Option(
            list, DEFAULT_TRANSLITERATIONS,
            "letter substitutions that count as one edit, besides dropped, added, doubled and swapped letters",
            allowed=TRANSLITERATIONS,
        ),
        "substitutions": Option(
            bool, True,
            "also a letter replaced by another inside a character's name longer than min_length (Henrietta and "
            "Henriatta), where the rarer spelling is no given name and no word of another person's full name",
        ),
        "proper_nouns": Option(
            bool, True,
            "also check other names: words the parser tags as proper nouns inside sentences, never ordinary words "
            "(the parser's entities miss some people, and misspelt places are misspelt too)",
        ),
        "known_spellings": Option(
            list, [], "spellings that are never reported (nicknames, dialect forms: 'Smallweedy', 'Sangsby')"
        ),
    }
    message_fields = ("found", "expected", "found_count", "expected_count", "character", "edit")

    def __init__(self, **settings) -> None:
        super().__init__(**settings)
        # In a manuscript every file is checked against the same story-wide census.
        self._found: WeakKeyDictionary = WeakKeyDictionary()

    def check(self, document: "Document", analysis: "FileAnalysis") -> Iterator[Hit]:
        for variant in self.variants(analysis.story):
            for use in variant.uses:
                if use.path != document.path:
                    continue
                yield Hit(
                    use.start,
                    use.end,
                    {
                        "found": variant.found.word,
                        "expected": variant.expected.word,
                        "found_count": variant.found.count,
                        "expected_count": variant.expected.count,
                        "character": variant.character,
                        "edit": variant.edit,
                    },
                    character=variant.character,
                )

    def variants(self, story: "StoryAnalysis") -> list[Variant]:
        """The rarer spellings of character names in a story (a file, or
        every file of a manuscript)."""
        census = story_census(story)
        found = self._found.get(census)
        if found is None:
            usual = self.usual_spellings(census)
            known = set(self.settings["known_spellings"]) | census.declared
            verdicts = [self.judge(census, usual, word, known) for word in census.spellings]
            verdicts += [self.judge_particles(census, surname, known) for surname in census.particle_forms]
            found = self._found[census] = [verdict for verdict in verdicts if isinstance(verdict, Variant)]
        return found

    def judge_particles(self, census: Census, surname: str, known: Iterable[str] = ()) -> Variant | str:
        """A rarer form of the particles of a surname ("van den Berg" for
        "van der Berg", "de la Cruz" for "de las Cruz"), or why there is none.
        Only one particle may differ, for another particle: "van Berg"
        beside "van der Berg" may be a short form."""
        settings = self.settings
        forms = census.particle_forms[surname]
        if surname not in census.names or len(forms) < 2:
            return "no other particles"
        expected = max(forms.values(), key=lambda form: form.count)
        if expected.count < settings["min_expected"]:
            return "the usual particles are not settled (min_expected)"
        words = expected.word.split()
        if not all(pair in census.name_pairs for pair in zip(words, words[1:])):
            return "the usual particles are in no character's name"
        rare = [form for form in forms.values() if form is not expected and _one_particle_apart(form.word, expected.word)]
        if len(rare) != 1:
            return "no other particles one word apart" if not rare else "several other particles"
        found = rare[0]
        if found.word in known or found.count > settings["max_found"]:
            return "a known form, or used too often (max_found)"
        if found.count > settings["max_share"] * expected.count:
            return "too common beside the usual particles (max_share)"
        changed = next(a for a, b in zip(found.word.split(), expected.word.split()) if a != b)
        usual = next(b for a, b in zip(found.word.split(), expected.word.split()) if a != b)
        return Variant(found, expected, f"'{changed}' for '{usual}'", census.character(surname), tuple(found.uses))

    def usual_spellings(self, census: Census) -> dict[str, list[Spelling]]:
        """The name words used often enough for their spelling to be settled,
        by their first letter in lower case."""
        enough = self.settings["min_expected"]
        usual: dict[str, list[Spelling]] = defaultdict(list)
        for word, spelling in census.spellings.items():
            if _letters(word) < self.settings["min_length"] or len(spelling.name_uses) < enough:
                continue
            if census.is_name(spelling) or (self.settings["proper_nouns"] and census.is_proper_noun(spelling, enough)):
                usual[word[0].lower()].append(spelling)
        return usual

    def judge(
        self, census: Census, usual: dict[str, list[Spelling]], word: str, known: Iterable[str] = ()
    ) -> Variant | str:
        """The variant ``word`` is, or why it is not reported."""
        settings = self.settings
        spelling = census.spellings[word]
        candidates = usual.get(word[0].lower(), [])
        if spelling in candidates:
            return "a usual spelling"
        if word in known or word in settings["known_spellings"]:
            return "a known spelling"
        if spelling.count > settings["max_found"]:
            return "used too often (max_found)"
        pairs = [tuple(pair.split("/")) for pair in settings["transliterations"]]
        # A letter replaced by another makes a different name far more often
        # than a dropped or doubled one (Anna and Anne, Carter and Carver):
        # only a spelling that is no given name may be one.
        may_substitute = settings["substitutions"] and not is_given_name(word)
        matches, derived = [], []
        for expected in candidates:
            if abs(len(expected.word) - len(word)) > 1:
                continue
            edit = spelling_edit(word, expected.word, pairs)
            if edit is None and may_substitute and self._substitutable(census, word, expected.word):
                edit = letter_substitution(word, expected.word)
            if edit is not None:
                (derived if _derived(word.lower(), expected.word.lower()) else matches).append((expected, edit))
        if not matches:
            return "a derived form (-s, -y, -ie, -n)" if derived else "no usual spelling one edit away"
        if len(matches) + len(derived) > 1:
            # Close to two usual names at once: no telling which was meant.
            return "one edit from several names"
        expected, edit = matches[0]
        if word in census.names and expected.word not in census.names and _a_place(expected):
            return "a person's name beside a place's"
        if spelling.count > settings["max_share"] * expected.count:
            return "too common beside the usual spelling (max_share)"
        if _opposite_sexes(word, expected.word):
            return "given names of opposite sexes"
        if _one_surname_of_both_sexes(census, word, expected.word):
            return "a man's and a woman's form of one surname"
        uses = tuple(use for use in spelling.uses if _reads_as_name(census, spelling, use, expected.word))
        if not uses:
            return "an ordinary word" if census.is_word(word) else "only opening sentences"
        return Variant(spelling, expected, edit, census.character(expected.word), uses)

    def _substitutable(self, census: Census, found: str, expected: str) -> bool:
        """Whether ``found`` may be ``expected`` with a letter replaced: the
        usual spelling is a word of a character's name, longer than
        ``min_length``, and ``found`` is no word of another person's full
        name ("Tom Carver" beside "Ann Carter"), only of the same name
        misspelt ("Matthew Cwthbert" beside "Matthew Cuthbert")."""
        if expected not in census.names or _letters(expected) <= self.settings["min_length"]:
            return False
        owner = census.names.get(found)
        # "Sir Henay" is Henry with his title, not another full name.
        others = {word for word in owner.split() if word != found and not is_title(word)} if owner else set()
        # "Matthew Cwthbert" beside "Matthew Cuthbert" is the one person.
        return not others or any(
            (other, expected) in census.name_pairs or (expected, other) in census.name_pairs for other in others
        )


def _a_place(spelling: Spelling) -> bool:
    """Whether a spelling is a place's: "in Moshi" in half its uses or more.
    A character's name one letter from it is not a misspelling of it
    ("Neema Mushi")."""
    placed = sum(
        1 for use in spelling.uses
        if use.doc[use.i].dep_ == "pobj" and use.doc[use.i].head.lower_ in cues().place_prepositions
    )
    return 2 * placed >= spelling.count


def _reads_as_name(census: Census, spelling: Spelling, use: Use, expected: str) -> bool:
    """Whether a use of a one-edit spelling is a misspelt name rather than a word."""
    # Beside the rest of the full name ("Henry Curtiss"), it is the name, whatever else it spells.
    if census.in_full_name(use, expected):
        return True
    # The last word of a proper name that is nobody's, inside a sentence
    # ("east of Chiang Mai" beside "Mali"), belongs to that name; not a word
    # that opens one ("Old Wolfe", "Dearest Joan"), nor one after a day or a
    # month ("The following Saturday Annouk arrived").
    previous = use.doc[use.i - 1] if use.i > 1 else None
    if (
        previous is not None and previous.pos_ == "PROPN" and previous.text[:1].isupper()
        and not is_title(previous.text) and previous.text not in census.names
        and previous.lower_ not in cues().calendar_words
        and not (previous.is_sent_start or previous.nbor(-1).is_punct)
    ):
        return False
    # An ordinary word ("May" for "Mary", "God" for "Good") is a word.
    if census.is_word(spelling.word):
        return False
    # A capitalised word opening a sentence is only a name if the parser
    # says so, and never when the usual spelling is an ordinary word too.
    if use.opens:
        return use.proper and not census.lowercase[expected.lower()]
    return True


_CENSUSES: WeakKeyDictionary = WeakKeyDictionary()


def story_census(story: "StoryAnalysis") -> "Census":
    """The census of a story, taken once."""
    census = _CENSUSES.get(story)
    if census is None:
        census = _CENSUSES[story] = take_census(story)
    return census


def take_census(story: "StoryAnalysis") -> Census:
    """The capitalised and lower-case words of a story's files and the names of its characters."""
    spellings: dict[str, Spelling] = {}
    particle_forms: dict[str, dict[str, Spelling]] = defaultdict(dict)
    lowercase: Counter = Counter()
    for document in story.story.documents:
        _read_words(document, story.parses[document.path], spellings, lowercase, particle_forms)
    characters = list(story.characters)
    pairs = {
        (first, second)
        for character in characters
        for alias in character.aliases
        for first, second in zip(alias.split(), alias.split()[1:])
    }
    declared = frozenset(
        word
        for character in characters
        if character.declared is not None
        for label in (character.declared.name, *character.declared.aliases)
        for word in label.split()
    )
    dictionary = _dictionary(story.model, story.level >= Analysis.COREFERENCE)
    bearers: dict[str, set[str | None]] = defaultdict(set)
    for character in characters:
        for word in {word for alias in (character.name, *character.aliases) for word in alias.split()}:
            bearers[word].add(character.named_gender)
    return Census(
        spellings, dict(particle_forms), lowercase, dictionary, _name_owners(characters), pairs, declared, dict(bearers)
    )


def spelling_edit(found: str, expected: str, transliterations: Iterable[tuple[str, str]] = ()) -> str | None:
    """How ``found`` differs from ``expected`` by one edit ("a dropped 'l'",
    "'te' for 'et'", "'y' for 'i'"), or None when it does not. The first
    letter is never changed: names that differ there are different names."""
    f, e = found.lower(), expected.lower()
    if f == e or f[:1] != e[:1]:
        return None
    if len(f) == len(e) - 1:
        for i in range(1, len(e)):
            if e[:i] + e[i + 1 :] == f:
                return f"a dropped '{e[i]}'"
    if len(f) == len(e) + 1:
        for i in range(1, len(f)):
            if f[:i] + f[i + 1 :] == e:
                letter = f[i]
                return f"a doubled '{letter}'" if letter in (f[i - 1], f[i + 1 : i + 2]) else f"an extra '{letter}'"
    if len(f) == len(e):
        diff = [i for i in range(len(f)) if f[i] != e[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and f[diff[0]] == e[diff[1]] and f[diff[1]] == e[diff[0]]:
            i = diff[0]
            return f"'{f[i:i + 2]}' for '{e[i:i + 2]}'"
    for pair in transliterations:
        for old, new in (pair, pair[::-1]):
            start = e.find(old, 1)
            while start >= 0:
                if e[:start] + new + e[start + len(old) :] == f:
                    return f"'{new}' for '{old}'"
                start = e.find(old, start + 1)
    return None


def letter_substitution(found: str, expected: str) -> str | None:
    """How ``found`` differs from ``expected`` by one letter replaced inside
    the word ("'d' for 'g'"), or None. The first and the last letter are
    never counted: a different last letter is most often another form of the
    name (Mario and Maria, Kowalski and Kowalska)."""
    f, e = found.lower(), expected.lower()
    if len(f) != len(e):
        return None
    diff = [i for i in range(len(f)) if f[i] != e[i]]
    if len(diff) != 1 or not 0 < diff[0] < len(f) - 1:
        return None
    return f"'{f[diff[0]]}' for '{e[diff[0]]}'"


def _derived(found: str, expected: str) -> bool:
    """Whether ``found`` is a regular derived form of ``expected`` (both in
    lower case): a plural or family name ("Elliots"; either way round, since
    "Summer" and "Summers" may both be names; but "Curtiss" is no plural of
    "Curtis"), a diminutive or adjective in -y or -ie ("Smallweedy", "Annie"),
    an adjective in -n from a name in -a ("Genevan")."""
    for plural, singular in ((found, expected), (expected, found)):
        if plural == singular + "es" or (plural == singular + "s" and not singular.endswith("s")):
            return True
    if not expected.endswith("y") and found == expected + "y":
        return True
    if expected.endswith("e") and not expected.endswith("ie") and found == expected[:-1] + "ie":
        return True
    return expected.endswith("a") and found == expected + "n"


def _one_particle_apart(found: str, expected: str) -> bool:
    """Particles that differ in one word only, with the same surname:
    "van den Berg" and "van der Berg"."""
    a, b = found.split(), expected.split()
    return len(a) == len(b) and a[-1] == b[-1] and sum(x != y for x, y in zip(a, b)) == 1


def _letters(word: str) -> int:
    return sum(1 for char in word if char.isalpha())


def _is_capitalised_word(text: str) -> bool:
    """A capitalised word of letters (apostrophes inside allowed: O'Brien), not all capitals."""
    if not text[:1].isupper() or (len(text) > 1 and text.isupper()):
        return False
    if text.isalpha():
        return True
    return not text.endswith(_APOSTROPHES) and text.replace("'", "").replace("’", "").isalpha()


def _read_words(
    document: "Document",
    chunks: list["Chunk"],
    spellings: dict[str, Spelling],
    lowercase: Counter,
    particle_forms: dict[str, dict[str, Spelling]],
) -> None:
    """Add every capitalised word of the parse, with its uses, count the
    lower-case words, and gather the particles written before each
    capitalised word ("van der Berg"). Reads the parse as arrays: a novel has
    hundreds of thousands of tokens."""
    from spacy.attrs import IDX, ORTH, POS, SENT_START
    from spacy.parts_of_speech import PROPN

    particles = cues().particles
    for chunk in chunks:
        doc = chunk.doc
        strings = doc.vocab.strings
        seen_word = False  # in this sentence
        previous = ""
        run: list[tuple[int, str]] = []  # (start, particle) of the particles just before
        for i, (orth, sentence_start, pos, idx) in enumerate(doc.to_array([ORTH, SENT_START, POS, IDX]).tolist()):
            if sentence_start == 1:
                seen_word, previous = False, ""
            text = strings[orth]
            start = chunk.offset + idx
            if text.islower():
                lowercase[text] += 1
                if text in particles:
                    run.append((start, text))
                    seen_word, previous = True, text
                    continue
            elif _is_capitalised_word(text):
                spelling = spellings.get(text)
                if spelling is None:
                    spelling = spellings[text] = Spelling(text)
                opens = not seen_word or previous in _OPENERS
                use = Use(document.path, start, start + len(text), doc, i, opens, pos == PROPN)
                spelling.uses.append(use)
                if run:
                    form = " ".join(particle for _, particle in run) + " " + text
                    forms = particle_forms[text]
                    if form not in forms:
                        forms[form] = Spelling(form)
                    forms[form].uses.append(Use(document.path, run[0][0], start + len(text), doc, i, opens, pos == PROPN))
                elif text.lower() in particles:
                    # "Van der Berg" opening a sentence.
                    run = [(start, text.lower())]
                    if text[:1].isalnum():
                        seen_word = True
                    previous = text
                    continue
            run = []
            if text[:1].isalnum():
                seen_word = True
            previous = text


def _name_owners(characters: Iterable["Character"]) -> dict[str, str]:
    """Each word of the characters' names, with the canonical name of the
    character mentioned most among those whose names use it."""
    owners: dict[str, "Character"] = {}
    for character in characters:
        for word in {word for alias in (character.name, *character.aliases) for word in alias.split()}:
            other = owners.get(word)
            if other is None or len(character.mentions) > len(other.mentions):
                owners[word] = character
    return {word: character.name for word, character in owners.items()}


@cache
def _dictionary(model: str, coreference: bool) -> frozenset[str]:
    """English words (lower case) known to the pipeline's lemmatizer: WordNet's
    nouns, verbs, adjectives and adverbs. Empty when the pipeline has none.
    The pipeline is the document's own, already loaded."""
    from ..nlp import load_pipeline

    nlp = load_pipeline(model, coreference)
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(word for pos in index for word in index[pos])


def _one_surname_of_both_sexes(census: Census, a: str, b: str) -> bool:
    """Whether two spellings are the man's and the woman's form of one
    surname, borne by a man and a woman: Pavel Belov and his sister Olga
    Belova are a family, not a misspelling. Every bearer whose sex is known
    must fit the form, and at least one must be known: "Anna Petrov" beside
    "Anna Petrova" is a slip."""
    masculine, feminine = sorted((a, b), key=len)
    if feminine != masculine + "a":
        return False
    # The letters before the ending are not checked, as they are for a
    # mismatch ("Medina" alone says nothing): here the bearers' sexes decide.
    if not any(
        feminine.lower().endswith(ending.suffix)
        for ending in builtin_lexicon().endings
        if ending.gender == FEMININE and ending.form == "surname form"
    ):
        return False
    men, women = census.bearers.get(masculine, set()), census.bearers.get(feminine, set())
    return men <= {MASCULINE, None} and women <= {FEMININE, None} and (MASCULINE in men or FEMININE in women)


def _opposite_sexes(a: str, b: str) -> bool:
    gender = given_name_gender(a)
    return gender is not None and given_name_gender(b) == OTHER[gender]
