"""Build Skolebot's Microsoft Teams app package (a zip to upload in Teams).

The package holds exactly four files, all at the zip root -- Teams rejects
packages with folders in them:

* ``manifest.json`` -- ``manifest/manifest.json`` with ``{{BOT_ID}}``,
  ``{{APP_ID}}``, ``{{VERSION}}`` and ``{{DOMAIN}}`` filled in;
* ``nb-NO.json``    -- the Norwegian (bokmål) texts (the manifest itself is in
  English, ``en-us``, which is what Teams shows when it has no better match);
* ``color.png``     -- 192x192 colour icon;
* ``outline.png``   -- 32x32 white-on-transparent outline icon.

Everything is checked before a byte is written: the manifest against the
official v1.29 schema bundled in ``manifest/schema``, the localisation file
against the official localisation schema (and every key it translates must exist
in the manifest), the icons' sizes and colours, and a few Teams limits that the
schema itself does not spell out.  Any problem raises :class:`ManifestError`
naming what is wrong (a JSON path such as
``$.bots[0].commandLists[0].commands[0].title``, a command-line option, or an
icon file).

Command line::

    python -m manifest.build --bot-id <Microsoft App ID> --public-url https://skolebot.example.no \\
        [--out build/skolebot-teams.zip] [--version 1.2.0]

``--bot-id`` defaults to ``$MICROSOFT_APP_ID`` and ``--public-url`` to
``$SKOLEBOT_PUBLIC_URL``, the same variables the bot reads.

A note on the schema dialect: the official files declare draft-04 but use
draft-06/07 keywords (``const`` on ``manifestVersion``, ``if``/``then``), which a
draft-04 validator would silently ignore.  They are therefore checked with a
draft-07 validator that (a) also applies keywords written next to ``$ref`` (the
localisation schema puts ``maxLength`` beside ``$ref``; older drafts would skip
it, Teams does not), and (b) falls back to the ``regex`` module for the one
pattern Python's ``re`` cannot compile (``\\p{L}``, used only by Office add-in
extensions).
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import re
import sys
import tempfile
import uuid
import zipfile
from collections.abc import Iterator, Mapping
from importlib import metadata, resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# jsonschema ships no type information and its stubs (types-jsonschema) are not a dependency.
from jsonschema import Draft7Validator, ValidationError, validators  # type: ignore[import-untyped]
from jsonschema.exceptions import best_match  # type: ignore[import-untyped]
from PIL import Image, UnidentifiedImageError

__all__ = [
    "APP_ID_NAMESPACE",
    "PACKAGE_FILES",
    "ManifestError",
    "app_id_for",
    "build_package",
    "check_icons",
    "check_localisation_keys",
    "default_version",
    "domain_from_url",
    "load_localisation",
    "load_template",
    "main",
    "render_manifest",
    "validate_localisation",
    "validate_manifest",
]

MANIFEST_SCHEMA = "MicrosoftTeams.schema.json"
LOCALISATION_SCHEMA = "MicrosoftTeams.Localization.schema.json"

#: The files of the package, in the order they are written.  All at the zip root.
PACKAGE_FILES = ("manifest.json", "nb-NO.json", "color.png", "outline.png")

#: Namespace for the app ``id``: ``uuid5(APP_ID_NAMESPACE, bot_id.lower())``.
#: NEVER change it -- Teams would see every rebuilt package as a brand-new app.
APP_ID_NAMESPACE = uuid.UUID("19d2b878-6288-46e7-8b01-2a55da43be92")

COLOR_ICON_SIZE = (192, 192)
OUTLINE_ICON_SIZE = (32, 32)

# Limits Teams documents for the bot command menu that the v1.29 schema no
# longer encodes (it allows 128/4000); longer texts are cut off in the menu.
COMMAND_TITLE_MAX = 32
COMMAND_DESCRIPTION_MAX = 128

_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_SEMVER = re.compile(r"(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)")
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*")
_LOC_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[0-9]+\])*)")
_FROZEN_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class ManifestError(Exception):
    """The manifest, a localisation file, an icon or a build option is wrong.

    The message names what is wrong; ``problems`` holds one line per problem.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems) if problems else [message]
        if problems:
            message = message + "\n" + "\n".join(f"  - {p}" for p in problems)
        super().__init__(message)


# --------------------------------------------------------------------------- resources


def _resource_bytes(name: str) -> bytes:
    node = resources.files("manifest")
    for part in name.split("/"):
        node = node / part
    try:
        return node.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise ManifestError(f"manifest/{name} is missing from the installed package") from exc


