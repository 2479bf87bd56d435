"""How fast bytes become the text the rules see: decoding alone, and Markdown
prose regions, on the public-domain novels in ``../shared/corpus``.

    uv run python bench/reading.py [--corpus DIR] [--repeat N]

Prints words per second for each novel read as plain text and as Markdown
(the best of N runs, default 3). Check ``uptime`` first: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from prose_lint.reading import read_bytes

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def best_seconds(data: bytes, markdown: bool, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        read_bytes(data, markdown=markdown).prose
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    novels = sorted(args.corpus.glob("*.txt"))
    if not novels:
        print(f"no *.txt in {args.corpus}")
        return 1
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'novel':48} {'words':>8} {'text w/s':>12} {'markdown w/s':>13}")
    for path in novels:
        data = path.read_bytes()
        words = len(data.split())
        plain = best_seconds(data, False, args.repeat)
        markdown = best_seconds(data, True, args.repeat)
        print(f"{path.stem[:48]:48} {words:8,} {words / plain:12,.0f} {words / markdown:13,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
