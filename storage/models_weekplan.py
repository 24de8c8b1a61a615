"""Week plans (ukeplaner): one row per published version, for a class or for a whole grade.

A plan is text as the teacher wrote it, an uploaded file (PDF, Word) kept in the database, or
both. Publishing again adds a version; older versions stay. The scope column ("class:<id>" or
"grade:<n>") makes one unique key for both kinds of plan, and a check keeps it honest.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.model_base import Base, utc_now

MAX_FILE_BYTES = 10 * 1024 * 1024


class WeekPlan(Base):
    """One version of the week plan of a class (class_id) or of a grade (grade) for one ISO week."""

    __tablename__ = "weekplans"
    __table_args__ = (
        UniqueConstraint("scope", "iso_year", "iso_week", "version", name="uq_weekplans_scope_week_version"),
        CheckConstraint(
            "(class_id IS NOT NULL AND grade IS NULL AND scope = 'class:' || class_id)"
            " OR (class_id IS NULL AND grade IS NOT NULL AND scope = 'grade:' || CAST(grade AS VARCHAR(8)))",
            name="scope_matches",
        ),
        CheckConstraint("iso_week BETWEEN 1 AND 53", name="iso_week_range"),
        CheckConstraint("iso_year BETWEEN 2000 AND 2999", name="iso_year_range"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("body IS NOT NULL OR file_data IS NOT NULL", name="has_content"),
        CheckConstraint(
            "(file_data IS NULL AND file_name IS NULL AND file_type IS NULL AND file_size IS NULL)"
            " OR (file_data IS NOT NULL AND file_name IS NOT NULL AND file_type IS NOT NULL"
            f" AND file_size = length(file_data) AND file_size BETWEEN 1 AND {MAX_FILE_BYTES})",
            name="file_complete",
        ),
        Index("ix_weekplans_scope_week", "scope", "iso_year", "iso_week"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(270))
    class_id: Mapped[str | None] = mapped_column(ForeignKey("classes.sourced_id"), index=True)
    grade: Mapped[int | None] = mapped_column(Integer, index=True)
    iso_year: Mapped[int] = mapped_column(Integer)
    iso_week: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(127))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # loaded only for downloads
    published_by: Mapped[str | None] = mapped_column(ForeignKey("people.sourced_id"))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