def _resource_json(name: str) -> dict[str, Any]:
    try:
        return json.loads(_resource_bytes(name).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"manifest/{name} is not valid UTF-8 JSON: {exc}") from exc


@functools.cache
def _schema(name: str) -> Mapping[str, Any]:
    return _resource_json(f"schema/{name}")


def load_template() -> dict[str, Any]:
    """The checked-in ``manifest.json``, placeholders and all (a fresh copy)."""
    return _resource_json("manifest.json")


def load_localisation(file: str = "nb-NO.json") -> dict[str, Any]:
    """A checked-in localisation file (a fresh copy)."""
    return _resource_json(file)


# --------------------------------------------------------------------------- validation


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """``pattern`` with a fallback for ECMA-only syntax (``\\p{L}``) that ``re`` rejects."""
    if not validator.is_type(instance, "string"):
        return
    try:
        found = re.search(pattern, instance)
    except re.error:
        try:
            # Only when `re` cannot read the pattern. A dependency of dateparser; untyped (no types-regex).
            import regex  # type: ignore[import-untyped]
        except ImportError:  # pragma: no cover - regex ships with dateparser
            yield ValidationError(f"cannot check pattern {pattern!r} (install the 'regex' package)")
            return
        found = regex.search(pattern, instance)
    if found is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_TeamsValidator = validators.create(
    meta_schema=Draft7Validator.META_SCHEMA,
    validators={**Draft7Validator.VALIDATORS, "pattern": _pattern},
    type_checker=Draft7Validator.TYPE_CHECKER,
    format_checker=Draft7Validator.FORMAT_CHECKER,
    id_of=Draft7Validator.ID_OF,
    # default applicable_validators: keywords beside "$ref" are applied too
)


@functools.cache
def _validator(name: str) -> Any:
    return _TeamsValidator(_schema(name))


