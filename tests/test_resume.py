"""Runs that survive faults and grow: a run killed (SIGKILL at seeded random moments, or at each point of a
commit), stopped with Ctrl-C, out of disk space or refused a write, then run again, ends with the tables of an
uninterrupted run; new inputs analyse only the new articles (counted from the ledger); a changed text
replaces its article's rows; damaged part files are found and their chunk redone; duplicate clusters
reach across runs; a folder of other versions is refused; a Dask worker killed mid-chunk changes nothing.

Inputs: short news passages written for these tests, combined into eleven articles (one an exact and one a
near duplicate of another), and the seed article.
"""
from __future__ import annotations

import errno
import gzip
import json
import multiprocessing
import os
import random
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from helpers import cli, config, pipeline, runfolder, schema
from helpers.runfolder import RunFolder, load_tables

PASSAGES = [
    "Officials in Astana met their Russian counterparts on Tuesday to discuss the 7,600-kilometre border. "
    '"We will not accept pressure from any neighbour," said Foreign Minister Aibek Nurlanov.',
    "According to the Ukrainian defence ministry, Russian forces launched 40 drones overnight. President "
    'Volodymyr Zelensky urged European leaders to send more air defence, saying that "every delay costs lives."',
    "The European Union promised to consider the request at its next summit in Brussels. Diplomats said the "
    "talks could take weeks, and critics warned that the delay was alarming.",
    "Trade between China and Kazakhstan reached $31 billion in 2023, the customs service reported. Analysts "
    "expect the figure to grow as new rail links open through the Khorgos gateway.",
    "Georgian protesters gathered outside parliament in Tbilisi for a third night. Police used water cannon, "
    "and the opposition accused the government of drifting towards Moscow.",
    'NATO Secretary General Mark Rutte told reporters that the alliance "will defend every inch" of its '
    "territory. He added that Poland and the Baltic states would receive more troops next year.",
]

TABLES = [*schema.TABLES, "rejected"]


