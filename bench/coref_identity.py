"""coreferee's chains through prose-lint's component against coreferee's own,
unpatched annotator, on the LitBank development documents and the seeds.

The component remembers coreferee's per-mention and per-pair answers, looks
its word lists up through sets, scores with its network factored and skips its
quadratic clean-up; none of that may change a chain. This prints, per document, whether the chains are identical and the
time each took.

    uv run python bench/coref_identity.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from litbank import DEFAULT_LITBANK, DEV_LIST  # noqa: E402


def documents(limit: int | None) -> list[tuple[str, str]]:
    docs = [(path.name, path.read_text(encoding="utf-8")) for path in sorted((ROOT / "seeds").glob("*.txt"))]
    if DEFAULT_LITBANK.is_dir():
        stems = [line.strip() for line in DEV_LIST.read_text().splitlines() if line.strip() and not line.startswith("#")]
        docs += [(stem, (DEFAULT_LITBANK / f"{stem}.txt").read_text(encoding="utf-8")) for stem in stems]
    return docs[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N documents")
    args = parser.parse_args()

    from prose_lint.coref import COMPONENT_NAME, chain_data, reference_annotator
    from prose_lint.nlp import DEFAULT_MODEL, load_pipeline

    nlp = load_pipeline(DEFAULT_MODEL, True)
    component = nlp.get_pipe(COMPONENT_NAME)
    plain = reference_annotator(nlp)
    different = 0
    print("| document | tokens | identical | coreferee s | prose-lint s |")
    print("| --- | ---: | --- | ---: | ---: |")
    for name, text in documents(args.limit):
        with nlp.select_pipes(disable=[COMPONENT_NAME]):
            parsed = nlp(text)
        theirs = parsed.copy()
        started = time.perf_counter()
        plain.annotate(theirs)
        their_time = time.perf_counter() - started
        ours = parsed.copy()
        started = time.perf_counter()
        component(ours)
        our_time = time.perf_counter() - started
        same = chain_data(theirs) == chain_data(ours)
        different += not same
        print(f"| {name} | {len(parsed)} | {'yes' if same else 'NO'} | {their_time:.2f} | {our_time:.2f} |", flush=True)
    print(f"\n{different} document(s) with different chains")
    return 1 if different else 0


if __name__ == "__main__":
    raise SystemExit(main())
