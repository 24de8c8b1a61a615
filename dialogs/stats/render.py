"""Pure rendering of indicator rows: labels from the catalogue, the terminal table and the CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.csv_safe import QUOTING, safe_row
from bot.texts import t
from storage.stats import Row

__all__ = ["CSV_COLUMNS", "label", "period_label", "render_csv", "render_table", "shown"]

CSV_COLUMNS = ("indicator", "subject", "period", "period_start", "period_end", "value", "last_year_value",
               "suppressed", "last_year_suppressed")


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
        writer.writerow(safe_row({
            "indicator": r.indicator, "subject": r.subject, "period": r.period.kind,
            "period_start": r.period.start.isoformat(), "period_end": r.period.end.isoformat(),
            "value": "<5" if r.suppressed else _number(r.value),
            "last_year_value": "<5" if r.last_year_suppressed else _number(r.last_year_value),
            "suppressed": "true" if r.suppressed else "false",
            "last_year_suppressed": "true" if r.last_year_suppressed else "false",
        }))
    return out.getvalue()


def render_table(rows: Sequence[Row], lang: str = "nb") -> str:
    """A plain-text table for the terminal, one block per period."""
    lines: list[str] = []
    names = [label(lang, r.indicator, r.subject) for r in rows]
    width = max((len(n) for n in names), default=10)
    current = None
    for r, name in zip(rows, names):
        if r.period != current:
            current = r.period
            if lines:
                lines.append("")
            head = f"{period_label(lang, r.period.kind)} ({r.period.start.isoformat()} – {r.period.end.isoformat()})"
            lines += [head, f"{'':{width}}  {t(lang, 'stats.this_period'):>8}  {t(lang, 'stats.last_year'):>8}"]
        lines.append(f"{name:{width}}  {shown(lang, r.value, r.suppressed):>8}  "
                     f"{shown(lang, r.last_year_value, r.last_year_suppressed):>8}")
    return "\n".join(lines) + "\n"
