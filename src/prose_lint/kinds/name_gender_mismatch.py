"""name-gender-mismatch: what a text says about one character's sex
contradicts itself.

Two kinds of evidence are compared with the character's given name and
pronouns:

* **A surname form of the other sex against the given name.** Russian,
  Bulgarian, Polish, Czech, Slovak, Lithuanian and Latvian surnames agree
  with their bearer: Ivanov and Ivanova, Kowalski and Kowalska, Kazlauskas and
  Kazlauskienė, Ivanovich and Ivanovna. A man's given name with a feminine
  form ("James Kuznetsova", "Pavel Sokolova") is reported on the surname of
  the first full-name mention, and so is a woman's given name with a
  masculine form ("Natasha Ivanov", "Rūta Kazlauskas"; set
  ``masculine_forms: false`` for translations that anglicise women's
  surnames). Only the surname and the middle names are read, never the given
  name, so Regina, Christina and Martin are never surnames here.
* **A gendered noun said of a character against their pronouns.** "James
  Kuznetsova was a renowned ballerina" is reported on "ballerina" when the
  pronouns that refer to James clearly agree on he/him. The noun must be
  linked to a character by the parse: a copula ("X was/became a widow"), an
  apposition ("X, a ballerina," or "a ballerina, X,"), a relative clause ("X,
  who was a nun,") or "as" ("As a ballerina, she ...", "he worked as a
  waitress").

What it takes to be reported, since a wrong finding costs more than a missed
one:

* the given name is only ever a man's or only a woman's (coreferee's name
  lists), is not a name given to both sexes in the languages the surnames
  come from (Sasha, Zhenya, Jean), and the character's titles do not
  contradict it; and the character's pronouns do not settle on the sex the
  surname says (then the text means a woman called James);
* the surname has enough letters before the ending (Lev is not -ev), is not
  a Romance name with the same ending (Casanova, Cordova), and the -ina
  ending follows the letters Russian names have before it (Pushkina,
  Sorokina; not Medina or Molina). The masculine -in, -oy and -ski/-sky forms
  are never reported: English women bear them (Henrietta Watkin, Mary Baldwin,
  Marie Tovesky);
* the noun is one of the built-in feminine or masculine role nouns (a woman,
  a widow, an actress; a man, a widower, a king), singular, not negated,
  conditional or in a modal ("if he were a woman", "he would be a father"),
  not figurative ("a mother to them", "a drama queen", "a man of her word"),
  not with a verb of dressing up or passing ("he dressed as a nun"), not
  said of someone else ("he spoke of her as a charming woman"), not an item
  of a list ("William, Justine, Elizabeth, my father, and Victor"), and not
  in words of address ("Think of your mother, Mr Smallweed", "Poor Harville,
  sister!"). Words used of both sexes in current English (hero, actor, waiter, host) prove
  nothing and are not in the list;
* the noun is said of a name, not of a pronoun: "she was a boy" sets a
  pronoun against its own predicate, which is pronoun-gender-drift's
  business. The character's pronouns are settled:
  at least ``min_pronouns`` he/she pronouns, ``min_majority`` of them agreeing,
  not contradicted by the given name or title. they/them is never a mismatch.
  The noun's own possessive is not one of them: coreference that gives "her"
  in "Rana was her brother" to Rana has joined two people, and its pronouns
  say nothing of Rana.

The word and ending lists are data: ``prose_lint/data/role_nouns.yaml`` and
``prose_lint/data/surname_forms.yaml``. A rule adds words with
``extra_feminine_roles`` and ``extra_masculine_roles``, drops built-in words or
surnames with ``ignore_words``, and adds whole lists with ``data_file``: a YAML
file, relative to the rule file, with any of the keys of the two built-in files
(``pairs``, ``idioms``, ``feminine``, ``masculine``, ``not_surname_forms``,
``unisex_given_names``) or plain ``feminine_roles`` / ``masculine_roles`` lists.

Flagged::

    James Kuznetsova was a renowned ballerina. He trained at the Bolshoi, and
    his teachers said he had the finest jump of his year.

    ('Kuznetsova' is a feminine surname form, but 'James' is a man's name;
    'ballerina' is a feminine noun, but James Kuznetsova is he/him.)

Passing::

    Irina Kuznetsova was a renowned ballerina. She trained at the Bolshoi, and
    her teachers said she had the finest jump of her year.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..findings import Hit
from ..gender import given_name_gender, is_title, says_nothing_of, settled_gender, title_gender
from ..lexicon import WORD, Lexicon, builtin_lexicon, load_cached
from ..pronouns import FEMININE, MASCULINE, PRONOUN_SETS
from ..yamlsource import ConfigError
from .base import Analysis, Option, RuleKind

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..analyses import FileAnalysis
    from ..characters import Character, Mention
    from ..document import Document

_OTHER = {FEMININE: MASCULINE, MASCULINE: FEMININE}
_SEX_NOUN = {FEMININE: "woman", MASCULINE: "man"}

# Verbs that link a noun to their subject.
_COPULAS = frozenset({"be", "become", "remain"})
# "as a nun" with these says what someone looks like or plays, not what they are.
_PRETENCE_VERBS = frozenset({
    "dress", "disguise", "pose", "masquerade", "pass", "play", "appear", "perform", "impersonate", "act",
    "live", "present", "identify", "go", "come", "cast", "portray", "mistake", "take",
})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "as", "though"})
_APPOSITION_MARKS = frozenset({",", "(", "—", "–", "-", "--"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "oprd"})
_PERSONAL_PRONOUNS = frozenset({"him", "her", "them", "me", "you", "us", "himself", "herself", "themselves"})

@dataclass(frozen=True)
class _WordsOption(Option):
    """A list of single words."""

    def validate(self, value: Any, path: Path, line: int, key: str) -> Any:
        value = super().validate(value, path, line, key)
        for word in value:
            if not WORD.fullmatch(word):
                raise ConfigError(path, line, key, f"expected single words, got {word!r}")
        return value


@dataclass(frozen=True)
class _DataFileOption(Option):
    """A word list file, relative to the rule file; read and checked at once."""

    def validate(self, value: Any, path: Path, line: int, key: str) -> Any:
        value = super().validate(value, path, line, key)
        if not value:
            return value
        data_path = (Path(path).parent / value).resolve()
        if not data_path.is_file():
            raise ConfigError(path, line, key, f"word list file not found: {data_path}")
        load_cached(str(data_path))
        return str(data_path)


class NameGenderMismatch(RuleKind):
    name = "name-gender-mismatch"
    description = "a character's surname form or a gendered noun said of them contradicts their given name or pronouns"
    needs = Analysis.COREFERENCE
    options = {
        "check_surnames": Option(bool, True, "compare surname forms of one sex with the given name"),
        "check_roles": Option(bool, True, "compare gendered nouns said of a character with their pronouns"),
        "masculine_forms": Option(
            bool, True, "also report a woman's given name with a masculine -ov/-ev surname (Natasha Ivanov)"
        ),
        "min_pronouns": Option(
            int, 3, "he/she pronouns a character needs before their gender is taken as settled", minimum=1
        ),
        "min_majority": Option(
            float, 0.75, "share of a character's he/she pronouns that must agree", minimum=0.5, maximum=1.0
        ),
        "extra_feminine_roles": _WordsOption(list, [], "more nouns said only of women"),
        "extra_masculine_roles": _WordsOption(list, [], "more nouns said only of men"),
        "ignore_words": _WordsOption(list, [], "role nouns, surnames and given names never to report"),
        "data_file": _DataFileOption(
            str, "", "a YAML word list (relative to the rule file) added to the built-in lists"
        ),
    }
    message_fields = ("character", "found", "found_gender", "evidence", "against", "given", "pronouns", "pronoun_count")

    @cached_property
    def lexicon(self) -> Lexicon:
        """The built-in word lists with this rule's own; read at the first
        check, so that runs without this rule never read them."""
        settings = self.settings
        lexicon = builtin_lexicon()
        if settings.get("data_file"):
            lexicon = lexicon.merged(load_cached(settings["data_file"]))
        extra = {word.lower(): FEMININE for word in settings.get("extra_feminine_roles", [])}
        extra |= {word.lower(): MASCULINE for word in settings.get("extra_masculine_roles", [])}
        ignored = {word.lower() for word in settings.get("ignore_words", [])}
        roles = {word: gender for word, gender in {**lexicon.roles, **extra}.items() if word not in ignored}
        return replace(lexicon, roles=roles, not_surname_forms=lexicon.not_surname_forms | ignored, unisex=lexicon.unisex | ignored)

    def check(self, document: "Document", analysis: "FileAnalysis") -> Iterator[Hit]:
        counts = analysis.references.genders()
        characters = list(analysis.characters)
        thresholds = {key: self.settings[key] for key in ("min_pronouns", "min_majority")}
        # Pronouns that agree with each other, whatever the name says...
        agreed = {
            character.name: gender
            for character in characters
            if (gender := settled_gender(counts.get(character.name, Counter()), None, **thresholds))
        }
        # ... and those the given name and title do not contradict either.
        settled = {
            character.name: gender
            for character in characters
            if (gender := settled_gender(counts.get(character.name, Counter()), character.gender_hint, **thresholds))
        }
        if self.settings["check_surnames"]:
            yield from self._surname_hits(document, characters, agreed)
        if self.settings["check_roles"]:
            yield from self._role_hits(analysis, settled, counts)

    # A given name against a surname form.

    def _surname_hits(self, document: "Document", characters: list["Character"], agreed: dict) -> Iterator[Hit]:
        for character in characters:
            given_gender = self._given_gender(character)
            if given_gender is None:
                continue
            reported = set()
            for mention in character.full_mentions:
                for start, end, word in _name_words(document.text, mention):
                    if word == character.given:
                        continue
                    ending = self.lexicon.ending(word)
                    if ending is None or ending.gender != _OTHER[given_gender] or word in reported:
                        continue
                    if ending.gender == FEMININE or self.settings["masculine_forms"]:
                        # A woman called James whose pronouns are she/her is meant.
                        if agreed.get(character.name) == ending.gender:
                            continue
                        reported.add(word)
                        yield Hit(start, end, {
                            "character": character.name,
                            "found": word,
                            "found_gender": ending.gender,
                            "evidence": ending.form,
                            "against": f"'{character.given}' is a {_SEX_NOUN[given_gender]}'s name",
                            "given": character.given,
                            "pronouns": "",
                            "pronoun_count": 0,
                        }, character=character.name)

    def _given_gender(self, character: "Character") -> str | None:
        if not character.has_full_name or character.given.lower() in self.lexicon.unisex:
            return None
        gender = given_name_gender(character.given)
        if gender is None or character.title_gender not in (None, gender):
            return None
        return gender

    # A role noun against the pronouns.

    def _role_hits(self, analysis: "FileAnalysis", settled: dict, counts: dict) -> Iterator[Hit]:
        roles = self.lexicon.roles
        names = analysis.characters
        referents = {use.start: use.character for use in analysis.references.pronouns}
        for chunk in analysis.chunks:
            for token in chunk.doc:
                gender = roles.get(token.lower_)
                if gender is None or token.pos_ not in ("NOUN", "PROPN") or token.tag_ in ("NNS", "NNPS"):
                    continue
                if self._idiomatic(token) or self._mixed(token, gender):
                    continue
                subject = _described(token)
                if subject is None:
                    continue
                offset = chunk.start(subject)
                if subject.pos_ == "PRON":
                    # "she was a widow" agrees; "she was a boy" is the
                    # pronoun against its own predicate: pronoun-gender-drift's.
                    continue
                found = names.mention_at(offset)
                if found is None or not _names_them(*found, gender):
                    continue
                character = found[0].name
                against = settled.get(character)
                if against != _OTHER[gender]:
                    continue
                # "Rana was her brother": coreference that gives "her" to
                # Rana has joined two people, and its pronouns say nothing.
                if any(
                    child.dep_ == "poss" and referents.get(chunk.start(child)) == character for child in token.children
                ):
                    continue
                pronoun_count = counts[character][against]
                yield Hit(chunk.start(token), chunk.end(token), {
                    "character": character,
                    "found": token.text,
                    "found_gender": gender,
                    "evidence": "noun",
                    "against": f"{character} is {PRONOUN_SETS[against]} ({pronoun_count} pronouns)",
                    "given": "",
                    "pronouns": PRONOUN_SETS[against],
                    "pronoun_count": pronoun_count,
                }, character=character)

    def _idiomatic(self, token: "Token") -> bool:
        doc = token.doc
        for idiom in self.lexicon.idioms:
            for position, word in enumerate(idiom):
                if word != token.lower_:
                    continue
                first = token.i - position
                if first >= 0 and first + len(idiom) <= len(doc) and all(
                    doc[first + k].lower_ == part for k, part in enumerate(idiom)
                ):
                    return True
        return False

    def _mixed(self, token: "Token", gender: str) -> bool:
        """"He was both mother and father to her": coordinated nouns of both sexes."""
        group = [token, *token.conjuncts]
        return any(self.lexicon.roles.get(other.lower_) == _OTHER[gender] for other in group)


def _names_them(character: "Character", mention: "Mention", gender: str) -> bool:
    """Whether a name mention surely means the character a role noun of
    ``gender`` could contradict: not a bare family name when they have a given
    name ("Mr Verloc was a gentleman" is not about Winnie Verloc), and not
    under a title of the noun's own sex."""
    words = mention.form.split()
    if character.given is not None and character.given not in words:
        return False
    return not any(title_gender(word) == gender for word in words)


