"""Article text never becomes live markup.

Text, titles, labels and categories carrying ``<script>`` and ``onerror=`` payloads go through every HTML
view (``highlight_html``, ``legend_html``, the article view when present) and through the executed,
exported notebooks; the HTML is parsed with :mod:`html.parser` to check the payload appears only as text,
never as an element or an event-handler attribute. Where Debian's ``chromium`` is installed, the exported
reports are loaded headless (inside ``unshare -n`` when permitted) and the DOM is checked for the marks
the payload would leave had it run (``document.title``, a ``data-pwned`` attribute on ``<html>``); a
control page with the raw payload shows those marks do appear when a script runs.

The exported reports are those of the session's one notebook run (``conftest.notebook_run``), whose input
holds an entity-escaped payload corpus beside the seed; it writes into a temporary run folder and reports
folder, so the real ``data/processed`` and ``reports`` folders are never touched.
"""
from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import IMG_PAYLOAD, SCRIPT_PAYLOAD  # noqa: E402  (the payloads the session's notebook run carries)

from helpers.report import Highlight, highlight_html, legend_html

#: Other vectors: an attribute break-out, an SVG handler, a javascript: link.
OTHER_PAYLOADS = ('"><svg onload=alert(1)>', "<a href=\"javascript:alert(1)\">click</a>",
                  "<iframe srcdoc='<script>alert(1)</script>'></iframe>", "</div></mark><script>alert(2)</script>")
PAYLOADS = (SCRIPT_PAYLOAD, IMG_PAYLOAD) + OTHER_PAYLOADS

#: Attributes whose value is loaded or followed as a URL (a ``javascript:`` one would run).
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class _Elements(HTMLParser):
    """Collects start tags with attributes, and the text of ``<script>`` and ``<title>`` elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.titles: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "title"):
            self._in = tag
            (self.scripts if tag == "script" else self.titles).append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "title":
            self.titles[-1] += data
        else:
            self.text.append(data)


def _parse(markup: str) -> _Elements:
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser


def _assert_inert(markup: str, allowed_tags: set[str] | None = None) -> _Elements:
    """No element or handler from the payloads: no on* attribute, no payload script or image."""
    parsed = _parse(markup)
    for tag, attrs in parsed.elements:
        if allowed_tags is not None:
            assert tag in allowed_tags, f"unexpected <{tag}> element from article text"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}=...> event handler in the output"
            if name in URL_ATTRIBUTES:
                assert "javascript:" not in (value or "").lower(), f"<{tag} {name}={value!r}>"
            assert name != "srcdoc", f"<{tag} srcdoc> from article text"
        if tag == "img":
            assert attrs.get("src") != "x", "the payload <img src=x> became an element"
        if tag == "iframe":
            pytest.fail("<iframe> element from article text")
    for script in parsed.scripts:  # table data travels inside scripts: only ever escaped
        for payload in PAYLOADS:
            assert payload not in script, f"a payload sits unescaped in a script: {script[:200]}"
    return parsed


# --------------------------------------------------------------------------------------------------
# The HTML views of helpers.report


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("where", ["text", "title", "label", "category"])
def test_highlight_html_escapes_every_field(payload, where):
    text = f"Before {payload} after, with “quotes” & ampersands.\nSecond line."
    title = payload if where == "title" else "Title"
    label = payload if where == "label" else "speaker"
    category = payload if where == "category" else "direct"
    spans = [Highlight(0, 6, category, label), Highlight(7, 7 + len(payload), category, label),
             Highlight(3, len(text) - 4, "loaded", label)]
    out = highlight_html(text, spans, title=title)
    parsed = _assert_inert(out, allowed_tags={"div", "mark", "h3"})
    shown = "".join(parsed.text)
    assert shown == (title + text), "the visible text must be the article text, verbatim"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_legend_html_escapes_categories(payload):
    out = legend_html(["direct", payload])
    parsed = _assert_inert(out, allowed_tags={"p", "mark"})
    assert payload in "".join(parsed.text)


def test_article_view_html_escapes_when_present():
    from helpers import report

    view = getattr(report, "article_view_html", None)
    if view is None:
        pytest.skip("helpers.report.article_view_html not written yet")
    text = f"Intro {SCRIPT_PAYLOAD} middle \"{IMG_PAYLOAD}\" she said. End."
    q0 = text.index(IMG_PAYLOAD)
    rhetoric = pd.DataFrame([{"start": 0, "end": 5, "category": "loaded", "label": IMG_PAYLOAD}])
    quotes = pd.DataFrame([{"start": q0, "end": q0 + len(IMG_PAYLOAD), "kind": "direct", "speaker": SCRIPT_PAYLOAD,
                            "quote": IMG_PAYLOAD, "cue": "said", "role": IMG_PAYLOAD}])
    evidence = pd.DataFrame([{"start": 6, "end": 6 + len(SCRIPT_PAYLOAD), "frame": IMG_PAYLOAD}])
    out = view(text, rhetoric, quotes, evidence, title=IMG_PAYLOAD)
    parsed = _assert_inert(out)
    shown = "".join(parsed.text)
    assert SCRIPT_PAYLOAD in shown and IMG_PAYLOAD in shown


# --------------------------------------------------------------------------------------------------
# Exported notebook reports


@pytest.fixture(scope="module")
def exported_reports(notebook_run) -> tuple[Path, list[Path]]:
    """The session's notebook run (its input holds the payload corpus beside the seed) and its exports."""
    return notebook_run.run, [notebook_run.html[name] for name in sorted(notebook_run.html)]


