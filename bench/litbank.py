"""LitBank development documents and their gold coreference, for benchmarks.

The development set is the 20 documents held out of coreference training,
listed in ``training/litbank_dev.txt``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LITBANK = ROOT.parent / "shared" / "litbank" / "coref"
DEV_LIST = ROOT / "training" / "litbank_dev.txt"

_TYPED = re.compile(r"^(PROP|NOM|PRON)_(PER|FAC|GPE|LOC|ORG|VEH)$")


@dataclass(frozen=True)
class GoldMention:
    start: int
    end: int
    text: str
    kind: str  # PROP, NOM or PRON
    entity_type: str  # PER, FAC, ...


@dataclass
class LitBankDocument:
    stem: str
    text: str
    chains: dict[str, list[GoldMention]]  # entity label -> mentions in text order
    mentions: list[GoldMention]  # every typed mention, in text order, with or without a chain

    @property
    def words(self) -> int:
        return len(self.text.split())


def dev_stems(path: Path = DEV_LIST) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def all_stems(litbank: Path = DEFAULT_LITBANK) -> list[str]:
    return sorted(path.name[: -len(".txt")] for path in litbank.glob("*.txt"))


def load(stem: str, litbank: Path = DEFAULT_LITBANK) -> LitBankDocument:
    text = (litbank / f"{stem}.txt").read_text(encoding="utf-8")
    types: dict[tuple[int, int], tuple[str, str]] = {}
    mentions: list[GoldMention] = []
    labels: list[tuple[str, int, int, str]] = []
    for line in (litbank / f"{stem}.ann").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or not fields[0].startswith("T"):
            continue
        label, *offsets = fields[1].split()
        if len(offsets) != 2:
            continue
        start, end = int(offsets[0]), int(offsets[1])
        typed = _TYPED.match(label)
        if typed:
            types[(start, end)] = (typed.group(1), typed.group(2))
            mentions.append(GoldMention(start, end, fields[2], typed.group(1), typed.group(2)))
        else:
            labels.append((label, start, end, fields[2]))
    chains: dict[str, list[GoldMention]] = defaultdict(list)
    for label, start, end, mention_text in labels:
        kind, entity_type = types.get((start, end), ("", ""))
        chains[label].append(GoldMention(start, end, mention_text, kind, entity_type))
    for chain in chains.values():
        chain.sort(key=lambda mention: mention.start)
    return LitBankDocument(stem, text, dict(chains), sorted(mentions, key=lambda mention: mention.start))
