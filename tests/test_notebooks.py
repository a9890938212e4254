"""Every notebook runs top to bottom on the seed, in order, and follows the house conventions."""
from __future__ import annotations

import json

import pytest

from helpers import config
from helpers.notebooks import export_html, notebook_paths, run_notebook

NOTEBOOKS = notebook_paths()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_conventions(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown"
    intro = "".join(cells[0]["source"]).lower()
    assert "reads" in intro and "writes" in intro
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


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_on_seed(path, tmp_path):
    executed = run_notebook(path, tmp_path)
    nb = json.loads(executed.read_text(encoding="utf-8"))
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    html = export_html(executed, tmp_path)
    assert html.stat().st_size > 0


def test_there_are_notebooks():
    assert [p.name[:2] for p in NOTEBOOKS] == sorted(p.name[:2] for p in NOTEBOOKS)
    assert NOTEBOOKS, f"no notebooks under {config.NOTEBOOKS}"


@pytest.mark.parametrize(
    "name, given, expected",
    [
        ("01_ingest.ipynb", {"input_path": "x.jsonl", "limit": 5, "tables_dir": "t"}, {"input_path": "x.jsonl", "limit": 5}),
        ("02_rhetoric.ipynb", {"input_path": "x.jsonl", "limit": 5}, {"limit": 5}),
        ("05_report.ipynb", {"input_path": "x.jsonl", "tables_dir": "t"}, {"tables_dir": "t"}),
        ("03_quotes.ipynb", {"unknown": 1}, {}),
    ],
)
def test_parameters_reach_only_the_notebooks_that_declare_them(name, given, expected):
    from helpers.notebooks import parameters_for

    path = config.NOTEBOOKS / name
    if not path.exists():
        pytest.skip(f"{name} absent")
    assert parameters_for(path, given) == expected