@pytest.mark.notebooks
def test_payload_reaches_the_article_table_as_plain_text(exported_reports):
    run, _ = exported_reports
    articles = pd.read_parquet(run / "articles.parquet")
    row = articles[articles["id"] == "payload-article"].iloc[0]
    assert SCRIPT_PAYLOAD in row["text"] and IMG_PAYLOAD in row["text"], "fixture did not reach the text"
    assert IMG_PAYLOAD in row["title"]


@pytest.mark.notebooks
def test_exported_reports_show_the_payload_only_as_text(exported_reports):
    _, exports = exported_reports
    shown_somewhere = False
    for export in exports:
        markup = export.read_text(encoding="utf-8")
        try:
            parsed = _assert_inert(markup)
        except AssertionError as exc:
            raise AssertionError(f"{export.name}: {exc}") from exc
        text = "".join(parsed.text)
        shown_somewhere |= "__pwned" in text
        assert "data-pwned" not in {k for _, attrs in parsed.elements for k in attrs}, export.name
    assert shown_somewhere, "no report displays the article text: the check above proved nothing"


# --------------------------------------------------------------------------------------------------
# Headless chromium: the payload must not run when the report is opened in a browser.

CHROMIUM = shutil.which("chromium")


def _unshare_prefix() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def _dump_dom(page: Path, profile: Path) -> str:
    cmd = _unshare_prefix() + [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-extensions", "--disable-sync",
        f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", page.resolve().as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "<html" in proc.stdout.lower(), proc.stderr[-2000:]
    return proc.stdout


def _ran(dom: str) -> list[str]:
    """The marks a payload leaves in the live DOM, if it ran."""
    parsed = _parse(dom)
    marks = [f"title={t!r}" for t in parsed.titles if "PWNED" in t]
    marks += [f"<{tag} data-pwned={a['data-pwned']!r}>" for tag, a in parsed.elements if "data-pwned" in a]
    return marks


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed")
def test_chromium_control_page_runs_the_raw_payload(tmp_path):
    """Control: the same payloads, unescaped, do run — so an absent mark below means 'did not run'."""
    for i, payload in enumerate((SCRIPT_PAYLOAD, IMG_PAYLOAD)):
        page = tmp_path / f"control{i}.html"
        page.write_text(f"<!DOCTYPE html><html><head><title>ok</title></head><body>{payload}</body></html>",
                        encoding="utf-8")
        assert _ran(_dump_dom(page, tmp_path / f"profile{i}")), f"control payload {i} did not run"


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed")
def test_chromium_highlight_view_does_not_run_the_payload(tmp_path):
    text = f"Lead {SCRIPT_PAYLOAD} and \"{IMG_PAYLOAD}\" end."
    body = highlight_html(text, [Highlight(0, len(text), "direct", IMG_PAYLOAD)], title=SCRIPT_PAYLOAD)
    page = tmp_path / "view.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>ok</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    dom = _dump_dom(page, tmp_path / "profile")
    assert not _ran(dom)
    assert "__pwned" in "".join(_parse(dom).text), "the payload should be visible as text"


@pytest.mark.notebooks
@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed")
def test_chromium_exported_reports_do_not_run_the_payload(exported_reports, tmp_path):
    _, exports = exported_reports
    for i, export in enumerate(exports):
        marks = _ran(_dump_dom(export, tmp_path / f"profile{i}"))
        assert not marks, f"{export.name}: article payload ran in the browser: {marks}"
