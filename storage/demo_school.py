"""The demo school: "Solbakken skole", a fictional Norwegian primary school as a OneRoster bundle.

:func:`write_demo_bundle` writes the same bytes every time (``random.Random(2026)``, no clock):
one school, 14 homeroom classes 1A–7B, about 300 pupils with guardians (siblings, split
households, blended families, foster parents, a few grandparents as ``relative`` agents who may
not act for the child, one guardian with no phone at all, a few with only ``phone``), 35 staff
(contact teachers, subject teachers, leaders, the office), the school years 2025/26 and 2026/27
and the school's rooms and equipment. :func:`load_demo` imports it through the normal importer.

The fixed people below are what tests, the README and a demo session can rely on. Only they
carry the first names Ola, Emma and Nora; two pupils in different families are both called Jonas.

========================================  ===========================================================
who                                       how to reach them
========================================  ===========================================================
Kari Nordmann, contact teacher of 5B      ``DEMO_TEACHER_UPN``, ``DEMO_TEACHER_PHONE``
Marianne Solheim, rektor                  ``DEMO_LEADER_UPN``, ``DEMO_LEADER_PHONE``
Geir Aasen, inspektør                     ``DEMO_LEADER_2_UPN``
Randi Moe, kontoret / postmottak          ``DEMO_OFFICE_UPN``, ``DEMO_OFFICE_PHONE``
Anders Lunde, music teacher in all        ``DEMO_SUBJECT_TEACHER_UPN``
classes (not a contact teacher)
Hilde Nordli, mother of Ola (5B, boy) and ``DEMO_GUARDIAN_PHONE`` (role parent)
Emma (2A, girl)
Per Nordli, their father                  ``DEMO_SECOND_GUARDIAN_PHONE`` (role parent, same address)
Solveig Nordli, their grandmother         ``DEMO_RELATIVE_PHONE`` (role relative: may NOT act)
Silje Haugen, mother of Nora Lie (5B)     ``DEMO_SINGLE_CHILD_GUARDIAN_PHONE`` (role parent)
Thomas Lie, Nora's father, other address  ``DEMO_SPLIT_GUARDIAN_PHONE`` (role parent)
Jonas Berg (3A) and Jonas Haugland (6B)   ``DEMO_STUDENT_JONAS_3A``, ``DEMO_STUDENT_JONAS_6B``
Bente Rustad, guardian with no phone      ``DEMO_NO_PHONE_GUARDIAN_ID`` (e-mail only)
========================================  ===========================================================
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storage.broadcasts import Broadcasts
from storage.contact import DEMO_SCHOOL_PHONE, ContactStore
from storage.roster import ImportSummary, import_roster

if TYPE_CHECKING:  # pragma: no cover
    from storage.db import Database

__all__ = [
    "DEMO_CLASS_2A",
    "DEMO_CLASS_3A",
    "DEMO_CLASS_5B",
    "DEMO_CLASS_6B",
    "DEMO_GUARDIAN_ID",
    "DEMO_GUARDIAN_PHONE",
    "DEMO_LEADER_2_ID",
    "DEMO_LEADER_2_UPN",
    "DEMO_LEADER_ID",
    "DEMO_LEADER_PIN",
    "DEMO_LEADER_PHONE",
    "DEMO_LEADER_UPN",
    "DEMO_NO_PHONE_GUARDIAN_ID",
    "DEMO_OFFICE_ID",
    "DEMO_OFFICE_PHONE",
    "DEMO_OFFICE_UPN",
    "DEMO_RELATIVE_ID",
    "DEMO_RELATIVE_PHONE",
    "DEMO_SCHOOL_ID",
    "DEMO_SCHOOL_NAME",
    "DEMO_SECOND_GUARDIAN_ID",
    "DEMO_SECOND_GUARDIAN_PHONE",
    "DEMO_SINGLE_CHILD_GUARDIAN_ID",
    "DEMO_SINGLE_CHILD_GUARDIAN_PHONE",
    "DEMO_SPLIT_GUARDIAN_ID",
    "DEMO_SPLIT_GUARDIAN_PHONE",
    "DEMO_STUDENT_EMMA",
    "DEMO_STUDENT_JONAS_3A",
    "DEMO_STUDENT_JONAS_6B",
    "DEMO_STUDENT_NORA",
    "DEMO_STUDENT_OLA",
    "DEMO_SUBJECT_TEACHER_ID",
    "DEMO_SUBJECT_TEACHER_UPN",
    "DEMO_TEACHER_ID",
    "DEMO_TEACHER_PHONE",
    "DEMO_TEACHER_UPN",
    "DEMO_DOMAIN",
    "load_demo",
    "write_demo_bundle",
]

SEED = 2026
DEMO_SCHOOL_ID = "org-solbakken"
DEMO_SCHOOL_NAME = "Solbakken skole"
DEMO_DOMAIN = "solbakken.skole.no"
_TOWN = "3711 Solbakken"
_MODIFIED = "2026-08-10T06:00:00.000Z"  # fixed: the bundle never depends on the clock

# --- the fixed demo people ---------------------------------------------------------------
DEMO_TEACHER_ID = "t-kari-nordmann"
DEMO_TEACHER_UPN = "kari.nordmann@solbakken.skole.no"  # contact teacher (primary) of 5B
DEMO_TEACHER_PHONE = "+4795678901"
DEMO_LEADER_ID = "t-marianne-solheim"
DEMO_LEADER_PIN = "2580"  # the demo principal's SMS alert PIN (a real school sets its own: `skolebot pin set`)
DEMO_LEADER_UPN = "marianne.solheim@solbakken.skole.no"  # rektor (administrator)
DEMO_LEADER_PHONE = "+4794567890"
DEMO_LEADER_2_ID = "t-geir-aasen"
DEMO_LEADER_2_UPN = "geir.aasen@solbakken.skole.no"  # inspektør (administrator)
DEMO_OFFICE_ID = "t-randi-moe"
DEMO_OFFICE_UPN = "randi.moe@solbakken.skole.no"  # kontoret / postmottak (aide)
DEMO_OFFICE_PHONE = "+4796789012"
DEMO_SUBJECT_TEACHER_ID = "t-anders-lunde"
DEMO_SUBJECT_TEACHER_UPN = "anders.lunde@solbakken.skole.no"  # music, enrolled in all 14 classes

DEMO_CLASS_2A = "c-2a"
DEMO_CLASS_3A = "c-3a"
DEMO_CLASS_5B = "c-5b"
DEMO_CLASS_6B = "c-6b"

DEMO_STUDENT_OLA = "s-ola"  # Ola Nordli, boy, 5B
DEMO_STUDENT_EMMA = "s-emma"  # Emma Nordli, girl, 2A
DEMO_STUDENT_NORA = "s-nora"  # Nora Lie, girl, 5B
DEMO_STUDENT_JONAS_3A = "s-jonas-3a"  # Jonas Berg, 3A
DEMO_STUDENT_JONAS_6B = "s-jonas-6b"  # Jonas Haugland, 6B (another family)

DEMO_GUARDIAN_ID = "g-hilde-nordli"  # parent of Ola and Emma
DEMO_GUARDIAN_PHONE = "+4791234567"
DEMO_SECOND_GUARDIAN_ID = "g-per-nordli"  # parent of Ola and Emma
DEMO_SECOND_GUARDIAN_PHONE = "+4798765432"
DEMO_RELATIVE_ID = "g-solveig-nordli"  # grandmother of Ola and Emma: relative, may not act
DEMO_RELATIVE_PHONE = "+4793456789"
DEMO_SINGLE_CHILD_GUARDIAN_ID = "g-silje-haugen"  # parent of Nora only
DEMO_SINGLE_CHILD_GUARDIAN_PHONE = "+4792345678"
DEMO_SPLIT_GUARDIAN_ID = "g-thomas-lie"  # Nora's father, another household
DEMO_SPLIT_GUARDIAN_PHONE = "+4797654321"
DEMO_NO_PHONE_GUARDIAN_ID = "g-bente-rustad"  # the one guardian with neither sms nor phone

_RESERVED_PUPIL_NAMES = frozenset({"Ola", "Emma", "Nora", "Jonas"})
_FIXED_PHONES = frozenset(
    {
        DEMO_TEACHER_PHONE,
        DEMO_LEADER_PHONE,
        DEMO_OFFICE_PHONE,
        DEMO_GUARDIAN_PHONE,
        DEMO_SECOND_GUARDIAN_PHONE,
        DEMO_RELATIVE_PHONE,
        DEMO_SINGLE_CHILD_GUARDIAN_PHONE,
        DEMO_SPLIT_GUARDIAN_PHONE,
    }
)

# --- names ---------------------------------------------------------------------------------
_NB_BOYS = [
    "Jakob",
    "Emil",
    "Noah",
    "Oliver",
    "Filip",
    "William",
    "Lucas",
    "Liam",
    "Henrik",
    "Oskar",
    "Aksel",
    "Theodor",
    "Elias",
    "Kasper",
    "Magnus",
    "Johannes",
    "Isak",
    "Mathias",
    "Tobias",
    "Sander",
    "Olav",
    "Ludvig",
    "Johan",
    "Even",
    "Markus",
    "Adrian",
    "Alexander",
    "Sebastian",
    "Leon",
    "Benjamin",
    "Mikkel",
    "Vetle",
    "Sigurd",
    "Storm",
    "Gustav",
    "Håkon",
    "Martin",
    "Brage",
    "Eirik",
    "Odin",
    "Herman",
    "Peder",
    "Torjus",
    "Edvard",
    "Iver",
    "Jens",
    "Kristian",
    "Nikolai",
    "Sverre",
    "Trym",
    "Ulrik",
    "Fredrik",
    "Halvor",
    "Syver",
    "Matheo",
    "Elliot",
    "Teodor",
    "Vilmer",
]
_NB_GIRLS = [
    "Olivia",
    "Ella",
    "Sofie",
    "Leah",
    "Frida",
    "Ingrid",
    "Sara",
    "Maja",
    "Astrid",
    "Thea",
    "Emilie",
    "Vilde",
    "Hedda",
    "Amalie",
    "Ida",
    "Sofia",
    "Selma",
    "Tiril",
    "Alma",
    "Aurora",
    "Eva",
    "Mathilde",
    "Hanna",
    "Jenny",
    "Julie",
    "Linnea",
    "Live",
    "Iben",
    "Mia",
    "Oda",
    "Ylva",
    "Marie",
    "Tuva",
    "Hermine",
    "Signe",
    "Solveig",
    "Ada",
    "Agnes",
    "Eline",
    "Ingeborg",
    "Kaja",
    "Mina",
    "Mathea",
    "Pernille",
    "Sigrid",
    "Victoria",
    "Hedvig",
    "Margrethe",
    "Siri",
    "Lilly",
    "Jenny",
    "Ronja",
    "Juni",
]
_NB_MEN = [
    "Per",
    "Jon",
    "Lars",
    "Morten",
    "Knut",
    "Hans",
    "Anders",
    "Thomas",
    "Ole",
    "Tor",
    "Geir",
    "Espen",
    "Rune",
    "Trond",
    "Kjetil",
    "Bjørn",
    "Arne",
    "Stian",
    "Kristian",
    "Martin",
    "Jørgen",
    "Christian",
    "Andreas",
    "Erik",
    "Terje",
    "Øyvind",
    "Magnus",
    "Marius",
    "Eirik",
    "Håvard",
    "Vegard",
    "Fredrik",
    "Petter",
    "Sindre",
    "Henrik",
    "Jan",
    "Svein",
    "Frode",
    "Tommy",
    "Audun",
    "Eivind",
    "Joakim",
    "Ståle",
    "Kenneth",
]
_NB_WOMEN = [
    "Anne",
    "Kari",
    "Marianne",
    "Ingrid",
    "Hilde",
    "Silje",
    "Camilla",
    "Ida",
    "Kristin",
    "Linda",
    "Ingvild",
    "Maria",
    "Hanne",
    "Marit",
    "Randi",
    "Line",
    "Tone",
    "Elisabeth",
    "Heidi",
    "Julie",
    "Mona",
    "Nina",
    "Lene",
    "Siri",
    "Trine",
    "Anette",
    "Marte",
    "Ragnhild",
    "Stine",
    "Therese",
    "Kristine",
    "Guro",
    "Eva",
    "Astrid",
    "Karoline",
    "Mari",
    "Tonje",
    "Ane",
    "Cecilie",
    "Hege",
    "Tuva",
    "Ingunn",
    "Kjersti",
    "Sunniva",
]
_NB_GRANDFATHERS = ["Arne", "Odd", "Kjell", "Rolf", "Svein", "Leif", "Harald", "Egil", "Gunnar"]
_NB_GRANDMOTHERS = ["Solveig", "Bjørg", "Liv", "Gerd", "Inger", "Turid", "Else", "Aud", "Wenche"]
_NB_FAMILIES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Eide",
    "Knutsen",
    "Martinsen",
    "Paulsen",
    "Bakken",
    "Kristoffersen",
    "Mathisen",
    "Lie",
    "Amundsen",
    "Rasmussen",
    "Lunde",
    "Solheim",
    "Berge",
    "Moe",
    "Nygård",
    "Bakke",
    "Kristensen",
    "Fredriksen",
    "Holm",
    "Lien",
    "Hauge",
    "Christensen",
    "Andresen",
    "Nielsen",
    "Knudsen",
    "Evensen",
    "Sæther",
    "Aas",
    "Myhre",
    "Hanssen",
    "Haugland",
    "Thomassen",
    "Sivertsen",
    "Simonsen",
    "Danielsen",
    "Berntsen",
    "Sandvik",
    "Rønning",
    "Arnesen",
    "Antonsen",
    "Næss",
    "Vik",
    "Haug",
    "Ellingsen",
    "Thorsen",
    "Edvardsen",
    "Birkeland",
    "Isaksen",
    "Gulbrandsen",
    "Ruud",
    "Aasen",
    "Strøm",
    "Myklebust",
    "Tangen",
    "Ødegård",
    "Eliassen",
    "Helland",
    "Bøe",
    "Aune",
    "Mikkelsen",
    "Tveit",
    "Brekke",
    "Abrahamsen",
    "Madsen",
    "Skoglund",
    "Fjeld",
    "Vold",
    "Nordby",
    "Engen",
    "Bråten",
    "Rustad",
    "Sletten",
    "Kvam",
    "Grønli",
]


@dataclass(frozen=True)
class _Origin:
    """Names of one first-language group: family names, adults' and children's first names."""

    families: tuple[str, ...]
    men: tuple[str, ...]
    women: tuple[str, ...]
    boys: tuple[str, ...]
    girls: tuple[str, ...]


def _o(families: str, men: str, women: str, boys: str, girls: str) -> _Origin:
    return _Origin(*(tuple(s.split()) for s in (families, men, women, boys, girls)))


_NORWEGIAN = _Origin(
    tuple(_NB_FAMILIES),
    tuple(_NB_MEN),
    tuple(_NB_WOMEN),
    tuple(dict.fromkeys(_NB_BOYS)),
    tuple(dict.fromkeys(_NB_GIRLS)),
)
_OTHER_ORIGINS: tuple[_Origin, ...] = (
    _o(  # Polish (surnames that do not change with sex)
        "Nowak Wójcik Kowalczyk Woźniak Mazur Krawczyk Kaczmarek Pawlak Michalak Król",
        "Piotr Tomasz Krzysztof Marcin Paweł Łukasz",
        "Anna Katarzyna Magdalena Agnieszka Joanna Monika",
        "Jakub Kacper Szymon Antoni Mateusz Franciszek Wojciech",
        "Zuzanna Julia Lena Hanna Alicja Zofia Oliwia",
    ),
    _o(  # Somali
        "Ahmed Mohamed Hassan Abdi Ali Yusuf Osman Farah Warsame Jama",
        "Abdirahman Mohamed Hassan Abdullahi Ahmed",
        "Hodan Amina Fadumo Sahra Asha Ifrah",
        "Yusuf Abdirahman Hamza Ayub Mustafe Ilyas",
        "Amina Hibo Sagal Ayaan Najma Ilham",
    ),
    _o(  # Arabic (Syria)
        "Khalil Haddad Mansour Saleh Hamdan Ibrahim Darwish Alhassan",
        "Ahmad Khaled Mahmoud Samer Ammar",
        "Rania Huda Lina Noor Reem",
        "Omar Adam Yousef Karim Rami Zain",
        "Lana Maryam Aya Jana Lamar Rahaf",
    ),
    _o(  # Urdu (Pakistan)
        "Khan Hussain Butt Iqbal Malik Chaudhry Akhtar Rana",
        "Imran Kashif Asif Tariq Usman",
        "Sadia Nadia Saima Ayesha Fatima",
        "Ibrahim Ayaan Zayan Musa Rayyan Hamza",
        "Zara Inaya Aisha Hania Eshal Maryam",
    ),
    _o(  # Tigrinya (Eritrea)
        "Tesfaye Haile Gebremedhin Tekle Berhane Kidane Weldemariam",
        "Filmon Dawit Tesfalem Yonas Samuel",
        "Selam Helen Senait Luwam Saba",
        "Daniel Abel Nahom Eyob Mikael",
        "Semhar Ruth Hermon Blen Delina",
    ),
    _o(  # Vietnamese
        "Nguyen Tran Le Pham Hoang Vu Dang",
        "Minh Tuan Hung Duc Long",
        "Lan Huong Thu Mai Hoa",
        "Bao Huy Khang Phuc Nam",
        "Linh Anh Ngoc Vy Chi",
    ),
    _o(  # Ukrainian (surnames that do not change with sex)
        "Shevchenko Bondarenko Kovalenko Tkachenko Kravchenko Marchenko",
        "Oleksandr Andrii Serhii Dmytro Yurii",
        "Olena Iryna Natalia Tetiana Oksana",
        "Maksym Artem Mykyta Danylo Matvii",
        "Sofiia Anastasiia Daryna Viktoriia Solomiia",
    ),
)
_STREETS = [
    "Solbakkveien",
    "Granveien",
    "Bjørkeveien",
    "Furulia",
    "Skogstien",
    "Kirkebakken",
    "Eikelia",
    "Lyngveien",
    "Bekkeveien",
    "Tunveien",
    "Myrvegen",
    "Storgata",
    "Parkveien",
    "Rognestien",
    "Lindealléen",
    "Høgdaveien",
    "Elvebakken",
    "Fjellveien",
    "Kløverveien",
    "Solsikkeveien",
    "Åsveien",
    "Tråkka",
    "Bringebærlia",
    "Jordbærstien",
    "Vestliveien",
    "Nordregata",
]
_OTHER_TOWNS = ("3012 Drammen", "3616 Kongsberg", "1384 Asker", "3050 Mjøndalen", "0565 Oslo", "3400 Lier")
_MAIL_DOMAINS = ("example.com", "example.net", "example.org")  # reserved domains: never a real mailbox


def _ascii(text: str) -> str:
    """``"Bjørn Sæther"`` → ``"bjorn saether"``: the Norwegian way of writing names in addresses."""
    text = text.lower()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("ł", "l"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch in " -."))


def _slug(*parts: str) -> str:
    return "-".join(_ascii(p).replace(" ", "-") for p in parts)


# --- the model of the school being generated -------------------------------------------------


@dataclass(eq=False)  # people are compared by identity
class _Person:
    sid: str
    role: str
    given: str
    family: str
    middle: str = ""
    sex: str = ""
    grade: int | None = None
    class_id: str = ""
    birth: str = ""
    sms: str = ""
    phone: str = ""
    email: str = ""
    username: str = ""
    address: str = ""
    agents: list[_Person] = field(default_factory=list)  # students <-> their guardians/relatives
    grades: str = ""


@dataclass
class _School:
    rng: random.Random
    classes: list[tuple[str, str, int]] = field(default_factory=list)  # (sid, title, grade)
    pupils: list[_Person] = field(default_factory=list)
    adults: list[_Person] = field(default_factory=list)  # guardians and relatives
    staff: list[_Person] = field(default_factory=list)
    enrollments: list[tuple[str, str, str, str, bool]] = field(default_factory=list)  # sid, class, user, role, primary
    used_numbers: set[str] = field(default_factory=lambda: set(_FIXED_PHONES))
    used_emails: set[str] = field(default_factory=set)
    used_usernames: set[str] = field(default_factory=set)
    used_addresses: set[str] = field(default_factory=set)
    free: dict[str, int] = field(default_factory=dict)  # class sid -> free places
    staff_names: set[tuple[str, str]] = field(default_factory=set)  # (given, family) of the staff so far

    # -- small generators
    def mobile(self) -> str:
        while True:
            first = self.rng.choice(("4", "9", "9", "9"))
            second = self.rng.choice("01678") if first == "4" else self.rng.choice("0123456789")
            number = "+47" + first + second + "".join(self.rng.choice("0123456789") for _ in range(6))
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def written(self, number: str) -> str:
        """How the school's system happens to hold the number: mixed formats, as in real exports."""
        national = number[3:]
        style = self.rng.random()
        if style < 0.7:
            return number
        if style < 0.9:
            return f"{national[:3]} {national[3:5]} {national[5:]}"
        return f"+47 {national[:3]} {national[3:5]} {national[5:]}"

    def address(self, town: str = _TOWN) -> str:
        while True:
            number = f"{self.rng.randint(1, 120)}{self.rng.choice(('', '', '', '', 'A', 'B'))}"
            address = f"{self.rng.choice(_STREETS)} {number}, {town}"
            if address not in self.used_addresses:
                self.used_addresses.add(address)
                return address

    def private_email(self, given: str, family: str) -> str:
        base = f"{_ascii(given).replace(' ', '')}.{_ascii(family).replace(' ', '')}"
        domain = self.rng.choice(_MAIL_DOMAINS)
        email, n = f"{base}@{domain}", 1
        while email in self.used_emails:
            n += 1
            email = f"{base}{n}@{domain}"
        self.used_emails.add(email)
        return email

    def pupil_username(self, given: str, family: str) -> str:
        base = (_ascii(given).replace(" ", "")[:3] + _ascii(family).replace(" ", "")[:3]).replace("-", "")
        while True:
            name = f"{base}{self.rng.randint(10, 99)}"
            if name not in self.used_usernames:
                self.used_usernames.add(name)
                return name

    def birth(self, grade: int) -> str:
        """Born the year the child turns 6 in the autumn it starts 1st grade: 2026/27 grade g → 2021 - g."""
        day = self.rng.randint(0, 364)
        return (dt.date(2021 - grade, 1, 1) + dt.timedelta(days=day)).isoformat()


