"""Import a OneRoster 1.1 CSV bundle (plus Skolebot's own ``resources.csv``) into the database.

The bundle is read and validated first (:func:`read_bundle`, pure, no I/O besides reading the
files); every problem is collected as ``file:line: what is wrong`` and reported together in one
:class:`RosterInvalid`. Only a clean bundle reaches the database, and :func:`import_roster`
applies it in a single transaction: new rows are inserted, changed rows updated, rows missing
from the bundle (or marked ``tobedeleted``) deactivated — never deleted, so history that points
at them stays valid. Re-importing the same bundle changes nothing.

Files read (all in one directory):

=====================  ========  =========================================================
file                   needed    used for
=====================  ========  =========================================================
``orgs.csv``           yes       :class:`~storage.models.Org`
``users.csv``          yes       :class:`~storage.models.Person`, and ``agentSourcedIds``
                                 → :class:`~storage.models.Guardianship`
``classes.csv``        yes       :class:`~storage.models.SchoolClass`
``enrollments.csv``    yes       :class:`~storage.models.Enrollment`
``academicSessions``   no        :class:`~storage.models.AcademicSession` (school calendar)
``demographics.csv``   no        ``Person.birth_date`` and ``Person.sex``
``resources.csv``      no        :class:`~storage.models.Resource` — Skolebot's own format
                                 ``sourcedId,name,kind,capacity,aliases``
``manifest.csv`` etc.  no        ignored
=====================  ========  =========================================================

Decisions worth knowing:

* ``username`` and ``email`` are stored lower-case (UPNs and addresses compare case-insensitively);
  ``sms``/``phone`` in E.164 (``+47`` assumed for national numbers).
* ``middleName`` and ``enabledUser`` are not stored (guardians are often exported with
  ``enabledUser=false`` because they have no SIS login, yet they must reach the bot).
* A guardianship exists for every ``parent``, ``guardian`` and ``relative`` agent; who may act
  for the child is decided from the agent's ``Person.role`` (only parent/guardian).
* An enrollment or guardianship is active only when it, and both people/classes it joins, are
  active, so a single ``active`` check is enough for the queries built on them.
* A OneRoster *learning-resources* ``resources.csv`` (``vendorResourceId``…) is not ours: it is
  skipped with a warning rather than failing the import.
* A person erased with ``skolebot person erase`` (a tombstone in ``erased_people``, see
  :mod:`storage.erasure`) is left out, with their enrollments and guardianships, while the
  school's system still lists them; the summary counts them. ``person erase --undo`` re-admits.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select, update

from storage import phones
from storage.calendar import SchoolCalendar
from storage.erasure import erased_key, erased_keys
from storage.models import AcademicSession, Enrollment, Guardianship, Org, Person, Resource, SchoolClass

if TYPE_CHECKING:  # pragma: no cover
    from storage.db import Database

__all__ = [
    "ADULT_AGENT_ROLES",
    "ENROLLMENT_ROLES",
    "GUARDIAN_ROLES",
    "TABLES",
    "USER_ROLES",
    "Bundle",
    "ImportSummary",
    "RosterError",
    "RosterInvalid",
    "import_roster",
    "load_calendar",
    "load_terms",
    "normalise_phone",
    "read_bundle",
    "without_erased",
]

DEFAULT_REGION = "NO"

TABLES: tuple[str, ...] = (
    "orgs",
    "people",
    "classes",
    "enrollments",
    "guardianships",
    "resources",
    "academic_sessions",
)

USER_ROLES = ("student", "teacher", "administrator", "aide", "parent", "guardian", "relative")
ADULT_AGENT_ROLES = frozenset({"parent", "guardian", "relative"})  # may be a student's agent
GUARDIAN_ROLES = frozenset({"parent", "guardian"})  # may act for the child
STAFF_ROLES = frozenset({"teacher", "administrator", "aide"})
ENROLLMENT_ROLES = ("student", "teacher", "administrator", "aide")
SESSION_TYPES = ("schoolYear", "term", "semester", "gradingPeriod")
_SESSION_TYPE = {t.lower(): t for t in SESSION_TYPES}
CALENDAR_SESSION_TYPES = ("term", "semester")

ORGS, USERS, CLASSES, ENROLLMENTS = "orgs.csv", "users.csv", "classes.csv", "enrollments.csv"
SESSIONS, DEMOGRAPHICS, RESOURCES = "academicSessions.csv", "demographics.csv", "resources.csv"

# The columns each file must have (any order, extra columns allowed).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    ORGS: ("sourcedId", "name", "type"),
    USERS: ("sourcedId", "role", "givenName", "familyName"),
    CLASSES: ("sourcedId", "title", "classType"),
    ENROLLMENTS: ("sourcedId", "classSourcedId", "userSourcedId", "role"),
    SESSIONS: ("sourcedId", "title", "type", "startDate", "endDate"),
    DEMOGRAPHICS: ("sourcedId",),
    RESOURCES: ("sourcedId", "name", "kind"),
}
REQUIRED_FILES = (ORGS, USERS, CLASSES, ENROLLMENTS)
FILE_ORDER = (ORGS, USERS, CLASSES, ENROLLMENTS, SESSIONS, DEMOGRAPHICS, RESOURCES)

# Columns the roster owns per table; anything else (language, aad_object_id, teams_blocked,
# sms_opted_out on people) is Skolebot's own and never touched by an import.
MANAGED: dict[str, tuple[str, ...]] = {
    "orgs": ("name", "type", "active"),
    "people": (
        "role",
        "given_name",
        "family_name",
        "username",
        "email",
        "sms",
        "phone",
        "grade",
        "sex",
        "birth_date",
        "org_id",
        "active",
    ),
    "classes": ("title", "grade", "class_type", "org_id", "active"),
    "enrollments": ("class_id", "person_id", "role", "primary", "active"),
    "guardianships": ("active",),
    "resources": ("name", "kind", "capacity", "aliases", "active"),
    "academic_sessions": ("title", "type", "start_date", "end_date", "active"),
}
MODELS: dict[str, Any] = {
    "orgs": Org,
    "people": Person,
    "classes": SchoolClass,
    "enrollments": Enrollment,
    "guardianships": Guardianship,
    "resources": Resource,
    "academic_sessions": AcademicSession,
}
# Parents before children, for foreign keys.
WRITE_ORDER = ("orgs", "people", "classes", "academic_sessions", "resources", "enrollments", "guardianships")

_TRUE = frozenset({"true", "1", "yes", "y", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "f", ""})
_PG_IMPORT_LOCK = 0x5B01_0511  # pg_advisory_xact_lock key: one roster import at a time


# --------------------------------------------------------------------------- errors, summary


@dataclass(frozen=True)
class RosterError:
    """One problem in the bundle; ``line`` is the physical CSV line (header = 1, 0 = whole file)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class RosterInvalid(Exception):
    """The bundle has errors; nothing was written. ``errors`` lists all of them."""

    def __init__(self, errors: list[RosterError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def _zero() -> dict[str, int]:
    return {t: 0 for t in TABLES}


@dataclass
class ImportSummary:
    """What an import did (or, with ``dry_run``, would do), per table."""

    added: dict[str, int] = field(default_factory=_zero)
    updated: dict[str, int] = field(default_factory=_zero)
    deactivated: dict[str, int] = field(default_factory=_zero)
    unchanged: dict[str, int] = field(default_factory=_zero)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0
    skipped_erased: int = 0  # people in the bundle left out because they were erased (storage.erasure)

    def changed(self) -> bool:
        return any(self.added.values()) or any(self.updated.values()) or any(self.deactivated.values())

    def render(self) -> str:
        lines = []
        head = "Roster import"
        if self.dry_run:
            head += " (dry run: nothing was written)"
        lines.append(head + ":")
        width = max(len(t) for t in TABLES)
        for t in TABLES:
            lines.append(
                f"  {t:<{width}}  {self.added[t]:>5} added  {self.updated[t]:>5} updated  "
                f"{self.deactivated[t]:>5} deactivated  {self.unchanged[t]:>5} unchanged"
            )
        if not self.changed():
            lines.append("No changes." if not self.dry_run else "No changes would be made.")
        if self.skipped_erased:
            n = self.skipped_erased
            lines.append(
                f"Skipped {n} erased {'person' if n == 1 else 'people'} the bundle still lists "
                "(re-admit one with `skolebot person erase --undo SOURCEDID`)."
            )
        for w in self.warnings:
            lines.append(f"warning: {w}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- the parsed bundle


@dataclass
class Bundle:
    """A validated bundle: per table, the rows keyed by primary key, as column → value dicts.

    The dicts use the model attribute names (``given_name``, ``class_id`` …) and hold exactly
    the columns in ``MANAGED`` plus the key, so they go straight into bulk statements.
    Guardianships are keyed by ``(student_id, guardian_id)``.
    """

    directory: Path
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    classes: dict[str, dict[str, Any]] = field(default_factory=dict)
    enrollments: dict[str, dict[str, Any]] = field(default_factory=dict)
    guardianships: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    academic_sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[RosterError] = field(default_factory=list)

    def table(self, name: str) -> dict[Any, dict[str, Any]]:
        return getattr(self, name)

    def counts(self) -> dict[str, int]:
        return {t: len(self.table(t)) for t in TABLES}


# --------------------------------------------------------------------------- small parsers


def normalise_phone(value: str, region: str = DEFAULT_REGION) -> str | None:
    """E.164 for a phone number (``"900 12 345"`` → ``"+4790012345"``); None if it is not one."""
    if any(ch.isalpha() for ch in value):  # no vanity numbers in a school roster
        return None
    return phones.normalise_phone(value, region)


_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")


def _parse_date(value: str) -> dt.date | None:
    """A OneRoster date, ``YYYY-MM-DD`` (a midnight timestamp some exporters write is accepted)."""
    match = _DATE.fullmatch(value.strip())
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _parse_grade(value: str) -> int | None:
    """``"05"`` → 5; the first grade of a list; None for non-numeric codes (``KG``, ``Other``)."""
    for part in _split_list(value):
        if part.isdigit():
            return int(part)
        return None
    return None


def _split_list(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


def _parse_bool(value: str) -> bool | None:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    return None


def _aliases(value: str) -> str:
    out: list[str] = []
    for part in value.replace(";", "|").split("|"):
        alias = " ".join(part.split()).lower()
        if alias and alias not in out:
            out.append(alias)
    return "|".join(out)


def _lower_or_none(value: str) -> str | None:
    v = value.strip().lower()
    return v or None


# --------------------------------------------------------------------------- reading CSV files


@dataclass
class _Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


class _Reader:
    """Reads the bundle's files, collecting errors instead of stopping at the first."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.errors: list[RosterError] = []
        self.warnings: list[RosterError] = []

    def error(self, file: str, line: int, message: str) -> None:
        self.errors.append(RosterError(file, line, message))

    def warn(self, file: str, line: int, message: str) -> None:
        self.warnings.append(RosterError(file, line, message))

    def _text(self, path: Path) -> str:
        raw = path.read_bytes()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")  # older Windows exports

    def rows(self, file: str, *, required: bool) -> list[_Row] | None:
        """The file's rows, or None when it is absent (an error if required) or unusable."""
        path = self.directory / file
        if not path.is_file():
            if required:
                self.error(file, 0, "file is missing from the bundle")
            return None
        reader = csv.reader(io.StringIO(self._text(path), newline=""))
        try:
            header = next(reader, None)
            while header is not None and not any(h.strip() for h in header):
                header = next(reader, None)
        except csv.Error as exc:
            self.error(file, reader.line_num, f"not a readable CSV file ({exc})")
            return None
        if header is None:
            self.error(file, 1, "empty file: the header line is missing")
            return None
        header_line = reader.line_num
        columns = [h.strip() for h in header]
        if file == RESOURCES and "vendorResourceId" in columns and "kind" not in columns:
            self.warn(file, header_line, "a OneRoster learning-resources file, not Skolebot's rooms; skipped")
            return None
        ok = True
        seen: set[str] = set()
        for name in columns:
            if name and name in seen:
                self.error(file, header_line, f"column '{name}' appears twice")
                ok = False
            seen.add(name)
        missing = [c for c in REQUIRED_COLUMNS[file] if c not in seen]
        if missing:
            names = ", ".join(missing)
            self.error(
                file,
                header_line,
                f"wrong columns: missing {names} (found: {', '.join(c for c in columns if c) or 'nothing'})",
            )
            ok = False
        if not ok:
            return None
        out: list[_Row] = []
        last = header_line
        try:
            for record in reader:
                start, last = last + 1, reader.line_num
                if not any(v.strip() for v in record):
                    continue  # blank line
                if len(record) > len(columns) and any(v.strip() for v in record[len(columns) :]):
                    self.error(file, start, f"{len(record)} fields, but the header has {len(columns)}")
                    continue
                values = {
                    name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(columns) if name
                }
                out.append(_Row(start, values))
        except csv.Error as exc:
            self.error(file, reader.line_num, f"broken CSV ({exc})")
        return out


def _keyed(reader: _Reader, file: str, rows: Iterable[_Row]) -> dict[str, _Row]:
    """Rows by sourcedId; missing and duplicate ids are errors."""
    out: dict[str, _Row] = {}
    for row in rows:
        sid = row["sourcedId"]
        if not sid:
            reader.error(file, row.line, "missing sourcedId")
            continue
        if sid in out:
            reader.error(file, row.line, f"duplicate sourcedId '{sid}' (first on line {out[sid].line})")
            continue
        out[sid] = row
    return out


def _active(row: _Row) -> bool:
    return row["status"].lower() != "tobedeleted"


def read_bundle(directory: Path) -> Bundle:
    """Parse and validate the bundle in ``directory``; raises :class:`RosterInvalid` with every error."""
    directory = Path(directory)
    if not directory.is_dir():
        raise RosterInvalid([RosterError(str(directory), 0, "not a directory")])
    reader = _Reader(directory)
    files = {f: reader.rows(f, required=f in REQUIRED_FILES) for f in FILE_ORDER}
    keyed = {f: _keyed(reader, f, rows) for f, rows in files.items() if rows is not None}
    users = keyed.get(USERS, {})
    bundle = Bundle(directory=directory)
    bundle.orgs = {sid: _org(reader, sid, row) for sid, row in keyed.get(ORGS, {}).items()}
    demographics = _demographics(reader, keyed.get(DEMOGRAPHICS, {}))
    bundle.people = {sid: _person(reader, sid, row, demographics) for sid, row in users.items()}
    bundle.guardianships = _guardianships(_guardian_pairs(reader, users, bundle.people), bundle.people)
    bundle.classes = {sid: _class(reader, sid, row) for sid, row in keyed.get(CLASSES, {}).items()}
    # When users.csv or classes.csv cannot be read at all, its error says so once; references
    # to it from other files are not reported again, row by row.
    bundle.enrollments = _enrollments(
        reader, keyed.get(ENROLLMENTS, {}), bundle, users_known=USERS in keyed, classes_known=CLASSES in keyed
    )
    _grades_from_homerooms(bundle)
    bundle.academic_sessions = {sid: _session(reader, sid, row) for sid, row in keyed.get(SESSIONS, {}).items()}
    bundle.resources = {sid: _resource(reader, sid, row) for sid, row in keyed.get(RESOURCES, {}).items()}
    _shared_number_warnings(reader, bundle, users)
    _raise_on_errors(reader)
    bundle.warnings = reader.warnings
    return bundle


def _raise_on_errors(reader: _Reader) -> None:
    """Every error found, in file order and then line order, as one :class:`RosterInvalid`."""
    if reader.errors:
        order = {f: i for i, f in enumerate(FILE_ORDER)}
        raise RosterInvalid(sorted(reader.errors, key=lambda e: (order.get(e.file, -1), e.line)))


def _date(reader: _Reader, file: str, row: _Row, column: str) -> dt.date | None:
    """The date in ``column``; None, reported as an error, when it is not one."""
    value = _parse_date(row[column])
    if value is None:
        reader.error(file, row.line, f"{column} '{row[column]}' is not a date (YYYY-MM-DD)")
    return value


def _org(reader: _Reader, sid: str, row: _Row) -> dict[str, Any]:
    """One row of orgs.csv; a missing name is an error."""
    if not row["name"]:
        reader.error(ORGS, row.line, "missing name")
    return {"sourced_id": sid, "name": row["name"], "type": row["type"], "active": _active(row)}


def _demographics(reader: _Reader, rows: dict[str, _Row]) -> dict[str, tuple[dt.date | None, str | None]]:
    """Birth date and sex (male/female, else None) by sourcedId, from the active rows of demographics.csv.

    Read before users.csv, so that each people row is complete in one go.
    """
    out: dict[str, tuple[dt.date | None, str | None]] = {}
    for sid, row in rows.items():
        birth = _date(reader, DEMOGRAPHICS, row, "birthDate") if row["birthDate"] else None
        sex = row["sex"].lower()
        if _active(row):
            out[sid] = (birth, sex if sex in ("male", "female") else None)
    return out


def _phone(reader: _Reader, row: _Row, column: str) -> str | None:
    """The E.164 number in users.csv's ``column``: None when empty, or (reported) when not a number."""
    raw = row[column]
    if not raw:
        return None
    number = normalise_phone(raw)
    if number is None:
        reader.error(USERS, row.line, f"{column} '{raw}' is not a phone number")
    return number


def _person(
    reader: _Reader, sid: str, row: _Row, demographics: dict[str, tuple[dt.date | None, str | None]]
) -> dict[str, Any]:
    """One row of users.csv, with its demographics; an unknown role or a bad number is an error."""
    role = row["role"].lower()
    if role not in USER_ROLES:
        reader.error(USERS, row.line, f"unknown role '{row['role']}' (expected {', '.join(USER_ROLES)})")
    sms, phone = _phone(reader, row, "sms"), _phone(reader, row, "phone")
    orgs = _split_list(row["orgSourcedIds"])
    birth, sex = demographics.get(sid, (None, None))
    return {
        "sourced_id": sid,
        "role": role,
        "given_name": row["givenName"],
        "family_name": row["familyName"],
        "username": _lower_or_none(row["username"]),
        "email": _lower_or_none(row["email"]),
        "sms": sms,
        "phone": phone,
        "grade": _parse_grade(row["grades"]) if role == "student" else None,
        "sex": sex,
        "birth_date": birth,
        "org_id": orgs[0] if orgs else None,
        "active": _active(row),
    }


def _guardian_pairs(
    reader: _Reader, users: dict[str, _Row], people: dict[str, dict[str, Any]]
) -> list[tuple[str, str]]:
    """The (student, guardian) pairs users.csv's agentSourcedIds name, in either direction, once each."""
    pairs: dict[tuple[str, str], None] = {}
    for sid, row in users.items():
        role = row["role"].lower()
        agents = _split_list(row["agentSourcedIds"])
        if not agents or (role != "student" and role not in ADULT_AGENT_ROLES):
            continue  # staff agents are not guardianships
        for agent in agents:
            pair = _guardian_pair(reader, row, sid, role, people.get(agent), agent)
            if pair is not None:
                pairs.setdefault(pair)
    return list(pairs)


def _guardian_pair(
    reader: _Reader, row: _Row, sid: str, role: str, other: dict[str, Any] | None, agent: str
) -> tuple[str, str] | None:
    """(student, guardian) for one agent the user ``sid`` names; None, reported, when they cannot be one."""
    if other is None:
        reader.error(USERS, row.line, f"agentSourcedIds '{agent}' is not a user in {USERS}")
        return None
    if role == "student":
        if other["role"] not in ADULT_AGENT_ROLES:
            reader.error(
                USERS,
                row.line,
                f"agentSourcedIds '{agent}' is a {other['role']}, not a parent, guardian or relative",
            )
            return None
        return (sid, agent)
    if other["role"] != "student":
        reader.error(USERS, row.line, f"agentSourcedIds '{agent}' is a {other['role']}, not a student")
        return None
    return (agent, sid)


def _guardianships(
    pairs: Iterable[tuple[str, str]], people: dict[str, dict[str, Any]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """The guardianship rows for ``pairs``: active only while both people are."""
    return {
        (student_id, guardian_id): {
            "student_id": student_id,
            "guardian_id": guardian_id,
            "active": people[student_id]["active"] and people[guardian_id]["active"],
        }
        for student_id, guardian_id in pairs
    }


def _class(reader: _Reader, sid: str, row: _Row) -> dict[str, Any]:
    """One row of classes.csv; a missing title is an error."""
    if not row["title"]:
        reader.error(CLASSES, row.line, "missing title")
    return {
        "sourced_id": sid,
        "title": row["title"],
        "grade": _parse_grade(row["grades"]),
        "class_type": row["classType"].lower() or "homeroom",
        "org_id": row["schoolSourcedId"] or None,
        "active": _active(row),
    }


def _enrollments(
    reader: _Reader, rows: dict[str, _Row], bundle: Bundle, *, users_known: bool, classes_known: bool
) -> dict[str, dict[str, Any]]:
    """The rows of enrollments.csv that join a known class and user; active only while both are."""
    out: dict[str, dict[str, Any]] = {}
    for sid, row in rows.items():
        if not _enrollment_valid(reader, row, bundle, users_known=users_known, classes_known=classes_known):
            continue
        class_id, person_id = row["classSourcedId"], row["userSourcedId"]
        out[sid] = {
            "sourced_id": sid,
            "class_id": class_id,
            "person_id": person_id,
            "role": row["role"].lower(),
            "primary": bool(_parse_bool(row["primary"])),
            "active": _active(row) and bundle.classes[class_id]["active"] and bundle.people[person_id]["active"],
        }
    return out


def _enrollment_valid(reader: _Reader, row: _Row, bundle: Bundle, *, users_known: bool, classes_known: bool) -> bool:
    """Whether an enrollment can be kept: each problem is reported, except references to an unreadable file."""
    class_id, person_id, role = row["classSourcedId"], row["userSourcedId"], row["role"].lower()
    valid = users_known and classes_known
    if class_id not in bundle.classes and classes_known:
        reader.error(ENROLLMENTS, row.line, f"classSourcedId '{class_id}' is not a class in {CLASSES}")
        valid = False
    if person_id not in bundle.people and users_known:
        reader.error(ENROLLMENTS, row.line, f"userSourcedId '{person_id}' is not a user in {USERS}")
        valid = False
    if role not in ENROLLMENT_ROLES:
        reader.error(
            ENROLLMENTS,
            row.line,
            f"role '{row['role']}' cannot be enrolled (expected {', '.join(ENROLLMENT_ROLES)})",
        )
        valid = False
    if _parse_bool(row["primary"]) is None:
        reader.error(ENROLLMENTS, row.line, f"primary '{row['primary']}' is not true or false")
        valid = False
    return valid


def _grades_from_homerooms(bundle: Bundle) -> None:
    """A pupil without ``grades`` in users.csv gets the grade of their homeroom class."""
    for enrollment in bundle.enrollments.values():
        person = bundle.people[enrollment["person_id"]]
        klass = bundle.classes[enrollment["class_id"]]
        if (
            person["role"] == "student"
            and person["grade"] is None
            and enrollment["role"] == "student"
            and klass["class_type"] == "homeroom"
            and klass["grade"] is not None
        ):
            person["grade"] = klass["grade"]


def _session(reader: _Reader, sid: str, row: _Row) -> dict[str, Any]:
    """One row of academicSessions.csv; bad dates, an unknown type or an end before the start are errors."""
    start, end = _date(reader, SESSIONS, row, "startDate"), _date(reader, SESSIONS, row, "endDate")
    kind = _SESSION_TYPE.get(row["type"].lower())
    if kind is None:
        reader.error(SESSIONS, row.line, f"unknown type '{row['type']}' (expected {', '.join(SESSION_TYPES)})")
    if start and end and end < start:
        reader.error(SESSIONS, row.line, f"endDate {end} is before startDate {start}")
    return {
        "sourced_id": sid,
        "title": row["title"],
        "type": kind or row["type"],
        "start_date": start,
        "end_date": end,
        "active": _active(row),
    }


def _capacity(reader: _Reader, row: _Row) -> int | None:
    """A resource's capacity: None when empty, or (reported) when not a whole number."""
    raw = row["capacity"]
    if not raw:
        return None
    try:
        capacity = int(raw)
    except ValueError:
        capacity = -1
    if capacity < 0:
        reader.error(RESOURCES, row.line, f"capacity '{raw}' is not a whole number")
        return None
    return capacity


def _resource(reader: _Reader, sid: str, row: _Row) -> dict[str, Any]:
    """One row of Skolebot's own resources.csv; an empty name or kind is an error."""
    if not row["name"]:
        reader.error(RESOURCES, row.line, "name is empty")
    if not row["kind"]:
        reader.error(RESOURCES, row.line, "kind is empty")
    return {
        "sourced_id": sid,
        "name": row["name"],
        "kind": " ".join(row["kind"].split()).lower(),
        "capacity": _capacity(reader, row),
        "aliases": _aliases(row["aliases"]),
        "active": _active(row),
    }


def _shared_number_warnings(reader: _Reader, bundle: Bundle, users: dict[str, _Row]) -> None:
    """Two active people on one number make an SMS sender ambiguous: worth a warning, not an error."""
    owners: dict[str, list[str]] = {}
    for sid, person in bundle.people.items():
        if not person["active"]:
            continue
        for number in {person["sms"], person["phone"]} - {None}:
            owners.setdefault(number, []).append(sid)
    for number, sids in owners.items():
        if len(sids) > 1:
            first = users[sids[0]].line if sids[0] in users else 0
            reader.warn(USERS, first, f"{', '.join(sids)} share the phone number ending in {number[-3:]}")


# --------------------------------------------------------------------------- writing


def _key(table: str, row: dict[str, Any]) -> Any:
    if table == "guardianships":
        return (row["student_id"], row["guardian_id"])
    return row["sourced_id"]


def _key_columns(table: str) -> tuple[str, ...]:
    return ("student_id", "guardian_id") if table == "guardianships" else ("sourced_id",)


async def _existing(session: Any, table: str) -> dict[Any, dict[str, Any]]:
    model = MODELS[table]
    cols = _key_columns(table) + MANAGED[table]
    result = await session.execute(select(*(getattr(model, c) for c in cols)))
    return {_key(table, row): dict(row) for row in result.mappings()}


_CHUNK = 500


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), _CHUNK):
        yield rows[i : i + _CHUNK]


async def import_roster(db: Database, directory: Path, *, dry_run: bool = False) -> ImportSummary:
    """Import the bundle in ``directory``: all or nothing, in one transaction; idempotent.

    Raises :class:`RosterInvalid` (nothing written) when the bundle has errors. With
    ``dry_run`` the summary says what would change and nothing is written.
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    bundle = await asyncio.to_thread(read_bundle, Path(directory))
    summary = ImportSummary(dry_run=dry_run, warnings=[str(w) for w in bundle.warnings])
    async with db.transaction() as session:
        if not dry_run and not db.is_sqlite:
            # SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL needs a lock so two
            # imports at once do not both insert the same new rows.
            await session.execute(select(func.pg_advisory_xact_lock(_PG_IMPORT_LOCK)))
        bundle, summary.skipped_erased = without_erased(bundle, await erased_keys(session))
        plan: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]] = []
        for table in WRITE_ORDER:
            existing = await _existing(session, table)
            inserts, updates, deactivations = _diff(table, bundle.table(table), existing, summary)
            plan.append((table, inserts, updates, deactivations))
        if not dry_run:
            for table, inserts, updates, deactivations in plan:
                model = MODELS[table]
                for chunk in _chunks(inserts):
                    await session.execute(insert(model), chunk)
                for chunk in _chunks(updates):
                    await session.execute(update(model), chunk)
                for chunk in _chunks(deactivations):
                    await session.execute(update(model), chunk)
    summary.seconds = loop.time() - started
    return summary


def without_erased(bundle: Bundle, erased: frozenset[str]) -> tuple[Bundle, int]:
    """The bundle without tombstoned people and their enrollments and guardianships, and how many were left out."""
    gone = frozenset(sid for sid in bundle.people if erased_key(sid) in erased)
    if not gone:
        return bundle, 0
    return replace(
        bundle,
        people={sid: row for sid, row in bundle.people.items() if sid not in gone},
        enrollments={sid: row for sid, row in bundle.enrollments.items() if row["person_id"] not in gone},
        guardianships={key: row for key, row in bundle.guardianships.items() if not gone.intersection(key)},
    ), len(gone)


def _diff(
    table: str,
    wanted: dict[Any, dict[str, Any]],
    existing: dict[Any, dict[str, Any]],
    summary: ImportSummary,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    managed = MANAGED[table]
    keys = _key_columns(table)
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    deactivations: list[dict[str, Any]] = []
    for key, row in wanted.items():
        old = existing.get(key)
        if old is None:
            inserts.append(dict(row))
            summary.added[table] += 1
        elif any(old[c] != row[c] for c in managed):
            updates.append(dict(row))
            if old["active"] and not row["active"]:
                summary.deactivated[table] += 1
            else:
                summary.updated[table] += 1
        else:
            summary.unchanged[table] += 1
    for key, old in existing.items():
        if key not in wanted and old["active"]:
            deactivations.append({**{c: old[c] for c in keys}, "active": False})
            summary.deactivated[table] += 1
    return inserts, updates, deactivations


# --------------------------------------------------------------------------- the calendar


async def load_terms(db: Database) -> tuple[tuple[dt.date, dt.date], ...]:
    """The active ``term``/``semester`` sessions as sorted ``(start, end)`` pairs."""
    async with db.sessions() as session:
        result = await session.execute(
            select(AcademicSession.start_date, AcademicSession.end_date)
            .where(AcademicSession.active.is_(True), AcademicSession.type.in_(CALENDAR_SESSION_TYPES))
            .order_by(AcademicSession.start_date, AcademicSession.end_date)
        )
        return tuple(dict.fromkeys((start, end) for start, end in result.all()))


async def load_calendar(db: Database) -> SchoolCalendar:
    """The school calendar from the imported academic sessions (every weekday when there are none)."""
    return SchoolCalendar(terms=await load_terms(db))
