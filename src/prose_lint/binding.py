"""Reflexive pronouns and the words that bind them, from the dependency parse.

A reflexive in argument position refers to an argument of its own clause:
in "he seldom conducted herself", "herself" can only be "he", so one of the
two has the wrong gender whoever the clause is about. This needs no
coreference at all, which is why it still works where coreferee joined the
drifted pronoun to someone else.

Only the positions where English grammar leaves no choice are used. A
reflexive inside a prepositional phrase often points further away ("she felt
that he was looking at herself", "he left it to herself" in older prose), so
of those only "by herself" (alone) and "to himself" after a verb of saying or
thinking ("she murmured to himself") are taken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterator

from .gender import cues
from .pronouns import pronoun_gender

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

REFLEXIVES = {"himself", "herself"}
_ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "dative"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_OBJECTS = {"dobj", "dative"}
_VERBS = {"VERB", "AUX"}
# A subjectless clause of these kinds takes its arguments from the clause above.
_CONTROLLED = {"xcomp", "conj", "advcl"}
# Clauses climbed for a subject: prose needs two or three ("sat, pulled off
# his cap, and let herself rest"), and a degenerate sentence must not walk
# thousands.
_MAX_CLIMB = 4
# Words at most from a subject found above to the reflexive it binds.
_MAX_CLIMB_WORDS = 60


def mismatched_binders(doc: "Doc", word_gender: Callable[["Token"], str | None]) -> Iterator[tuple["Token", "Token"]]:
    """(reflexive, binder) for each reflexive whose possible binders are all
    of the other gender, the first of them a subject."""
    for token in doc:
        binders = _subject_bound(token)
        genders = [word_gender(binder) for binder in binders]
        if binders and genders[0] is not None and pronoun_gender(token.text) not in genders:
            yield token, binders[0]


def local_binder(reflexive: "Token") -> "Token | None":
    """The subject a reflexive refers to, where grammar leaves no choice
    ("nature herself", "he conducted himself")."""
    binders = _subject_bound(reflexive)
    return binders[0] if binders else None


def _subject_bound(token: "Token") -> list["Token"]:
    """A reflexive's possible binders when the first of them is a subject;
    empty otherwise, and for any other word."""
    binders = _binders(token) if token.lower_ in REFLEXIVES else []
    return binders if binders and binders[0].dep_ in _SUBJECTS else []


def _binders(reflexive: "Token") -> list["Token"]:
    """The arguments a reflexive may refer to, subject first; empty where the
    parse leaves a choice outside the clause."""
    if reflexive.dep_ == "appos" and reflexive.head.dep_ in _SUBJECTS:
        return [reflexive.head]  # "he himself"
    if reflexive.dep_ in _SUBJECTS:
        # Subject of a small clause ("he allowed herself to be dissuaded"):
        # bound by the clause above.
        clause = reflexive.head
        return _clause_arguments(clause.head, reflexive) if clause.dep_ in ("ccomp", "xcomp") else []
    attachment = reflexive
    if reflexive.dep_ == "pobj":
        preposition = reflexive.head
        if preposition.dep_ != "prep" or not (
            preposition.lower_ == "by" or (preposition.lower_ == "to" and preposition.head.lemma_ in cues().speech_verbs)
        ):
            return []
        attachment = preposition
    elif reflexive.dep_ not in _OBJECTS:
        return []
    return _clause_arguments(attachment.head, reflexive)


def _clause_arguments(verb: "Token", reflexive: "Token") -> list["Token"]:
    """The arguments of ``verb``, and, while it has no subject of its own, of
    the clauses it shares one with: "he sat down, pulled off his cap, and let
    herself rest" is bound by "he", two verbs up. Subjects first. Nothing
    when another clause's subject stands between a subject found above and
    the reflexive, or many words do: the parse may have joined the wrong
    clauses ("She ... cried so much ... that Peepy ... was touched, and
    turned himself over")."""
    if verb.pos_ not in _VERBS:
        return []
    arguments = _arguments(verb, reflexive)
    for climbed in range(_MAX_CLIMB + 1):
        subject = next((argument for argument in arguments if argument.dep_ in _SUBJECTS), None)
        if subject is not None:
            if climbed and (
                reflexive.i - subject.i > _MAX_CLIMB_WORDS
                or any(word.dep_ in _SUBJECTS for word in reflexive.doc[subject.i + 1 : reflexive.i])
            ):
                return []
            break
        if climbed == _MAX_CLIMB or verb.dep_ not in _CONTROLLED or verb.head.pos_ not in _VERBS:
            break
        verb = verb.head
        arguments += _arguments(verb, reflexive)
    return sorted(arguments, key=lambda argument: argument.dep_ not in _SUBJECTS)


def _arguments(verb: "Token", reflexive: "Token") -> list["Token"]:
    if verb.pos_ not in _VERBS:
        return []
    return [child for child in verb.children if child.dep_ in _ARGUMENTS and child.i != reflexive.i]


def holding_nouns(possessive: "Token") -> list["Token"]:
    """The noun a possessive belongs to, and the nouns that one is joined to
    by "and" before it ("his love and his bride"). A noun cannot hold a
    pronoun for the one it names, so the possessive is someone else."""
    nouns = [possessive.head]
    # A few are prose; a longer run is degenerate text.
    while nouns[-1].dep_ == "conj" and len(nouns) < 8:
        nouns.append(nouns[-1].head)
    return nouns
