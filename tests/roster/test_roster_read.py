"""read_bundle: parsing and validation, no database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.roster import (
    ImportSummary,
    RosterError,
    RosterInvalid,
    normalise_phone,
    read_bundle,
)
from tests.roster.expected import MINIMAL_COUNTS

BUNDLES = Path(__file__).parent / "bundles"

ROLES = "student, teacher, administrator, aide, parent, guardian, relative"
BROKEN_ERRORS = [
    "orgs.csv:1: wrong columns: missing type (found: sourcedId, status, dateLastModified, name, kind)",
    "users.csv:4: missing sourcedId",
    "users.csv:5: duplicate sourcedId 't-1' (first on line 2)",
    f"users.csv:6: unknown role 'pupil' (expected {ROLES})",
    "users.csv:7: sms '12ab' is not a phone number",
    "users.csv:8: agentSourcedIds 'g-nobody' is not a user in users.csv",
    "enrollments.csv:2: classSourcedId 'c-missing' is not a class in classes.csv",
    "enrollments.csv:3: userSourcedId 'u-missing' is not a user in users.csv",
    "enrollments.csv:4: role 'parent' cannot be enrolled (expected student, teacher, administrator, aide)",
    "academicSessions.csv:2: startDate '2026-13-01' is not a date (YYYY-MM-DD)",
    "demographics.csv:2: birthDate '14.03.2016' is not a date (YYYY-MM-DD)",
    "resources.csv:2: capacity 'ti' is not a whole number",
    "resources.csv:3: kind is empty",
]


def _copy(tmp_path: Path, name: str = "minimal") -> Path:
    target = tmp_path / name
    shutil.copytree(BUNDLES / name, target)
    return target


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _errors(directory: Path) -> list[str]:
    with pytest.raises(RosterInvalid) as info:
        read_bundle(directory)
    return [str(e) for e in info.value.errors]


# --------------------------------------------------------------------------- a good bundle


def test_minimal_bundle_parses() -> None:
    b = read_bundle(BUNDLES / "minimal")
    assert b.counts() == MINIMAL_COUNTS
    assert b.warnings == []
    kari = b.people["t-1"]
    assert kari["username"] == kari["email"] == "kari.laerer@testheia.no"  # lower-cased
    assert kari["sms"] == "+4791000001" and kari["grade"] is None  # grade only for students
    assert b.people["t-2"]["sms"] == "+4791000002"
    assert b.people["o-1"]["sms"] == "+4791000004"
    hilde = b.people["g-1"]
    assert (hilde["sms"], hilde["email"], hilde["role"]) == ("+4790012345", "hilde.testesen@example.com", "parent")
    tor = b.people["g-2"]
    assert (tor["sms"], tor["phone"], tor["role"]) == ("+4790012346", "+4722334455", "guardian")
    sara = b.people["g-3"]
    assert (sara["sms"], sara["phone"]) == (None, "+4741234567")
    assert b.people["r-1"]["sms"] == "+4790012347" and b.people["r-1"]["role"] == "relative"
    ola = b.people["s-1"]
    assert (ola["grade"], ola["sex"], ola["birth_date"], ola["org_id"]) == (5, "male", dt.date(2016, 3, 14), "org-1")
    assert ola["given_name"] == "Ola"  # middleName is not part of the given name
    assert b.people["s-2"]["sex"] == "female"
    assert (b.people["s-3"]["sex"], b.people["s-3"]["birth_date"]) == (None, None)  # "other" → None
    # guardianships from the student side and from the guardian side (g-3 → s-3), deduplicated
    assert set(b.guardianships) == {("s-1", "g-1"), ("s-1", "g-2"), ("s-1", "r-1"), ("s-2", "g-1"), ("s-3", "g-3")}
    assert b.classes["c-5b"] == {
        "sourced_id": "c-5b",
        "title": "5B",
        "grade": 5,
        "class_type": "homeroom",
        "org_id": "org-1",
        "active": True,
    }
    assert b.classes["c-mus5"]["class_type"] == "scheduled"
    assert b.enrollments["e-1"]["primary"] is True
    assert b.enrollments["e-5"]["primary"] is True  # "TRUE"
    assert b.enrollments["e-7"]["primary"] is False  # empty
    assert b.resources["r-ipad"]["aliases"] == "ipad-skapet|ipadskapet|ipadskap 1"
    assert b.resources["r-musikk"]["kind"] == "musikkrom"
    assert b.resources["r-gr1"]["capacity"] is None and b.resources["r-gr1"]["aliases"] == ""
    assert b.academic_sessions["term-h"]["start_date"] == dt.date(2026, 8, 17)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("90012345", "+4790012345"),
        ("+47 900 12 345", "+4790012345"),
        ("900 12 345", "+4790012345"),
        ("004790012345", "+4790012345"),
        ("+4790012345", "+4790012345"),
        ("41234567", "+4741234567"),
        ("22 33 44 55", "+4722334455"),
        ("+46 70 123 45 67", "+46701234567"),
    ],
)
def test_phone_normalisation(raw: str, e164: str) -> None:
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize("raw", ["12ab", "1234", "+47 90O12345", "", "phone", "49123456", "+47"])
def test_not_a_phone_number(raw: str) -> None:
    assert normalise_phone(raw) is None


# --------------------------------------------------------------------------- errors


def test_broken_bundle_reports_every_error_with_file_and_line() -> None:
    with pytest.raises(RosterInvalid) as info:
        read_bundle(BUNDLES / "broken")
    assert [str(e) for e in info.value.errors] == BROKEN_ERRORS
    assert str(info.value) == "\n".join(BROKEN_ERRORS)
    assert info.value.errors[0] == RosterError("orgs.csv", 1, BROKEN_ERRORS[0].split(": ", 1)[1])


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "users.csv",
            "role,sourcedId,givenName,",
            "rolle,sourcedId,givenName,",
            "users.csv:1: wrong columns: missing role",
        ),
        ("classes.csv", "sourcedId,status,", "id,status,", "classes.csv:1: wrong columns: missing sourcedId"),
        ("users.csv", ",givenName,", ",familyName,", "users.csv:1: column 'familyName' appears twice"),
        ("users.csv", "student,s-3,", "student,,", "users.csv:8: missing sourcedId"),
        ("users.csv", "parent,g-3,", "parent,g-1,", "users.csv:12: duplicate sourcedId 'g-1' (first on line 9)"),
        ("users.csv", "relative,r-1,", "grandma,r-1,", "users.csv:13: unknown role 'grandma'"),
        ("users.csv", ",90012345,", ",12ab,", "users.csv:9: sms '12ab' is not a phone number"),
        ("users.csv", ",41234567,", ",4123,", "users.csv:12: phone '4123' is not a phone number"),
        (
            "users.csv",
            '"g-1,g-2,r-1"',
            '"g-1,g-9,r-1"',
            "users.csv:6: agentSourcedIds 'g-9' is not a user in users.csv",
        ),
        ("users.csv", "41234567,s-3,", "41234567,s-404,", "users.csv:12: agentSourcedIds 's-404' is not a user"),
        ("users.csv", '"g-1,g-2,r-1"', '"g-1,t-1"', "users.csv:6: agentSourcedIds 't-1' is a teacher, not a parent"),
        (
            "users.csv",
            "41234567,s-3,",
            "41234567,g-1,",
            "users.csv:12: agentSourcedIds 'g-1' is a parent, not a student",
        ),
        (
            "enrollments.csv",
            "c-1a,org-1,s-2",
            "c-9z,org-1,s-2",
            "enrollments.csv:4: classSourcedId 'c-9z' is not a class",
        ),
        (
            "enrollments.csv",
            "c-1a,org-1,s-2",
            "c-1a,org-1,s-22",
            "enrollments.csv:4: userSourcedId 's-22' is not a user",
        ),
        (
            "enrollments.csv",
            "t-2,teacher,false",
            "t-2,guardian,false",
            "enrollments.csv:7: role 'guardian' cannot be enrolled",
        ),
        (
            "enrollments.csv",
            "t-2,teacher,false",
            "t-2,teacher,maybe",
            "enrollments.csv:7: primary 'maybe' is not true or false",
        ),
        ("enrollments.csv", "e-3,", "e-2,", "enrollments.csv:4: duplicate sourcedId 'e-2' (first on line 3)"),
        (
            "academicSessions.csv",
            "2027-06-18,sy",
            "2027-06-31,sy",
            "academicSessions.csv:3: endDate '2027-06-31' is not a date",
        ),
        (
            "academicSessions.csv",
            "2026-08-17,2026-12-18",
            "17.08.2026,2026-12-18",
            "academicSessions.csv:4: startDate '17.08.2026'",
        ),
        ("academicSessions.csv", "term,2027", "season,2027", "academicSessions.csv:3: unknown type 'season'"),
        (
            "academicSessions.csv",
            "2026-08-17,2026-12-18",
            "2026-12-19,2026-12-18",
            "academicSessions.csv:4: endDate 2026-12-18 is before",
        ),
        ("demographics.csv", "2020-11-02", "2020-02-30", "demographics.csv:3: birthDate '2020-02-30' is not a date"),
        ("resources.csv", "ipadskap,30,", "ipadskap,30.5,", "resources.csv:3: capacity '30.5' is not a whole number"),
        ("resources.csv", "ipadskap,30,", "ipadskap,-1,", "resources.csv:3: capacity '-1' is not a whole number"),
        ("resources.csv", "grupperom,,", ",,", "resources.csv:4: kind is empty"),
        ("resources.csv", "r-gr1,Grupperom 1,", "r-gr1,,", "resources.csv:4: name is empty"),
        (
            "classes.csv",
            "c-1a,active,2026-08-01T00:00:00Z,1A,",
            "c-1a,active,2026-08-01T00:00:00Z,,",
            "classes.csv:2: missing title",
        ),
        ("orgs.csv", "org-1,active", "org-1,active,x,y,z,w,v,extra", "orgs.csv:2: 13 fields, but the header has 7"),
    ],
)
def test_each_kind_of_bad_row(tmp_path: Path, file: str, old: str, new: str, expected: str) -> None:
    directory = _copy(tmp_path)
    _rewrite(directory / file, old, new)
    errors = _errors(directory)
    assert any(e.startswith(expected) for e in errors), errors


def test_an_unreadable_file_is_reported_once(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _rewrite(directory / "users.csv", "role,sourcedId,", "rolle,sourcedId,")
    _rewrite(directory / "classes.csv", "sourcedId,status,", "id,status,")
    errors = _errors(directory)
    assert [e.split(":")[:2] for e in errors] == [["users.csv", "1"], ["classes.csv", "1"]]


def test_missing_required_file(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "enrollments.csv").unlink()
    assert _errors(directory) == ["enrollments.csv: file is missing from the bundle"]


def test_empty_file(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "orgs.csv").write_text("", encoding="utf-8")
    assert _errors(directory) == ["orgs.csv:1: empty file: the header line is missing"]


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(RosterInvalid, match="not a directory"):
        read_bundle(tmp_path / "nope")


def test_optional_files_may_be_absent(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    for name in ("academicSessions.csv", "demographics.csv", "resources.csv", "manifest.csv"):
        (directory / name).unlink()
    b = read_bundle(directory)
    assert b.resources == {} and b.academic_sessions == {}
    assert b.people["s-1"]["birth_date"] is None


def test_oneroster_learning_resources_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "resources.csv").write_text(
        "sourcedId,status,dateLastModified,vendorResourceId,title,roles,importance,vendorId,applicationId\n"
        "lr-1,active,,v-1,Matteboka,student,primary,acme,\n",
        encoding="utf-8",
    )
    b = read_bundle(directory)
    assert b.resources == {}
    assert [str(w) for w in b.warnings] == [
        "resources.csv:1: a OneRoster learning-resources file, not Skolebot's rooms; skipped"
    ]


def test_shared_phone_number_is_a_warning_not_an_error(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _rewrite(directory / "users.csv", "004790012347", "90012345")
    b = read_bundle(directory)
    assert [str(w) for w in b.warnings] == ["users.csv:9: g-1, r-1 share the phone number ending in 345"]


def test_bom_crlf_and_windows_1252(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    users = directory / "users.csv"
    text = users.read_text(encoding="utf-8").replace("\n", "\r\n")
    users.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    orgs = directory / "orgs.csv"
    orgs.write_bytes(orgs.read_text(encoding="utf-8").replace("Testheia", "Tøyen").encode("cp1252"))
    b = read_bundle(directory)
    assert b.people["t-1"]["family_name"] == "Lærer"
    assert b.orgs["org-1"]["name"] == "Tøyen skole"


def test_tobedeleted_rows_are_inactive(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _rewrite(directory / "users.csv", "student,s-1,Ola,Testesen,active", "student,s-1,Ola,Testesen,tobedeleted")
    _rewrite(directory / "classes.csv", "c-mus5,active", "c-mus5,tobedeleted")
    b = read_bundle(directory)
    assert b.people["s-1"]["active"] is False
    assert b.classes["c-mus5"]["active"] is False
    # links through an inactive person or class are inactive too
    assert b.guardianships[("s-1", "g-1")]["active"] is False
    assert b.enrollments["e-2"]["active"] is False  # s-1 in 5B
    assert b.enrollments["e-5"]["active"] is False  # t-2 in the deleted music class
    assert b.enrollments["e-6"]["active"] is True


def test_lenient_where_the_meaning_is_clear(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _rewrite(directory / "demographics.csv", "2016-03-14,", "2016-03-14T00:00:00Z,")
    _rewrite(directory / "academicSessions.csv", "term,2026-08-17", "Term,2026-08-17")
    _rewrite(directory / "users.csv", '"g-1,g-2,r-1",05,', '"g-1,g-2,r-1",,')  # no grades: from the homeroom class
    _rewrite(directory / "users.csv", "teacher,t-1,", "Teacher,t-1,")
    b = read_bundle(directory)
    assert b.people["s-1"]["birth_date"] == dt.date(2016, 3, 14)
    assert b.academic_sessions["term-h"]["type"] == "term"
    assert b.people["s-1"]["grade"] == 5  # 5B, not the scheduled music class
    assert b.people["t-1"]["role"] == "teacher"


def test_roster_error_and_summary_render() -> None:
    assert str(RosterError("users.csv", 14, "sms '12ab' is not a phone number")) == (
        "users.csv:14: sms '12ab' is not a phone number"
    )
    s = ImportSummary()
    assert not s.changed()
    assert "No changes." in s.render()
    s.added["people"] = 3
    s.deactivated["classes"] = 1
    assert s.changed()
    text = s.render()
    assert "people" in text and "3 added" in text and "1 deactivated" in text
    assert "dry run" in ImportSummary(dry_run=True).render()


# --------------------------------------------------------------------------- properties


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), extra=st.lists(st.sampled_from(["x-a", "metadata.b", "note"]), unique=True))
def test_column_order_and_extra_columns_do_not_matter(
    tmp_path_factory: pytest.TempPathFactory, seed: int, extra: list[str]
) -> None:
    reference = read_bundle(BUNDLES / "minimal")
    directory = tmp_path_factory.mktemp("shuffled")
    shutil.copytree(BUNDLES / "minimal", directory, dirs_exist_ok=True)
    rng = random.Random(seed)
    for name in (
        "orgs.csv",
        "users.csv",
        "classes.csv",
        "enrollments.csv",
        "academicSessions.csv",
        "demographics.csv",
        "resources.csv",
    ):
        rows = _read_csv(directory / name)
        order = list(range(len(rows[0])))
        rng.shuffle(order)
        rows = [[row[i] for i in order] + ["junk"] * len(extra) for row in rows]
        rows[0][len(order) :] = extra
        _write_csv(directory / name, rows)
    shuffled = read_bundle(directory)
    for table in ("orgs", "people", "classes", "enrollments", "guardianships", "resources", "academic_sessions"):
        assert shuffled.table(table) == reference.table(table)


_cell = st.text(alphabet=st.sampled_from(list('abcæø 0123456789+-,"\n;|')), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_cell, min_size=0, max_size=22), max_size=6))
def test_garbage_rows_give_roster_errors_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]
) -> None:
    directory = tmp_path_factory.mktemp("garbage")
    shutil.copytree(BUNDLES / "minimal", directory, dirs_exist_ok=True)
    users = _read_csv(directory / "users.csv")
    _write_csv(directory / "users.csv", users + rows)
    try:
        read_bundle(directory)
    except RosterInvalid as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.file.endswith(".csv") and error.line >= 1 and error.message