def _short(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(err: ValidationError) -> str:
    """``err.message``, but naming the unexpected keys instead of listing every allowed regex."""
    if err.validator == "additionalProperties" and isinstance(err.instance, dict) and isinstance(err.schema, dict):
        known = err.schema.get("properties", {})
        patterns = err.schema.get("patternProperties", {})
        extra = [k for k in err.instance if k not in known and not any(re.search(p, k) for p in patterns)]
        if extra:
            return "unexpected key(s) " + ", ".join(repr(k) for k in extra) + " (not in the schema)"
    return err.message


def _schema_problems(name: str, instance: Any) -> list[str]:
    problems = []
    errors = sorted(_validator(name).iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
    for err in errors:
        line = f"{err.json_path}: {_short(_message(err))}"
        if err.context:
            deepest = best_match(err.context)
            line += f" (e.g. {deepest.json_path}: {_short(deepest.message, 160)})"
        problems.append(line)
    return problems


def _key_path(path: str, key: str) -> str:
    """Extend a JSON path the way ``jsonschema``'s ``ValidationError.json_path`` does."""
    if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", key):
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"{path}['{escaped}']"


def _walk_strings(node: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk_strings(value, _key_path(path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_strings(value, f"{path}[{i}]")


def _is_root_file(name: Any) -> bool:
    return isinstance(name, str) and bool(name) and not re.search(r"[/\\]", name) and name not in (".", "..")


def _teams_rules(manifest: Mapping[str, Any]) -> list[str]:
    """Teams rules the schema does not state (run only on schema-shaped input)."""
    problems = []
    for path, text in _walk_strings(manifest):
        if _PLACEHOLDER.search(text):
            problems.append(f"{path}: unfilled placeholder in {text!r} (render the manifest first)")
    for b, bot in enumerate(manifest.get("bots") or []):
        for c, clist in enumerate(bot.get("commandLists") or []):
            for n, cmd in enumerate(clist.get("commands") or []):
                base = f"$.bots[{b}].commandLists[{c}].commands[{n}]"
                problems += _command_limits(base, cmd.get("title"), cmd.get("description"))
    for i, domain in enumerate(manifest.get("validDomains") or []):
        if not isinstance(domain, str) or not domain or "://" in domain or "/" in domain or " " in domain:
            problems.append(f"$.validDomains[{i}]: {domain!r} must be a bare host name (no scheme, no path)")
    icons = manifest.get("icons") or {}
    for key in ("color", "outline", "color32x32"):
        if key in icons and not _is_root_file(icons[key]):
            problems.append(f"$.icons.{key}: {icons[key]!r} must be a file name at the package root")
    loc = manifest.get("localizationInfo") or {}
    if "defaultLanguageFile" in loc and not _is_root_file(loc["defaultLanguageFile"]):
        problems.append("$.localizationInfo.defaultLanguageFile: must be a file name at the package root")
    for i, lang in enumerate(loc.get("additionalLanguages") or []):
        if isinstance(lang, dict) and not _is_root_file(lang.get("file")):
            problems.append(
                f"$.localizationInfo.additionalLanguages[{i}].file: must be a file name at the package root"
            )
    return problems


def _command_limits(base: str, title: Any, description: Any) -> list[str]:
    problems = []
    if isinstance(title, str) and len(title) > COMMAND_TITLE_MAX:
        problems.append(f"{base}.title: {title!r} is {len(title)} characters; Teams allows {COMMAND_TITLE_MAX}")
    if isinstance(description, str) and len(description) > COMMAND_DESCRIPTION_MAX:
        problems.append(f"{base}.description: {len(description)} characters; Teams allows {COMMAND_DESCRIPTION_MAX}")
    return problems


def validate_manifest(manifest: dict) -> None:
    """Check ``manifest`` against the bundled official v1.29 schema and Teams' extra limits.

    Raises :class:`ManifestError` listing every problem with its JSON path.
    """
    problems = _schema_problems(MANIFEST_SCHEMA, manifest)
    if isinstance(manifest, dict):
        try:
            problems += _teams_rules(manifest)
        except (AttributeError, TypeError):  # shape already reported by the schema
            pass
    if problems:
        raise ManifestError("manifest.json does not match the Teams v1.29 manifest schema:", problems)


def validate_localisation(loc: dict) -> None:
    """Check a localisation file against the bundled official localisation schema.

    Also applies the bot command limits (title 32, description 128 characters).
    """
    problems = _schema_problems(LOCALISATION_SCHEMA, loc)
    if isinstance(loc, dict):
        for key, value in loc.items():
            m = re.fullmatch(r"bots\[\d+\]\.commandLists\[\d+\]\.commands\[\d+\]\.(title|description)", key)
            if m and isinstance(value, str):
                limit = COMMAND_TITLE_MAX if m.group(1) == "title" else COMMAND_DESCRIPTION_MAX
                if len(value) > limit:
                    problems.append(f"{_key_path('$', key)}: {len(value)} characters; Teams allows {limit}")
    if problems:
        raise ManifestError("localisation file does not match the Teams localisation schema:", problems)


def _resolve(manifest: Any, key: str) -> tuple[bool, Any]:
    node = manifest
    for segment in key.split("."):
        m = _LOC_SEGMENT.fullmatch(segment)
        if m is None or not isinstance(node, dict) or m.group(1) not in node:
            return False, None
        node = node[m.group(1)]
        for index in re.findall(r"\[(\d+)\]", m.group(2)):
            if not isinstance(node, list) or int(index) >= len(node):
                return False, None
            node = node[int(index)]
    return True, node


def check_localisation_keys(manifest: Mapping[str, Any], loc: Mapping[str, Any], *, file: str = "nb-NO.json") -> None:
    """Every key ``loc`` translates must name an existing string in ``manifest``.

    (Teams ignores a translation for a string that does not exist -- usually a
    command list that was reordered without updating the localisation file.)
    """
    problems = []
    for key in loc:
        if key in ("$schema", "localizationKeys"):
            continue
        found, value = _resolve(manifest, key)
        if not found:
            problems.append(f"{file}: key {key!r} names nothing in manifest.json")
        elif not isinstance(value, str):
            problems.append(f"{file}: key {key!r} names a {type(value).__name__} in manifest.json, not a text")
    if problems:
        raise ManifestError(f"{file} does not fit manifest.json:", problems)


# --------------------------------------------------------------------------- icons


def _open_png(data: bytes, name: str, problems: list[str]) -> Image.Image | None:
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        problems.append(f"{name}: not a readable PNG ({exc})")
        return None
    if img.format != "PNG":
        problems.append(f"{name}: is {img.format or 'an unknown format'}, Teams needs PNG")
    return img


def check_icons(color_png: bytes, outline_png: bytes) -> None:
    """``color_png`` must be a 192x192 PNG; ``outline_png`` a 32x32 PNG whose
    background is transparent and whose visible pixels are all pure white."""
    problems: list[str] = []
    color = _open_png(color_png, "color.png", problems)
    if color is not None and color.size != COLOR_ICON_SIZE:
        problems.append(f"color.png: is {color.size[0]}x{color.size[1]}, Teams needs 192x192")
    outline = _open_png(outline_png, "outline.png", problems)
    if outline is not None:
        problems += _outline_problems(outline)
    if problems:
        raise ManifestError("the app icons are not what Teams accepts:", problems)


def _outline_problems(img: Image.Image) -> list[str]:
    problems = []
    w, h = img.size
    if img.size != OUTLINE_ICON_SIZE:
        problems.append(f"outline.png: is {w}x{h}, Teams needs 32x32")
    has_alpha = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info
    if not has_alpha:
        problems.append(f"outline.png: has no transparency (mode {img.mode}); the background must be transparent")
        return problems
    raw = img.convert("RGBA").tobytes()
    off_white: list[tuple[int, int]] = []
    border: list[tuple[int, int]] = []
    visible = 0
    for i in range(0, len(raw), 4):
        r, g, b, a = raw[i], raw[i + 1], raw[i + 2], raw[i + 3]
        if a == 0:
            continue
        visible += 1
        x, y = (i // 4) % w, (i // 4) // w
        if (r, g, b) != (255, 255, 255):
            off_white.append((x, y))
        if x in (0, w - 1) or y in (0, h - 1):
            border.append((x, y))
    if visible == 0:
        problems.append("outline.png: is fully transparent; draw the symbol in white")
    if off_white:
        problems.append(
            f"outline.png: {len(off_white)} visible pixel(s) are not white, first at {off_white[0]}; "
            "use only white and transparency"
        )
    if border:
        problems.append(
            f"outline.png: background is not transparent ({len(border)} visible pixel(s) on the edge, "
            f"first at {border[0]})"
        )
    return problems


# --------------------------------------------------------------------------- rendering


def app_id_for(bot_id: str) -> str:
    """The app's stable ``id``: a GUID derived from the bot id, the same on every rebuild."""
    return str(uuid.uuid5(APP_ID_NAMESPACE, bot_id.strip().lower()))


def _check_bot_id(bot_id: Any) -> str:
    if not isinstance(bot_id, str) or not bot_id.strip():
        raise ManifestError("--bot-id is missing: give the bot's Microsoft App ID (a GUID), or set MICROSOFT_APP_ID")
    value = bot_id.strip()
    if not _GUID.fullmatch(value):
        raise ManifestError(
            f"--bot-id {bot_id!r} is not a GUID: Teams needs the bot's Microsoft App ID "
            "in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
        )
    if uuid.UUID(value).int == 0:
        raise ManifestError(f"--bot-id {bot_id!r} is the all-zero placeholder, not a real Microsoft App ID")
    return value


def _check_version(version: Any) -> str:
    if not isinstance(version, str) or not _SEMVER.fullmatch(version.strip()):
        raise ManifestError(f"--version {version!r} is not a version Teams accepts: use MAJOR.MINOR.PATCH, e.g. 1.4.0")
    return version.strip()


def domain_from_url(public_url: str) -> str:
    """The bot's public host for ``validDomains``: ``host`` or ``host:port`` (no scheme, no path).

    The port is kept only when it is not the scheme's default; host names are
    lower-cased and internationalised names (``bærum.kommune.no``) are
    converted to their ASCII (punycode) form.
    """
    hint = "give the bot's public address, e.g. https://skolebot.example.no"
    text = public_url.strip() if isinstance(public_url, str) else ""
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ManifestError(f"--public-url {public_url!r} is not an http(s) URL: {hint}")
    if parts.username is not None or parts.password is not None:
        # do not echo the URL: it holds a password
        raise ManifestError(f"--public-url must not contain a user name or password: {hint}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ManifestError(f"--public-url {public_url!r} has a bad port: {hint}") from exc
    host = parts.hostname.rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    else:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError as exc:
            raise ManifestError(f"--public-url {public_url!r} has an invalid host name: {hint}") from exc
        if not _HOST.fullmatch(host):
            raise ManifestError(f"--public-url {public_url!r} has an invalid host name: {hint}")
    default_port = 443 if scheme == "https" else 80
    return host if port in (None, default_port) else f"{host}:{port}"


def _fill(node: Any, values: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), node)
    if isinstance(node, dict):
        return {k: _fill(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, values) for v in node]
    return node


def render_manifest(*, bot_id: str, version: str, public_url: str) -> dict:
    """The checked-in manifest with the bot id, the app id, the version and the domain filled in.

    Raises :class:`ManifestError` naming ``--bot-id``, ``--version`` or
    ``--public-url`` when that value is unusable.  The result is not yet
    schema-checked; see :func:`validate_manifest`.
    """
    bot = _check_bot_id(bot_id)
    values = {
        "BOT_ID": bot,
        "APP_ID": app_id_for(bot),
        "VERSION": _check_version(version),
        "DOMAIN": domain_from_url(public_url),
    }
    return _fill(load_template(), values)


def default_version() -> str:
    """The installed ``skolebot`` version as MAJOR.MINOR.PATCH (``1.0.0`` if not installed).

    PEP 440 extras Teams cannot take (``0.2.0.dev3``, ``1.0rc1``, ``1.2+local``)
    are dropped, keeping the release numbers.
    """
    try:
        installed = metadata.version("skolebot")
    except metadata.PackageNotFoundError:
        return "1.0.0"
    m = re.match(r"\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?", installed or "")
    if m is None:
        return "1.0.0"
    return ".".join(str(int(part or 0)) for part in m.groups())


# --------------------------------------------------------------------------- packaging


def _package_contents(manifest: dict) -> dict[str, bytes]:
    """Validate everything and return ``{zip entry name: bytes}`` in ``PACKAGE_FILES`` order."""
    validate_manifest(manifest)
    files: dict[str, bytes] = {
        "manifest.json": (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
    icons = manifest["icons"]
    loc_info = manifest.get("localizationInfo") or {}
    loc_files = [lang["file"] for lang in loc_info.get("additionalLanguages", [])]
    if "defaultLanguageFile" in loc_info:
        loc_files.insert(0, loc_info["defaultLanguageFile"])
    for name in [
        *loc_files,
        icons["color"],
        icons["outline"],
        *([icons["color32x32"]] if "color32x32" in icons else []),
    ]:
        if name in files:
            continue
        files[name] = _resource_bytes(name)
    for name in loc_files:
        try:
            loc = json.loads(files[name].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ManifestError(f"{name} is not valid UTF-8 JSON: {exc}") from exc
        try:
            validate_localisation(loc)
        except ManifestError as exc:
            raise ManifestError(f"{name} does not match the Teams localisation schema:", exc.problems) from exc
        check_localisation_keys(manifest, loc, file=name)
    check_icons(files[icons["color"]], files[icons["outline"]])
    order = {name: i for i, name in enumerate(PACKAGE_FILES)}
    return dict(sorted(files.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def _zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """A reproducible zip: fixed timestamps and permissions, entries at the root."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_FROZEN_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def build_package(*, bot_id: str, out: Path, public_url: str, version: str | None = None) -> Path:
    """Validate everything, then write the Teams app package and return its path.

    ``out`` is the zip file to write (its folder is created); if ``out`` is an
    existing folder the zip is written inside it as ``skolebot-teams.zip``.
    ``version`` defaults to :func:`default_version`.  Building twice with the
    same inputs gives byte-identical zips (and the same app ``id``).
    """
    manifest = render_manifest(
        bot_id=bot_id, version=default_version() if version is None else version, public_url=public_url
    )
    data = _zip_bytes(_package_contents(manifest))
    target = Path(out)
    if target.is_dir():
        target = target / "skolebot-teams.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".skolebot-teams-", suffix=".zip", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m manifest.build``: build the package; exit 2 with the reason on a bad input."""
    parser = argparse.ArgumentParser(
        prog="python -m manifest.build", description="Build Skolebot's Microsoft Teams app package (zip)."
    )
    parser.add_argument(
        "--bot-id",
        default=os.environ.get("MICROSOFT_APP_ID", ""),
        help="the bot's Microsoft App ID, a GUID (default: $MICROSOFT_APP_ID)",
    )
    parser.add_argument(
        "--public-url",
        default=os.environ.get("SKOLEBOT_PUBLIC_URL", ""),
        help="the bot's public https address (default: $SKOLEBOT_PUBLIC_URL)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("build/skolebot-teams.zip"),
        help="the zip to write (default: build/skolebot-teams.zip)",
    )
    parser.add_argument(
        "--version", default=None, help="app version MAJOR.MINOR.PATCH (default: the installed skolebot version)"
    )
    args = parser.parse_args(argv)
    try:
        path = build_package(bot_id=args.bot_id, out=args.out, public_url=args.public_url, version=args.version)
    except ManifestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
