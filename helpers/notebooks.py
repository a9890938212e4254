"""Run the notebooks top to bottom (papermill) and export them to HTML with code hidden (nbconvert).

``python -m helpers.notebooks [--corpus PATH] [--limit N]`` is what ``make report`` calls: every
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


def run_all(parameters: dict[str, Any] | None = None, html: bool = True) -> list[Path]:
    """Run every notebook in order (each gets the parameters it declares) and export HTML reports."""
    config.ensure_dirs()
    outputs = []
    for path in notebook_paths():
        executed = run_notebook(path, config.REPORTS / "executed", parameters)
        outputs.append(export_html(executed, config.REPORTS) if html else executed)
    return outputs


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point for ``make report``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", default=None, help="file, folder or corpus JSONL (default: the seed)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)
    params: dict[str, Any] = {}
    if args.input:
        params["input_path"] = str(Path(args.input).resolve())
    if args.limit:
        params["limit"] = args.limit
    for out in run_all(params):
        print(out.relative_to(config.ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
