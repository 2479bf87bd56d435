"""Benchmark of the character registry on the LitBank development documents.

Gold characters are coreference chains with a proper-name person mention
(PROP_PER) and at least three mentions. One counts as found when a registry
character's mentions cover one of its proper-name mentions, one to one. A
registry character is correct when most of its mentions fall in gold
person mentions (any mention typed PER, named or not); it merges two people
when it covers at least two proper-name mentions each of two gold characters.

Each document is measured as written, and again with every gold person's
names swapped, consistently and keeping their sex, for names from many
cultures: the small English pipeline knows Anglo names best, and prose-lint
must not.

    uv run python bench/characters.py [--litbank DIR] [--seed N] [--details] [--no-cache]

``--details`` prints, per document and run, the gold characters missed, the
registry characters that are not people, and the merged ones. Parses come
from the analysis cache unless ``--no-cache``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from bisect import bisect_right
from collections import Counter
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

import litbank  # noqa: E402

from prose_lint.analyses import Analysis, analyse  # noqa: E402
from prose_lint.cache import AnalysisCache, default_directory  # noqa: E402
from prose_lint.document import Document  # noqa: E402
from prose_lint.gender import given_name_gender, is_title  # noqa: E402
from prose_lint.nlp import DEFAULT_MODEL  # noqa: E402
from prose_lint.pronouns import FEMININE, MASCULINE, pronoun_gender  # noqa: E402
from prose_lint.story import Story  # noqa: E402

# Replacement names from many cultures, for the swapped run.
GIVEN = {
    FEMININE: [
        "Ananya", "Ifeoma", "Saruul", "Mi-kyung", "Valentina", "Nyambura", "Aigerim", "Oyuun", "Thandiwe", "Yui",
        "Fatima", "Priya", "Ngozi", "Leilani", "Ximena", "Aroha", "Zeynep", "Farida", "Kalinda", "Mariam",
    ],
    MASCULINE: [
        "Chinedu", "Batbayar", "Jin-woo", "Mateo", "Sipho", "Daniyar", "Tenzin", "Kwame", "Rahul", "Arash",
        "Tupac", "Emeka", "Haruto", "Lwazi", "Obinna", "Joaquín", "Amaru", "Kofi", "Bilal", "Nikhil",
    ],
}
SURNAMES = [
    "Krishnan", "Okonkwo", "Bayarsaikhan", "Quispe", "Dlamini", "Seitkali", "Nguyen", "Tanaka", "Haddad",
    "Mwangi", "Rojas", "Kowalczyk", "Oyelaran", "Chaudhry", "Lindqvist", "Mensah", "Horvath", "Takahashi",
    "Karimi", "Beridze", "Adeyemi", "Nakamura", "Castillo", "Abubakar", "Gyatso", "Sandoval", "Ferreira",
]
_NAME_WORD = re.compile(r"[A-Z][\w'’-]*")


def person_chains(document: litbank.LitBankDocument) -> dict[str, list[litbank.GoldMention]]:
    return {
        label: chain
        for label, chain in document.chains.items()
        if any(mention.kind == "PROP" and mention.entity_type == "PER" for mention in chain)
    }


def name_words(text: str) -> tuple[str, ...]:
    words = [re.sub(r"['’]s$", "", word) for word in _NAME_WORD.findall(text)]
    return tuple(word for word in words if not is_title(word) and word not in ("The", "A"))


def chain_names(chain: list[litbank.GoldMention]) -> set[tuple[str, ...]]:
    return {words for mention in chain if mention.kind == "PROP" and (words := name_words(mention.text))}


def chain_gender(chain: list[litbank.GoldMention]) -> str | None:
    genders = Counter(pronoun_gender(mention.text) for mention in chain if mention.kind == "PRON")
    genders.pop(None, None)
    genders.pop("neutral", None)
    return genders.most_common(1)[0][0] if genders else None


def _name_gender(chain: list[litbank.GoldMention]) -> str | None:
    """The sex of the given names of a chain with no gendered pronoun."""
    genders = {given_name_gender(words[0]) for words in chain_names(chain)} - {None}
    return genders.pop() if len(genders) == 1 else None


def swap_names(document: litbank.LitBankDocument, rng: random.Random) -> tuple[str, Callable[[int], int]]:
    """The text with every gold person's name words replaced, and where each
    old offset went."""
    mapping: dict[str, str] = {}
    given_pool = {gender: rng.sample(names, len(names)) for gender, names in GIVEN.items()}
    surnames = rng.sample(SURNAMES, len(SURNAMES))
    chained = {(mention.start, mention.end) for chain in document.chains.values() for mention in chain}
    # Named people outside any chain are people too ("twenty-second Baron
    # Rassendyll"): their names are swapped as well, or the swap would leave
    # a family's name half changed.
    unchained = [
        [mention] for mention in document.mentions
        if mention.kind == "PROP" and mention.entity_type == "PER" and (mention.start, mention.end) not in chained
    ]
    for chain in [*person_chains(document).values(), *unchained]:
        gender = chain_gender(chain) or _name_gender(chain) or rng.choice([FEMININE, MASCULINE])
        # Longest first, then in order, so that a seed always draws the same swap.
        for words in sorted(chain_names(chain), key=lambda words: (-len(words), words)):
            for position, word in enumerate(words):
                if word in mapping:
                    continue
                is_given = (len(words) > 1 and position == 0) or (len(words) == 1 and given_name_gender(word) is not None)
                pool = given_pool[gender] if is_given else surnames
                if pool:
                    mapping[word] = pool.pop()
    # A family is named after its people: "the Claytons" become the plural
    # of whatever "Clayton" became.
    for word in mapping:
        for stem in (word[:-1], word[:-2]):
            if word.endswith("s") and stem in mapping and not mapping[stem].endswith("s"):
                mapping[word] = mapping[stem] + word[len(stem):]
                break
    if not mapping:
        return document.text, lambda offset: offset
    pattern = re.compile(r"(?<![\w'’-])(" + "|".join(map(re.escape, sorted(mapping, key=len, reverse=True))) + r")(?![\w-])")
    pieces, breaks, shifts, last, shift = [], [0], [0], 0, 0
    for match in pattern.finditer(document.text):
        replacement = mapping[match.group(1)]
        pieces += [document.text[last : match.start()], replacement]
        last = match.end()
        shift += len(replacement) - len(match.group(1))
        breaks.append(match.end())
        shifts.append(shift)
    pieces.append(document.text[last:])
    return "".join(pieces), lambda offset: offset + shifts[bisect_right(breaks, offset) - 1]


def measure(
    document: litbank.LitBankDocument, text: str, moved: Callable[[int], int], cache: AnalysisCache | None = None
) -> dict:
    chains = person_chains(document)
    characters = {label for label, chain in chains.items() if len(chain) >= 3}
    proper = {
        (moved(mention.start), moved(mention.end)): label
        for label, chain in chains.items()
        for mention in chain
        if mention.kind == "PROP"
    }
    # Every mention the annotators typed as a person, named or not ("Good",
    # a nickname LitBank marks as a common noun, is still a person).
    people = {(moved(m.start), moved(m.end)) for m in document.mentions if m.entity_type == "PER"}
    registry = analyse(Story([Document(document.stem, text)]), Analysis.PARSE, DEFAULT_MODEL, cache).characters
    correct = merged = 0
    covers: dict[str, Counter] = {}
    false_characters, merged_characters = [], []
    for character in registry:
        labels: Counter = Counter()
        in_people = 0
        for mention in character.mentions:
            spans = [span for span in people if span[0] <= mention.start < span[1]]
            in_people += bool(spans)
            labels.update({proper[span] for span in spans if span in proper})
        is_correct = in_people * 2 >= len(character.mentions) > 0
        correct += is_correct
        if not is_correct:
            false_characters.append(f"{character.name} ({len(character.mentions)})")
        covers[character.name] = Counter({label: n for label, n in labels.items() if label in characters})
        if sum(1 for n in covers[character.name].values() if n >= 2) >= 2:
            merged += 1
            merged_characters.append(f"{character.name}: {'; '.join(sorted(character.aliases))}")
    found: set[str] = set()
    for name, labels in sorted(covers.items(), key=lambda item: -sum(item[1].values())):
        free = [label for label, _ in labels.most_common() if label not in found]
        if free:
            found.add(free[0])
    missed = [
        f"{label} {sorted(' '.join(words) for words in chain_names(chains[label]))} ({len(chains[label])} mentions)"
        for label in sorted(characters - found)
    ]
    return {
        "gold": len(characters), "found": len(found), "registry": len(registry), "correct": correct, "merged": merged,
        "found_labels": found, "details": {"missed": missed, "not people": false_characters, "merged": merged_characters},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--litbank", type=Path, default=litbank.DEFAULT_LITBANK)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--details", action="store_true", help="print misses, false and merged characters")
    parser.add_argument("--no-cache", action="store_true", help="parse afresh instead of reading the analysis cache")
    args = parser.parse_args()
    cache = None if args.no_cache else AnalysisCache(default_directory())
    rng = random.Random(args.seed)
    started = time.perf_counter()
    totals = {run: Counter() for run in ("original", "swapped")}
    kept = Counter()
    rows = ["| document | gold | found | found, swapped | registry | correct | merged |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for stem in litbank.dev_stems():
        document = litbank.load(stem, args.litbank)
        original = measure(document, document.text, lambda offset: offset, cache)
        swapped_text, moved = swap_names(document, rng)
        swapped = measure(document, swapped_text, moved, cache)
        for run, result in (("original", original), ("swapped", swapped)):
            totals[run].update({key: value for key, value in result.items() if key not in ("found_labels", "details")})
            if args.details:
                for what, items in result["details"].items():
                    for item in items:
                        print(f"{stem} {run} {what}: {item}")
        kept["found"] += len(original["found_labels"])
        kept["kept"] += len(original["found_labels"] & swapped["found_labels"])
        rows.append(
            f"| {stem} | {original['gold']} | {original['found']} | {swapped['found']} | {original['registry']} "
            f"| {original['correct']} | {original['merged']} |"
        )
    print("\n".join(rows))
    print()
    for run, total in totals.items():
        print(
            f"{run}: recall {total['found'] / max(total['gold'], 1):.2f} ({total['found']}/{total['gold']}), "
            f"precision {total['correct'] / max(total['registry'], 1):.2f} ({total['correct']}/{total['registry']}), "
            f"merged {total['merged']} in {len(litbank.dev_stems())} documents"
        )
    print(f"found in the original and still found after the swap: {kept['kept'] / max(kept['found'], 1):.2f} ({kept['kept']}/{kept['found']})")
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
