"""Shared fixtures: one session-scoped spaCy pipeline, the seed article and its parse."""
from __future__ import annotations

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


def shared_or_skip(*parts: str):
    """Return a path under ../shared, or skip the test when it is absent."""
    path = config.SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


# --- Network guard (issue 5): the suite must run offline; any attempt to reach a host fails loudly. ---

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
