"""Pure rendering of indicator rows: labels from the catalogue, the terminal table, the CSV export and the
leaders' HTML page (plots inlined as data: URIs, so it prints and works in a Teams tab)."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
from collections.abc import Sequence

from babel.dates import format_date

from bot.csv_safe import QUOTING, safe_row
from bot.texts import t
from dialogs.stats.plots import bar_chart, line_chart
from storage.stats import Period, Row

__all__ = [
    "CSV_COLUMNS",
    "PAGE_LANGUAGE",
    "PLOTTED",
    "label",
    "period_label",
    "render_csv",
    "render_notice",
    "render_page",
    "render_table",
    "shown",
]

CSV_COLUMNS = (
    "indicator",
    "subject",
    "period",
    "period_start",
    "period_end",
    "value",
    "last_year_value",
    "suppressed",
    "last_year_suppressed",
)
PAGE_LANGUAGE = "nb"
# The indicators drawn as bars, per period; the table below the plots shows all of them.
PLOTTED = (
    "sms_out_pupils",
    "sms_out_staff",
    "sms_out_guardians",
    "sms_in_guardians",
    "absence_reports",
    "absence_reports_before_start",
    "absences_unexplained",
    "leave_applications",
    "broadcasts",
    "guardians_digital",
)
RATES = ("broadcast_delivery_pct", "broadcast_ack_pct", "guardians_digital_pct")
_PAGE_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:60rem;color:#1b1b1b}"
    "table{border-collapse:collapse;margin:0.5rem 0 1.5rem}td,th{padding:0.2rem 0.6rem;"
    "border-bottom:1px solid #ddd;text-align:left}td+td,th+th{text-align:right}"
)


def label(lang: str, indicator: str, subject: str = "") -> str:
    """The Norwegian (or nynorsk/English) name of an indicator."""
    return t(lang, f"stats.indicator.{indicator}", subject=subject)


def period_label(lang: str, kind: str) -> str:
    return t(lang, f"stats.period.{kind}")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def shown(lang: str, value: float | None, suppressed: bool) -> str:
    """A figure as a person reads it: "<5" when suppressed, "–" when there is no data."""
    if suppressed:
        return t(lang, "stats.suppressed")
    return t(lang, "stats.no_data") if value is None else _number(value)


def render_csv(rows: Sequence[Row]) -> str:
    """The municipality's export: one line per indicator and period, stable columns, "<5" for small cells.

    Every cell goes through bot.csv_safe: a resource name or channel id that looks like a formula
    is shown as text in a spreadsheet, not run.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n", quoting=QUOTING)
    writer.writeheader()
    for r in rows:
        writer.writerow(
            safe_row(
                {
                    "indicator": r.indicator,
                    "subject": r.subject,
                    "period": r.period.kind,
                    "period_start": r.period.start.isoformat(),
                    "period_end": r.period.end.isoformat(),
                    "value": "<5" if r.suppressed else _number(r.value),
                    "last_year_value": "<5" if r.last_year_suppressed else _number(r.last_year_value),
                    "suppressed": "true" if r.suppressed else "false",
                    "last_year_suppressed": "true" if r.last_year_suppressed else "false",
                }
            )
        )
    return out.getvalue()


def render_table(rows: Sequence[Row], lang: str = "nb") -> str:
    """A plain-text table for the terminal, one block per period."""
    lines: list[str] = []
    names = [label(lang, r.indicator, r.subject) for r in rows]
    width = max((len(n) for n in names), default=10)
    current = None
    for r, name in zip(rows, names, strict=True):
        if r.period != current:
            current = r.period
            if lines:
                lines.append("")
            head = f"{period_label(lang, r.period.kind)} ({r.period.start.isoformat()} – {r.period.end.isoformat()})"
            lines += [head, f"{'':{width}}  {t(lang, 'stats.this_period'):>8}  {t(lang, 'stats.last_year'):>8}"]
        lines.append(
            f"{name:{width}}  {shown(lang, r.value, r.suppressed):>8}  "
            f"{shown(lang, r.last_year_value, r.last_year_suppressed):>8}"
        )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- the leaders' page


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _img(png: bytes, alt: str) -> str:
    return f'<img src="{_data_uri(png)}" alt="{html.escape(alt)}" style="max-width:100%;height:auto">'


