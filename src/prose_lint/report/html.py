"""The character report as one self-contained HTML page: Jinja2 with
autoescaping, the CSS and the script inline, charts drawn as inline SVG.

It knows nothing of NLP: it takes the plain data of ``story_data`` for each
story, or of ``stories_from_results`` for corpus results. Each story's details travel as inline JSON and are drawn only when
the reader opens the story, so a page of a thousand stories stays light.
"""

from __future__ import annotations

import os
from collections import Counter
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

import jinja2

from ..findings import Severity

# Up to this many stories are open when the page loads; with more, the page
# opens as an index and each story is drawn when it is opened.
OPEN_STORIES = 10
TOP_STORIES = 10

_TEMPLATES = files(__package__) / "templates"


def render_report(stories: list[dict], *, title: str, output_dir: Path) -> str:
    """The page for ``stories`` (``story_data`` dicts), with file links
    relative to ``output_dir``, where the page is written."""
    rows = [_story_row(number, story, output_dir) for number, story in enumerate(stories)]
    per_rule = Counter(finding["rule"] for story in stories for finding in story["findings"])
    per_kind = Counter((finding["rule"], finding["severity"]) for story in stories for finding in story["findings"])
    per_severity = Counter(finding["severity"] for story in stories for finding in story["findings"])
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = environment.from_string((_TEMPLATES / "report.html.j2").read_text(encoding="utf-8"))
    return template.render(
        title=title,
        stories=rows,
        open_all=len(rows) <= OPEN_STORIES,
        findings=sum(per_rule.values()),
        finding_counts=[[rule, severity, count] for (rule, severity), count in sorted(per_kind.items())],
        per_rule=per_rule.most_common(),
        most_rule_findings=max(per_rule.values(), default=0),
        severities=[(name, per_severity[name]) for name in reversed(Severity.names())],
        top_stories=sorted((row for row in rows if row["findings"]), key=lambda row: (-row["findings"], row["number"]))[
            :TOP_STORIES
        ],
        style=(_TEMPLATES / "report.css").read_text(encoding="utf-8"),
        script=(_TEMPLATES / "report.js").read_text(encoding="utf-8"),
    )


def _story_row(number: int, story: dict, output_dir: Path) -> dict:
    paths = [entry["path"] for entry in story["files"]]
    severities = Counter(finding["severity"] for finding in story["findings"])
    data = {
        **story,
        "files": [{**entry, "href": _href(entry["path"], output_dir)} for entry in story["files"]],
    }
    return {
        "number": number,
        "anchor": f"story-{number}",
        "title": story.get("title") or (paths[0] if len(paths) == 1 else f"{_common_folder(paths)} ({len(paths)} files)"),
        "characters": len(story["characters"]),
        "findings": len(story["findings"]),
        "severities": severities,
        "rules": Counter(finding["rule"] for finding in story["findings"]),
        "data": data,
    }


def _common_folder(paths: list[str]) -> str:
    try:
        return os.path.commonpath(paths) or paths[0]
    except ValueError:  # relative and absolute paths, or standard input, mixed
        return paths[0]


def _href(path: str, output_dir: Path) -> str | None:
    """A link from the page to a story file, or None for standard input."""
    source = Path(path)
    if not source.exists():
        return None
    try:
        return quote(Path(os.path.relpath(source.resolve(), output_dir.resolve())).as_posix())
    except ValueError:  # another drive on Windows
        return source.resolve().as_uri()
