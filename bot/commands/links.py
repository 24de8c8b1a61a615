"""`skolebot links revoke URL_OR_TOKEN [...]` and `skolebot links check URL_OR_TOKEN [...]`: signed links one by one.

    skolebot links revoke URL_OR_TOKEN [...]
        Make each link (a week plan page /u/…, a calendar feed /calendar/….ics, the stats page
        /stats/…) answer 404 from now on, like a link that never existed; other links of the same
        kind keep working. A whole URL, a path, or a bare week plan or stats token. Audited.
    skolebot links check URL_OR_TOKEN [...]
        Say whether each link works, has expired or was revoked, and until when it is valid;
        exits 1 unless every one works.

Either command names every argument that is not a link of this Skolebot, and exits 1 then.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands.core import _require_migrated
from bot.commands.privacy import operator
from bot.link_secret import LinkSigner, utc_now
from bot.settings import Settings
from bot.signed_links import FEED, WEEKPLAN, LinkAddress, LinkCheck, parse_address
from storage import links as revocations

NOT_OURS = (
    "is not a link of this Skolebot (check that it was copied whole; a calendar link must be given "
    "as the whole address; links made with another SKOLEBOT_SECRET_KEY are not ours)"
)


def register(sub: Any) -> None:
    p = sub.add_parser("links", help="signed links (week plans, calendar feeds, stats page): revoke or check one")
    p_sub = p.add_subparsers(dest="links_command", required=True)
    r = p_sub.add_parser("revoke", help="make links answer 404 from now on, one by one (audited)")
    r.add_argument("links", nargs="+", metavar="URL_OR_TOKEN")
    r.set_defaults(run=revoke)
    c = p_sub.add_parser("check", help="whether links work, have expired or were revoked")
    c.add_argument("links", nargs="+", metavar="URL_OR_TOKEN")
    c.set_defaults(run=check)


def describe(address: LinkAddress, link: LinkCheck) -> str:
    """What a link is, for the operator: its kind and what it shows (never the token)."""
    if address.kind is WEEKPLAN:
        return f"{address.kind.label} (plan {link.subject})"
    if address.kind is FEED:
        return f"{address.kind.label} of {address.feed_kind} {address.sourced_id}"
    return address.kind.label


def _when(moment: dt.datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment is not None else "?"


def _not_ours(arg: str) -> None:
    print(f"skolebot links: {arg!r} {NOT_OURS}", file=sys.stderr)


async def revoke(args: argparse.Namespace, settings: Settings) -> int:
    db = await _require_migrated(settings)
    if db is None:
        return 2
    failed = 0
    try:
        now = utc_now()
        signer = LinkSigner(settings, db, lambda: now)
        await revocations.purge_expired(db, now)
        for arg in args.links:
            address = parse_address(arg)
            link = await signer.check(address.kind, address.token, bound=address.bound) if address else None
            if address is None or link is None or link.key is None or link.expires is None:
                _not_ours(arg)
                failed += 1
                continue
            what = describe(address, link)
            if link.status == "expired":
                print(f"expired already on {_when(link.expires, settings.zone)}: {what}; nothing to revoke")
            elif link.status == "revoked" or not await revocations.revoke(
                db, link.key, address.kind.name, link.expires, actor=operator(), now=now
            ):
                print(f"revoked already: {what}")
            else:
                print(f"revoked: {what} (was valid until {_when(link.expires, settings.zone)})")
    finally:
        await db.dispose()
    return 1 if failed else 0


async def check(args: argparse.Namespace, settings: Settings) -> int:
    db = await _require_migrated(settings)
    if db is None:
        return 2
    failed = 0
    try:
        signer = LinkSigner(settings, db)
        for arg in args.links:
            address = parse_address(arg)
            link = await signer.check(address.kind, address.token, bound=address.bound) if address else None
            if address is None or link is None or link.status == "invalid":
                _not_ours(arg)
                failed += 1
                continue
            if link.status != "ok":
                failed += 1
            print(f"{link.status}: {describe(address, link)}, valid until {_when(link.expires, settings.zone)}")
    finally:
        await db.dispose()
    return 1 if failed else 0
