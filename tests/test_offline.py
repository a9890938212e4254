"""Offline proof: nothing in the project tries to reach a host.

Two layers. In-process, the session-wide guard in ``conftest.py`` makes any connection to a non-loopback
address raise :class:`conftest.NetworkBlockedError` (loopback stays open for Dask's LocalCluster and
Jupyter kernels); the first tests prove the guard is active and precise. Out of process, where the kernel
lets us create a network namespace (``unshare -n``: only a down loopback, no route anywhere), every
command-line stage runs to success with no network at all — so no model, lexicon or corpus is fetched at
run time.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import urllib.request
from importlib.util import find_spec
from pathlib import Path

import pandas as pd
import pytest
from conftest import NetworkBlockedError

from helpers import config

#: Addresses that must be refused: documentation ranges (never routable), public resolvers, a host name.
REMOTE = [("192.0.2.1", 80), ("203.0.113.9", 443), ("8.8.8.8", 53), ("2001:db8::1", 80, 0, 0),
          ("pypi.org", 443), ("raw.githubusercontent.com", 443)]


@pytest.mark.parametrize("address", REMOTE, ids=[a[0] for a in REMOTE])
def test_guard_refuses_remote_create_connection(address):
    with pytest.raises(NetworkBlockedError):
        socket.create_connection(address[:2], timeout=2)


@pytest.mark.parametrize("address", [a for a in REMOTE if ":" not in a[0]], ids=lambda a: a[0])
def test_guard_refuses_remote_socket_connect(address):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        with pytest.raises(NetworkBlockedError):
            sock.connect(address)
        with pytest.raises(NetworkBlockedError):
            sock.connect_ex(address)


def test_guard_refuses_http_clients():
    with pytest.raises(NetworkBlockedError):
        urllib.request.urlopen("http://192.0.2.1/", timeout=2)
    with pytest.raises(NetworkBlockedError):
        urllib.request.urlopen("https://pypi.org/simple/", timeout=2)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_guard_allows_loopback(host):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        with socket.create_connection((host, port), timeout=5) as client:
            conn, _ = server.accept()
            with conn:
                client.sendall(b"ping")
                assert conn.recv(4) == b"ping"


# --------------------------------------------------------------------------------------------------
# Whole commands inside a network namespace with no network.

UNSHARE = shutil.which("unshare")


def _unshare_works() -> bool:
    if not UNSHARE:
        return False
    try:
        return subprocess.run([UNSHARE, "-n", "true"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


needs_unshare = pytest.mark.skipif(not _unshare_works(), reason="unshare -n not permitted here")


def _offline(args: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``python ARGS`` in a new network namespace (no interface up, no route)."""
    return subprocess.run([UNSHARE, "-n", sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def _offline_batch(commands: dict[str, list[str]], cwd: Path, timeout: int = 600) -> dict[str, tuple[int, str]]:
    """Start several ``python ARGS`` commands at once, each in its own network namespace; wait for all.

    Returns:
        name -> (exit code, stderr).
    """
    procs = {name: subprocess.Popen([UNSHARE, "-n", sys.executable, *args], cwd=cwd, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)
             for name, args in commands.items()}
    results = {}
    for name, proc in procs.items():
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        results[name] = (proc.returncode, err)
    return results


@needs_unshare
def test_namespace_has_no_network(tmp_path):
    """Control: inside the namespace a connection attempt fails at the OS level (not our guard)."""
    probe = ("import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=3)\n"
             "except OSError as exc:\n    print('unreachable', type(exc).__name__)\nelse:\n    print('CONNECTED')")
    proc = _offline(["-c", probe], tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("unreachable"), proc.stdout + proc.stderr


STAGE_FIELDS = {"rhetoric": "spans", "quotes": "quotes", "frames": "countries"}


@pytest.fixture(scope="module")
def offline_runs(tmp_path_factory, seed_text) -> tuple[Path, dict[str, tuple[int, str]]]:
    """Every command (ingest, the three stages, pipeline) run concurrently, each with no network."""
    if not _unshare_works():
        pytest.skip("unshare -n not permitted here")
    folder = tmp_path_factory.mktemp("offline")
    records = [{"id": "seed", "text": seed_text},
               {"id": "short", "text": '"We will not leave," said Kate Mallinson of Chatham House in Astana.'},
               {"id": "empty", "text": ""}]
    stage_input = folder / "in.jsonl"
    stage_input.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    commands = {stage: ["-m", "helpers", stage, "--in", str(stage_input), "--out", str(folder / f"{stage}.jsonl")]
                for stage in STAGE_FIELDS if find_spec(f"helpers.{stage}") is not None}
    if find_spec("helpers.ingest") is not None:
        commands["ingest"] = ["-m", "helpers", "ingest", str(config.SEED), str(config.FIXTURES / "hostile"),
                              "--out", str(folder / "ingest")]
    if find_spec("helpers.pipeline") is not None:
        commands["pipeline"] = ["-m", "helpers", "pipeline", "--in", str(config.SEED), "--out",
                                str(folder / "pipeline"), "--jobs", "1"]
    return folder, _offline_batch(commands, folder)


def _result(offline_runs, name: str) -> tuple[Path, str]:
    folder, results = offline_runs
    if name not in results:
        pytest.skip(f"helpers.{name} not written yet")
    code, err = results[name]
    assert code == 0, f"{name} failed with no network:\n{err[-3000:]}"
    return folder, err


@needs_unshare
@pytest.mark.parametrize("stage", sorted(STAGE_FIELDS))
def test_stage_command_runs_without_network(stage, offline_runs):
    folder, err = _result(offline_runs, stage)
    out = folder / f"{stage}.jsonl"
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["seed", "short", "empty"]
    assert records[0][STAGE_FIELDS[stage]], f"{stage} found nothing on the seed offline"
    assert not Path(str(out) + ".errors.csv").exists(), err[-3000:]


@needs_unshare
def test_ingest_command_runs_without_network(offline_runs):
    folder, _ = _result(offline_runs, "ingest")
    articles = pd.read_parquet(folder / "ingest" / "articles.parquet")
    assert "Kazakhstan Faces Rising Threats of Russian Influence and Invasion" in set(articles["title"])
    assert (folder / "ingest" / "rejected.csv").stat().st_size > 0


@needs_unshare
def test_pipeline_command_runs_without_network(offline_runs):
    folder, _ = _result(offline_runs, "pipeline")
    written = {p.stem for p in (folder / "pipeline").glob("*.parquet")}
    assert {"articles", "quotes", "actors"} <= written, written
