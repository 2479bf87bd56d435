"""Benchmark of pronoun-gender-drift on LitBank development documents.

For each document, pronouns of a character are flipped to the other gender
(he<->she, him<->her, his->her, himself<->herself), one trial at a time. By
default a trial flips a single pronoun; with --stretch K it flips K
consecutive pronouns of the character, the way drift happens in drafted
prose, where a character is "she" for a paragraph. Only chains whose he/she
pronouns all share one gender are used, and the first pronoun of a chain is
never flipped. Reported:

* recall: a pronoun-gender-drift finding on a line the trial's flips touch;
* false findings per 10k words on the clean documents;
* findings a flip induces elsewhere (lines the flips do not touch that the
  clean document did not have).

    uv run python bench/drift.py [--litbank DIR] [--trials N] [--stretch K] [--jobs N] [--cache]

With --cache, each text's parse and both coreference passes are kept in
bench/out/cache, so a rerun after a change to the attribution alone takes
seconds; leave it off after changing the model, the parse or the blind pass.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import litbank  # noqa: E402

FLIPS = {"he": "she", "she": "he", "him": "her", "his": "her", "himself": "herself", "herself": "himself"}
# "her" is object or possessive: decided from the parse when it is flipped.
FEMININE_HER = {"PRP$": "his", "PRP": "him"}
OUT = Path(__file__).resolve().parent / "out"
CACHE = OUT / "cache"


class _CachingPipeline:
    """Stands in for a loaded pipeline: parses (and blind coreference passes)
    are read from disk when this exact text was processed before."""

    def __init__(self, nlp, key: str):
        self._nlp = nlp
        self._key = key

    def pipe(self, texts, **_settings):
        # Settings such as batch_size shape memory, not the parse.
        for text in texts:
            yield _cached(f"{self._key}:parse:{text}", self._nlp.vocab, lambda: self._nlp(text))

    def __call__(self, text):
        return next(self.pipe([text]))

    def __getattr__(self, name):
        # Everything else (pipe_names, meta) is the pipeline's own.
        return getattr(self._nlp, name)

    def get_pipe(self, name):
        from prose_lint.nlp import CANDIDATE_SCORES_KEY

        component = self._nlp.get_pipe(name)
        # The blind pass changes the pronouns' morphology, not the text: both
        # are the key; and whether candidate scores are asked for, which
        # entries from before they were kept do not have.
        return lambda doc: _cached(
            f"{self._key}:{name}:{CANDIDATE_SCORES_KEY in doc.user_data}:{doc.text}:{' '.join(str(token.morph) for token in doc)}",
            self._nlp.vocab,
            lambda: component(doc),
        )


def _cached(key: str, vocab, compute):
    from spacy.tokens import Doc

    path = CACHE / hashlib.sha256(key.encode("utf-8")).hexdigest()
    if path.exists():
        data, user_data = pickle.loads(path.read_bytes())
        doc = Doc(vocab).from_bytes(data, exclude=["user_data"])
        doc.user_data.update(user_data)
        return doc
    doc = compute()
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((doc.to_bytes(exclude=["user_data"]), doc.user_data)))
    return doc


def _use_cache() -> None:
    import prose_lint.nlp

    load = prose_lint.nlp.load_pipeline
    if getattr(load, "caching", False):
        return

    def caching_load(model: str, coreference: bool) -> _CachingPipeline:
        return _CachingPipeline(load(model, coreference), f"{model}:{coreference}")

    caching_load.caching = True
    prose_lint.nlp.load_pipeline = caching_load


@dataclass(frozen=True)
class Flip:
    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class Trial:
    stem: str
    flips: tuple[Flip, ...]  # in text order
    character: str

    @property
    def start(self) -> int:
        return self.flips[0].start

    @property
    def replacement(self) -> str:
        return self.flips[0].replacement

    def apply(self, text: str) -> str:
        for flip in reversed(self.flips):
            text = text[: flip.start] + flip.replacement + text[flip.end :]
        return text

    def lines(self, text: str) -> set[int]:
        return {text.count("\n", 0, flip.start) + 1 for flip in self.flips}

    def describe(self) -> str:
        return ", ".join(f"{flip.original}->{flip.replacement}" for flip in self.flips)


def _match_case(word: str, template: str) -> str:
    return word.capitalize() if template[:1].isupper() else word


def plan_trials(
    document: litbank.LitBankDocument, her_tags: dict[int, str], trials: int, seed: int, stretch: int = 1
) -> list[Trial]:
    candidates = []
    for label, mentions in document.chains.items():
        pronouns = [m for m in mentions if m.kind == "PRON" and m.text.lower() in FLIPS.keys() | {"her"}]
        genders = {"f" if m.text.lower() in ("she", "her", "herself") else "m" for m in pronouns}
        if len(pronouns) < 2 or len(genders) != 1:
            continue
        flips = []
        for mention in pronouns:
            word = mention.text.lower()
            replacement = FLIPS.get(word) or FEMININE_HER.get(her_tags.get(mention.start, ""))
            # A "her" the parse cannot tell as object or possessive ends a stretch.
            flips.append(Flip(mention.start, mention.end, mention.text, _match_case(replacement, mention.text)) if replacement else None)
        for first in range(1, len(flips) - stretch + 1):
            run = flips[first : first + stretch]
            if all(run):
                candidates.append(Trial(document.stem, tuple(run), label))
    random.Random(f"{seed}:{document.stem}").shuffle(candidates)
    return sorted(candidates[:trials], key=lambda trial: trial.start)


_RULES = None


def _rules():
    global _RULES
    if _RULES is None:
        from prose_lint.rules_loader import load_rules

        _RULES = [rule for rule in load_rules([]) if rule.id == "pronoun-gender-drift"]
    return _RULES


def _drift_findings(text: str, path: str) -> list:
    from prose_lint.engine import lint_text
    from prose_lint.nlp import DEFAULT_MODEL

    return lint_text(text, _rules(), model=DEFAULT_MODEL, path=path)


def _drift_lines(text: str, path: str) -> set[int]:
    return {finding.line for finding in _drift_findings(text, path)}


def run_document(stem: str, litbank_dir: str, trials: int, seed: int, stretch: int, cache: bool) -> dict:
    if cache:
        _use_cache()
    from prose_lint.nlp import DEFAULT_MODEL, load_pipeline

    document = litbank.load(stem, Path(litbank_dir))
    started = time.perf_counter()
    clean_findings = _drift_findings(document.text, stem)
    clean_lines = {finding.line for finding in clean_findings}
    clean_seconds = time.perf_counter() - started
    nlp = load_pipeline(DEFAULT_MODEL, False)
    her_tags = {token.idx: token.tag_ for token in nlp(document.text) if token.lower_ == "her"}
    results = []
    for trial in plan_trials(document, her_tags, trials, seed, stretch):
        text = trial.apply(document.text)
        touched = trial.lines(document.text)
        lines = _drift_lines(text, stem)
        results.append(
            {
                "trial": trial,
                "line": min(touched),
                "context": " ".join(text[max(trial.start - 80, 0) : trial.start + 40].split()),
                "found": bool(touched & lines),
                "found_first": min(touched) in lines,
                "induced": len(lines - clean_lines - touched),
            }
        )
    return {
        "stem": stem,
        "words": document.words,
        "clean_findings": [f"{finding.line}: {finding.message}" for finding in clean_findings],
        "clean_seconds": clean_seconds,
        "trials": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--litbank", type=Path, default=litbank.DEFAULT_LITBANK)
    parser.add_argument("--trials", type=int, default=8, help="flips per document")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--stretch", type=int, default=1, help="consecutive pronouns of a character flipped per trial")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="document stems to run (default: the development set)")
    parser.add_argument("--cache", action="store_true", help=f"keep parses and coreference chains in {CACHE}")
    args = parser.parse_args()

    stems = args.only or litbank.dev_stems()
    started = time.perf_counter()
    documents = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        count = len(stems)
        runs = pool.map(
            run_document,
            stems,
            [str(args.litbank)] * count,
            [args.trials] * count,
            [args.seed] * count,
            [args.stretch] * count,
            [args.cache] * count,
        )
        for result in runs:
            # Progress as each document finishes: a long run can be read while it goes.
            found = sum(trial["found"] for trial in result["trials"])
            print(f"{result['stem']}: {found}/{len(result['trials'])} flips found, "
                  f"{len(result['clean_findings'])} clean findings, {result['clean_seconds']:.0f} s", flush=True)
            documents.append(result)
    elapsed = time.perf_counter() - started

    rows = ["| document | words | clean false findings | flips | found | induced |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    total_words = total_clean = total_trials = total_found = total_induced = 0
    misses = []
    for result in documents:
        trials = result["trials"]
        found = sum(t["found"] for t in trials)
        induced = sum(t["induced"] for t in trials)
        rows.append(f"| {result['stem']} | {result['words']} | {len(result['clean_findings'])} | {len(trials)} | {found} | {induced} |")
        total_words += result["words"]
        total_clean += len(result["clean_findings"])
        total_trials += len(trials)
        total_found += found
        total_induced += induced
        misses += [t for t in trials if not t["found"]]
    found_first = sum(t["found_first"] for result in documents for t in result["trials"])
    recall = total_found / total_trials if total_trials else 0.0
    per_10k = total_clean / total_words * 10_000
    rows.append(f"| **all** | {total_words} | {total_clean} | {total_trials} | {total_found} | {total_induced} |")
    summary = [
        f"- recall (finding on a line the flips touch): **{recall:.3f}** ({total_found}/{total_trials})",
        f"- recall scored on the first flipped pronoun's line alone: {found_first / max(total_trials, 1):.3f}"
        f" ({found_first}/{total_trials})",
        f"- false findings on clean documents: **{per_10k:.2f} per 10k words** ({total_clean} in {total_words} words)",
        f"- findings induced elsewhere by a flip: {total_induced} in {total_trials} flips",
        f"- wall time: {elapsed:.0f} s with {args.jobs} processes",
    ]
    report = "\n".join(rows + [""] + summary) + "\n"
    print(report)
    for result in documents:
        for finding in result["clean_findings"]:
            print(f"false {result['stem']}:{finding}")
    for miss in misses:
        trial = miss["trial"]
        print(f"missed {trial.stem}:{miss['line']} {trial.describe()} ({trial.character}): {miss['context']}")
    OUT.mkdir(exist_ok=True)
    name = "drift.md" if args.stretch == 1 else f"drift-stretch{args.stretch}.md"
    (OUT / name).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
