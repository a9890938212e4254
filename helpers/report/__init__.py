"""Everything a reader sees: the article report, the stage notebooks' answers, figures and tables.

- :mod:`helpers.report.article`: the article report (findings first, the text with switchable layers,
  searchable tables, glossary, methods) and the stand-alone HTML file;
- :mod:`helpers.report.stages`: the one-paragraph answer and the Methods footer of notebooks 01–04;
- :mod:`helpers.report.figures`: every chart, titled with its finding, saved as PNG beside its CSV;
- :mod:`helpers.report.tables`: searchable, sortable tables that work offline (itables);
- :mod:`helpers.report.comparisons`: comparisons of groups and periods with their intervals (corpus mode);
- :mod:`helpers.report.markup`: escaped highlighting primitives.
"""
from helpers import glossary
from helpers.report import article, comparisons, stages, tables
from helpers.report.figures import (
    METRICS,
    MetricSpec,
    bar_chart,
    bars,
    country_chart,
    figure_html,
    frame_strip,
    heatmap,
    length_chart,
    line_chart,
    metric_data,
    plot_actor_network,
    plot_country_counts,
    plot_frames_by_sentence,
    plot_groupings,
    plot_metric,
    save_figure,
    sentiment_chart,
    shown_groups,
    titled,
)
from helpers.report.markup import (
    PALETTE,
    SPEAKER_COLOURS,
    Highlight,
    article_view,
    article_view_html,
    article_view_spans,
    highlight_html,
    legend_html,
    note,
)

__all__ = [
    "article", "comparisons", "glossary", "stages", "tables",
    "METRICS", "PALETTE", "SPEAKER_COLOURS", "Highlight", "MetricSpec", "article_view", "article_view_html",
    "article_view_spans", "bar_chart", "bars", "country_chart", "figure_html", "frame_strip", "heatmap",
    "highlight_html", "legend_html", "length_chart", "line_chart", "metric_data", "note", "plot_actor_network",
    "plot_country_counts", "plot_frames_by_sentence", "plot_groupings", "plot_metric", "save_figure",
    "sentiment_chart", "shown_groups", "titled",
]
