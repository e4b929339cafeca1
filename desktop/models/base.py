"""Column helpers shared by the tables.

Enums are stored as their lowercase value in a plain VARCHAR (``native_enum=False`` and no CHECK
constraint), so adding a member later needs no table rebuild and raw SQL reads naturally.
Datetimes are naive local wall-clock time: meetings happen at a place, in Norway, on paper.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from pydantic import ConfigDict
from sqlmodel import Field, SQLModel

from desktop import clock


class Table(SQLModel):
    """The base of every table.

    Rows are read and written through SQLAlchemy, which never asks pydantic to validate them, so
    pydantic builds a table's validator and serializer when one is first needed (``model_dump``)
    instead of for all tables at import (``defer_build``): every process that touches the database
    imports all of them.
    """

    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]  # SQLModelConfig is a ConfigDict


def enum_field(
    enum_cls: type[StrEnum], default: Any = ..., *, nullable: bool = False, index: bool = False
) -> Any:
    """A column holding a StrEnum by value."""
    sa_type = sa.Enum(
        enum_cls,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        create_constraint=False,
        length=32,
        validate_strings=True,
    )
    return Field(default=default, sa_type=sa_type, nullable=nullable, index=index)


def text_field(default: str = "", *, nullable: bool = False) -> Any:
    """Unbounded text (notes can be 100 000 characters)."""
    return Field(default=default, sa_type=sa.Text, nullable=nullable)


def now() -> datetime:
    return clock.now()