def _records() -> list[dict[str, str]]:
    """Eleven articles: pairs of passages (with a title), an exact duplicate (case and spacing) and a near
    duplicate (one sentence added) of the first."""
    records = []
    for i in range(9):
        a, b = PASSAGES[i % 6], PASSAGES[(i + 1 + i // 6) % 6]
        records.append({"id": f"a{i:02d}", "title": f"Report {i}", "source": "Test Wire", "text": f"{a}\n\n{b}"})
    first = records[0]["text"]
    records.append({"id": "copy", "title": "Copy", "text": first.upper().replace(" ", "  ")})
    records.append({"id": "near", "title": "Near", "text": first + " Talks resume in May."})
    return records


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The inputs of every run here: the eleven articles and the seed."""
    folder = tmp_path_factory.mktemp("resume_inputs")
    shutil.copy(config.SEED, folder / "seed.txt")
    return [_write_jsonl(folder / "wire.jsonl", _records()), folder / "seed.txt"]


#: Chunk size of every run here: two articles, so a run has six commits to be killed between.
CHUNK = 2


@pytest.fixture(scope="module")
def reference_run(nlp, corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """One uninterrupted run: its folder and its wall time."""
    out = tmp_path_factory.mktemp("resume_reference")
    started = time.perf_counter()
    pipeline.run_pipeline(corpus, out, jobs=1, chunk_size=CHUNK)
    return out, time.perf_counter() - started


@pytest.fixture(scope="module")
def reference(reference_run: tuple[Path, float]) -> dict[str, pd.DataFrame]:
    """The tables of the uninterrupted run."""
    return load_tables(reference_run[0])


def _assert_tables_equal(folder: Path, reference: dict[str, pd.DataFrame], ordered: bool = True,
                         file_names: bool = False) -> None:
    """Every table (and rejected.csv) equals the reference's: same rows, same order unless ``ordered`` is
    false (then compared sorted); with ``file_names``, source paths are compared by file name only."""
    tables = load_tables(folder)
    for name in TABLES:
        got, want = tables[name], reference[name]
        if file_names and name == "articles":
            got, want = (df.assign(source_path=df["source_path"].map(lambda p: Path(p).name)) for df in (got, want))
        if not ordered:
            got, want = (df.sort_values(list(df.columns), na_position="last", kind="stable").reset_index(drop=True)
                         for df in (got, want))
        pd.testing.assert_frame_equal(got, want, obj=name)
    ids = tables["articles"]["id"]
    assert ids.is_unique
    ledger = RunFolder(folder).ledger()
    assert sorted(ledger.articles()) == sorted(ids)  # the ledger lists each article once, as the table does


def _leftovers(folder: Path) -> list[str]:
    """Files in the table folders that no commit lists, and temporaries anywhere."""
    run = RunFolder(folder)
    ledger = run.ledger()
    out = [p.name for p in folder.glob(".*") if p.name != ".lock"]
    for name in schema.TABLES:
        live = {p.file for p in ledger.parts(name)}
        out += [f"{name}/{p.name}" for p in run.table_path(name).iterdir() if p.name not in live]
    return out


def _commits(folder: Path) -> list[dict]:
    path = folder / runfolder.LEDGER
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [json.loads(line) for line in text.splitlines(keepends=True) if line.endswith("\n")]


def _analysed(folder: Path, run: int = -1) -> list[str]:
    """The articles one run (default: the last) analysed and committed, read from the ledger (commits that
    drop nothing: a commit that rewrites a chunk without a replaced article drops the old one)."""
    commits = _commits(folder)
    runs = list(dict.fromkeys(e["run"] for e in commits))
    return [a[0] for e in commits if e["run"] == runs[run] and "drop" not in e
            for g in e.get("add", ()) for a in g["articles"]]


def _run(corpus: list[Path], out: Path, **kwargs) -> pipeline.PipelineSummary:
    return pipeline.run_pipeline(corpus, out, jobs=kwargs.pop("jobs", 1), chunk_size=CHUNK, **kwargs)


# ------------------------------------------------------------------------------------ killed runs
def _pipeline_child(corpus: list[Path], out: Path) -> None:
    pipeline.run_pipeline(corpus, out, jobs=1, chunk_size=CHUNK)


@pytest.mark.parametrize("seed", [2, 10, 13, 22])
def test_a_run_killed_at_a_random_moment_resumes_to_the_uninterrupted_tables(
        corpus: list[Path], reference, tmp_path: Path, seed: int) -> None:
    """SIGKILL at a random moment (seeded: after a random number of commits, a random delay up to a
    quarter second), then the same call again: equal tables, every article once, no leftover file, only
    the missing articles analysed. The run is a forked process (spaCy already loaded), killed as the OOM
    killer would; the last chunk holds the seed article, the longest, so the run is not over yet."""
    rng = random.Random(seed)
    n_chunks = -(-len(reference["articles"]) // CHUNK)
    after, delay = rng.randrange(0, n_chunks - 1), rng.uniform(0.0, 0.25)
    child = multiprocessing.get_context("fork").Process(target=_pipeline_child, args=(corpus, tmp_path))
    child.start()
    while child.is_alive() and len(_commits(tmp_path)) < 1 + after:
        time.sleep(0.005)
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert child.exitcode == -signal.SIGKILL, "the run ended before it was killed"
    held = RunFolder(tmp_path).ledger()
    kept = set(held.articles()) if held else set()
    if kept:  # a reader of the killed run's folder sees each committed article once
        assert sorted(load_tables(tmp_path)["articles"]["id"]) == sorted(kept)
    summary = _run(corpus, tmp_path)
    _assert_tables_equal(tmp_path, reference)
    assert not _leftovers(tmp_path)
    assert summary.n_kept == len(kept)
    assert sorted(_analysed(tmp_path)) == sorted(set(reference["articles"]["id"]) - kept)


class _Killed(BaseException):
    """Stands for the process dying at a chosen point (a BaseException: nothing in the pipeline catches it)."""


def _kill_before_the_ledger_line(monkeypatch: pytest.MonkeyPatch, nth: int) -> None:
    """The third chunk's part files are in place under their final names; the process dies before its
    ledger line."""
    original, calls = RunFolder.commit, []

    def commit(self, **kwargs):
        if kwargs.get("add"):
            calls.append(1)
            if len(calls) == nth:
                raise _Killed
        return original(self, **kwargs)

    monkeypatch.setattr(RunFolder, "commit", commit)


def _kill_in_the_middle_of_the_ledger_line(monkeypatch: pytest.MonkeyPatch, nth: int) -> None:
    """The process dies having written half of the third chunk's ledger line."""
    original, calls = RunFolder.commit, []

    def commit(self, **kwargs):
        before = self.ledger_path.stat().st_size if self.ledger_path.exists() else 0
        seq = original(self, **kwargs)
        if kwargs.get("add"):
            calls.append(1)
            if len(calls) == nth:
                size = self.ledger_path.stat().st_size
                os.truncate(self.ledger_path, before + (size - before) // 2)
                raise _Killed
        return seq

    monkeypatch.setattr(RunFolder, "commit", commit)


def _kill_while_writing_a_part(monkeypatch: pytest.MonkeyPatch, nth: int) -> None:
    """The process dies while writing a part file of the third chunk: a temporary file is left behind."""
    original, calls = RunFolder.write_part, []

    def write_part(self, name, table, part):
        calls.append(name)
        if len(calls) == nth * len(schema.TABLES) - 3:
            (self.table_path(name) / f".part-{part}.deadbeef.tmp").write_bytes(b"PAR1 half a file")
            raise _Killed
        return original(self, name, table, part)

    monkeypatch.setattr(RunFolder, "write_part", write_part)


@pytest.mark.parametrize("kill", [_kill_before_the_ledger_line, _kill_in_the_middle_of_the_ledger_line,
                                  _kill_while_writing_a_part], ids=["parts-in-place", "torn-ledger-line",
                                                                    "half-a-part"])
def test_a_run_killed_inside_a_commit_resumes_to_the_uninterrupted_tables(
        corpus: list[Path], reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kill) -> None:
    with monkeypatch.context() as patch:
        kill(patch, 3)
        with pytest.raises(_Killed):
            _run(corpus, tmp_path)
    # readers see the two committed chunks only, though the third chunk's files may be there
    assert sorted(load_tables(tmp_path)["articles"]["id"]) == sorted(reference["articles"]["id"][:2 * CHUNK])
    summary = _run(corpus, tmp_path)
    assert summary.n_kept == 2 * CHUNK
    _assert_tables_equal(tmp_path, reference)
    assert not _leftovers(tmp_path)


# ------------------------------------------------------------------------------------- incremental
def test_new_inputs_analyse_only_the_new_articles(corpus: list[Path], reference, tmp_path: Path) -> None:
    """Half the wire, then all of it (the same file grown: a superset), then another file: each run analyses
    only what is new (counted from the ledger), and the folder ends with the uninterrupted run's tables,
    duplicate clusters included (the duplicates of ``a00`` arrive in a later run than ``a00``)."""
    records = _records()
    wire = _write_jsonl(tmp_path / "wire.jsonl", records[:6])
    out = tmp_path / "run"
    assert _run([wire], out).n_articles == 6
    _write_jsonl(wire, records)
    summary = _run([wire], out)
    assert sorted(_analysed(out)) == sorted(r["id"] for r in records[6:])
    assert (summary.n_kept, summary.n_articles) == (6, len(records) - 6)
    clusters = load_tables(out)["articles"].set_index("id")["dup_cluster"]
    assert clusters["copy"] == clusters["near"] == "a00"
    summary = _run([corpus[1]], out)
    assert len(_analysed(out)) == 1 and summary.n_kept == 0
    _assert_tables_equal(out, reference, file_names=True)
    assert len(RunFolder(out).ledger().runs) == 3


def test_the_same_command_again_analyses_nothing(corpus: list[Path], reference_run: tuple[Path, float],
                                                 reference, tmp_path: Path) -> None:
    shutil.copytree(reference_run[0], tmp_path / "run")
    summary = _run(corpus, tmp_path / "run")
    assert (summary.n_articles, summary.n_kept) == (0, len(reference["articles"]))
    assert _analysed(tmp_path / "run") == []
    _assert_tables_equal(tmp_path / "run", reference)


@pytest.mark.parametrize("changed", ["record", "text file"])
def test_a_changed_text_replaces_its_article(nlp, corpus: list[Path], tmp_path: Path, changed: str) -> None:
    """A corpus record with a new text under its id, or a text file edited (its id changes with its text),
    is analysed again; its old rows are gone; the tables equal a fresh run over the changed inputs."""
    run = tmp_path / "run"
    inputs = [tmp_path / "wire.jsonl", tmp_path / "seed.txt"]
    records = _records()
    _write_jsonl(inputs[0], records)
    shutil.copy(corpus[1], inputs[1])
    _run(inputs, run)
    old = load_tables(run)["articles"].set_index("id")
    if changed == "record":
        records[3]["text"] = PASSAGES[5] + "\n\n" + PASSAGES[2]
        _write_jsonl(inputs[0], records)
        gone = None
    else:
        inputs[1].write_text(config.SEED.read_text(encoding="utf-8") + "\nThe talks will resume in May.\n",
                             encoding="utf-8")
        gone = old.index[old["source_path"].str.endswith("seed.txt")][0]
    summary = _run(inputs, run)
    assert summary.n_replaced == 1 and len(_analysed(run)) == 1
    tables = load_tables(run)
    if gone is not None:
        assert summary.n_kept == len(records)
        for name in schema.TABLES:
            key = "id" if name == "articles" else "article_id"
            assert gone not in set(tables[name][key]), name
    else:
        assert _analysed(run) == ["a03"]
        assert tables["articles"].set_index("id").loc["a03", "text"].startswith("NATO Secretary General")
        assert old.loc["a03", "text"] not in set(tables["articles"]["text"])
    fresh = tmp_path / "fresh"
    _run(inputs, fresh)
    for name in TABLES:
        got, want = (df.sort_values(list(df.columns), na_position="last").reset_index(drop=True)
                     for df in (tables[name], load_tables(fresh)[name]))
        pd.testing.assert_frame_equal(got, want, obj=name)


# ----------------------------------------------------------------------------------------- damage
def test_damaged_part_files_are_found_and_their_chunks_redone(corpus: list[Path], reference_run: tuple[Path, float],
                                                              reference, tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    """A part cut short and a part with a changed byte (same size) are found by the next run; the articles
    of their chunks, and only those, are analysed again (the first holds ``a00``, the first member of a
    duplicate cluster: its cluster is kept)."""
    out = tmp_path / "run"
    shutil.copytree(reference_run[0], out)
    run = RunFolder(out)
    groups = list(run.ledger().groups.values())
    truncated = run.table_path("articles") / groups[0].parts["articles"].file
    truncated.write_bytes(truncated.read_bytes()[:-100])
    flipped = run.table_path("quotes") / groups[2].parts["quotes"].file
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0xFF
    flipped.write_bytes(bytes(data))
    assert {d.group for d in run.verify()} == {groups[0].id, groups[2].id}
    summary = _run(corpus, out)
    redone = [a.id for g in (groups[0], groups[2]) for a in g.articles]
    assert sorted(_analysed(out)) == sorted(redone) and "a00" in redone
    assert summary.n_kept == len(reference["articles"]) - len(redone)
    assert truncated.name in caplog.text and flipped.name in caplog.text
    _assert_tables_equal(out, reference, ordered=False)
    assert run.verify() == [] and not _leftovers(out)


def test_readers_ignore_part_files_the_ledger_does_not_list(reference_run: tuple[Path, float], reference,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "run"
    shutil.copytree(reference_run[0], out)
    folder = RunFolder(out).table_path("quotes")
    shutil.copy(next(folder.glob("part-*.parquet")), folder / "part-999999.parquet")  # a killed run's leftover
    assert len(pd.read_parquet(folder)) > len(reference["quotes"])  # a plain reader would count it
    assert RunFolder(out).read("quotes").equals(reference["quotes"])
    assert RunFolder(out).tidy() == [folder / "part-999999.parquet"]


# ---------------------------------------------------------------------------------------- refusals
def test_a_folder_of_other_versions_is_refused_unless_fresh(corpus: list[Path], reference_run: tuple[Path, float],
                                                            reference, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    shutil.copytree(reference_run[0], out)
    real = pipeline.analysis_fingerprint()
    monkeypatch.setattr(pipeline, "analysis_fingerprint", lambda: {**real, "resources": "0123456789abcdef",
                                                                    "max_parse_chars": 5000})
    with pytest.raises(pipeline.RunRefused, match=f"resources {real['resources']}.*resources 0123456789abcdef"):
        _run(corpus, out)
    args = ["pipeline", "--in", *map(str, corpus), "--out", str(out), "--jobs", "1", "--chunk-size", str(CHUNK)]
    assert cli.main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "max_parse_chars 1000000" in err and "--fresh" in err
    monkeypatch.setattr(pipeline, "analysis_fingerprint", lambda: real)
    assert cli.main([*args, "--fresh"]) == 0
    assert _analysed(out) and RunFolder(out).ledger().runs == RunFolder(out).ledger().runs[-1:]
    _assert_tables_equal(out, reference)


def test_a_folder_written_table_by_table_is_refused(corpus: list[Path], reference_run: tuple[Path, float],
                                                    tmp_path: Path) -> None:
    """A whole-table write (what notebooks 01-04 do) is recorded in the ledger and read back; the pipeline
    then cannot tell which articles are complete, so it refuses to add to the folder."""
    out = tmp_path / "run"
    shutil.copytree(reference_run[0], out)
    run = RunFolder(out)
    quotes = run.read("quotes")
    run.write("quotes", quotes.head(3))
    assert len(run.read("quotes")) == 3 and len(pd.read_parquet(run.table_path("quotes"))) == 3
    with pytest.raises(pipeline.RunRefused, match="table by table"):
        _run(corpus, out)


# --------------------------------------------------------------------------------- write failures
@pytest.mark.parametrize("code, message", [(errno.ENOSPC, "No space left on device"),
                                           (errno.EACCES, "Permission denied")])
def test_a_write_that_fails_names_the_path_and_the_rerun_completes(
        corpus: list[Path], reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], code: int, message: str) -> None:
    """The disk fills up (or a permission is refused) at the fourth chunk's quotes part: the command stops
    with one line naming that file, exit code 2; the same command again ends with the full tables."""
    real_replace, calls = os.replace, []

    def failing_replace(src, dst, *args, **kwargs):
        if "quotes.parquet" in str(dst):
            calls.append(dst)
            if len(calls) == 4:
                raise OSError(code, message)
        return real_replace(src, dst, *args, **kwargs)

    args = ["pipeline", "--in", *map(str, corpus), "--out", str(tmp_path), "--jobs", "1", "--chunk-size", str(CHUNK)]
    with monkeypatch.context() as patch:
        patch.setattr(runfolder.os, "replace", failing_replace)
        assert cli.main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"error: {tmp_path / 'quotes.parquet' / 'part-000004.parquet'}: {message}"
    assert len(load_tables(tmp_path)["articles"]) == 3 * CHUNK
    assert cli.main(args) == 0
    _assert_tables_equal(tmp_path, reference)
    assert not _leftovers(tmp_path)


# --------------------------------------------------------------------------------------- Ctrl-C
def _cli_child(args: list[str], stderr: str) -> None:
    with open(stderr, "w", encoding="utf-8") as handle:
        os.dup2(handle.fileno(), 2)
        sys.stderr = handle
        code = cli.main(args)
        handle.flush()
    os._exit(code)


def test_ctrl_c_stops_the_workers_and_the_folder_resumes(corpus: list[Path], reference, tmp_path: Path) -> None:
    """SIGINT to the command with two worker processes, after its first commit: exit code 130, one line
    saying how to resume, no worker left running, and the same command again ends with the full tables."""
    psutil = pytest.importorskip("psutil")
    out, stderr = tmp_path / "run", tmp_path / "stderr.txt"
    args = ["pipeline", "--in", *map(str, corpus), "--out", str(out), "--jobs", "2", "--chunk-size", str(CHUNK)]
    child = multiprocessing.get_context("fork").Process(target=_cli_child, args=(args, str(stderr)))
    child.start()
    while child.is_alive() and len(_commits(out)) < 2:
        time.sleep(0.005)
    workers = psutil.Process(child.pid).children(recursive=True)
    os.kill(child.pid, signal.SIGINT)
    child.join(timeout=60)
    assert child.exitcode == 130
    lines = [line for line in stderr.read_text(encoding="utf-8").splitlines() if not line.startswith("WARNING")]
    assert lines == [f"stopped: {out} keeps every chunk finished; run the same command again to resume"]
    assert workers and not [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
    assert cli.main(args) == 0
    _assert_tables_equal(out, reference)


def test_ctrl_c_waits_for_the_commit_being_written() -> None:
    written = []
    with pipeline._Interrupts() as guard:
        with pytest.raises(KeyboardInterrupt):
            with guard.critical():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)
                written.append("commit")
    assert written == ["commit"]


def _pool_child(corpus: list[Path], out: Path) -> None:
    pipeline.run_pipeline(corpus, out, jobs=2, chunk_size=CHUNK)


def test_a_killed_driver_leaves_no_worker(corpus: list[Path], tmp_path: Path) -> None:
    """SIGKILL to the driver (as the OOM killer does) takes its worker processes with it."""
    psutil = pytest.importorskip("psutil")
    child = multiprocessing.get_context("fork").Process(target=_pool_child, args=(corpus, tmp_path))
    child.start()
    workers: list = []
    deadline = time.monotonic() + 60
    while child.is_alive() and len(workers) < 2 and time.monotonic() < deadline:
        workers = psutil.Process(child.pid).children(recursive=True)
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    _, alive = psutil.wait_procs(workers, timeout=10)
    for worker in alive:  # do not leave them behind when the test fails
        worker.kill()
    assert len(workers) == 2 and not alive


# ------------------------------------------------------------------------------------------ Dask
def test_a_dask_worker_killed_mid_chunk_changes_nothing(corpus: list[Path], reference, tmp_path: Path) -> None:
    """One worker, SIGKILLed after two commits while it holds the next chunks: the nanny starts another,
    the scheduler runs the chunks again, and the tables equal the uninterrupted run's."""
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        first = set(client.run(os.getpid).values())
        at_kill: list[int] = []

        def kill_after_two_chunks() -> None:
            while len(_commits(tmp_path)) < 3:
                time.sleep(0.005)
            at_kill.append(len(_commits(tmp_path)))
            for pid in first:
                os.kill(pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_after_two_chunks, daemon=True)
        killer.start()
        summary = pipeline.run_pipeline(corpus, tmp_path, engine="dask", scheduler=cluster.scheduler_address,
                                        chunk_size=CHUNK)
        killer.join(timeout=10)
        assert at_kill and at_kill[0] < 1 + len(reference["articles"]) // CHUNK  # killed before the end
        assert set(client.run(os.getpid).values()).isdisjoint(first)  # the worker was replaced
    assert summary.n_failed == 0
    _assert_tables_equal(tmp_path, reference)


# ---------------------------------------------------------------------------------------- progress
def test_the_progress_estimate_counts_records_and_files(corpus: list[Path], tmp_path: Path) -> None:
    gz = tmp_path / "wire.jsonl.gz"
    gz.write_bytes(gzip.compress(corpus[0].read_bytes()))
    assert pipeline._estimate(corpus, None) == 12
    assert pipeline._estimate([gz, corpus[1]], 5) == 5
    assert pipeline._estimate(pd.DataFrame({"text": ["a b", "c d"]}), None) == 2
