"""The notebooks' side of the run folder, and running the notebooks (papermill) and exporting them (nbconvert).

Notebooks 02–04 each open the run folder notebook 01 wrote (:func:`open_run`), run their stage over every
article with the same per-article function the pipeline calls (:func:`run_stage`) and write the stage's
tables into the run folder; notebook 05 only reads it.

``python -m helpers.notebooks [--input PATH] [--limit N] [--run DIR]`` is what ``make report`` calls: every
``notebooks/NN_*.ipynb`` in order, executed copies under ``reports/executed/``, HTML under ``reports/``.
"""
from __future__ import annotations

import argparse
import ast
import logging
import time
from pathlib import Path
from typing import Any, Sequence

import nbformat
import pandas as pd
from spacy.tokens import Doc

from helpers import config, schema, stage
from helpers.nlp import load_docs
from helpers.runfolder import DOCS_CACHE, RunFolder

log = logging.getLogger(__name__)


def open_run(run_dir: str | Path | None = None) -> tuple[RunFolder, pd.DataFrame, list[Doc]]:
    """The run folder, its articles and their parses (shared by notebooks 02–04 through a cache).

    Args:
        run_dir: the run folder notebook 01 wrote (default :data:`helpers.config.RUN`).

    Returns:
        ``(run, articles, docs)``: docs in the order of ``articles``.

    Raises:
        FileNotFoundError: when notebook 01 has not written the folder.
    """
    run = RunFolder(Path(run_dir) if run_dir is not None else config.RUN)
    if not run.has("articles"):
        raise FileNotFoundError(f"{run.path} has no articles table: run notebook 01 first")
    articles = run.read("articles")
    docs = load_docs(articles["id"].tolist(), articles["text"].tolist(), cache=run.path / DOCS_CACHE)
    return run, articles, docs


def run_stage(name: str, run: RunFolder, articles: pd.DataFrame, docs: Sequence[Doc]) -> dict[str, pd.DataFrame]:
    """Run one analysis stage over every article and write its tables into the run folder.

    Each article goes through :func:`helpers.stage.analyze_doc` (the pipeline's per-article function); an
    article whose analysis raises is logged, listed in ``rejected.csv`` and skipped.

    Returns:
        The stage's tables as written (table name -> DataFrame).
    """
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in schema.STAGE_TABLES[name]}
    failed = []
    t0 = time.process_time()
    for article, doc in zip(articles.to_dict("records"), docs):
        try:
            out = stage.analyze_doc(article, doc, stages=[name])
        except Exception as exc:  # one bad article never stops the others
            log.error("article %s skipped by %s: %r", article["id"], name, exc)
            failed.append({"source_path": article.get("source_path"), "article_id": article["id"],
                           "reason": f"analysis failed: article {article['id']}: {type(exc).__name__}: {exc}"})
            continue
        for table in rows:
            rows[table].extend(out.get(table, []))
    run.write_tables(rows)
    if failed:
        run.add_rejected(failed)
    run.record_stage(name, seconds=time.process_time() - t0, articles=len(articles) - len(failed))
    return {table: run.read(table) for table in rows}


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


#: The export template (``helpers/report/templates/framelab``): JupyterLab's, with nothing loaded from the
#: network.
TEMPLATES: Path = config.HELPERS / "report" / "templates"


def export_html(executed: Path, out_dir: Path) -> Path:
    """Export an executed notebook to ``out_dir/NAME.html`` with input cells hidden, offline (no script,
    style or font is loaded from the network when the file is opened)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="framelab", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(str(executed), as_version=4))
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (executed.stem + ".html")
    out.write_text(body, encoding="utf-8")
    return out


def declared_parameters(path: Path) -> set[str]:
    """Names assigned in a notebook's cell tagged ``parameters``."""
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


def run_all(parameters: dict[str, Any] | None = None, html: bool = True,
            only: Sequence[str] | None = None) -> list[Path]:
    """Run the notebooks in order (each gets the parameters it declares) and export HTML reports.

    Args:
        parameters: papermill parameters (``input_path``, ``limit``, ``run_dir`` ...).
        html: export each executed notebook to ``reports/NAME.html``.
        only: notebook number prefixes to run (``["05"]``); all by default.
    """
    config.ensure_dirs()
    outputs = []
    for path in notebook_paths():
        if only is not None and path.name[:2] not in only:
            continue
        executed = run_notebook(path, config.REPORTS / "executed", parameters_for(path, parameters or {}))
        outputs.append(export_html(executed, config.REPORTS) if html else executed)
    return outputs


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point for ``make report``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", default=None, help="file, folder or corpus JSONL (default: the seed)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--run", default=None, help="the run folder (default: data/processed/run); with --report-only,"
                        " a pipeline's run folder that notebook 05 reports on")
    parser.add_argument("--report-only", action="store_true", help="run notebook 05 only, on --run")
    args = parser.parse_args(argv)
    params: dict[str, Any] = {}
    if args.input:
        params["input_path"] = str(Path(args.input).resolve())
    if args.limit:
        params["limit"] = args.limit
    if args.run:
        params["run_dir"] = str(Path(args.run).resolve())
    for out in run_all(params, only=["05"] if args.report_only else None):
        print(out.relative_to(config.ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