# --- building the school -------------------------------------------------------------------------


def _build() -> _School:
    rng = random.Random(SEED)
    school = _School(rng=rng)
    for grade in range(1, 8):
        for letter in "AB":
            sid = f"c-{grade}{letter.lower()}"
            school.classes.append((sid, f"{grade}{letter}", grade))
            school.free[sid] = rng.randint(19, 23)
    _fixed_families(school)
    _random_families(school)
    _number_pupils_and_adults(school)
    _staff(school)
    return school


def _child(school: _School, sid: str, given: str, family: str, sex: str, class_id: str, middle: str = "") -> _Person:
    grade = int(class_id[2])
    school.free[class_id] -= 1
    pupil = _Person(
        sid=sid,
        role="student",
        given=given,
        family=family,
        middle=middle,
        sex=sex,
        grade=grade,
        class_id=class_id,
        birth=school.birth(grade),
        username=school.pupil_username(given, family),
    )
    school.pupils.append(pupil)
    return pupil


def _adult(
    school: _School,
    given: str,
    family: str,
    role: str,
    address: str,
    *,
    sid: str = "",
    sms: str | None = None,
    email: bool | None = None,
) -> _Person:
    rng = school.rng
    person = _Person(sid=sid, role=role, given=given, family=family, address=address)
    person.sms = sms if sms is not None else school.written(school.mobile())
    if rng.random() < 0.05:  # a work number besides the mobile
        person.phone = school.written(school.mobile())
    wants_email = email if email is not None else rng.random() < 0.55
    if wants_email:
        person.email = school.private_email(given, family)
    school.adults.append(person)
    return person


