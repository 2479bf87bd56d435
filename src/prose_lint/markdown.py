"""The prose of a Markdown file, parsed with markdown-it-py (CommonMark).

Prose is the text of paragraphs, headings, list items, block quotes and table
cells, emphasis included. Everything else (front matter, fenced and indented
code, inline code, HTML, link destinations, autolinks, images, reference
definitions, block markers) is blanked with spaces, newlines kept, so every
offset of the prose is its offset in the file.

markdown-it's tokens carry line ranges but no columns. Each inline token's
content lines are found in their source lines, and the inline rules that
produce non-prose are wrapped to record the span of source they consumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import autolink, backtick, html_inline, image, link
from mdit_py_plugins.front_matter import front_matter_plugin

# Inline rules whose whole match is not prose; a link keeps its text.
_HIDDEN_INLINE = {"backticks": backtick, "image": image, "autolink": autolink, "html_inline": html_inline}
_SPANS = "prose_lint_spans"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Comment:
    """An HTML comment: its offsets in the file and what it says."""

    start: int
    end: int
    body: str


def _recording(name: str, rule):
    def wrapped(state, silent: bool) -> bool:
        start = state.pos
        matched = rule(state, silent)
        if matched and not silent:
            # The state is kept alive with its spans, so that its id is never reused.
            state.env[_SPANS].setdefault(id(state), (state, []))[1].append((name, start, state.pos))
        return matched

    return wrapped


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark").use(front_matter_plugin).enable("table")
    for name, rule in {**_HIDDEN_INLINE, "link": link}.items():
        parser.inline.ruler.at(name, _recording(name, rule))
    return parser


def prose_regions(text: str) -> tuple[str, list[Comment]]:
    """The prose of ``text`` (same length, non-prose blanked) and its HTML comments."""
    env: dict = {_SPANS: {}}
    original = text
    # markdown-it reads NUL as U+FFFD; searching the same text keeps them equal.
    text = text.replace("\0", "\ufffd")
    tokens = _parser().parse(text, env)
    # Lines as markdown-it counts them: LF, CRLF and a lone CR each end one.
    line_starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)] + [len(text) + 1]
    prose = bytearray(len(text))
    comments: list[Comment] = []
    # Inline states come in token order, with nested ones (an image's alt
    # text) among them; each inline token takes the first unused state of its text.
    states = list(env[_SPANS].values())
    for token in tokens:
        if token.type == "html_block" and token.map:
            start, end = line_starts[token.map[0]], min(line_starts[token.map[1]], len(text))
            comments += _comments(text, start, end)
        if token.type != "inline" or not token.map:
            continue
        places = _locate(token.content, text, line_starts, token.map[0])
        for content_start, source_start, length in places:
            prose[source_start : source_start + length] = b"\1" * length
        match = next((entry for entry in states if entry[0].src == token.content), None)
        if match is not None:
            states.remove(match)
        for name, start, end in match[1] if match else ():
            if name == "link":
                # "[text](destination)": the text is prose, the rest is not.
                label_end = _label_end(token.content, start, end)
                spans = [(start, start + 1), (label_end, end)]
            else:
                spans = [(start, end)]
            for span_start, span_end in spans:
                for source_start, source_end in _to_source(places, span_start, span_end):
                    prose[source_start:source_end] = bytes(source_end - source_start)
                    if name == "html_inline":
                        comments += _comments(text, source_start, source_end)
    blanked = "".join(
        char if keep or char in "\r\n" else " " for char, keep in zip(original, prose)
    )
    return blanked, comments


def _locate(content: str, text: str, line_starts: list[int], first_line: int) -> list[tuple[int, int, int]]:
    """(content offset, file offset, length) of each line of an inline token's content."""
    places = []
    content_offset = 0
    line = first_line
    for piece in content.split("\n"):
        while line < len(line_starts) - 1:
            line_start, line_end = line_starts[line], line_starts[line + 1] - 1
            found = text.find(piece, line_start, line_end) if piece else -1
            line += 1
            if found >= 0:
                places.append((content_offset, found, len(piece)))
                break
        content_offset += len(piece) + 1
    return places


def _to_source(places, start: int, end: int):
    for content_start, source_start, length in places:
        low, high = max(start, content_start), min(end, content_start + length)
        if low < high:
            yield source_start + low - content_start, source_start + high - content_start


def _label_end(content: str, start: int, end: int) -> int:
    """Offset of the "]" that closes a link's text, brackets balanced."""
    depth = 0
    index = start
    while index < end:
        char = content[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":
            run = len(content[index:end]) - len(content[index:end].lstrip("`"))
            closing = content.find("`" * run, index + run, end)
            index = closing + run if closing >= 0 else index + run
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return end


def _comments(text: str, start: int, end: int) -> list[Comment]:
    found = []
    position = text.find("<!--", start, end)
    while position >= 0:
        close = text.find("-->", position + 4, end)
        if close < 0:
            break
        found.append(Comment(position, close + 3, text[position + 4 : close]))
        position = text.find("<!--", close + 3, end)
    return found
