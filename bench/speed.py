"""Speed and scale, every ratio in one run.

    uv run python bench/speed.py                 # everything, sizes as in docs/benchmarks.md
    uv run python bench/speed.py --words 5000    # a quicker, smaller run
    uv run python bench/speed.py --skip bleak,ray

Prints a Markdown table and writes it to bench/out/speed.md:

- full/bare, parse/bare: all rules, and the parse-only rules, against bare
  ``nlp.pipe`` over the same paragraphs of Persuasion, in this process with
  the pipeline loaded (load time is in no figure), in wall-clock and in CPU
  seconds;
- regex words/s: ``prose-lint --select mojibake`` on Bleak House, the whole
  process, best of three;
- warm/cold and edited/cold: manuscripts of 8 chapters (of 1,500, 4,000
  and 10,000 words by default: a short story cycle to a novel), all rules,
  whole processes: the first run with a fresh cache folder (best of two folders),
  a second run, and a run after one chapter changed (three times, a
  different chapter each time, the best taken), in wall time and in the
  CPU time of the processes;
- jobs: 8 chapter files of 1,500 and of 4,000 words, each file a story,
  and the first 8 development stories (about 560 words each), all rules, ``--jobs 2`` against
  ``--jobs 1``, no cache, whole processes, taking turns, the best of three
  runs of each;
- degenerate/ordinary: each degenerate input against ordinary prose of the
  same length, all rules, in this process, wall-clock and CPU;
- Ray/local: corpus mode over the same records, Ray (local instance, 2 CPUs)
  against the local engine with 2 processes, whole processes. Once as they
  are, Ray's start-up included, on 400 records (about 150 words each, by
  default), and as throughput on the same records four times over: records
  per second while they stream out, from the first tenth of the output to
  the last record, which leaves out what either engine spends before its
  first records (a dataset run is long enough that this is a small part of
  it);
- Bleak House, all rules: time and peak memory of the whole process.

Child processes run with Python's bytecode cache on, as an installed tool
runs: ``PYTHONDONTWRITEBYTECODE`` is dropped from their environment, and one
warm-up run of every rule (and an import of Ray) writes the compiled modules
first, so no figure includes compiling them. With the variable set, every
process compiles spaCy's modules afresh, seconds of every run.

The machine is shared: the load average before and after is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
PERSUASION = CORPUS / "105_persuasion.txt"
BLEAK_HOUSE = CORPUS / "1023_bleak_house.txt"
STORIES = SHARED / "stories"
OUT = ROOT / "bench" / "out"
PROSE_LINT = [sys.executable, "-m", "prose_lint"]
PARSE_ONLY = "name-repetition,name-variant"
# One at a time, each edit then timed: the first, a middle and the last but one.
EDITED_CHAPTERS = (2, 4, 7)


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def persuasion_words(count: int, skip: int = 2000) -> str:
    """``count`` words of Persuasion's paragraphs, after its front matter."""
    paragraphs = [p for p in re.split(r"\n\s*\n", PERSUASION.read_text(encoding="utf-8")) if p.strip()]
    chosen, words = [], 0
    for paragraph in paragraphs:
        words += len(paragraph.split())
        if words <= skip:
            continue
        chosen.append(paragraph.strip())
        if words - skip >= count:
            break
    return "\n\n".join(chosen) + "\n"