def _link(children: list[_Person], adults: list[_Person]) -> None:
    """agentSourcedIds both ways, as SIS exports do: the child lists its adults, each adult its children."""
    for child in children:
        for adult in adults:
            if adult not in child.agents:
                child.agents.append(adult)
            if child not in adult.agents:
                adult.agents.append(child)


def _fixed_adult(
    school: _School, given: str, family: str, role: str, address: str, *, sid: str, sms: str, email: bool
) -> _Person:
    """One of the fixed demo adults: their own sid and number, and no second (work) number."""
    adult = _adult(school, given, family, role, address, sid=sid, sms=sms, email=email)
    adult.phone = ""
    return adult


def _fixed_families(school: _School) -> None:
    """The families tests, the README and a demo session rely on (see the module docstring)."""
    _nordli_family(school)
    _lie_family(school)
    _two_boys_called_jonas(school)
    _rustad_family(school)


def _nordli_family(school: _School) -> None:
    """The Nordli family: Ola (5B) and Emma (2A), mother, father and a grandmother (relative)."""
    home = school.address()
    ola = _child(school, DEMO_STUDENT_OLA, "Ola", "Nordli", "male", DEMO_CLASS_5B)
    emma = _child(school, DEMO_STUDENT_EMMA, "Emma", "Nordli", "female", DEMO_CLASS_2A)
    hilde = _fixed_adult(
        school, "Hilde", "Nordli", "parent", home, sid=DEMO_GUARDIAN_ID, sms=DEMO_GUARDIAN_PHONE, email=True
    )
    per = _fixed_adult(
        school,
        "Per",
        "Nordli",
        "parent",
        home,
        sid=DEMO_SECOND_GUARDIAN_ID,
        sms=DEMO_SECOND_GUARDIAN_PHONE,
        email=False,
    )
    solveig = _fixed_adult(
        school,
        "Solveig",
        "Nordli",
        "relative",
        school.address(),
        sid=DEMO_RELATIVE_ID,
        sms=DEMO_RELATIVE_PHONE,
        email=False,
    )
    _link([ola, emma], [hilde, per, solveig])