def _name_words(text: str, mention) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word of a full-name mention, titles left out."""
    words = []
    for match in WORD.finditer(text, mention.start, mention.end):
        word = re.sub(r"['’]s?$", "", match.group(0))
        if not is_title(word):
            words.append((match.start(), match.start() + len(word), word))
    return words


def _described(token: "Token") -> "Token | None":
    """The word a role noun is said of ("X was a nun", "X, a nun", "as a nun, X"), or None."""
    if any(child.dep_ == "prep" and child.lower_ == "to" for child in token.children):
        return None  # "a mother to them"
    head = token
    while head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    dep = head.dep_
    if dep == "attr":
        verb = head.head
        if verb.lemma_ not in _COPULAS or _hedged(verb):
            return None
        return _subject(verb)
    if dep == "appos":
        return head.head if _set_off(head.head, head) and not says_nothing_of(head.head, head) else None
    appositions = [
        child for child in token.children if child.dep_ == "appos" and child.pos_ == "PROPN" and _set_off(token, child)
    ]
    if appositions and not says_nothing_of(appositions[0], token):
        return appositions[0]  # "a renowned ballerina, James Kuznetsova,"
    if dep in ("nsubj", "nsubjpass") and head.head.lemma_ in _COPULAS and not _hedged(head.head):
        attributes = [child for child in head.head.children if child.dep_ == "attr" and child.pos_ == "PROPN"]
        return attributes[0] if attributes else None  # "the queen was Anna"
    if dep == "pobj" and head.head.lower_ == "as" and head.head.dep_ == "prep":
        verb = head.head.head
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ in _PRETENCE_VERBS or _hedged(verb):
            return None
        subject = _subject(verb, passive=False)
        if subject is None:
            return None
        objects = [child for child in verb.children if child.dep_ in _OBJECT_DEPS] + [
            # "Mr Elliot spoke of her as a most charming woman"
            person for child in verb.children if child.dep_ == "prep" and child is not head.head
            for person in child.children if person.dep_ == "pobj" and person.lower_ in _PERSONAL_PRONOUNS
        ]
        if head.head.i < subject.i:
            # "As a mother, she loved the child", but not "As a girl, he had known her".
            if any(obj.pos_ == "PROPN" or obj.lower_ in _PERSONAL_PRONOUNS for obj in objects):
                return None
        elif objects:
            return None  # "he treated the girl as a daughter"
        return subject
    return None


def _set_off(first: "Token", second: "Token") -> bool:
    """Whether ``second``'s phrase follows ``first`` straight after a comma,
    dash or bracket: "James, a dancer", not "Anne, born in 1787; a son"."""
    left = second.left_edge.i
    doc = first.doc
    return left >= 2 and doc[left - 1].text in _APPOSITION_MARKS and doc[left - 2] in first.subtree and (
        doc[left - 2] not in second.subtree
    )


def _subject(verb: "Token", passive: bool = True) -> "Token | None":
    deps = ("nsubj", "nsubjpass") if passive else ("nsubj",)
    subjects = [child for child in verb.children if child.dep_ in deps]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        return verb.head  # "X, who was a nun,"
    return subject


def _hedged(verb: "Token") -> bool:
    """Negated, modal or conditional: "was not a widow", "would be a father", "if he were a girl"."""
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.tag_ == "MD"):
            return True
        if child.dep_ == "mark" and child.lower_ in _CONDITIONAL_MARKS:
            return True
    return False


