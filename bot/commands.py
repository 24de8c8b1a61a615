"""What each `skolebot` command does; argument parsing lives in bot.cli."""

from __future__ import annotations

import argparse
import asyncio
import sys

from aiohttp import web

from bot.settings import Settings
from storage.db import Database
from storage.migrate import is_up_to_date, upgrade


async def _require_migrated(settings: Settings) -> Database | None:
    db = Database(settings.database_url)
    try:
        ok = await is_up_to_date(db.engine, settings.database_url)
    except Exception as exc:
        print(f"skolebot: cannot reach the database (SKOLEBOT_DATABASE_URL): {type(exc).__name__}: {exc}", file=sys.stderr)
        await db.dispose()
        return None
    if not ok:
        print("skolebot: the database is not migrated. Run `skolebot db upgrade` first.", file=sys.stderr)
        await db.dispose()
        return None
    return db


async def serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import create_app

    db = await _require_migrated(settings)
    if db is None:
        return 2
    await db.dispose()
    app = create_app(settings)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.port)
    await site.start()
    print(f"Skolebot listens on http://{args.host}:{args.port}")
    print(f"  Teams / Bot Framework Emulator: http://{args.host}:{args.port}/api/messages")
    print(f"  Twilio inbound SMS webhook:     {settings.public_url}/api/sms")
    print("  Try it in the terminal:         skolebot chat --teams <UPN>   or   skolebot chat --from <phone>")
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        pass
    finally:
        await runner.cleanup()
    return 0


async def db(args: argparse.Namespace, settings: Settings) -> int:
    await upgrade(settings.database_url)
    print("database is up to date")
    return 0


async def import_roster(args: argparse.Namespace, settings: Settings) -> int:
    from storage.roster import RosterInvalid, import_roster as run_import

    database = await _require_migrated(settings)
    if database is None:
        return 2
    try:
        summary = await run_import(database, args.directory, dry_run=args.dry_run)
    except RosterInvalid as exc:
        print(str(exc), file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"skolebot: {exc}", file=sys.stderr)
        return 1
    finally:
        await database.dispose()
    print(("dry run, nothing written:\n" if args.dry_run else "") + summary.render())
    return 0


async def demo(args: argparse.Namespace, settings: Settings) -> int:
    from storage.demo_school import load_demo, write_demo_bundle
    from storage.people import People

    if args.write:
        write_demo_bundle(args.write)
        print(f"demo bundle written to {args.write}")
        return 0
    database = await _require_migrated(settings)
    if database is None:
        return 2
    try:
        if args.if_empty and await People(database).count_active() > 0:
            print("the database already has a roster; demo school not loaded")
            return 0
        summary = await load_demo(database)
    finally:
        await database.dispose()
    print(summary.render())
    return 0


async def chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.terminal_chat import run_chat

    database = await _require_migrated(settings)
    if database is None:
        return 2
    await database.dispose()
    return await run_chat(settings, phone=args.phone, upn=args.upn)


async def manifest(args: argparse.Namespace, settings: Settings) -> int:
    from manifest.build import ManifestError, build_package

    try:
        path = build_package(bot_id=args.bot_id, out=args.out, public_url=settings.public_url, version=args.version)
    except ManifestError as exc:
        print(f"skolebot: {exc}", file=sys.stderr)
        return 1
    print(f"Teams app package written to {path}")
    return 0