def _lie_family(school: _School) -> None:
    """Nora Lie (5B): mother Silje Haugen (her only child at the school), father Thomas Lie elsewhere."""
    nora = _child(school, DEMO_STUDENT_NORA, "Nora", "Lie", "female", DEMO_CLASS_5B, middle="Haugen")
    silje = _fixed_adult(
        school,
        "Silje",
        "Haugen",
        "parent",
        school.address(),
        sid=DEMO_SINGLE_CHILD_GUARDIAN_ID,
        sms=DEMO_SINGLE_CHILD_GUARDIAN_PHONE,
        email=True,
    )
    thomas = _fixed_adult(
        school,
        "Thomas",
        "Lie",
        "parent",
        school.address(_OTHER_TOWNS[0]),
        sid=DEMO_SPLIT_GUARDIAN_ID,
        sms=DEMO_SPLIT_GUARDIAN_PHONE,
        email=False,
    )
    _link([nora], [silje, thomas])


def _two_boys_called_jonas(school: _School) -> None:
    """Two boys called Jonas in different families."""
    jonas_a = _child(school, DEMO_STUDENT_JONAS_3A, "Jonas", "Berg", "male", DEMO_CLASS_3A)
    home = school.address()
    _link(
        [jonas_a], [_adult(school, "Camilla", "Berg", "parent", home), _adult(school, "Espen", "Berg", "parent", home)]
    )
    jonas_b = _child(school, DEMO_STUDENT_JONAS_6B, "Jonas", "Haugland", "male", DEMO_CLASS_6B)
    sister = _child(school, "", "Frida", "Haugland", "female", "c-2b")
    home = school.address()
    _link(
        [jonas_b, sister],
        [_adult(school, "Ingvild", "Haugland", "parent", home), _adult(school, "Kjetil", "Moen", "parent", home)],
    )


