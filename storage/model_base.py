"""The declarative base every table module builds on, and the column helpers they share.

Table modules (storage.models, storage.models_*) import from here and never from each other, so
the model modules form no import cycle. storage.models imports every table module, so importing
it registers all tables on ``Base.metadata``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, MetaData, Table
from sqlalchemy.orm import DeclarativeBase

from storage.domain import sql_in

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base: one metadata, with the constraint naming convention the migrations use."""

    metadata = MetaData(naming_convention=NAMING)


def utc_now() -> dt.datetime:
    """The current time, aware and in UTC: the default of every timestamp column."""
    return dt.datetime.now(dt.UTC)


def table_of(model: type[Base]) -> Table:
    """The Table a model is declared on (SQLAlchemy types ``__table__`` as any FromClause)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to one table")
    return table


def known(column: str, vocabulary: type[StrEnum]) -> CheckConstraint:
    """The CHECK that `column` holds one of `vocabulary`'s values (or NULL), named ck_<table>_<column>_known."""
    return CheckConstraint(
        sql_in(column, vocabulary), name=f"{column}_known", info={"column": column, "vocabulary": vocabulary}
    )
