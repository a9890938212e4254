"""Run the notebooks top to bottom (papermill) and export them to HTML with code hidden (nbconvert).

``python -m helpers.notebooks [--input PATH] [--limit N] [--tables DIR]`` is what ``make report`` calls: every
``notebooks/NN_*.ipynb`` in order, executed copies under ``reports/executed/``, HTML under ``reports/``.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Sequence

from helpers import config


def notebook_paths() -> list[Path]:
    """The project's notebooks in run order (``NN_name.ipynb``)."""
    return sorted(config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def run_notebook(path: Path, out_dir: Path, parameters: dict[str, Any] | None = None,
                 timeout: int = 1800) -> Path:
    """Execute one notebook with papermill from the project root; return the executed copy's path.

    Raises:
        papermill.PapermillExecutionError: if a cell fails (the executed copy shows where).
    """
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / path.name
    pm.execute_notebook(str(path), str(out), parameters=parameters or {}, cwd=str(config.NOTEBOOKS),
                        kernel_name="python3", progress_bar=False, execution_timeout=timeout)
    return out


def export_html(executed: Path, out_dir: Path) -> Path:
    """Export an executed notebook to ``out_dir/NAME.html`` with input cells hidden."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(str(executed), as_version=4))
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (executed.stem + ".html")
    out.write_text(body, encoding="utf-8")
    return out


def declared_parameters(path: Path) -> set[str]:
    """Names assigned in a notebook's cell tagged ``parameters``."""
    import ast

    import nbformat

    names: set[str] = set()
    for cell in nbformat.read(str(path), as_version=4).cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
    return names


def parameters_for(path: Path, parameters: dict[str, Any]) -> dict[str, Any]:
    """The subset of ``parameters`` a notebook declares. ``input_path`` goes to notebook 01 only: the
    later notebooks read what 01 wrote, so the input is ingested once."""
    declared = declared_parameters(path)
    chosen = {k: v for k, v in parameters.items() if k in declared}
    if not path.name.startswith("01_"):
        chosen.pop("input_path", None)
    return chosen


def run_all(parameters: dict[str, Any] | None = None, html: bool = True) -> list[Path]:
    """Run every notebook in order (each gets the parameters it declares) and export HTML reports."""
    config.ensure_dirs()
    outputs = []
    for path in notebook_paths():
        executed = run_notebook(path, config.REPORTS / "executed", parameters_for(path, parameters or {}))
        outputs.append(export_html(executed, config.REPORTS) if html else executed)
    return outputs


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point for ``make report``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", default=None, help="file, folder or corpus JSONL (default: the seed)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--tables", default=None, help="a `python -m helpers pipeline` output folder for notebook 05")
    args = parser.parse_args(argv)
    params: dict[str, Any] = {}
    if args.input:
        params["input_path"] = str(Path(args.input).resolve())
    if args.limit:
        params["limit"] = args.limit
    if args.tables:
        params["tables_dir"] = str(Path(args.tables).resolve())
    for out in run_all(params):
        print(out.relative_to(config.ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