def _rustad_family(school: _School) -> None:
    """The one guardian with no phone at all (e-mail only), with the child's father."""
    home = school.address()
    child = _child(school, "", "Selma", "Rustad", "female", "c-4a")
    bente = _fixed_adult(school, "Bente", "Rustad", "parent", home, sid=DEMO_NO_PHONE_GUARDIAN_ID, sms="", email=True)
    _link([child], [bente, _adult(school, "Vegard", "Rustad", "parent", home)])


def _pick_name(rng: random.Random, pool: tuple[str, ...], taken: set[str]) -> str:
    choices = [n for n in pool if n not in _RESERVED_PUPIL_NAMES and n not in taken]
    name = rng.choice(choices)
    taken.add(name)
    return name


@dataclass
class _Family:
    """One generated family while it is built: its origins, shape, names, home and adults."""

    grades: list[int]  # the grades of its children at this school
    origin: _Origin
    other: _Origin | None  # the mother's origin when one parent is Norwegian and the other not
    structure: str  # together, single, split or foster
    mother_family: str
    father_family: str
    child_family: str
    middle: str  # the children's middle name (the mother's family name) or ""
    same_name: bool  # the parents share a family name
    home: str
    same_sex: bool
    adults: list[_Person] = field(default_factory=list)

    @property
    def mother_origin(self) -> _Origin:
        return self.other or self.origin

    @property
    def father_origin(self) -> _Origin:
        return self.origin


@dataclass
class _Blending:
    """Fathers of split families who may turn up again with a new family (at most three times)."""

    fathers: list[_Person] = field(default_factory=list)
    count: int = 0


def _random_families(school: _School) -> None:
    """Families with one to three children at the school, until every class is full."""
    blending = _Blending()
    while sum(school.free.values()) > 0:
        family = _new_family(school)
        if family.structure == "foster":
            _foster_parents(school, family)
        else:
            _parents(school, family, blending)
        children = _children(school, family)
        _link(children, family.adults)
        _maybe_grandparent(school, family, children)


def _family_grades(school: _School) -> list[int]:
    """How many of the family's children go to this school, and in which grades (siblings span the grades)."""
    rng = school.rng
    r = rng.random()
    wanted = 1 if r < 0.76 else 2 if r < 0.96 else 3
    grades_free = sorted({int(c[2]) for c, n in school.free.items() if n > 0})
    return sorted(rng.sample(grades_free, min(wanted, len(grades_free))))


def _family_origins(rng: random.Random) -> tuple[_Origin, _Origin | None]:
    """The family's origin, and the mother's when one parent is Norwegian and the other not."""
    r = rng.random()
    if r < 0.78:
        return _NORWEGIAN, None
    origin = rng.choice(_OTHER_ORIGINS)
    if r < 0.84:
        return _NORWEGIAN, origin
    return origin, None


def _new_family(school: _School) -> _Family:
    """A family's children's grades, origins, shape, names and home, before any person is made."""
    rng = school.rng
    grades = _family_grades(school)
    origin, other = _family_origins(rng)
    r = rng.random()
    structure = "together" if r < 0.62 else "single" if r < 0.75 else "split" if r < 0.97 else "foster"
    mother_family = rng.choice((other or origin).families)
    father_family = rng.choice(origin.families)
    same_name = structure == "together" and other is None and rng.random() < 0.55
    if same_name:
        mother_family = father_family
    child_family = father_family if rng.random() < 0.6 else mother_family
    middle = mother_family if child_family != mother_family and rng.random() < 0.3 else ""
    home = school.address()
    same_sex = structure == "together" and rng.random() < 0.04
    return _Family(
        grades, origin, other, structure, mother_family, father_family, child_family, middle, same_name, home, same_sex
    )


def _foster_parents(school: _School, family: _Family) -> None:
    """One or two foster parents (guardians), who keep their own family name."""
    rng = school.rng
    foster_family = rng.choice(_NB_FAMILIES)
    family.adults.append(_adult(school, rng.choice(_NB_WOMEN), foster_family, "guardian", family.home))
    if rng.random() < 0.6:
        family.adults.append(_adult(school, rng.choice(_NB_MEN), foster_family, "guardian", family.home))


def _parents(school: _School, family: _Family, blending: _Blending) -> None:
    """The mother, and the father (or a second mother) unless she is single; a split father may blend later."""
    rng = school.rng
    role = "guardian" if rng.random() < 0.05 else "parent"
    reused = _blended_father(school, family, blending)
    family.adults.append(
        _adult(school, rng.choice(family.mother_origin.women), family.mother_family, role, family.home)
    )
    if reused is not None:
        family.adults.append(reused)
    elif family.structure in ("together", "split"):
        partner = _partner(school, family, role)
        family.adults.append(partner)
        if family.structure == "split":
            blending.fathers.append(partner)


