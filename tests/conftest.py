"""Shared fixtures: one session-scoped spaCy pipeline, the seed article and its parse."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from helpers import config
from helpers.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The project's one spaCy pipeline, loaded once for the whole test session."""
    return load_nlp()


@pytest.fixture(scope="session")
def seed_raw() -> str:
    """The seed article exactly as shipped (boilerplate included)."""
    return config.SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text(seed_raw: str) -> str:
    """The seed article's body as ingestion cleans it (title line and boilerplate removed)."""
    from helpers.ingest import clean_text_document

    return clean_text_document(seed_raw).text


@pytest.fixture(scope="session")
def seed_doc(nlp: Language, seed_text: str) -> Doc:
    """The parse of the cleaned seed article."""
    return nlp(seed_text)


#: A script payload: if it ever runs it leaves marks (a global, the title, an attribute on ``<html>``).
SCRIPT_PAYLOAD = ("<script>window.__pwned=1;document.title='PWNED-SCRIPT';"
                  "document.documentElement.setAttribute('data-pwned','script')</script>")
#: An event-handler payload, same marks.
IMG_PAYLOAD = ("<img src=x onerror=\"window.__pwned=2;document.title='PWNED-IMG';"
               "document.documentElement.setAttribute('data-pwned','img')\">")


def payload_corpus(path: Path) -> Path:
    """A JSONL export of two articles built from the seed, one carrying script payloads in its title, outlet
    and text, entity-escaped as many exports are (ingestion decodes the entities once, so the stored text
    holds the payload characters literally)."""
    import html
    import json

    seed = config.SEED.read_text(encoding="utf-8").split("\n")
    body = "\n".join(line for line in seed[2:] if line.strip() and line.strip() not in ("Advertisement", "Tags"))
    injected = (f"{SCRIPT_PAYLOAD} was found in the page. \"{IMG_PAYLOAD} is only text,\" said Kate Mallinson. "
                f"Analysts call it \"{SCRIPT_PAYLOAD}\" in their notes.")
    records = [
        {"id": "payload-article", "title": html.escape(f"Kazakhstan {IMG_PAYLOAD} faces rising threats"),
         "source": html.escape(f"Evil Times {IMG_PAYLOAD}"), "date": "2025-05-06",
         "text": html.escape(injected + "\n" + body)},
        {"id": "plain-article", "title": "A second, plain article", "source": "Plain Post", "date": "2025-06-01",
         "text": body},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class NotebookRun:
    """The five notebooks executed once for the whole session.

    Attributes:
        inputs: the folder notebook 01 read: the seed and a two-article payload corpus (``payload.jsonl``).
        run: the run folder notebooks 01–04 wrote and notebook 05 read.
        executed: executed notebook copies by file name.
        html: exported HTML reports by notebook stem.
        reports: the reports folder the run wrote figures into.
    """

    inputs: Path
    run: Path
    executed: dict[str, Path]
    html: dict[str, Path]
    reports: Path


@pytest.fixture(scope="session")
def notebook_run(tmp_path_factory: pytest.TempPathFactory) -> NotebookRun:
    """Run notebooks 01–05 top to bottom once (papermill) on the seed and the payload corpus, into a
    temporary run folder and reports folder; notebook 05 reads the seed (the first article)."""
    import shutil

    from helpers.notebooks import export_html, notebook_paths, run_notebook

    base = tmp_path_factory.mktemp("notebook_run")
    inputs = base / "inputs"
    inputs.mkdir()
    shutil.copy(config.SEED, inputs / config.SEED.name)
    payload_corpus(inputs / "payload.jsonl")
    patcher = pytest.MonkeyPatch()
    patcher.setenv("FRAMELAB_REPORTS", str(base / "reports"))  # the kernels inherit it
    executed, html = {}, {}
    try:
        for path in notebook_paths():
            params = {"run_dir": str(base / "run"), "input_path": str(inputs)}
            out = run_notebook(path, base / "executed", {k: v for k, v in params.items()
                                                          if k == "run_dir" or path.name.startswith("01_")})
            executed[path.name] = out
            html[path.stem] = export_html(out, base / "html")
    finally:
        patcher.undo()
    return NotebookRun(inputs, base / "run", executed, html, base / "reports")


def shared_or_skip(*parts: str):
    """Return a path under ../shared, or skip the test when it is absent."""
    path = config.SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


# --- Network guard: the suite must run offline; any attempt to reach a host fails loudly. ---

class NetworkBlockedError(RuntimeError):
    """Raised by the test-session network guard when code tries to connect to a non-loopback host."""


def _is_local_address(address) -> bool:
    """True for AF_UNIX paths, ``localhost`` and loopback/unspecified IPs (Dask's LocalCluster, Jupyter)."""
    import ipaddress

    if not isinstance(address, tuple):  # AF_UNIX path (str/bytes) or abstract socket
        return True
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).split("%", 1)[0]  # IPv6 scope id
    if host in ("localhost", "localhost.localdomain", ""):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:  # any other host name: resolving it would already touch the network
        return False
    return ip.is_loopback or ip.is_unspecified


@pytest.fixture(scope="session", autouse=True)
def no_network():
    """Session-wide guard: ``socket.connect``/``connect_ex``/``create_connection`` raise
    :class:`NetworkBlockedError` for any non-loopback address; loopback stays allowed."""
    import socket

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_create_connection = socket.create_connection

    def guarded_connect(self, address):
        if not _is_local_address(address):
            raise NetworkBlockedError(f"test tried to reach {address!r}: the suite must run offline")
        return real_connect(self, address)

    def guarded_connect_ex(self, address):
        if not _is_local_address(address):
            raise NetworkBlockedError(f"test tried to reach {address!r}: the suite must run offline")
        return real_connect_ex(self, address)

    def guarded_create_connection(address, *args, **kwargs):
        if not _is_local_address(address):
            raise NetworkBlockedError(f"test tried to reach {address!r}: the suite must run offline")
        return real_create_connection(address, *args, **kwargs)

    patcher = pytest.MonkeyPatch()
    patcher.setattr(socket.socket, "connect", guarded_connect)
    patcher.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    patcher.setattr(socket, "create_connection", guarded_create_connection)
    yield
    patcher.undo()
