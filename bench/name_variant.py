"""Benchmark of the name-variant rule on LitBank excerpts.

For each document, the character names that recur (a name word of at least
the rule's ``min_length`` letters, in three or more of the gold PROP_PER
mentions) are misspelt one mention at a time: a letter is dropped, doubled,
or swapped with the next one (with ``--edits``, also replaced by another
inside the word). The first letter is left alone (a typist does
not drop the capital), and the first mention of the name is never changed.
One misspelling per trial, several trials per document, a fixed random seed.

Reported:
* recall: trials with a finding on the changed line;
* false findings per 10,000 words on the unchanged documents;
* induced false findings: findings on other lines that the misspelling
  caused (not present in the unchanged document).

Usage (from the repository root):

    uv run python bench/name_variant.py                     # the dev set
    uv run python bench/name_variant.py --split rest        # the other LitBank documents
    uv run python bench/name_variant.py --clean seeds ../shared/corpus   # more clean texts
    uv run python bench/name_variant.py --edits replace     # letters replaced inside names

The table is printed and written to bench/out/name_variant-<split>.md
(name_variant-<split>-<edits>.md with other edits than the default).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import litbank  # noqa: E402
from prose_lint.gender import is_title
from prose_lint.document import Document
from prose_lint.engine import lint_document
from prose_lint.analyses import Analysis, analyse
from prose_lint.story import Story
from prose_lint.nlp import DEFAULT_MODEL, load_pipeline
from prose_lint.rules_loader import load_rules

ROOT = Path(__file__).resolve().parents[1]

RULE_ID = "name-variant"
EDITS = ("drop", "double", "swap")
ALL_EDITS = (*EDITS, "replace")
EDIT_NAMES = {"drop": "dropped", "double": "doubled", "swap": "swapped", "replace": "replaced"}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Trial:
    stem: str
    edit: str
    original: str
    changed: str
    line: int
    detected: bool
    induced: list
    reason: str = ""


def name_words(text: str, mentions: list[litbank.GoldMention], min_length: int) -> dict[str, list[int]]:
    """Offsets of each name word (capitalised, not a title) in the gold mentions."""
    words: dict[str, list[int]] = defaultdict(list)
    for mention in mentions:
        for match in _WORD.finditer(text, mention.start, mention.end):
            word = match.group(0)
            if (
                len(word) >= min_length
                and word[0].isupper()
                and not word.isupper()
                and not is_title(word)
            ):
                words[word].append(match.start())
    return {word: sorted(set(starts)) for word, starts in words.items()}


def misspell(word: str, edit: str, rng: random.Random) -> str | None:
    """``word`` with one letter after the first dropped, doubled or swapped,
    or one inside it replaced by another."""
    positions = list(range(1, len(word) - (edit in ("swap", "replace"))))
    rng.shuffle(positions)
    for i in positions:
        if edit == "replace":
            other = rng.choice([letter for letter in "abcdefghijklmnopqrstuvwxyz" if letter != word[i]])
            changed = word[:i] + other + word[i + 1 :]
        elif edit == "drop":
            changed = word[:i] + word[i + 1 :]
        elif edit == "double":
            changed = word[: i + 1] + word[i:]
        else:
            changed = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if changed != word:
            return changed
    return None


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


TIMES = {"parse": 0.0, "check": 0.0, "documents": 0}


def lint(stem: str, text: str, rules, model: str) -> list:
    """The rule's findings on ``text``; the parse and the rule (with the
    character registry it needs) are timed apart."""
    document = Document(stem, text)
    tick = time.perf_counter()
    analysis = analyse(Story([document]), Analysis.PARSE, model)
    parsed = time.perf_counter()
    findings = lint_document(analysis.file(document), rules)
    TIMES["parse"] += parsed - tick
    TIMES["check"] += time.perf_counter() - parsed
    TIMES["documents"] += 1
    return findings


def miss_reason(text: str, word: str, changed: str, rule, model: str) -> str:
    """Why a misspelling went unreported, in the rule's own terms."""
    from prose_lint.kinds.name_variant import Variant, story_census

    census = story_census(analyse(Story([Document("trial", text)]), Analysis.PARSE, model))
    if changed not in census.spellings:
        return "misspelling not a capitalised word of its own"
    usual = rule.kind.usual_spellings(census)
    verdict = rule.kind.judge(census, usual, changed)
    if isinstance(verdict, Variant):
        return "reported, but not on the changed line"
    if verdict == "no usual spelling one edit away":
        spelling = census.spellings.get(word)
        settings = rule.kind.settings
        if spelling is None or len(spelling.name_uses) < settings["min_expected"]:
            return f"usual spelling used fewer than {settings['min_expected']} times"
        if spelling not in usual.get(word[0].lower(), []):
            return "usual spelling not taken for a name (no PERSON entity or other evidence; an ordinary word)"
    return verdict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--litbank", type=Path, default=litbank.DEFAULT_LITBANK)
    parser.add_argument("--dev", type=Path, default=litbank.DEV_LIST)
    parser.add_argument("--split", choices=("dev", "rest", "all"), default="dev",
                        help="dev: the stems of --dev; rest: the other LitBank documents; all: both")
    parser.add_argument("--trials", type=int, default=12, help="misspellings per document")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--edits", nargs="+", choices=ALL_EDITS, default=list(EDITS),
                        help="the misspellings tried, in turn (default: drop double swap)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE",
                        help="override a rule option (YAML value), e.g. --set min_expected=2")
    parser.add_argument("--clean", nargs="*", type=Path, default=[],
                        help="more clean texts (files or folders of *.txt) for false findings per 10k words")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)

    if not args.litbank.is_dir():
        print(f"LitBank folder not found: {args.litbank}", file=sys.stderr)
        return 2
    import yaml

    rule = next(rule for rule in load_rules([]) if rule.id == RULE_ID)
    for assignment in args.set:
        key, _, value = assignment.partition("=")
        if key not in rule.kind.settings:
            parser.error(f"unknown option {key!r} (known: {', '.join(rule.kind.settings)})")
        rule.kind.settings[key] = rule.kind.options[key].validate(yaml.safe_load(value), Path("--set"), 0, key)
    rules = [rule]
    min_length = rule.kind.settings["min_length"]

    dev = litbank.dev_stems(args.dev)
    every = litbank.all_stems(args.litbank)
    stems = {"dev": dev, "rest": [stem for stem in every if stem not in dev], "all": every}[args.split]

    started = time.perf_counter()
    load_pipeline(args.model, False)
    load_seconds = time.perf_counter() - started
    rng = random.Random(args.seed)
    trials: list[Trial] = []
    clean_findings: list[tuple[str, object]] = []
    clean_words = 0
    for stem in stems:
        document = litbank.load(stem, args.litbank)
        text = document.text
        clean_words += len(_WORD.findall(text))
        clean = lint(stem, text, rules, args.model)
        clean_findings.extend((stem, finding) for finding in clean)
        clean_places = {(finding.line, finding.column) for finding in clean}
        people = [mention for mention in document.mentions if (mention.kind, mention.entity_type) == ("PROP", "PER")]
        words = name_words(text, people, min_length)
        # A name recurs when three or more gold mentions use it; the first is never changed.
        targets = [(word, start) for word, starts in sorted(words.items()) if len(starts) >= 3 for start in starts[1:]]
        if not targets:
            continue
        for number in range(args.trials):
            edit = args.edits[number % len(args.edits)]
            # A change that makes a word the text already has ("Elphbergs" to
            # "Elphberg") is no new spelling: draw again.
            for _ in range(20):
                word, start = rng.choice(targets)
                changed = misspell(word, edit, rng)
                if changed is not None and not re.search(rf"(?<!\w){re.escape(changed)}(?!\w)", text):
                    break
            else:
                continue
            mutated = text[:start] + changed + text[start + len(word) :]
            line = line_of(text, start)
            findings = lint(stem, mutated, rules, args.model)
            detected = any(finding.line == line for finding in findings)
            induced = [f for f in findings if f.line != line and (f.line, f.column) not in clean_places]
            trial = Trial(stem, edit, word, changed, line, detected, induced)
            if not detected:
                trial.reason = miss_reason(mutated, word, changed, rule, args.model)
            trials.append(trial)

    extra_words = 0
    extra_findings: list[tuple[str, object]] = []
    for path in args.clean:
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        for file in files:
            text = file.read_text(encoding="utf-8")
            extra_words += len(_WORD.findall(text))
            extra_findings.extend((file.name, finding) for finding in lint(file.name, text, rules, args.model))
    elapsed = time.perf_counter() - started

    report = render(args, stems, trials, clean_findings, clean_words, extra_findings, extra_words, rule)
    runs = max(TIMES["documents"], 1)
    timing = (
        f"time: {elapsed:.1f} s in all; pipeline load {load_seconds:.1f} s; {TIMES['documents']} documents "
        f"linted: parse {TIMES['parse'] / runs:.2f} s each, rule with the character registry "
        f"{TIMES['check'] / runs:.3f} s each (miss diagnosis re-parses each missed trial)"
    )
    report += f"\n{timing}\n"
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    edits = "" if tuple(args.edits) == EDITS else "-" + "-".join(args.edits)
    out = args.out / f"name_variant-{args.split}{edits}.md"
    out.write_text(report, encoding="utf-8")
    print(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def render(args, stems, trials, clean_findings, clean_words, extra_findings, extra_words, rule) -> str:
    detected = sum(trial.detected for trial in trials)
    induced = sum(len(trial.induced) for trial in trials)
    options = ", ".join(f"{key}={value}" for key, value in rule.kind.settings.items())
    lines = [
        f"# name-variant benchmark ({args.split}, {len(stems)} LitBank documents, {date.today().isoformat()})",
        "",
        f"options: {options}; trials per document: {args.trials}; seed: {args.seed}; model: {args.model}",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| misspellings injected | {len(trials)} |",
        f"| recall (finding on the changed line) | {_ratio(detected, len(trials))} ({detected}/{len(trials)}) |",
    ]
    for edit in args.edits:
        subset = [trial for trial in trials if trial.edit == edit]
        hits = sum(trial.detected for trial in subset)
        lines.append(f"| recall, letter {EDIT_NAMES[edit]} | {_ratio(hits, len(subset))} ({hits}/{len(subset)}) |")
    lines += [
        f"| false findings on the clean documents | {len(clean_findings)} in {clean_words:,} words "
        f"= {10_000 * len(clean_findings) / max(clean_words, 1):.2f} per 10k words |",
        f"| induced false findings (other lines) | {induced} in {len(trials)} trials |",
    ]
    if args.clean:
        lines.append(
            f"| false findings on --clean texts | {len(extra_findings)} in {extra_words:,} words "
            f"= {10_000 * len(extra_findings) / max(extra_words, 1):.2f} per 10k words |"
        )
    lines.append("")
    misses = [trial for trial in trials if not trial.detected]
    if misses:
        lines += ["Misses by reason:", ""]
        for reason, count in Counter(trial.reason for trial in misses).most_common():
            examples = ", ".join(
                sorted({f"{trial.original}→{trial.changed}" for trial in misses if trial.reason == reason})[:6]
            )
            lines.append(f"- {reason}: {count} ({examples})")
        lines += ["", "Every miss:", ""]
        for trial in misses:
            lines.append(f"- {trial.stem}:{trial.line}: {trial.original}→{trial.changed} ({trial.reason})")
        lines.append("")
    false = [*clean_findings, *extra_findings, *((t.stem, f) for t in trials for f in t.induced)]
    if false:
        lines += ["False findings:", ""]
        for name, finding in false:
            lines.append(f"- {name}:{finding.line}:{finding.column}: {finding.message}")
        lines.append("")
    return "\n".join(lines)


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


if __name__ == "__main__":
    sys.exit(main())
