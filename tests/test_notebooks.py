"""The notebooks: house conventions, a clean top-to-bottom run on the seed, and one analysis path.

The five notebooks run once per session (the ``notebook_run`` fixture in ``conftest.py``); these tests read
what that run left: the executed copies, the HTML exports and the run folder.
"""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from helpers import config, pipeline, schema
from helpers.notebooks import declared_parameters, notebook_paths, parameters_for, run_notebook
from helpers.runfolder import RunFolder, load_tables

NOTEBOOKS = notebook_paths()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_conventions(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    assert "?" in "".join(cells[0]["source"]), "the title asks the notebook's question"
    methods = [i for i, c in enumerate(cells) if "".join(c["source"]).strip() in ("## Methods", "## Glossary and methods")]
    assert methods and methods[0] >= len(cells) - 2, "paths and run order close the notebook, in a Methods section"
    code = [c for c in cells if c["cell_type"] == "code"]
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    for cell in code:
        assert not cell.get("outputs") and not cell.get("execution_count"), "committed without outputs"
        src = "".join(cell["source"])
        assert "\ndef " not in "\n" + src and "\nclass " not in "\n" + src, "no definitions in notebooks"
        assert "sys.path" not in src
    headings = [c for c in cells if c["cell_type"] == "markdown" and "".join(c["source"]).startswith("#")]
    assert any("?" in "".join(c["source"]) for c in headings), "question-style headings"


def test_there_are_five_notebooks_in_order():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]


def test_every_notebook_takes_the_run_folder():
    for path in NOTEBOOKS:
        assert "run_dir" in declared_parameters(path), path.name


@pytest.mark.parametrize(
    "name, given, expected",
    [
        ("01_ingest.ipynb", {"input_path": "x.jsonl", "limit": 5, "run_dir": "r"},
         {"input_path": "x.jsonl", "limit": 5, "run_dir": "r"}),
        ("02_rhetoric.ipynb", {"input_path": "x.jsonl", "limit": 5, "run_dir": "r"}, {"run_dir": "r"}),
        ("05_report.ipynb", {"input_path": "x.jsonl", "run_dir": "r"}, {"run_dir": "r"}),
        ("03_quotes.ipynb", {"unknown": 1}, {}),
    ],
)
def test_parameters_reach_only_the_notebooks_that_declare_them(name, given, expected):
    assert parameters_for(config.NOTEBOOKS / name, given) == expected


@pytest.mark.notebooks
@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_notebook_runs_on_seed_without_errors(notebook_run, name):
    nb = json.loads(notebook_run.executed[name].read_text(encoding="utf-8"))
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors[:1]
    assert notebook_run.html[name[:-6]].stat().st_size > 0


@pytest.mark.notebooks
def test_notebooks_write_every_table_of_the_run_folder(notebook_run):
    run = RunFolder(notebook_run.run)
    assert run.stages_done() == list(schema.STAGES)
    manifest = run.manifest()
    assert set(manifest["stages"]) == set(schema.STAGES)
    assert manifest["rows"]["articles"] == 3 and manifest["rows"]["quotes"] > 0


def _canonical(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(list(df.columns), na_position="last", kind="stable").reset_index(drop=True)


@pytest.mark.notebooks
def test_notebooks_and_pipeline_give_equal_tables(notebook_run, tmp_path):
    """The same input gives the same tables whichever path wrote them: names, columns, types and rows."""
    pipeline.run_pipeline([notebook_run.inputs], tmp_path / "pipeline", jobs=1)
    by_notebooks, by_pipeline = load_tables(notebook_run.run), load_tables(tmp_path / "pipeline")
    assert set(by_notebooks) == set(by_pipeline)
    for name in schema.TABLES:
        assert len(by_notebooks[name]) == len(by_pipeline[name]), name
        pd.testing.assert_frame_equal(_canonical(by_notebooks[name]), _canonical(by_pipeline[name]), obj=name)
    assert len(by_notebooks["quotes"]) > 0 and len(by_notebooks["events"]) > 0


@pytest.mark.notebooks
def test_notebook_05_shows_what_the_run_folder_holds(notebook_run, tmp_path):
    """Notebook 05 reads the run folder and never analyses again: a speaker renamed in the quotes and
    speakers tables is what its report shows."""
    run = RunFolder(tmp_path / "run")
    shutil.copytree(notebook_run.run, run.path)
    marker = "Zebulon Quartermaine"
    quotes, speakers = run.read("quotes"), run.read("speakers")
    named = quotes["speaker_type"].isin(["person"]) if quotes["speaker_type"].notna().any() else quotes["speaker"].notna()
    first = quotes[named & quotes["kind"].isin(["direct", "partial", "indirect"])]["speaker"].iloc[0]
    run.write("quotes", quotes.assign(speaker=quotes["speaker"].replace(first, marker)))
    run.write("speakers", speakers.assign(speaker=speakers["speaker"].replace(first, marker)))
    executed = run_notebook(config.NOTEBOOKS / "05_report.ipynb", tmp_path / "out", {"run_dir": str(run.path)})
    shown = executed.read_text(encoding="utf-8")
    assert marker in shown
