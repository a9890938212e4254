"""Searchable, sortable tables that work offline: itables (DataTables) with its bundle inlined.

In a notebook, :func:`show` displays a table (call :func:`init_notebook` once first: it embeds the
DataTables bundle in the notebook, so the exported HTML works without a network). In a stand-alone page,
:func:`offline_init` goes in once and :func:`datatable_html` per table. Cell text is HTML-escaped by itables
(``allow_html`` stays off), so article text in a cell stays text.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import itables
import pandas as pd
from itables.javascript import generate_init_offline_itables_html, to_html_datatable

#: Controls shown with every table: a search box above, the row count and pages below.
LAYOUT: dict[str, str | None] = {"topStart": None, "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"}
#: Rows per page.
PAGE_LENGTH: int = 10
#: Text reads from the left, whatever the column holds.
COLUMN_DEFS: list[dict[str, str]] = [{"className": "dt-left", "targets": "_all"}]


def _bundle() -> Path:
    return Path(itables.__file__).parent / "html" / "dt_bundle.js"


@lru_cache(maxsize=1)
def offline_init() -> str:
    """The HTML that loads DataTables from inside the page (once per page; about 1 MB)."""
    return generate_init_offline_itables_html(_bundle())


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """A table for display: no index, column names as written, floats rounded to 3 places."""
    out = df.reset_index(drop=True).copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(3)
        elif out[column].dtype == object:
            out[column] = out[column].where(out[column].notna(), "")
    return out


def datatable_html(df: pd.DataFrame, table_id: str, caption: str | None = None) -> str:
    """One searchable, sortable table (needs :func:`offline_init` earlier in the page)."""
    return to_html_datatable(prepare(df), caption=caption, table_id=table_id.replace("-", "_"), connected=False,
                             showIndex=False, layout=LAYOUT, pageLength=PAGE_LENGTH, classes="display compact",
                             columnDefs=COLUMN_DEFS)


def init_notebook() -> None:
    """Make every table of this notebook interactive offline (the bundle travels inside the notebook)."""
    itables.init_notebook_mode(connected=False)


def show(df: pd.DataFrame, caption: str | None = None, columns: dict[str, str] | None = None) -> None:
    """Display a searchable, sortable table in a notebook (after :func:`init_notebook`).

    Args:
        df: the table.
        caption: a caption above it.
        columns: column → display name; when given, only these columns are shown, in this order.
    """
    if columns is not None:
        df = df[list(columns)].rename(columns=columns)
    itables.show(prepare(df), caption=caption, showIndex=False, layout=LAYOUT, pageLength=PAGE_LENGTH,
                 connected=False, classes="display compact", columnDefs=COLUMN_DEFS)
