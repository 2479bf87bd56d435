"""How often a flipped pronoun has someone of its new gender close by.

For every pronoun that bench/drift.py may flip in the development documents,
the gold coreference of LitBank says whether another person of the flip's
new gender (by their gold pronouns) is mentioned in the flip's sentence or
the k sentences before. There a "she" that should be "he" reads as a
reference to the woman present, and only an understanding of what is said,
not gender, position or syntax, tells the two apart.

    uv run python bench/drift_ceiling.py [--litbank DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import sys
from bisect import bisect_right
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import litbank  # noqa: E402
from drift import plan_trials  # noqa: E402

WINDOWS = (0, 2, 4, 8)
FEMININE = {"she", "her", "hers", "herself"}
MASCULINE = {"he", "him", "his", "himself"}


def _gender(word: str) -> str | None:
    word = word.lower()
    return "f" if word in FEMININE else "m" if word in MASCULINE else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--litbank", type=Path, default=litbank.DEFAULT_LITBANK)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    from prose_lint.nlp import DEFAULT_MODEL, load_pipeline

    nlp = load_pipeline(DEFAULT_MODEL, False)
    total = 0
    near = dict.fromkeys(WINDOWS, 0)
    for stem in litbank.dev_stems():
        document = litbank.load(stem, args.litbank)
        doc = nlp(document.text)
        her_tags = {token.idx: token.tag_ for token in doc if token.lower_ == "her"}
        sentence_starts = [sentence.start_char for sentence in doc.sents]
        genders = {}
        for label, mentions in document.chains.items():
            votes = [_gender(mention.text) for mention in mentions]
            feminine, masculine = votes.count("f"), votes.count("m")
            if feminine != masculine:
                genders[label] = "f" if feminine > masculine else "m"
        mentions = sorted((mention.start, label) for label, chain in document.chains.items() for mention in chain)
        # Every candidate flip, not a sample.
        for trial in plan_trials(document, her_tags, len(document.text), args.seed):
            total += 1
            new_gender = _gender(trial.replacement)
            sentence = bisect_right(sentence_starts, trial.start) - 1
            for window in WINDOWS:
                first = sentence_starts[max(sentence - window, 0)]
                near[window] += any(
                    first <= start < trial.start and label != trial.character and genders.get(label) == new_gender
                    for start, label in mentions
                )
    print(f"{total} candidate flips in {len(litbank.dev_stems())} development documents")
    print("| sentences before the flip's own | flips with another person of the new gender mentioned |")
    print("| ---: | ---: |")
    for window in WINDOWS:
        print(f"| {window} | {near[window]} ({near[window] / total:.0%}) |")


if __name__ == "__main__":
    main()
