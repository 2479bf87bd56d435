"""Third-person personal pronouns and the gender each one marks."""

from __future__ import annotations

MASCULINE = "masculine"
FEMININE = "feminine"
NEUTRAL = "neutral"

PRONOUN_GENDER = {
    "he": MASCULINE, "him": MASCULINE, "his": MASCULINE, "himself": MASCULINE,
    "she": FEMININE, "her": FEMININE, "hers": FEMININE, "herself": FEMININE,
    "they": NEUTRAL, "them": NEUTRAL, "their": NEUTRAL, "theirs": NEUTRAL,
    "themself": NEUTRAL, "themselves": NEUTRAL,
}

PRONOUN_SETS = {MASCULINE: "he/him", FEMININE: "she/her", NEUTRAL: "they/them"}


def pronoun_gender(word: str) -> str | None:
    return PRONOUN_GENDER.get(word.lower())
