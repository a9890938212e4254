"""Article text never becomes live markup.

Text, titles, labels and categories carrying ``<script>`` and ``onerror=`` payloads go through every HTML
view (the marked article text, the whole article report) and through the executed,
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

from helpers import schema
from helpers.report import article as article_report
from helpers.report.article import Mark, marked_html

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
@pytest.mark.parametrize("where", ["text", "title", "layer", "class"])
def test_marked_text_escapes_every_field(payload, where):
    text = f"Before {payload} after, with “quotes” & ampersands.\nSecond line."
    title = payload if where == "title" else "speaker"
    layer = payload if where == "layer" else "direct"
    classes = (payload,) if where == "class" else ("q",)
    marks = [Mark(0, 6, layer, title, classes), Mark(7, 7 + len(payload), layer, title, classes),
             Mark(3, len(text) - 4, "loaded", title)]
    out = marked_html(text, marks, {0: ["fl-s-0"]})
    parsed = _assert_inert(out, allowed_tags={"span", "a"})
    assert "".join(parsed.text) == text, "the visible text must be the article text, verbatim"


def _payload_tables() -> dict[str, pd.DataFrame]:
    text = f"Intro {SCRIPT_PAYLOAD} middle \"{IMG_PAYLOAD}\" she said. End."
    q0 = text.index(IMG_PAYLOAD)
    one = {"articles": schema.frame("articles", [{"id": "x", "title": IMG_PAYLOAD, "text": text, "n_words": 9,
                                                  "source": SCRIPT_PAYLOAD, "byline": IMG_PAYLOAD}]),
           "sentences": schema.frame("sentences", [{"article_id": "x", "sent_index": 0, "start": 0,
                                                    "end": len(text), "polarity": -0.2, "subjectivity": 0.3}]),
           "rhetoric_spans": schema.frame("rhetoric_spans", [{"article_id": "x", "start": 0, "end": 5,
                                                              "category": "loaded", "label": IMG_PAYLOAD,
                                                              "text": "Intro", "voice": "author"}]),
           "quotes": schema.frame("quotes", [{"article_id": "x", "start": q0, "end": q0 + len(IMG_PAYLOAD),
                                              "kind": "direct", "speaker": SCRIPT_PAYLOAD, "quote": IMG_PAYLOAD,
                                              "cue": "said", "role": IMG_PAYLOAD, "speaker_type": "person",
                                              "n_words": 3}]),
           "frames": schema.frame("frames", [{"article_id": "x", "kind": "generic", "frame": "conflict",
                                              "score": 0.9, "threshold": 0.5, "present": True}]),
           "frame_evidence": schema.frame("frame_evidence", [{"article_id": "x", "kind": "generic",
                                                              "frame": "conflict", "sent_index": 0, "start": 6,
                                                              "end": 6 + len(SCRIPT_PAYLOAD), "score": 0.9,
                                                              "cues": IMG_PAYLOAD}])}
    for name in schema.TABLES:
        one.setdefault(name, schema.empty(name))
    return one


def test_the_article_report_escapes_every_field():
    page = article_report.page(_payload_tables())
    parsed = _assert_inert(page)
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
    marks = [f"title={t!r}" for t in parsed.titles if t.strip() in ("PWNED-SCRIPT", "PWNED-IMG")]
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
def test_chromium_article_report_does_not_run_the_payload(tmp_path):
    page = tmp_path / "view.html"
    page.write_text(article_report.page(_payload_tables()), encoding="utf-8")
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