def _blended_father(school: _School, family: _Family, blending: _Blending) -> _Person | None:
    """Now and then a father who split from an earlier partner, with children in his new family as well."""
    rng = school.rng
    candidates = [p for p in blending.fathers if p.family in family.father_origin.families]
    if not (family.structure == "together" and blending.count < 3 and candidates and rng.random() < 0.1):
        return None
    reused = candidates[rng.randrange(len(candidates))]
    blending.fathers.remove(reused)
    blending.count += 1
    family.home = reused.address
    family.father_family = reused.family
    if family.same_name:
        family.mother_family = family.father_family
    family.child_family = family.father_family if rng.random() < 0.6 else family.mother_family
    family.middle = ""
    family.same_sex = False
    return reused


def _partner(school: _School, family: _Family, role: str) -> _Person:
    """The mother's partner: at home when together, at another address when split."""
    rng = school.rng
    home = (
        family.home
        if family.structure == "together"
        else school.address(_TOWN if rng.random() < 0.6 else rng.choice(_OTHER_TOWNS))
    )
    if family.structure == "split" and family.father_family == family.mother_family:
        family.father_family = rng.choice([f for f in family.father_origin.families if f != family.mother_family])
        family.child_family = rng.choice((family.father_family, family.mother_family))
    if family.same_sex:
        return _adult(school, rng.choice(_NB_WOMEN), rng.choice(_NB_FAMILIES), role, home)
    return _adult(school, rng.choice(family.father_origin.men), family.father_family, role, home)


def _children(school: _School, family: _Family) -> list[_Person]:
    """The family's children, one in a class with a free place in each of its grades."""
    rng = school.rng
    taken: set[str] = set()
    origin = family.origin if family.other is None or rng.random() < 0.5 else family.other
    children: list[_Person] = []
    for grade in family.grades:
        classes = [c for c, _t, g in school.classes if g == grade and school.free[c] > 0]
        class_id = rng.choice(classes)
        sex = rng.choice(("male", "female"))
        given = _pick_name(rng, origin.boys if sex == "male" else origin.girls, taken)
        children.append(_child(school, "", given, family.child_family, sex, class_id, middle=family.middle))
    return children


def _maybe_grandparent(school: _School, family: _Family, children: list[_Person]) -> None:
    """A grandparent now and then, as a relative who may not act for the child."""
    rng = school.rng
    if family.origin is _NORWEGIAN and family.other is None and rng.random() < 0.03:
        sex = rng.choice(("male", "female"))
        given = rng.choice(_NB_GRANDFATHERS if sex == "male" else _NB_GRANDMOTHERS)
        family_name = rng.choice((family.father_family, family.mother_family))
        grandparent = _adult(school, given, family_name, "relative", school.address())
        _link(children, [grandparent])


def _number_pupils_and_adults(school: _School) -> None:
    rng = school.rng
    class_order = {sid: i for i, (sid, _, _) in enumerate(school.classes)}
    school.pupils.sort(key=lambda p: (class_order[p.class_id], _ascii(p.family), _ascii(p.given), p.sid))
    n = 0
    for pupil in school.pupils:
        if not pupil.sid:
            n += 1
            pupil.sid = f"s-{n:04d}"
    n = 0
    for adult in school.adults:
        if not adult.sid:
            n += 1
            adult.sid = f"g-{n:04d}"
    # A few guardians are registered with only `phone` (no `sms`).
    candidates = [a for a in school.adults if a.role in ("parent", "guardian") and a.sid.startswith("g-0") and a.sms]
    for adult in rng.sample(candidates, 4):
        adult.phone, adult.sms = adult.sms, ""
    for pupil in school.pupils:
        school.enrollments.append((f"e-{pupil.class_id[2:]}-{pupil.sid}", pupil.class_id, pupil.sid, "student", False))


_STAFF_FIXED = (
    # sid, given, family, role, sms (empty: a generated one)
    (DEMO_LEADER_ID, "Marianne", "Solheim", "administrator", DEMO_LEADER_PHONE),
    (DEMO_LEADER_2_ID, "Geir", "Aasen", "administrator", ""),
    ("t-linda-strand", "Linda", "Strand", "administrator", ""),
    (DEMO_OFFICE_ID, "Randi", "Moe", "aide", DEMO_OFFICE_PHONE),
    ("t-tor-eriksen", "Tor", "Eriksen", "aide", ""),
)
_SUBJECT_TEACHERS = (
    # subject, grades (None = a few classes picked at random), how many of those classes
    ("musikk", range(1, 8), None),
    ("kroppsøving", range(1, 5), None),
    ("kroppsøving", range(5, 8), None),
    ("engelsk", range(5, 8), None),
    ("kunst og håndverk", range(1, 5), None),
    ("kunst og håndverk", range(5, 8), None),
    ("mat og helse", range(5, 8), None),
    ("naturfag", range(5, 8), None),
    ("naturfag og samfunnsfag", range(3, 5), None),
    ("KRLE", range(5, 8), None),
    ("spesialpedagogikk", range(1, 8), 4),
    ("norsk som andrespråk", range(1, 8), 5),
    ("matematikk", range(6, 8), None),
    ("ressurslærer", range(1, 3), None),
    ("samfunnsfag", range(5, 8), None),
    ("engelsk", range(1, 5), 3),
)


def _staff(school: _School) -> None:
    """The leaders and the office, a contact teacher per class (some also in the parallel class), subject teachers."""
    for sid, given, family, role, sms in _STAFF_FIXED:
        _staff_member(school, sid, given, family, role, sms)
    contact = _contact_teachers(school)
    _parallel_classes(school, contact)
    _subject_teachers(school)


def _staff_member(school: _School, sid: str, given: str, family: str, role: str, sms: str = "") -> _Person:
    """A member of staff, with the school's UPN as username and e-mail (sid and number made up when empty)."""
    upn = f"{_ascii(given).replace(' ', '')}.{_ascii(family).replace(' ', '')}@{DEMO_DOMAIN}"
    person = _Person(
        sid=sid or f"t-{_slug(given, family)}",
        role=role,
        given=given,
        family=family,
        sms=sms or school.mobile(),
        email=upn,
        username=upn,
    )
    school.staff_names.add((given, family))
    school.staff.append(person)
    return person