def _period_plot(rows: Sequence[Row], lang: str) -> bytes:
    chosen = [r for r in rows if r.indicator in PLOTTED]
    return bar_chart(
        t(lang, f"stats.period.{rows[0].period.kind}"),
        [label(lang, r.indicator, r.subject) for r in chosen],
        [None if r.suppressed else r.value for r in chosen],
        [None if r.last_year_suppressed else r.last_year_value for r in chosen],
        this_label=t(lang, "stats.this_period"),
        last_label=t(lang, "stats.last_year"),
        hidden=t(lang, "stats.suppressed"),
    )


def _table(rows: Sequence[Row], lang: str) -> str:
    e = html.escape
    body = "".join(
        f"<tr><td>{e(label(lang, r.indicator, r.subject))}</td>"
        f"<td>{e(shown(lang, r.value, r.suppressed))}</td>"
        f"<td>{e(shown(lang, r.last_year_value, r.last_year_suppressed))}</td></tr>"
        for r in rows
    )
    head = (
        f"<tr><th>{e(t(lang, 'stats.column_indicator'))}</th>"
        f"<th>{e(t(lang, 'stats.this_period'))}</th><th>{e(t(lang, 'stats.last_year'))}</th></tr>"
    )
    return f"<table>{head}{body}</table>"


def _period_section(rows: Sequence[Row], period: Period, lang: str) -> str:
    """One period: its heading, its bar plot and its table."""
    chunk = [r for r in rows if r.period == period]
    title = f"{period_label(lang, period.kind)} ({period.start.isoformat()} – {period.end.isoformat()})"
    alt = t(lang, "stats.plot_alt", title=period_label(lang, period.kind), period=title)
    return (
        f"<section><h2>{html.escape(title)}</h2>{_img(_period_plot(chunk, lang), alt)}{_table(chunk, lang)}</section>"
    )


def _months_section(
    months: Sequence[tuple[dt.date, int | None]], months_last_year: Sequence[tuple[dt.date, int]] | None, lang: str
) -> str:
    """The school year's SMS month by month, beside last year's when there is any."""
    names = [format_date(m, "MMM", locale=lang) for m, _ in months]
    last: list[int | None] = [n for _, n in months_last_year] if months_last_year else [None] * len(months)
    png = line_chart(
        t(lang, "stats.plot_months"),
        names,
        [n for _, n in months],
        last,
        this_label=t(lang, "stats.this_period"),
        last_label=t(lang, "stats.last_year"),
    )
    return (
        f"<section><h2>{html.escape(t(lang, 'stats.plot_months'))}</h2>"
        f"{_img(png, t(lang, 'stats.plot_months'))}</section>"
    )


def render_page(
    rows: Sequence[Row],
    months: Sequence[tuple[dt.date, int | None]],
    months_last_year: Sequence[tuple[dt.date, int]] | None,
    lang: str = PAGE_LANGUAGE,
) -> str:
    """The whole page: a bar plot and a table per period, and the school year's SMS month by month."""
    e = html.escape
    periods: list[Period] = list(dict.fromkeys(r.period for r in rows))
    sections = [_period_section(rows, period, lang) for period in periods]
    if months:
        sections.append(_months_section(months, months_last_year, lang))
    return (
        f'<!doctype html><html lang="{e(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{e(t(lang, 'stats.page_title'))}</title><style>{_PAGE_STYLE}</style></head><body>"
        f"<h1>{e(t(lang, 'stats.page_title'))}</h1><p>{e(t(lang, 'stats.page_intro'))}</p>"
        + "".join(sections)
        + "</body></html>"
    )


def render_notice(lang: str = PAGE_LANGUAGE) -> str:
    """The short page an expired link answers with: what happened and whom to ask."""
    e = html.escape
    title = t(lang, "stats.link_expired_title")
    return (
        f'<!doctype html><html lang="{e(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{e(title)}</title></head>'
        f"<body><h1>{e(title)}</h1><p>{e(t(lang, 'stats.link_expired'))}</p></body></html>"
    )
