"""An analysed story and its findings as the plain data the character report draws.

``story_data`` is the one place the report reads the story's analyses (the
character registry and the pronoun references); everything after it, the
HTML included, sees only dicts, lists, strings and numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from ..pronouns import PRONOUN_SETS

if TYPE_CHECKING:
    from ..analyses import StoryAnalysis
    from ..document import Document
    from ..findings import Finding

# Timeline marks besides the pronoun sets of ``PRONOUN_SETS``.
FULL_NAME = "full name"
SHORT_NAME = "other name"
# A sentence ends at . ! ? or an ellipsis, with any closing quotes or brackets.
_SENTENCE_END = re.compile(r"([.!?\u2026][\"'\u201d\u2019)\]]*)\s+")
# Context shown on either side of a finding, at most.
_CONTEXT_CHARS = 240


def story_data(analysis: "StoryAnalysis", findings: list["Finding"]) -> dict:
    """The cast, each character's mentions and pronouns along the text, and
    the findings with the sentence each one is in. ``analysis`` must include
    coreference."""
    documents = analysis.story.documents
    paragraph_base = _paragraph_bases(documents)
    by_path = {document.path: index for index, document in enumerate(documents)}
    summary = analysis.summary()

    def place(path: str, start: int) -> tuple[float, int]:
        """(timeline position in paragraphs across the story, line) of an offset."""
        index = by_path[path]
        document = documents[index]
        paragraph = document.paragraph_index(start)
        para_start, para_end = document.paragraphs[paragraph] if document.paragraphs else (0, 1)
        within = min(max((start - para_start) / max(para_end - para_start, 1), 0.0), 0.999)
        return round(paragraph_base[index] + paragraph + within, 3), document.position(start)[0]

    marks: dict[str, list] = {character["name"]: [] for character in summary["characters"]}
    forms: dict[str, Counter] = {name: Counter() for name in marks}
    for character in [*analysis.characters, *analysis.characters.unnamed]:
        for mention in character.mentions:
            marks[character.name].append([*place(mention.path, mention.start), FULL_NAME if mention.is_full else SHORT_NAME])
            forms[character.name][mention.form] += 1
    for document in documents:
        for use in analysis.pronouns[document.path].pronouns:
            if use.character in marks:
                marks[use.character].append([*place(document.path, use.start), PRONOUN_SETS[use.gender]])

    finding_rows = []
    for finding in findings:
        document = documents[by_path[finding.path]]
        start = _offset(document, finding.line, finding.column)
        end = max(_offset(document, finding.end_line, finding.end_column), start)
        position, _ = place(finding.path, start)
        finding_rows.append({**finding.as_dict(), "position": position, "context": _context(document, start, end)})

    characters = []
    for character in summary["characters"]:
        name = character["name"]
        characters.append({
            **character,
            "marks": sorted(marks[name]),
            # Every pronoun that refers to them, as the timeline shows; the
            # summary's "pronouns" leave out those that count as no evidence.
            "pronoun_uses": dict(Counter(kind for *_, kind in marks[name] if kind not in (FULL_NAME, SHORT_NAME))),
            "forms": dict(forms[name].most_common()),
            "variants": dict(Counter(
                row["context"]["flagged"] for row in finding_rows
                if row["character"] == name and row["rule"] == "name-variant"
            ).most_common()),
        })
    return {
        "files": [
            {
                "path": document.path,
                "first_paragraph": paragraph_base[index],
                "paragraph_lines": [document.position(start)[0] for start, _ in document.paragraphs],
            }
            for index, document in enumerate(documents)
        ],
        "paragraphs": paragraph_base[-1],
        "cast": summary["cast"],
        "characters": characters,
        "findings": finding_rows,
        "error": None,
        "text": True,
    }


def _paragraph_bases(documents: list["Document"]) -> list[int]:
    """The story-wide index of each file's first paragraph, and the total last."""
    bases = [0]
    for document in documents:
        bases.append(bases[-1] + max(len(document.paragraphs), 1))
    return bases


def _offset(document: "Document", line: int, column: int) -> int:
    return min(document.line_starts[line - 1] + column - 1, len(document.text))


def _context(document: "Document", start: int, end: int) -> dict:
    """The sentence around ``start:end``, split into the text before, the
    flagged words and the text after. Only ``_CONTEXT_CHARS`` either side are
    searched, so a sentence that runs on is cut there, with an ellipsis."""
    text = document.text
    if document.paragraphs:
        para_start, para_end = document.paragraphs[document.paragraph_index(start)]
    else:
        para_start, para_end = 0, len(text)
    window_start = max(para_start, start - _CONTEXT_CHARS)
    window_end = min(para_end, end + _CONTEXT_CHARS)
    sentence_start = window_start
    for match in _SENTENCE_END.finditer(text, window_start, start):
        sentence_start = match.end()
    found = _SENTENCE_END.search(text, end, window_end)
    sentence_end = found.end(1) if found else window_end
    before = text[sentence_start:start]
    after = text[end:sentence_end]
    if sentence_start == window_start > para_start:
        before = "\u2026" + before
    if not found and window_end < para_end:
        after += "\u2026"
    return {"before": before, "flagged": text[start:end], "after": after}
