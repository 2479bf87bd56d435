"""The report's stories from the results of corpus mode: JSON Lines, one
record per story, ``{"id", "error", "findings", "counts", "notices"}``.

Results hold findings but not the text, so such a report has the summary,
the table of stories and each story's findings, without a cast, timelines
or the sentences around the findings.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

_GZIP_MAGIC = b"\x1f\x8b"
_FINDING_FIELDS = ("path", "line", "column", "end_line", "end_column", "rule", "severity", "message", "character")


def stories_from_results(path: Path, rules: set[str] | None = None) -> list[dict]:
    """One story per result line, with the findings of ``rules`` (all when
    None); a line that is not a result is a story whose ``error`` says what
    is wrong with it. Raises OSError if ``path`` cannot be read."""
    data = path.read_bytes()
    if data.startswith(_GZIP_MAGIC):
        data = gzip.decompress(data)
    stories = []
    for number, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            stories.append(_story(number, line, rules))
    return stories


def _story(number: int, line: bytes, rules: set[str] | None) -> dict:
    name = f"line {number}"
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return _empty(name, f"line {number} is not JSON: {error}")
    if not isinstance(record, dict) or not isinstance(record.get("findings", []), list):
        return _empty(name, f"line {number} is not a corpus result")
    if record.get("id") is not None:
        name = str(record["id"])
    findings = [
        {**{key: finding.get(key) for key in _FINDING_FIELDS}, "position": None, "context": None}
        for finding in record.get("findings", [])
        if isinstance(finding, dict) and all(finding.get(key) is not None for key in _FINDING_FIELDS[:-1])
        and (rules is None or finding["rule"] in rules)
    ]
    # Chapters of one record are reported as "id#1", "id#2", ...
    paths = list(dict.fromkeys(finding["path"] for finding in findings)) or [name]
    story = _empty(name, record.get("error") if isinstance(record.get("error"), str) else None)
    story["files"] = [{"path": path, "first_paragraph": 0, "paragraph_lines": []} for path in paths]
    story["findings"] = findings
    return story


def _empty(name: str, error: str | None) -> dict:
    return {
        "title": name,
        "files": [{"path": name, "first_paragraph": 0, "paragraph_lines": []}],
        "paragraphs": 0,
        "cast": None,
        "characters": [],
        "findings": [],
        "error": error,
        "text": False,  # no text: no cast, timelines or sentences
    }
