"""GET /stats/{token}: the leaders' indicator page with server-rendered plots, behind a signed link.

The token (bot.signed_links) is signed with the school's link secret, so only the server can make
the link; it expires after SKOLEBOT_STATS_LINK_DAYS (410 with a short page) and can be revoked one by
one. Any other token, and a revoked one, is a plain 404. The page shows this month, this
term and this school year beside the same period last year, as PNG plots inlined as data: URIs
(so it prints and works in a Teams tab) and as a table. Counts only; small cells read "<5".
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

from aiohttp import web
from babel.dates import format_date

from bot.link_secret import LinkSigner, new_token
from bot.settings import Settings
from bot.signed_links import STATS, stats_path
from dialogs.stats.plots import bar_chart, line_chart
from dialogs.stats.render import label, period_label, shown
from bot.texts import t
from storage.db import Database
from storage.roster import load_calendar
from storage.stats import Period, Row, last_year, report, school_periods, sms_by_month

__all__ = ["add_routes", "gather_rows", "render_page", "stats_path", "stats_ttl", "stats_url"]

PAGE_LANGUAGE = "nb"
# The indicators drawn as bars, per period; the table below the plots shows all of them.
PLOTTED = ("sms_out_pupils", "sms_out_staff", "sms_out_guardians", "sms_in_guardians", "absence_reports",
           "absence_reports_before_start", "absences_unexplained", "leave_applications", "broadcasts",
           "guardians_digital")
RATES = ("broadcast_delivery_pct", "broadcast_ack_pct", "guardians_digital_pct")
_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
                               "form-action 'none'",
}


def stats_ttl(settings: Settings) -> dt.timedelta:
    return dt.timedelta(days=settings.stats_link_days)


async def stats_url(db: Database, settings: Settings, now: dt.datetime | None = None) -> str:
    """A new link to the page, valid SKOLEBOT_STATS_LINK_DAYS from `now`."""
    return settings.public_url + stats_path(await new_token(db, settings, STATS, stats_ttl(settings), now=now))


async def gather_rows(db: Database, settings: Settings, periods: Sequence[Period] | None, today: dt.date) -> list[Row]:
    """The report for `periods` (default: this month, term and school year) with the school's settings."""
    periods = periods or await school_periods(db, today)
    return await report(db, periods, zone=settings.zone, school_start=settings.period_table.periods[0].start,
                        calendar=await load_calendar(db))


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _img(png: bytes, alt: str) -> str:
    return f'<img src="{_data_uri(png)}" alt="{html.escape(alt)}" style="max-width:100%;height:auto">'


def _period_plot(rows: Sequence[Row], lang: str) -> bytes:
    chosen = [r for r in rows if r.indicator in PLOTTED]
    return bar_chart(t(lang, f"stats.period.{rows[0].period.kind}"),
                     [label(lang, r.indicator, r.subject) for r in chosen],
                     [None if r.suppressed else r.value for r in chosen],
                     [None if r.last_year_suppressed else r.last_year_value for r in chosen],
                     this_label=t(lang, "stats.this_period"), last_label=t(lang, "stats.last_year"),
                     hidden=t(lang, "stats.suppressed"))


def _table(rows: Sequence[Row], lang: str) -> str:
    body = "".join(
        f"<tr><td>{html.escape(label(lang, r.indicator, r.subject))}</td>"
        f"<td>{html.escape(shown(lang, r.value, r.suppressed))}</td>"
        f"<td>{html.escape(shown(lang, r.last_year_value, r.last_year_suppressed))}</td></tr>"
        for r in rows)
    head = (f"<tr><th>{html.escape(t(lang, 'stats.column_indicator'))}</th>"
            f"<th>{html.escape(t(lang, 'stats.this_period'))}</th><th>{html.escape(t(lang, 'stats.last_year'))}</th></tr>")
    return f"<table>{head}{body}</table>"


def render_page(rows: Sequence[Row], months: Sequence[tuple[dt.date, int | None]],
                months_last_year: Sequence[tuple[dt.date, int]] | None, lang: str = PAGE_LANGUAGE) -> str:
    """The whole page: a bar plot and a table per period, and the school year's SMS month by month."""
    e = html.escape
    sections: list[str] = []
    periods: list[Period] = list(dict.fromkeys(r.period for r in rows))
    for period in periods:
        chunk = [r for r in rows if r.period == period]
        title = f"{period_label(lang, period.kind)} ({period.start.isoformat()} – {period.end.isoformat()})"
        sections.append(f"<section><h2>{e(title)}</h2>"
                        f"{_img(_period_plot(chunk, lang), t(lang, 'stats.plot_alt', title=period_label(lang, period.kind), period=title))}"
                        f"{_table(chunk, lang)}</section>")
    if months:
        names = [format_date(m, "MMM", locale=lang) for m, _ in months]
        last = [n for _, n in months_last_year] if months_last_year else [None] * len(months)
        png = line_chart(t(lang, "stats.plot_months"), names, [n for _, n in months], last,
                         this_label=t(lang, "stats.this_period"), last_label=t(lang, "stats.last_year"))
        sections.append(f"<section><h2>{e(t(lang, 'stats.plot_months'))}</h2>"
                        f"{_img(png, t(lang, 'stats.plot_months'))}</section>")
    style = ("body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:60rem;color:#1b1b1b}"
             "table{border-collapse:collapse;margin:0.5rem 0 1.5rem}td,th{padding:0.2rem 0.6rem;"
             "border-bottom:1px solid #ddd;text-align:left}td+td,th+th{text-align:right}")
    return (f'<!doctype html><html lang="{e(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{e(t(lang, 'stats.page_title'))}</title><style>{style}</style></head><body>"
            f"<h1>{e(t(lang, 'stats.page_title'))}</h1><p>{e(t(lang, 'stats.page_intro'))}</p>"
            + "".join(sections) + "</body></html>")


def render_notice(lang: str = PAGE_LANGUAGE) -> str:
    """The short page an expired link answers with: what happened and whom to ask."""
    e = html.escape
    title = t(lang, "stats.link_expired_title")
    return (f'<!doctype html><html lang="{e(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{e(title)}</title></head>'
            f"<body><h1>{e(title)}</h1><p>{e(t(lang, 'stats.link_expired'))}</p></body></html>")


def add_routes(app: web.Application, services: Any) -> None:
    """GET /stats/{token} on the application."""

    signer = LinkSigner(services.settings, services.db, services.deps.clock)

    async def page(request: web.Request) -> web.Response:
        check = await signer.check(STATS, request.match_info["token"])
        if check.status == "expired":
            return web.Response(status=410, text=render_notice(PAGE_LANGUAGE), content_type="text/html",
                                charset="utf-8", headers=_HEADERS)
        if check.status != "ok":
            raise web.HTTPNotFound(text=t(PAGE_LANGUAGE, "stats.link_unknown_title"))
        zone = services.settings.zone
        today = services.deps.clock().astimezone(zone).date()
        rows = await gather_rows(services.db, services.settings, None, today)
        year = next((r.period for r in rows if r.period.kind == "school_year"), None)
        months: list[tuple[dt.date, int | None]] = []
        months_last: list[tuple[dt.date, int]] | None = None
        if year is not None:
            months = [(m, n if m <= today else None) for m, n in await sms_by_month(services.db, year, zone=zone)]
            if any(r.last_year_value is not None for r in rows if r.period == year):
                months_last = await sms_by_month(services.db, last_year(year), zone=zone)
        body = render_page(rows, months, months_last)
        return web.Response(text=body, content_type="text/html", charset="utf-8", headers=_HEADERS)

    app.router.add_get("/stats/{token}", page)
