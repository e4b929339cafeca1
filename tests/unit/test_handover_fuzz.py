"""Fuzzing the handover import (issue 19): every generated attachment imports or is refused cleanly.

Documents are made by mutating a valid one (``handover_documents.VALID``): a value anywhere is
replaced by a hostile or random JSON value, a key is dropped, or an unknown key is added. Each is
serialised as another writer might (ASCII escapes, so lone surrogates survive; NaN allowed) and
goes through :func:`parse_attachment`, the same check the import command and the GUI run before
they touch a database. Accepted documents are then imported, all into one database.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.db import Database
from desktop.errors import UserError
from desktop.services.minutes.handover import HandoverError, parse_attachment
from desktop.services.minutes.handover_import import import_document
from tests.unit.handover_documents import VALID, to_bytes

HOSTILE: list[Any] = [
    None, True, False, 0, -1, 1.5, 10**20, -(10**30), 1e308, float("inf"), float("nan"),
    "", " ", "abc", "../../x", "..", "/etc/passwd", "C:\\x", "\ud800", "a\udfffb", "\x00", "\x1b[2J",
    "x" * 41, "y" * 201, "z" * 200_001, "m1", "m2", "m999", "m-1", "2026-13-45", "2026-02-30",
    "0000-01-01", "2026-11-25T25:61:00", "9999-12-31T23:59:59", "2026-11-25T09:00:00+01:00",
    "user", "other", "given", "specialist", "🏠", "Áile Čđŋšŧž", "\u202e", [], {}, [[[]]], {"a": {"b": {}}},
]  # fmt: skip

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50)
    | st.sampled_from(HOSTILE)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in the document: the keys of objects and the indexes of arrays."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


ALL_PATHS = [p for p in _paths(VALID) if p]


@st.composite
def mutated_documents(draw: st.DrawFn) -> bytes:
    doc: Any = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = doc
        try:
            for step in path[:-1]:
                parent = parent[step]
            operation = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
            if operation == "replace":
                parent[path[-1]] = draw(JSON_VALUES)
            elif operation == "drop":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=10))] = draw(JSON_VALUES)
            elif isinstance(parent, list):
                parent.append(draw(JSON_VALUES))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation already changed the shape above this place
    if draw(st.integers(min_value=0, max_value=19)) == 0:  # now and then: damaged bytes
        raw = to_bytes(doc)
        cut = draw(st.integers(min_value=0, max_value=len(raw)))
        return raw[:cut] + draw(st.binary(max_size=8)) + raw[cut:]
    return to_bytes(doc)


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database.open(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    yield db
    db.dispose()


OUTCOMES: dict[str, int] = {"imported": 0, "refused": 0}


@settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,  # the same 1 000 documents on every run and machine
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    database=None,
)
@given(raw=mutated_documents())
def test_every_generated_attachment_imports_or_is_refused_cleanly(fuzz_db: Database, raw: bytes) -> None:
    try:
        document = parse_attachment(raw)
    except HandoverError as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) < 300, message
        assert "Traceback" not in message and "\ud800" not in message
        OUTCOMES["refused"] += 1
        return
    try:
        result = import_document(fuzz_db, document)
    except UserError as exc:  # refused at import time: must still be a clean, translated line
        assert str(exc) and "\n" not in str(exc)
        OUTCOMES["refused"] += 1
        return
    assert result.case_id > 0 and result.reference
    OUTCOMES["imported"] += 1


def test_the_fuzzing_reached_both_outcomes() -> None:
    """Runs after the fuzz test (file order): a generator that only ever refuses proves little."""
    if sum(OUTCOMES.values()) < 1000:
        pytest.skip("run together with the fuzz test")
    assert OUTCOMES["imported"] >= 50 and OUTCOMES["refused"] >= 200, OUTCOMES


def test_the_fuzz_database_is_still_consistent(fuzz_db: Database, tmp_path: Path) -> None:
    from sqlalchemy import text

    with fuzz_db.session() as session:
        assert session.exec(text("PRAGMA integrity_check")).one()[0] == "ok"  # type: ignore[call-overload]
        assert session.exec(text("PRAGMA foreign_key_check")).all() == []  # type: ignore[call-overload]
