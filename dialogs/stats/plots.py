"""Server-side plots of the indicators as PNG bytes: matplotlib's Agg canvas, no pyplot, no global state."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib is imported inside the functions on purpose: it takes most of a second to load, and only
# the leaders' page draws; the bot, the CLI and the tests that never plot should not pay for it.

__all__ = ["bar_chart", "line_chart"]

THIS_COLOUR = "#1f5f8b"
LAST_COLOUR = "#b9c7d3"


def _png(figure: Figure) -> bytes:
    """The figure drawn on an Agg canvas, as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    out = io.BytesIO()
    canvas.print_png(out)
    return out.getvalue()


def bar_chart(
    title: str,
    labels: Sequence[str],
    this: Sequence[float | None],
    last: Sequence[float | None],
    *,
    this_label: str,
    last_label: str,
    hidden: str = "<5",
) -> bytes:
    """Horizontal grouped bars, this period beside last year; a hidden (None) value is drawn as `hidden`."""
    from matplotlib.figure import Figure

    n = len(labels)
    fig = Figure(figsize=(8, 0.55 * n + 1.4), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ys = list(range(n))
    height = 0.38
    for offset, values, colour, name in (
        (-height / 2, this, THIS_COLOUR, this_label),
        (height / 2, last, LAST_COLOUR, last_label),
    ):
        bars = ax.barh([y + offset for y in ys], [v or 0 for v in values], height=height, color=colour, label=name)
        for bar, value in zip(bars, values, strict=False):
            text = hidden if value is None else (f"{value:g}")
            ax.annotate(
                text,
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
    ax.set_yticks(ys, labels=list(labels), fontsize=9)
    ax.invert_yaxis()
    ax.set_title(title, fontsize=11)
    ax.legend(fontsize=8, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.15)
    return _png(fig)


def line_chart(
    title: str,
    x_labels: Sequence[str],
    this: Sequence[float | None],
    last: Sequence[float | None],
    *,
    this_label: str,
    last_label: str,
) -> bytes:
    """Two lines over the same x axis (e.g. the months of the school year); None leaves a gap."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.6), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    xs = list(range(len(x_labels)))
    nan = float("nan")
    ax.plot(xs, [nan if v is None else v for v in this], marker="o", color=THIS_COLOUR, label=this_label)
    ax.plot(
        xs, [nan if v is None else v for v in last], marker="o", linestyle="--", color=LAST_COLOUR, label=last_label
    )
    ax.set_xticks(xs, labels=list(x_labels), fontsize=8)
    ax.set_title(title, fontsize=11)
    ax.legend(fontsize=8)
    ax.set_ylim(bottom=0)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)
