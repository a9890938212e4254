"""Everything a reader sees: HTML views of the article and figures saved beside their numbers.

- :mod:`helpers.report.markup`: highlighted, escaped article text, legends, the article view;
- :mod:`helpers.report.figures`: every chart, saved as PNG beside the CSV of what it plots.
"""
from helpers.report.figures import (
    METRICS,
    MetricSpec,
    bar_chart,
    count_bars,
    heatmap,
    length_histogram,
    line_chart,
    metric_data,
    plot_actor_network,
    plot_country_counts,
    plot_frames_by_sentence,
    plot_groupings,
    plot_metric,
    save_figure,
    sentiment_line,
    shown_groups,
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
    "METRICS", "PALETTE", "SPEAKER_COLOURS", "Highlight", "MetricSpec", "article_view", "article_view_html",
    "article_view_spans", "bar_chart", "count_bars", "heatmap", "highlight_html", "legend_html",
    "length_histogram", "line_chart", "metric_data", "note", "plot_actor_network", "plot_country_counts",
    "plot_frames_by_sentence", "plot_groupings", "plot_metric", "save_figure", "sentiment_line", "shown_groups",
]
