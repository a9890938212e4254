"""The reports as a reader opens them: headless Chromium (Debian's package) driven by Playwright.

The exported notebooks and the stand-alone article report of the session's notebook run
(``conftest.notebook_run``: the seed beside an entity-escaped payload corpus) are opened from disk:
scripts run without error, the tables filter when typed into, a layer toggle hides its highlights, no
request leaves the file, and no script from an article runs.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.report import article as article_report

CHROMIUM = shutil.which("chromium")
pytestmark = [pytest.mark.notebooks,
              pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed (.ci/run installs it)")]
#: Flags that keep Chromium from reaching the network on its own (updates, sync, metrics).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]
#: URL schemes a self-contained file may load from.
LOCAL = ("file:", "blob:", "data:", "about:")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


class Opened:
    """A page opened from disk, with the requests it made and the script errors it raised."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_timeout(1500)  # the tables' bundle loads from a blob inside the page

    @property
    def remote(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL)]


@pytest.fixture(scope="module")
def seed_report(notebook_run) -> Path:
    found = sorted(notebook_run.reports.glob("article_*.html"))
    assert found, "notebook 05 wrote no article report"
    return found[0]


@pytest.fixture(scope="module")
def payload_report(notebook_run, tmp_path_factory) -> Path:
    return article_report.write_article_report(notebook_run.run, "payload-article",
                                               tmp_path_factory.mktemp("payload") / "payload.html")


def test_article_report_opens_offline_without_script_errors(browser, seed_report):
    opened = Opened(browser, seed_report)
    assert not opened.errors, opened.errors
    assert not opened.remote, opened.remote
    assert "Findings" in opened.page.inner_text("#fl-findings")


def test_a_table_filters_when_typed_into(browser, seed_report):
    opened = Opened(browser, seed_report)
    rows = opened.page.locator("#fl_t_quotes tbody tr")
    before = rows.count()
    opened.page.locator("#fl_t_quotes_wrapper input[type=search]").fill("Mallinson")
    opened.page.wait_for_timeout(300)
    after = rows.count()
    assert before > after >= 1
    assert "Mallinson" in opened.page.inner_text("#fl_t_quotes tbody")


@pytest.mark.parametrize("layer, css", [("loaded", "background-color"), ("direct", "text-decoration-line")])
def test_a_layer_toggle_hides_its_highlights(browser, seed_report, layer, css):
    opened = Opened(browser, seed_report)
    mark = opened.page.locator(f"#fl-view .l-{layer}").first
    shown = mark.evaluate(f"e => getComputedStyle(e)['{css}']")
    opened.page.click(f"label[for=fl-tg-{layer}]")
    hidden = mark.evaluate(f"e => getComputedStyle(e)['{css}']")
    assert shown != hidden and hidden in ("rgba(0, 0, 0, 0)", "none"), (shown, hidden)
    opened.page.click(f"label[for=fl-tg-{layer}]")
    assert mark.evaluate(f"e => getComputedStyle(e)['{css}']") == shown


def test_a_finding_link_scrolls_to_its_evidence(browser, seed_report):
    opened = Opened(browser, seed_report)
    link = opened.page.locator("#fl-findings a[href^='#fl-s-']").first
    target = link.get_attribute("href")
    link.click()
    assert opened.page.evaluate("location.hash") == target


def test_exported_notebooks_load_nothing_from_the_network(browser, notebook_run):
    for name, path in sorted(notebook_run.html.items()):
        opened = Opened(browser, path)
        assert not opened.remote, (name, opened.remote)
        assert not opened.errors, (name, opened.errors)


def test_the_payload_article_stays_text(browser, payload_report):
    opened = Opened(browser, payload_report)
    assert opened.page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.page.title() not in ("PWNED-SCRIPT", "PWNED-IMG")
    assert opened.page.evaluate("document.documentElement.getAttribute('data-pwned')") is None
    assert "window.__pwned" in opened.page.inner_text("#fl-view"), "the payload should be visible as text"
    opened.page.locator("#fl_t_quotes_wrapper input[type=search]").fill("onerror")
    opened.page.wait_for_timeout(300)
    assert opened.page.evaluate("typeof window.__pwned") == "undefined"
