"""Make the README's pictures of the character report of ``seeds/``:
docs/report-summary.png (the top of the page) and docs/report-character.png
(James Kuznetsova's cast entry and timeline in seeds/002).

    uv run --extra browser python docs/report_screenshots.py

It drives the system's Chromium (Debian's ``chromium``, or the file named by
``PROSE_LINT_CHROMIUM``) through Playwright.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def main() -> int:
    chromium = os.environ.get("PROSE_LINT_CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        print("no Chromium found: install Debian's chromium or set PROSE_LINT_CHROMIUM", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "report.html"
        subprocess.run(["prose-lint", "report", "seeds/", "-o", str(page_path)], cwd=ROOT, check=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1200, "height": 1040}, device_scale_factor=1)
            page.goto(page_path.as_uri())
            page.wait_for_selector("svg.timeline")
            page.screenshot(path=str(DOCS / "report-summary.png"))
            james = page.locator('article.character[aria-label="James Kuznetsova"]')
            james.scroll_into_view_if_needed()
            box = james.bounding_box()
            margin = 16
            page.screenshot(
                path=str(DOCS / "report-character.png"),
                clip={"x": box["x"] - margin, "y": box["y"] - margin, "width": box["width"] + 2 * margin, "height": box["height"] + 2 * margin},
            )
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