def _new_staff_name(school: _School) -> tuple[str, str]:
    """A name no one on the staff has (nor a pupil's reserved first name); most teachers are Norwegian women."""
    rng = school.rng
    while True:
        origin = rng.choice(_OTHER_ORIGINS) if rng.random() < 0.1 else _NORWEGIAN
        women = rng.random() < 0.72  # most primary-school teachers are women
        given = rng.choice(origin.women if women else origin.men)
        family = rng.choice(origin.families)
        if given in _RESERVED_PUPIL_NAMES or (given, family) in school.staff_names:
            continue
        if any(p.sid == f"t-{_slug(given, family)}" for p in school.staff):
            continue
        return given, family


def _contact_teachers(school: _School) -> dict[str, _Person]:
    """One contact teacher per class (primary=true), by class sid; Kari Nordmann has 5B."""
    contact: dict[str, _Person] = {}
    for class_id, _title, grade in school.classes:
        if class_id == DEMO_CLASS_5B:
            teacher = _staff_member(school, DEMO_TEACHER_ID, "Kari", "Nordmann", "teacher", DEMO_TEACHER_PHONE)
        else:
            teacher = _staff_member(school, "", *_new_staff_name(school), "teacher")
        teacher.grades = f"{grade:02d}"
        contact[class_id] = teacher
        school.enrollments.append((f"e-{class_id[2:]}-{teacher.sid}", class_id, teacher.sid, "teacher", True))
    return contact


def _parallel_classes(school: _School, contact: dict[str, _Person]) -> None:
    """Some contact teachers also teach in the parallel class."""
    for class_id, _title, grade in school.classes:
        if school.rng.random() < 0.4:
            parallel = f"c-{grade}{'b' if class_id.endswith('a') else 'a'}"
            sid = contact[class_id].sid
            school.enrollments.append((f"e-{parallel[2:]}-{sid}", parallel, sid, "teacher", False))


def _subject_teachers(school: _School) -> None:
    """One teacher per entry of _SUBJECT_TEACHERS, in its grades' classes (or a few of them); Anders Lunde first."""
    order = [c for c, _t, _g in school.classes]
    for i, (_subject, grades, how_many) in enumerate(_SUBJECT_TEACHERS):
        if i == 0:
            teacher = _staff_member(school, DEMO_SUBJECT_TEACHER_ID, "Anders", "Lunde", "teacher")
        else:
            teacher = _staff_member(school, "", *_new_staff_name(school), "teacher")
        classes = [c for c, _t, g in school.classes if g in grades]
        if how_many is not None:
            classes = sorted(school.rng.sample(classes, how_many), key=order.index)
        teacher.grades = ",".join(sorted({f"{int(c[2]):02d}" for c in classes}))
        for class_id in classes:
            school.enrollments.append((f"e-{class_id[2:]}-{teacher.sid}", class_id, teacher.sid, "teacher", False))


# --- writing the bundle ----------------------------------------------------------------------------

_USER_COLUMNS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "enabledUser",
    "orgSourcedIds",
    "role",
    "username",
    "userIds",
    "givenName",
    "familyName",
    "middleName",
    "identifier",
    "email",
    "sms",
    "phone",
    "agentSourcedIds",
    "grades",
    "password",
    "metadata.address",
]
_DEMOGRAPHIC_COLUMNS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "birthDate",
    "sex",
    "americanIndianOrAlaskaNative",
    "asian",
    "blackOrAfricanAmerican",
    "nativeHawaiianOrOtherPacificIslander",
    "white",
    "demographicRaceTwoOrMoreRaces",
    "hispanicOrLatinoEthnicity",
    "countryOfBirthCode",
    "stateOfBirthAbbreviation",
    "cityOfBirth",
    "publicSchoolResidenceStatus",
]

_SESSIONS = (
    # sourcedId, title, type, start, end, parent, schoolYear
    ("as-2025-26", "Skoleåret 2025/26", "schoolYear", "2025-08-18", "2026-06-19", "", "2026"),
    ("as-2025-26-h", "Høsten 2025", "term", "2025-08-18", "2025-12-19", "as-2025-26", "2026"),
    ("as-2025-26-v", "Våren 2026", "term", "2026-01-05", "2026-06-19", "as-2025-26", "2026"),
    ("as-2026-27", "Skoleåret 2026/27", "schoolYear", "2026-08-17", "2027-06-18", "", "2027"),
    ("as-2026-27-h", "Høsten 2026", "term", "2026-08-17", "2026-12-18", "as-2026-27", "2027"),
    ("as-2026-27-v", "Våren 2027", "term", "2027-01-04", "2027-06-18", "as-2026-27", "2027"),
)

RESOURCES = (
    # sourcedId, name, kind, capacity, aliases
    ("r-musikkrom", "Musikkrommet", "musikkrom", 30, "musikkrommet|musikkrom|musikksalen"),
    ("r-moterom-1", "Møterom 1", "møterom", 8, "møterom 1|møterommet 1|lille møterom|det lille møterommet"),
    ("r-moterom-2", "Møterom 2", "møterom", 14, "møterom 2|møterommet 2|store møterom|det store møterommet"),
    ("r-grupperom-1", "Grupperom 1", "grupperom", 6, "grupperom 1|grupperommet 1"),
    ("r-grupperom-2", "Grupperom 2", "grupperom", 6, "grupperom 2|grupperommet 2"),
    ("r-grupperom-3", "Grupperom 3", "grupperom", 10, "grupperom 3|grupperommet 3|det store grupperommet"),
    ("r-gymsal", "Gymsalen", "gymsal", 60, "gymsalen|gymsal|gymmen|gym|idrettssalen"),
    (
        "r-skolekjokken",
        "Skolekjøkkenet",
        "skolekjøkken",
        16,
        "skolekjøkkenet|skolekjøkken|kjøkkenet|mat og helse-rommet",
    ),
    ("r-dataskap-1", "Dataskap 1 (30 PC-er)", "dataskap", 30, "pc-skap|pc-skapet|dataskapet|dataskap 1|pc-skap 1"),
    ("r-dataskap-2", "Dataskap 2 (16 PC-er)", "dataskap", 16, "dataskap 2|pc-skap 2|det lille dataskapet"),
    ("r-ipadskap-1", "iPadskap 1 (30 iPader)", "ipadskap", 30, "ipad-skapet|ipadskapet|ipadskap 1|ipad-skap 1"),
    ("r-ipadskap-2", "iPadskap 2 (15 iPader)", "ipadskap", 15, "ipadskap 2|ipad-skap 2|det lille ipadskapet"),
    (
        "r-kunst-og-handverk",
        "Kunst og håndverk-rommet",
        "kunst og håndverk",
        24,
        "kunst og håndverk-rommet|k&h-rommet|k&h|formingsrommet|sløydsalen",
    ),
)


