"""Everything a reader sees: the article report, the stage notebooks' answers, figures and tables.

- :mod:`helpers.report.article`: the article report (findings first, the text with switchable layers,
  searchable tables, glossary, methods) and the stand-alone HTML file;
- :mod:`helpers.report.stages`: the one-paragraph answer and the Methods footer of notebooks 01–04;
- :mod:`helpers.report.figures`: every chart, titled with its finding, saved as PNG beside its CSV;
- :mod:`helpers.report.tables`: searchable, sortable tables that work offline (itables);
- :mod:`helpers.report.comparisons`: comparisons of groups and periods with their intervals (corpus mode).

Plain names for codes and numbers as a newspaper prints them come from :mod:`helpers.glossary`.
"""
from helpers import glossary
from helpers.report import article, comparisons, stages, tables
from helpers.report.figures import (
    bars,
    country_chart,
    figure_html,
    frame_strip,
    length_chart,
    plot_actor_network,
    save_figure,
    sentiment_chart,
    titled,
)

__all__ = [
    "article", "comparisons", "glossary", "stages", "tables", "bars", "country_chart", "figure_html", "frame_strip",
    "length_chart", "plot_actor_network", "save_figure", "sentiment_chart", "titled",
]
