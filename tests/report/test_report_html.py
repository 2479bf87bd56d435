"""The report page as HTML: self-contained, untrusted text kept as text, the
summary true to the data, and light at a thousand stories."""

from __future__ import annotations

import json
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from conftest import HOSTILE_NAME, write
from prose_lint.report.html import render_report


class Page(HTMLParser):
    """Elements, attributes and script contents of a page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self._script: dict | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)


def story_json(page: Page) -> list[dict]:
    return [json.loads(text) for attrs, text in page.scripts if attrs.get("id", "").startswith("story-data-")]


def test_the_report_is_written_and_exits_0(seed_report):
    assert seed_report.code == 0
    page = Page(seed_report.html)
    assert len(story_json(page)) == 4


def test_nothing_is_fetched(seed_report):
    page = Page(seed_report.html)
    assert not [tag for tag, attrs in page.tags if tag in ("link", "img", "iframe", "object", "embed")]
    assert not [attrs for attrs, _ in page.scripts if "src" in attrs]
    for tag, attrs in page.tags:
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").startswith(("http:", "https:", "//")), (tag, attrs)


def test_untrusted_text_stays_text(seed_report):
    html = seed_report.html
    page = Page(html)
    # The only scripts are the page's own: one per story, the counts and the program.
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json"] * 5 + [None]
    for needle in ("<script>alert(1)", "</textarea>", "<b>not bold", "<img src=x"):
        assert needle not in html
    hostile = next(story for story in story_json(page) if story["files"][0]["path"].endswith(HOSTILE_NAME))
    contexts = [f["context"]["before"] + f["context"]["flagged"] + f["context"]["after"] for f in hostile["findings"]]
    assert any("<script>alert(1)</script> on the caf" in context for context in contexts)
    # The file name is shown, as text, in the story table and the story's heading.
    assert sum(HOSTILE_NAME in text for text in page.text) >= 2


def test_file_links_are_relative_to_the_page(seed_report):
    root = Path(__file__).resolve().parents[2]  # the run's working directory
    for story in story_json(Page(seed_report.html)):
        for entry in story["files"]:
            target = seed_report.path.parent / unquote(entry["href"])
            assert target.resolve() == (root / entry["path"]).resolve()


def test_the_summary_counts_what_the_stories_hold(seed_report):
    page = Page(seed_report.html)
    stories = story_json(page)
    counts = json.loads(next(text for attrs, text in page.scripts if attrs.get("id") == "finding-counts"))
    per_pair = {}
    for story in stories:
        for finding in story["findings"]:
            key = (finding["rule"], finding["severity"])
            per_pair[key] = per_pair.get(key, 0) + 1
    assert {(rule, severity): count for rule, severity, count in counts} == per_pair
    rows = [attrs for tag, attrs in page.tags if tag == "tr" and "data-findings" in attrs]
    assert [int(row["data-findings"]) for row in rows] == [len(story["findings"]) for story in stories]
    rule_boxes = [attrs["value"] for tag, attrs in page.tags if tag == "input" and attrs.get("name") == "rule"]
    assert sorted(rule_boxes) == sorted({rule for rule, _ in per_pair})


def test_a_thousand_stories_stay_light(seed_report, tmp_path):
    seeds = story_json(Page(seed_report.html))
    stories = []
    for number in range(1000):
        story = json.loads(json.dumps(seeds[number % len(seeds)]))
        for entry in story["files"]:
            entry["path"] = f"corpus/{number:04d}.txt"
        for finding in story["findings"]:
            finding["path"] = f"corpus/{number:04d}.txt"
        stories.append(story)
    started = time.perf_counter()
    html = render_report(stories, title="many", output_dir=tmp_path)
    seconds = time.perf_counter() - started
    page = Page(html)
    assert seconds < 10
    # Details stay in JSON until a story is opened: a handful of elements per story.
    assert len(page.tags) < 20 * len(stories)
    assert len(story_json(page)) == 1000


def test_report_needs_an_output_file(run_cli, tmp_path):
    prose = write(tmp_path / "a.txt", "Nothing here.\n")
    result = run_cli(["report", prose])
    assert result.code == 2
    assert "-o/--output" in result.err


def test_report_is_listed_in_the_main_help(run_cli):
    result = run_cli(["--help"])
    assert "prose-lint report" in result.out


def test_report_refuses_an_unwritable_output(run_cli, tmp_path):
    prose = write(tmp_path / "a.txt", "Nothing here.\n")
    blocker = write(tmp_path / "file", "")
    result = run_cli(["report", prose, "-o", blocker / "report.html"])
    assert result.code == 2
    assert "cannot write" in result.err


def test_an_unreadable_file_fails_the_run_but_the_others_are_reported(run_cli, tmp_path):
    prose = write(tmp_path / "a.txt", "They met at the cafÃ© on the corner.\n")
    output = tmp_path / "report.html"
    result = run_cli(["report", prose, tmp_path / "missing.txt", "-o", output])
    assert result.code == 2
    assert "cannot read" in result.err
    stories = story_json(Page(output.read_text(encoding="utf-8")))
    assert [story["files"][0]["path"] for story in stories] == [str(prose)]
    assert [finding["rule"] for finding in stories[0]["findings"]] == ["mojibake"]