def prose_of_length(characters: int) -> str:
    text = persuasion_words(characters // 5 + 1000)
    return text[:characters].rsplit(" ", 1)[0] + "\n"


class Seconds(NamedTuple):
    """Wall-clock and CPU seconds of this process. On a shared machine the
    CPU seconds of two runs in one process compare more fairly than their
    wall-clock seconds, which others' load stretches unevenly."""

    wall: float
    cpu: float


def timed(function) -> Seconds:
    started, started_cpu = time.perf_counter(), time.process_time()
    function()
    return Seconds(time.perf_counter() - started, time.process_time() - started_cpu)


def ratio(first: Seconds, second: Seconds, unit: str = "") -> str:
    """first / second, wall-clock and CPU."""
    return (
        f"{first.wall / second.wall:.2f}{unit} ({first.wall:.1f} s / {second.wall:.1f} s);"
        f" CPU {first.cpu / second.cpu:.2f}{unit} ({first.cpu:.1f} s / {second.cpu:.1f} s)"
    )


# As an installed tool runs: compiled modules are kept (see the docstring).
CHILD_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run(args: list, cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(
        [*PROSE_LINT, *map(str, args)], cwd=cwd, env=CHILD_ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def streaming_rate(args: list) -> float:
    """Records per second that ``prose-lint corpus`` writes to standard
    output, from the first tenth of them to the last: its throughput once
    running, without its start-up."""
    process = subprocess.Popen(
        [*PROSE_LINT, *map(str, args)], env=CHILD_ENVIRONMENT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    arrivals = [time.perf_counter() for _ in process.stdout]
    process.wait()
    start = len(arrivals) // 10
    return (len(arrivals) - 1 - start) / (arrivals[-1] - arrivals[start])


def run_with_cpu(args: list) -> tuple[float, float]:
    """``run``, and the CPU seconds the process took: on a shared machine the
    wall time grows with everyone else's work, the CPU time far less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = run(args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def parallel_ceiling() -> float:
    """How much faster two processes do a CPU-bound loop than one, right now:
    what this shared machine lets any parallel run gain."""
    loop = "x = 0\nfor i in range(8_000_000): x += i * i"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", loop + "\nfor i in range(8_000_000): x += i * i"], check=True)
    one = time.perf_counter() - started
    started = time.perf_counter()
    halves = [subprocess.Popen([sys.executable, "-c", loop]) for _ in range(2)]
    for half in halves:
        half.wait()
    return one / (time.perf_counter() - started)


# Runs the command line and prints its CPU seconds, all processes, and those
# this process spent before it started its workers.
_CPU_MODEL = """
import resource, sys, time
from concurrent import futures
from prose_lint import cli
serial = []
start = futures.ProcessPoolExecutor.__init__
def timed(*args, **kwargs):
    serial.append(time.process_time())
    start(*args, **kwargs)
futures.ProcessPoolExecutor.__init__ = timed
cli.main(sys.argv[1:])
used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
total = sum(usage.ru_utime + usage.ru_stime for usage in used)
print(total, serial[0] if serial else total)
"""


def cpu_model(args: list) -> tuple[float, float]:
    """CPU seconds of a run, all its processes, and the part before its workers started."""
    completed = subprocess.run(
        [sys.executable, "-c", _CPU_MODEL, *map(str, args)], env=CHILD_ENVIRONMENT, capture_output=True, text=True, check=True
    )
    total, serial = map(float, completed.stdout.split()[-2:])
    return total, serial


def compile_modules() -> None:
    """One run of every rule, and an import of Ray, so that the compiled
    modules are on disk before anything is timed."""
    run(["--no-cache", "--jobs", "1", sorted((ROOT / "seeds").glob("*.txt"))[0]])
    subprocess.run([sys.executable, "-c", "import ray.data"], env=CHILD_ENVIRONMENT, capture_output=True)


class InProcess:
    """Lints texts in this process with the pipeline loaded once."""

    def __init__(self):
        from prose_lint.rules_loader import BUILTIN_RULES, load_rules

        self.rules = load_rules([])
        assert self.rules and BUILTIN_RULES

    def lint(self, text: str, select: str | None = None) -> Seconds:
        from prose_lint.document import Document
        from prose_lint.engine import run_story
        from prose_lint.story import Story

        rules = [rule for rule in self.rules if select is None or rule.id in select.split(",")]
        return timed(lambda: run_story(Story([Document("bench.txt", text)]), rules))


def bare_parse(text: str) -> Seconds:
    from prose_lint.document import Document
    from prose_lint.nlp import DEFAULT_MODEL, load_pipeline
    from prose_lint.parse import _LONE_NEWLINE, chunk_spans

    nlp = load_pipeline(DEFAULT_MODEL, False)
    document = Document("bench.txt", text)
    texts = [_LONE_NEWLINE.sub(" ", text[start:end]) for start, end in document.paragraphs]
    return timed(lambda: list(nlp.pipe(texts)))


def warm_up() -> None:
    from prose_lint.nlp import DEFAULT_MODEL, load_pipeline

    load_pipeline(DEFAULT_MODEL, False)
    load_pipeline(DEFAULT_MODEL, True)
    InProcess().lint("Anna came home. She was tired.\n")


def degenerate_inputs(scale: float) -> dict[str, str]:
    persuasion_line = " ".join(persuasion_words(int(200_000 * scale)).split())
    return {
        '"He said. " x 5,000': "He said. " * int(5000 * scale),
        '"She looked at him and he looked at her. " x 3,000': "She looked at him and he looked at her. " * int(3000 * scale),
        "one line of ordinary prose": persuasion_line + "\n",
        "10,000 pronouns in a row": " ".join(["he", "she", "him", "her", "his"][i % 5] for i in range(int(10_000 * scale))) + ".\n",
        "a 200,000-character word": "A " + "x" * int(200_000 * scale) + " word.\n",
        "7 KB of binary": bytes((i * 7919 + 13) % 256 for i in range(7000)).decode("utf-8", errors="replace"),
    }


def write_manuscript(book: Path, chapter_words: int, cast: bool = True) -> Path:
    """A folder of 8 chapters of about ``chapter_words`` words of Persuasion,
    cut at paragraph ends; with a cast file, which makes it a manuscript."""
    book.mkdir()
    chapter, chapters = [], []
    for paragraph in persuasion_words(8 * chapter_words).split("\n\n"):
        chapter.append(paragraph)
        if sum(len(p.split()) for p in chapter) >= chapter_words:
            chapters.append(chapter)
            chapter = []
    for number, paragraphs in enumerate((chapters + [chapter])[:8], 1):
        Path(book, f"chapter{number}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    if cast:
        Path(book, "characters.yaml").write_text("characters:\n  - name: Anne Elliot\n", encoding="utf-8")
    return book


def edited_manuscript(book: Path, folder: Path, report) -> None:
    """warm/cold and edited/cold on the manuscript ``book``."""
    words = sum(len(chapter.read_text(encoding="utf-8").split()) for chapter in book.glob("chapter*.txt"))
    # Each figure is the best of its runs: on a shared machine other
    # work only ever slows a run down.
    colds = []
    for attempt in range(2):
        cache = ["--cache-dir", Path(folder, f"cache{attempt}"), "--jobs", "1"]
        colds.append(run_with_cpu([*cache, book]))
    cold, cold_cpu = min(colds)
    warm = run([*cache, book])
    changed = []
    for number in EDITED_CHAPTERS:
        edited = Path(book, f"chapter{number}.txt")
        edited.write_text(edited.read_text(encoding="utf-8") + "\nAnne said nothing more that evening.\n", encoding="utf-8")
        changed.append(run_with_cpu([*cache, book]))
    report(f"warm / cold, 8 chapters ({words:,} words), all rules", f"{warm / cold:.3f} ({warm:.1f} s / {cold:.1f} s)", "≤ 0.05")
    walls = lambda runs: " ".join(f"{seconds:.1f}" for seconds, _ in runs)  # noqa: E731
    report(
        f"one chapter of 8 ({words:,} words) edited / cold, best of {len(changed)} edits / best of {len(colds)} cold runs",
        f"{min(changed)[0] / cold:.3f} ({walls(changed)} s / {walls(colds)} s)",
        "≤ 0.25",
    )
    report(
        "the same in CPU seconds",
        f"{min(cpu for _, cpu in changed) / cold_cpu:.3f} ({min(cpu for _, cpu in changed):.1f} s / {cold_cpu:.1f} s)",
        "",
    )


def jobs_speed_up(what: str, stories: list[Path], report) -> None:
    """``--jobs 2`` against ``--jobs 1`` over ``stories``, no cache."""
    # Turn about, best of three each: other work on the machine slows single runs.
    timings = {jobs: [] for jobs in (1, 2)}
    for _ in range(3):
        for jobs, seconds in timings.items():
            seconds.append(run(["--no-cache", "--jobs", str(jobs), *stories]))
    one, two = min(timings[1]), min(timings[2])
    runs = ", ".join(f"{a:.1f}/{b:.1f}" for a, b in zip(timings[2], timings[1]))
    report(f"--jobs 2 / --jobs 1, {what}, all rules, best of 3: speed-up", f"{one / two:.2f}x ({two:.1f} s / {one:.1f} s; runs {runs} s)", "≥ 1.6x")
    one_cpu, two_cpu = (cpu_model(["--no-cache", "--jobs", str(jobs), *stories]) for jobs in (1, 2))
    report(
        "the same on 2 idle cores, from CPU times: serial part + the rest / 2",
        f"{one_cpu[0] / (two_cpu[1] + (two_cpu[0] - two_cpu[1]) / 2):.2f}x "
        f"(jobs 1: {one_cpu[0]:.1f} s CPU; jobs 2: {two_cpu[0]:.1f} s CPU, {two_cpu[1]:.1f} s before the workers start)",
        "≥ 1.6x",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000, help="words of Persuasion for full/bare (default 20,000)")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the degenerate inputs, 1 = as in the issue")
    parser.add_argument(
        "--chapter-words", default="1500,4000,10000",
        help="words per chapter of the 8-chapter manuscripts, comma-separated (default 1500,4000,10000)",
    )
    parser.add_argument(
        "--jobs-chapter-words", default="1500,4000",
        help="words per chapter file for --jobs, comma-separated (default 1500,4000)",
    )
    parser.add_argument("--records", type=int, default=400, help="records of about 150 words for Ray/local")
    parser.add_argument("--skip", default="", help="comma-separated: parse,regex,cache,jobs,degenerate,ray,bleak")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    if not CORPUS.is_dir():
        print(f"needs {CORPUS}", file=sys.stderr)
        return 2
    rows: list[tuple[str, str, str]] = []
    report = lambda what, value, target: (rows.append((what, value, target)), print(f"{what}: {value} (target {target})", flush=True))  # noqa: E731
    print(f"load average before: {load()}", flush=True)
    compile_modules()
    started = time.perf_counter()

    if "parse" not in skip:
        warm_up()
        text = persuasion_words(args.words)
        bare = bare_parse(text)
        linter = InProcess()
        parse_only = linter.lint(text, PARSE_ONLY)
        full = linter.lint(text)
        words = len(text.split())
        report(
            f"bare nlp.pipe, {words:,} words of Persuasion",
            f"{bare.wall:.1f} s ({words / bare.wall:,.0f} words/s; CPU {bare.cpu:.1f} s)",
            "the floor",
        )
        report("full lint (all rules) / bare: speed", ratio(bare, full, "x"), "≥ 0.5x")
        report("parse-only rules / bare: speed", ratio(bare, parse_only, "x"), "≥ 0.9x")

    if "regex" not in skip:
        words = len(BLEAK_HOUSE.read_text(encoding="utf-8").split())
        best = min(run(["--select", "mojibake", BLEAK_HOUSE]) for _ in range(3))
        report("--select mojibake on Bleak House, whole process", f"{words / best / 1e6:.2f}M words/s ({best:.2f} s)", "≥ 2M words/s")

    if "cache" not in skip:
        for chapter_words in map(int, args.chapter_words.split(",")):
            with tempfile.TemporaryDirectory() as folder:
                book = write_manuscript(Path(folder, "book"), chapter_words)
                edited_manuscript(book, Path(folder), report)

    if "jobs" not in skip:
        with tempfile.TemporaryDirectory() as folder:
            inputs = {
                f"8 chapter files of {size:,} words as 8 stories": sorted(
                    write_manuscript(Path(folder, f"chapters{size}"), size, cast=False).glob("chapter*.txt")
                )
                for size in map(int, args.jobs_chapter_words.split(","))
            }
            if STORIES.is_dir():
                inputs["8 development stories"] = sorted(STORIES.glob("*.txt"))[:8]
            for what, stories in inputs.items():
                jobs_speed_up(what, stories, report)
        report("the same loop of pure Python, in 2 processes / in 1: the machine's parallel speed-up now", f"{parallel_ceiling():.2f}x", "2x when idle")

    if "degenerate" not in skip:
        warm_up()
        linter = InProcess()
        for name, text in degenerate_inputs(args.scale).items():
            ordinary = prose_of_length(len(text))
            slow = linter.lint(text)
            plain = linter.lint(ordinary)
            report(f"degenerate / ordinary, {name} ({len(text):,} chars)", ratio(slow, plain), "≤ 3")

    if "ray" not in skip:
        try:
            import ray  # noqa: F401
        except ImportError:
            report("Ray / local throughput", "not measured: the ray extra is not installed", "≥ 0.9")
        else:
            with tempfile.TemporaryDirectory() as folder:
                text = persuasion_words(args.records * 150)
                pieces = text.split("\n\n")
                stories = ["\n\n".join(pieces[number :: args.records]) for number in range(args.records)]
                timings, rates = {}, {}
                for copies in (1, 4):
                    records = Path(folder, f"records{copies}.jsonl")
                    with records.open("w", encoding="utf-8") as out:
                        for number, story in enumerate(stories * copies):
                            out.write(json.dumps({"id": number, "text": story}) + "\n")
                    select = ["--select", "mojibake,name-repetition,name-variant"]
                    engines = {"local": [], "ray": ["--engine", "ray"]}
                    for engine, options in engines.items():
                        if copies == 1:
                            output = ["-o", Path(folder, f"{engine}.out")]
                            timings[engine] = run(["corpus", *select, *options, "--jobs", "2", *output, records])
                        else:
                            rates[engine] = streaming_rate(["corpus", *select, *options, "--jobs", "2", records])
            local, distributed = timings["local"], timings["ray"]
            report(f"Ray / local, whole process, {args.records} records, parse rules, 2 CPUs", f"{local / distributed:.2f} ({distributed:.1f} s / {local:.1f} s)", "")
            report(
                f"Ray / local throughput, records per second streamed out, {4 * args.records} records after the first tenth",
                f"{rates['ray'] / rates['local']:.2f} ({rates['ray']:.1f} / {rates['local']:.1f} records/s)",
                "≥ 0.9",
            )

    if "bleak" not in skip:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        seconds = run(["--no-cache", "--jobs", "1", BLEAK_HOUSE])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        note = "" if peak > before else " (a child before it used more; peak not isolated)"
        report("Bleak House (352k words), all rules, whole process", f"{seconds:.0f} s, peak {peak / 1024:,.0f} MB{note}", "< 1.5 GB")

    print(f"load average after: {load()}; {time.perf_counter() - started:.0f} s in all", flush=True)
    table = ["| what | measured | target |", "| --- | --- | --- |", *(f"| {a} | {b} | {c} |" for a, b, c in rows)]
    OUT.mkdir(exist_ok=True)
    (OUT / "speed.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    print("\n".join(table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
