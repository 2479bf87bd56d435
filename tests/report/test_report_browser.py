"""The report in a real browser: headless Chromium driven by Playwright.

Chromium is the system's (Debian's ``chromium`` package, or the one named by
``PROSE_LINT_CHROMIUM``); Playwright never downloads a browser here. The
screenshot of the seeds' report is kept as an artifact, in
``PROSE_LINT_ARTIFACTS`` or pytest's temporary folder, and its path printed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import HOSTILE_NAME, write
from prose_lint.report.html import render_report

ROOT = Path(__file__).resolve().parents[2]
STORY_002 = "seeds/002_fb24d0956e62d565.txt"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    named = os.environ.get("PROSE_LINT_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    return next((found for found in map(shutil.which, CHROMIUM_NAMES) if found), None)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (uv sync --extra browser)")
    executable = find_chromium()
    if executable is None and os.environ.get("PROSE_LINT_CHROMIUM"):
        pytest.skip(f"no Chromium found: PROSE_LINT_CHROMIUM={os.environ['PROSE_LINT_CHROMIUM']} is not a file")
    if executable is None:
        pytest.skip(f"no Chromium found: none of {', '.join(CHROMIUM_NAMES)} is on PATH; install Debian's chromium "
                    "package or set PROSE_LINT_CHROMIUM")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


class Opened:
    """A page with every console error and uncaught exception it raised."""

    def __init__(self, browser, path: Path, width: int = 1280):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        # Anything but the file itself would be a fetch from the network.
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(path.as_uri())

    def story(self, path: str):
        return self.page.locator(f"section.story:has(summary h2:text-is({json.dumps(path)}))")


@pytest.fixture
def opened(browser, seed_report):
    view = Opened(browser, seed_report.path)
    yield view
    view.page.close()


def test_loads_with_no_console_errors_and_no_fetch(opened, seed_report):
    assert opened.page.title() == "prose-lint character report"
    opened.page.wait_for_selector("svg.timeline")
    assert opened.errors == []
    assert opened.requests == [seed_report.path.as_uri()]


def test_james_is_listed_with_both_pronoun_sets(opened):
    james = opened.story(STORY_002).locator('article.character[aria-label="James Kuznetsova"]')
    chips = james.locator(".chip").all_text_contents()
    assert any(chip.startswith("he/him") for chip in chips)
    assert any(chip.startswith("she/her") for chip in chips)


def test_drift_findings_stand_in_his_timeline_at_their_lines(opened, run_cli):
    lint = json.loads(run_cli(["--format", "json", STORY_002], cwd=ROOT).out)["findings"]
    drift = [f for f in lint if f["rule"] == "pronoun-gender-drift" and f["character"] == "James Kuznetsova"]
    timeline = opened.story(STORY_002).locator('svg.timeline[data-character="James Kuznetsova"]')
    marks = timeline.locator('.finding-mark[data-rule="pronoun-gender-drift"]')
    shown = sorted(int(line) for line in marks.evaluate_all("marks => marks.map(m => m.dataset.line)"))
    # Every drift finding of the lint run is in his timeline; line 1 ("a
    # ballerina who ... her") always is.
    assert shown == sorted(f["line"] for f in drift)
    assert 1 in shown
    labels = timeline.locator(".finding-mark text").all_text_contents()
    assert "L1" in labels


def test_the_rule_filter_hides_and_shows_findings(opened):
    story = opened.story(STORY_002)
    drift = story.locator('.finding-item[data-rule="pronoun-gender-drift"]')
    others = story.locator('.finding-item:not([data-rule="pronoun-gender-drift"])')
    mark = story.locator('.finding-mark[data-rule="pronoun-gender-drift"]').first
    shown = opened.page.locator("#shown")
    total = int(shown.inner_text())
    assert drift.first.is_visible() and mark.is_visible()
    box = opened.page.locator('#filters input[name="rule"][value="pronoun-gender-drift"]')
    box.uncheck()
    assert drift.count() >= 1 and not any(item.is_visible() for item in drift.all())
    assert not mark.is_visible()
    assert all(item.is_visible() for item in others.all())
    assert int(shown.inner_text()) == total - len(drift.all())
    box.check()
    assert drift.first.is_visible() and mark.is_visible()
    assert int(shown.inner_text()) == total
    # Severity works the same way.
    opened.page.locator('#filters input[name="severity"][value="error"]').uncheck()
    assert not any(item.is_visible() for item in story.locator('.finding-item[data-severity="error"]').all())
    assert opened.errors == []


def test_markup_in_a_story_shows_as_text(opened, seed_report):
    story = opened.page.locator("section.story").filter(has=opened.page.locator(f"summary h2:has-text({json.dumps(HOSTILE_NAME)})"))
    contexts = story.locator(".context")
    assert any("<script>alert(1)</script>" in text for text in contexts.all_text_contents())
    # Text nodes and the highlight, nothing else.
    assert contexts.evaluate_all("nodes => nodes.flatMap(n => [...n.children].map(c => c.tagName))") == ["MARK"]
    assert opened.page.locator("b:text-is('not bold')").count() == 0
    assert opened.page.locator("img").count() == 0
    assert opened.dialogs == []
    assert opened.page.locator("script").count() == 6  # four stories' data, the counts, the program
    assert opened.errors == []


def test_keyboard_reaches_findings(opened):
    page = opened.page
    page.locator("body").press("j")
    first = page.evaluate("document.activeElement.className")
    assert "finding-item" in first
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") != ""
    # A finding's mark in a timeline is a link: Enter on it goes to the finding.
    mark = opened.story(STORY_002).locator('.finding-mark[data-rule="pronoun-gender-drift"]').first
    mark.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('finding-item')")
    assert page.evaluate("document.activeElement.dataset.rule") == "pronoun-gender-drift"
    # Summaries open and close stories from the keyboard.
    summary = opened.story(STORY_002).locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert opened.story(STORY_002).locator("details").get_attribute("open") is None


def test_the_story_table_sorts_and_searches(opened, seed_report):
    page = opened.page
    rows = page.locator("#story-table tbody tr")
    counts = [int(row.get_attribute("data-findings")) for row in rows.all()]
    page.locator("#story-table th button", has_text="Findings").click()
    assert [int(row.get_attribute("data-findings")) for row in rows.all()] == sorted(counts, reverse=True)
    page.locator("#story-table th button", has_text="Findings").click()
    assert [int(row.get_attribute("data-findings")) for row in rows.all()] == sorted(counts)
    page.locator("#story-search").fill("002_")
    assert [row.inner_text().split("\t")[0] for row in rows.all() if row.is_visible()] == [STORY_002]
    page.locator("#story-search").fill("")
    page.locator("#only-findings").check()
    assert sum(row.is_visible() for row in rows.all()) == sum(1 for count in counts if count)


def test_a_manuscript_splits_its_timelines_into_chapters(browser, run_cli, tmp_path):
    folder = tmp_path / "novel"
    write(folder / "chapter1.txt", "Thomas Hale was a carpenter. He worked alone, and his hands were never still.\n")
    write(folder / "chapter2.txt", "In the spring he took on an apprentice. Thomas taught the boy all he knew.\n")
    write(folder / "chapter10.txt", "By autumn the roof was finished. Thomas Hale stood back, and he smiled.\n")
    write(folder / "characters.yaml", "characters:\n  - name: Thomas Hale\n    pronouns: he/him\n")
    output = tmp_path / "novel.html"
    assert run_cli(["report", folder, "-o", output]).code == 0
    view = Opened(browser, output)
    thomas = view.page.locator('svg.timeline[data-character="Thomas Hale"]')
    assert thomas.locator("line.chapter").count() == 2
    labels = [text for text in thomas.locator("text").all_text_contents() if text.endswith(".txt")]
    assert labels == ["chapter1.txt", "chapter2.txt", "chapter10.txt"]  # natural order
    assert view.page.locator(".chip.declared").all_text_contents() == ["declared he/him"]
    assert view.errors == []
    view.page.close()


def test_a_report_from_corpus_results(browser, tmp_path):
    from test_report_corpus import RESULTS

    from prose_lint.report.corpus import stories_from_results

    results = write(tmp_path / "results.jsonl", "".join(json.dumps(record) + "\n" for record in RESULTS))
    path = tmp_path / "corpus.html"
    path.write_text(render_report(stories_from_results(results), title="corpus", output_dir=tmp_path), encoding="utf-8")
    view = Opened(browser, path)
    page = view.page
    items = page.locator(".finding-item")
    assert items.count() == sum(len(record["findings"]) for record in RESULTS)
    assert page.locator(".context").count() == 0
    assert page.locator(".record-error").all_text_contents() == ["Not linted: no 'text' field"]
    page.locator('#filters input[name="rule"][value="mojibake"]').uncheck()
    assert [item.get_attribute("data-rule") for item in items.all() if item.is_visible()] == ["name-repetition"]
    assert view.errors == []
    page.close()


def test_screenshot_of_the_seeds_report(browser, seed_report, tmp_path_factory, capsys):
    folder = Path(os.environ.get("PROSE_LINT_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    view = Opened(browser, seed_report.path)
    view.page.wait_for_selector("svg.timeline")
    shot = folder / "report-seeds.png"
    view.page.screenshot(path=str(shot), full_page=True)
    view.page.close()
    assert shot.stat().st_size > 10_000
    with capsys.disabled():
        print(f"\nreport screenshot: {shot}")


def test_a_thousand_stories_open_quickly_and_on_demand(browser, seed_report, tmp_path, capsys):
    from test_report_html import Page, story_json

    seeds = story_json(Page(seed_report.html))
    stories = [seeds[number % len(seeds)] for number in range(1000)]
    path = tmp_path / "many.html"
    path.write_text(render_report(stories, title="many", output_dir=tmp_path), encoding="utf-8")
    view = Opened(browser, path)
    page = view.page
    load = page.evaluate("performance.getEntriesByType('navigation')[0].duration")
    drawn = page.locator("svg.timeline").count()
    elements = page.evaluate("document.getElementsByTagName('*').length")
    # The last story opens from its link in the story table.
    page.locator('#story-table a[data-open="999"]').click()
    page.wait_for_selector('details[data-story="999"] svg.timeline')
    assert view.errors == []
    assert load < 8000, f"{load:.0f} ms to load"  # about 1 s on an idle 2-core machine
    assert drawn == 0  # stories are drawn when they are opened
    assert elements < 25_000, elements
    page.close()
    with capsys.disabled():
        print(f"\n1,000 stories: {path.stat().st_size / 1e6:.1f} MB, loaded in {load:.0f} ms, {elements} elements")
