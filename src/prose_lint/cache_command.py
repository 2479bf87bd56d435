"""``prose-lint cache``: look after the analysis cache."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Sequence

from .cache import AnalysisCache, default_directory


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="prose-lint cache", description="Look after the analysis cache.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    clear = actions.add_parser("clear", help="remove every cached parse and coreference result")
    where = actions.add_parser("dir", help="print the cache folder")
    for action in (clear, where):
        action.add_argument("--cache-dir", type=Path, metavar="DIR", help="the cache folder (default: the user cache folder)")
    args = parser.parse_args(list(argv))
    directory = args.cache_dir or default_directory()
    if args.action == "dir":
        print(directory)
    else:
        removed = AnalysisCache(directory).clear()
        print(f"removed {removed} cache entr{'y' if removed == 1 else 'ies'} from {directory}")
    return 0
