"""GDPR commands: `skolebot person export SOURCEDID [--out FILE]` and `skolebot person erase SOURCEDID --yes`.

    skolebot person export SOURCEDID [--out FILE]
        Everything Skolebot holds about one person, as JSON (stdout, or FILE readable only by you).
    skolebot person erase SOURCEDID [--yes]
        Remove or anonymise it, keeping what statistics need. Without --yes: what would go, nothing done.
        Erased stays erased: roster imports skip the person while the school's system still lists them.
    skolebot person erase --undo SOURCEDID
        Re-admit an erased person: the next roster import brings them back (if the school still lists them).
        Only the sourcedId works here: after erasure Skolebot no longer knows their name, e-mail or number.

All write an audit entry naming the operating-system user who ran them.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from bot.commands.core import _require_migrated
from bot.settings import Settings
from storage.erasure import readmit
from storage.privacy import PersonNotFound, erase_person, export_person


def register(sub: Any) -> None:
    p = sub.add_parser("person", help="a person's data: export it (GDPR access) or erase it")
    p_sub = p.add_subparsers(dest="person_command", required=True)
    e = p_sub.add_parser("export", help="everything Skolebot holds about one person, as JSON")
    e.add_argument("sourced_id", metavar="SOURCEDID")
    e.add_argument("--out", type=Path, help="write to this file (mode 600) instead of stdout")
    e.set_defaults(run=export)
    d = p_sub.add_parser("erase", help="remove or anonymise one person's data (audited)")
    d.add_argument("sourced_id", metavar="SOURCEDID")
    d.add_argument("--yes", action="store_true", help="really erase; without it, only say what would go")
    d.add_argument(
        "--undo",
        action="store_true",
        help="re-admit an erased person (by sourcedId): the next roster import brings them back",
    )
    d.set_defaults(run=erase)


def operator() -> str:
    """Who ran the command, for the audit log (the same form as `skolebot broadcast` uses)."""
    try:
        return f"shell:{getpass.getuser()}"
    except Exception:  # no user name in this environment (a container without one)
        return f"shell:uid-{os.getuid()}"


def _write_private(path: Path, text: str) -> None:
    """Create or replace `path` readable by its owner only: an export is personal data."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


async def export(args: argparse.Namespace, settings: Settings) -> int:
    db = await _require_migrated(settings)
    if db is None:
        return 2
    try:
        data = await export_person(db, args.sourced_id, actor=operator())
    except PersonNotFound:
        print(f"skolebot: no person with sourcedId {args.sourced_id!r}", file=sys.stderr)
        return 1
    finally:
        await db.dispose()
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        _write_private(args.out, text)
        records = sum(len(rows) for rows in data["records"].values())
        print(f"wrote {args.out}: {args.sourced_id} and {records} records", file=sys.stderr)
    return 0


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in sorted(counts.items())) or "nothing"


async def erase(args: argparse.Namespace, settings: Settings) -> int:
    if getattr(args, "undo", False):
        return await undo_erase(args, settings)
    db = await _require_migrated(settings)
    if db is None:
        return 2
    try:
        result = await erase_person(db, args.sourced_id, actor=operator(), dry_run=not args.yes)
    except PersonNotFound:
        print(f"skolebot: no person with sourcedId {args.sourced_id!r}", file=sys.stderr)
        return 1
    finally:
        await db.dispose()
    if not args.yes:
        print(f"would erase {args.sourced_id}: {_summary(result.counts)}")
        print("nothing was changed; run again with --yes to erase", file=sys.stderr)
        return 1
    print(f"erased {args.sourced_id}: {_summary(result.counts)}")
    print(
        "roster imports now skip this person while the school's system still lists them; "
        f"`skolebot person erase --undo {args.sourced_id}` re-admits them",
        file=sys.stderr,
    )
    return 0


async def undo_erase(args: argparse.Namespace, settings: Settings) -> int:
    """`person erase --undo SOURCEDID`: remove the tombstone, so the next roster import brings the person back."""
    db = await _require_migrated(settings)
    if db is None:
        return 2
    try:
        found = await readmit(db, args.sourced_id, actor=operator())
    finally:
        await db.dispose()
    if not found:
        print(
            f"skolebot: no erased person with sourcedId {args.sourced_id!r} (after erasure only the sourcedId "
            "is known, not the name, e-mail or phone number)",
            file=sys.stderr,
        )
        return 1
    print(f"re-admitted {args.sourced_id}: the next roster import brings them back if the school's system lists them")
    return 0
