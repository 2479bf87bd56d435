"""Property tests: random Unicode and random bytes through reading, Markdown,
every text-level rule and the rule-file loader. No exception, every position
inside the file, every configuration error located.
Bounded: a fixed number of examples each, no per-example deadline surprises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prose_lint.analyses import Analysis
from prose_lint.document import Document
from prose_lint.engine import lint_story
from prose_lint.markdown import prose_regions
from prose_lint.nlp import DEFAULT_MODEL
from prose_lint.reading import NotText, read_bytes, text_source
from prose_lint.rules_loader import load_rules
from prose_lint.story import Story

TEXT_RULES = [rule for rule in load_rules([]) if rule.kind.needs == Analysis.TEXT]
BOUNDED = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that exercise Markdown, mojibake, line endings and bad bytes more than uniform noise would.
PIECES = [
    "Ã©", "â€“", "â€™", "cafÃ©", "é", "😀", "\u2028", "\r\n", "\r", "\n", "\n\n", " ", "\t",
    "`", "``", "```\n", "~~~", "    ", "# ", "> ", "- ", "1. ", "*", "_", "[", "]", "(", ")", "![", "<", ">",
    "<!--", "-->", "<!-- prose-lint disable -->", "<!-- prose-lint disable-next-line mojibake -->",
    "<!-- prose-lint enable -->", "---\n", "|", "\\", "&amp;", "http://x.org", "Ella", "she", ".",
]
prose_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=40).map("".join)
any_bytes = st.binary(max_size=400) | prose_text.map(lambda text: text.encode("utf-8")).flatmap(
    lambda data: st.sampled_from([data, b"\xef\xbb\xbf" + data, data + b"\xe9\xff", b"caf\xe9 " + data])
)


def check_findings_inside(document: Document) -> None:
    lines = document.text.split("\n")
    for finding in lint_story(Story([document]), TEXT_RULES, DEFAULT_MODEL):
        assert 1 <= finding.line <= finding.end_line <= len(lines)
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1
        assert 1 <= finding.end_column <= len(lines[finding.end_line - 1]) + 1
        if finding.fix is not None:
            assert 0 <= finding.fix.start < finding.fix.end <= len(document.source.raw)


@BOUNDED
@given(any_bytes, st.booleans())
def test_any_bytes_read_and_lint_without_error(data, markdown):
    try:
        source = read_bytes(data, markdown=markdown)
    except NotText:
        return
    assert len(source.prose) == len(source.raw)
    if source.round_trips:
        assert source.encode(source.raw) == data
    if source.encoding == "utf-8":
        # UTF-8 holds every byte it cannot decode, so it always reads back exactly.
        assert source.round_trips
    check_findings_inside(Document.from_source("random.md", source))


@BOUNDED
@given(prose_text)
def test_markdown_prose_keeps_length_newlines_and_comment_bounds(text):
    blanked, comments = prose_regions(text)
    assert len(blanked) == len(text)
    assert [i for i, c in enumerate(blanked) if c in "\r\n"] == [i for i, c in enumerate(text) if c in "\r\n"]
    assert all(kept == original or kept == " " for kept, original in zip(blanked, text))
    for comment in comments:
        assert 0 <= comment.start < comment.end <= len(text)
        assert text[comment.start : comment.start + 4] == "<!--"


@BOUNDED
@given(prose_text, st.booleans())
def test_any_text_lints_without_error_with_positions_in_the_file(text, markdown):
    check_findings_inside(Document.from_source("random.md", text_source(text, markdown=markdown)))


YAML_PIECES = ["a: ", "- ", "[", "]", "{", "}", "&x ", "*x", "<<: ", "!!python/object:os.system ", "\n", "  ", '"', "'", ": ", "#", "id", "kind: mojibake", "\t", "%YAML 1.1\n", "---\n", "...\n"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=4), max_size=30).map("".join))
def test_any_yaml_text_loads_or_fails_with_a_located_config_error(tmp_path_factory, text):
    from prose_lint.rules_loader import load_rule_file
    from prose_lint.yamlsource import ConfigError

    path = tmp_path_factory.mktemp("yaml") / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_rule_file(path)
    except ConfigError as error:
        assert error.path == str(path)