_MANIFEST = (
    ("manifest.version", "1.0"),
    ("oneroster.version", "1.1"),
    ("file.academicSessions", "bulk"),
    ("file.categories", "absent"),
    ("file.classes", "bulk"),
    ("file.classResources", "absent"),
    ("file.courses", "bulk"),
    ("file.courseResources", "absent"),
    ("file.demographics", "bulk"),
    ("file.enrollments", "bulk"),
    ("file.lineItems", "absent"),
    ("file.orgs", "bulk"),
    ("file.resources", "absent"),  # our resources.csv is Skolebot's rooms, not OneRoster's
    ("file.results", "absent"),
    ("file.users", "bulk"),
    ("source.systemName", "Skolebot demo"),
    ("source.systemCode", "solbakken"),
)
_ORG_COLUMNS = ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"]
_SESSION_COLUMNS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "type",
    "startDate",
    "endDate",
    "parentSourcedId",
    "schoolYear",
]
_COURSE_COLUMNS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "schoolYearSourcedId",
    "title",
    "courseCode",
    "grades",
    "orgSourcedId",
    "subjects",
    "subjectCodes",
]
_CLASS_COLUMNS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "grades",
    "courseSourcedId",
    "classCode",
    "classType",
    "location",
    "schoolSourcedId",
    "termSourcedIds",
    "subjects",
    "subjectCodes",
    "periods",
]
_ENROLLMENT_COLUMNS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "classSourcedId",
    "schoolSourcedId",
    "userSourcedId",
    "role",
    "primary",
    "beginDate",
    "endDate",
]
_RESOURCE_COLUMNS = ["sourcedId", "name", "kind", "capacity", "aliases"]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _files(school: _School) -> dict[str, bytes]:
    """Every file of the bundle, by name."""
    return {
        "manifest.csv": _csv([["propertyName", "value"]] + [list(row) for row in _MANIFEST]),
        "orgs.csv": _csv(
            [_ORG_COLUMNS, [DEMO_SCHOOL_ID, "", _MODIFIED, DEMO_SCHOOL_NAME, "school", "NO975000001", ""]]
        ),
        "academicSessions.csv": _csv(
            [_SESSION_COLUMNS]
            + [
                [sid, "", _MODIFIED, title, kind, start, end, parent, year]
                for sid, title, kind, start, end, parent, year in _SESSIONS
            ]
        ),
        "courses.csv": _csv([_COURSE_COLUMNS] + [_course_row(g) for g in range(1, 8)]),
        "classes.csv": _csv([_CLASS_COLUMNS] + [_class_row(sid, title, grade) for sid, title, grade in school.classes]),
        "users.csv": _users_csv(school),
        "demographics.csv": _csv(
            [_DEMOGRAPHIC_COLUMNS]
            + [[p.sid, "", _MODIFIED, p.birth, p.sex] + [""] * (len(_DEMOGRAPHIC_COLUMNS) - 5) for p in school.pupils]
        ),
        "enrollments.csv": _csv(
            [_ENROLLMENT_COLUMNS]
            + [
                [
                    sid,
                    "",
                    _MODIFIED,
                    class_id,
                    DEMO_SCHOOL_ID,
                    user,
                    role,
                    "true" if primary else "false",
                    "2026-08-17",
                    "",
                ]
                for sid, class_id, user, role, primary in school.enrollments
            ]
        ),
        "resources.csv": _csv(
            [_RESOURCE_COLUMNS] + [[sid, name, kind, str(cap), aliases] for sid, name, kind, cap, aliases in RESOURCES]
        ),
    }


def _course_row(grade: int) -> list[str]:
    """The course of one grade in courses.csv."""
    return [
        f"course-{grade:02d}",
        "",
        _MODIFIED,
        "as-2026-27",
        f"{grade}. trinn",
        f"TRINN{grade}",
        f"{grade:02d}",
        DEMO_SCHOOL_ID,
        "",
        "",
    ]


def _class_row(sid: str, title: str, grade: int) -> list[str]:
    """One homeroom class in classes.csv, taught in both terms of 2026/27."""
    return [
        sid,
        "",
        _MODIFIED,
        title,
        f"{grade:02d}",
        f"course-{grade:02d}",
        title,
        "homeroom",
        f"Klasserom {title}",
        DEMO_SCHOOL_ID,
        "as-2026-27-h,as-2026-27-v",
        "",
        "",
        "",
    ]


def _users_csv(school: _School) -> bytes:
    """users.csv: the staff, then the pupils, then the adults (the fixed ones first)."""
    adults = sorted(school.adults, key=lambda a: (a.sid.startswith("g-0"), a.sid))
    people = [*school.staff, *school.pupils, *adults]
    return _csv([_USER_COLUMNS] + [_user_row(p) for p in people])


def _user_row(p: _Person) -> list[str]:
    """One person in users.csv; guardians and relatives are not enabled users (no SIS login)."""
    agents = ",".join(a.sid for a in p.agents)
    grades = f"{p.grade:02d}" if p.grade else p.grades
    return [
        p.sid,
        "",
        _MODIFIED,
        "true" if p.role not in ("parent", "guardian", "relative") else "false",
        DEMO_SCHOOL_ID,
        p.role,
        p.username,
        "",
        p.given,
        p.family,
        p.middle,
        "",
        p.email,
        p.sms,
        p.phone,
        agents,
        grades,
        "",
        p.address,
    ]


def write_demo_bundle(directory: Path) -> Path:
    """Write the demo school's OneRoster bundle into ``directory`` (created if needed); returns it."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in _files(_build()).items():
        (directory / name).write_bytes(data)
    return directory


async def load_demo(db: Database, workdir: Path | None = None) -> ImportSummary:
    """Fill ``db`` with the demo school through the normal importer (idempotent).

    The bundle is written to ``workdir`` when given (kept there, to look at), else to a
    temporary directory that is removed afterwards.
    """
    # The demo school's switchboard, so replies show a number to call (SKOLEBOT_SCHOOL_PHONE wins over it).
    await ContactStore(db).set_school_phone(DEMO_SCHOOL_PHONE, replace=False)
    if workdir is not None:
        summary = await import_roster(db, write_demo_bundle(Path(workdir)))
    else:
        with tempfile.TemporaryDirectory(prefix="skolebot-demo-") as tmp:
            summary = await import_roster(db, write_demo_bundle(Path(tmp)))
    # The principal's PIN for "VARSEL <PIN> …" by SMS, so the demo can show it; a PIN changed since is kept.
    broadcasts = Broadcasts(db)
    if not await broadcasts.has_pin(DEMO_LEADER_ID):
        await broadcasts.set_pin(DEMO_LEADER_ID, DEMO_LEADER_PIN)
    return summary
