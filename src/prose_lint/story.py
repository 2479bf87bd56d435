"""A story is the unit characters live in: one file, or the chapters of a
manuscript, with the cast file that goes with them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .cast import CAST_FILE_NAME

if TYPE_CHECKING:
    from .cast import Cast
    from .document import Document


@dataclass(eq=False)
class Story:
    documents: list["Document"]
    cast: "Cast | None" = None


@dataclass
class StoryPlan:
    """Which files form one story, and the cast file that goes with them."""

    sources: list[str]
    cast: Path | None = None
    reported: set[str] | None = None  # the files to report on; None for all (the rest are context)


def plan_stories(
    sources: list[str],
    *,
    one_manuscript: bool = False,
    manuscript_globs: list[tuple[Path, str]] = (),
    cast: Path | None = None,
) -> list[StoryPlan]:
    """Group files into stories. A file is its own story unless it belongs to
    a manuscript: all files with ``one_manuscript``, the files a configured
    glob matches, or the files of a folder that holds a cast file."""
    if one_manuscript:
        return [StoryPlan(sorted(sources, key=natural_key), cast or _folder_cast(sources))] if sources else []
    declared = [{path.resolve() for path in base.glob(pattern) if path.is_file()} for base, pattern in manuscript_globs]
    plans: dict[object, StoryPlan] = {}
    for source in sources:
        resolved = Path(source).resolve() if source != "-" else None
        glob_index = next((i for i, files in enumerate(declared) if resolved in files), None)
        folder_cast = _folder_cast([source])
        if glob_index is not None:
            key, story_cast = ("glob", glob_index), cast
        elif folder_cast is not None:
            key, story_cast = ("folder", folder_cast), folder_cast
        else:
            key, story_cast = ("file", source, len(plans)), None
        plans.setdefault(key, StoryPlan([], story_cast)).sources.append(source)
    for plan in plans.values():
        plan.sources.sort(key=natural_key)
    return list(plans.values())


def natural_key(path: str | Path) -> list:
    """chapter2 before chapter10."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", str(path))]


def _folder_cast(sources: list[str]) -> Path | None:
    folders = {Path(source).resolve().parent for source in sources if source != "-"}
    if len(folders) != 1:
        return None
    candidate = folders.pop() / CAST_FILE_NAME
    return candidate if candidate.is_file() else None
