"""The full-text search tables (SQLite FTS5) that live beside the SQLModel tables.

They are created by the Alembic revision ``0002_search`` with raw SQL, not by the models, so:

* ``include_object`` tells Alembic (autogenerate and the models-versus-migrations test) to ignore
  them and their shadow tables; ``desktop/migrations/env.py`` passes it to ``context.configure``.
* A batch migration (``op.batch_alter_table``) on ``note``, ``decision`` or ``task`` rebuilds the
  table and SQLite drops its triggers with it. Such a revision must end with
  ``recreate_triggers(op.execute)``; ``tests/migrations/test_search_schema.py`` fails otherwise.

This module is plain Python with no imports from the application, so ``env.py`` can use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Tokenizer: Unicode case folding (Æ/æ, Á/á), but no diacritic folding, since å, ø and the Sami
#: letters are letters of their own in Norwegian ("får" is not "far", "før" is not "for").
TOKENIZER = "unicode61 remove_diacritics 0"

#: FTS table -> (content table, indexed columns).
FTS_SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "note_fts": ("note", ("text",)),
    "decision_fts": ("decision", ("text",)),
    "task_fts": ("task", ("text", "outcome")),
}
FTS_TABLES: tuple[str, ...] = tuple(FTS_SOURCES)
_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


def is_search_table(name: str | None) -> bool:
    """True for an FTS table or one of the shadow tables FTS5 keeps for it."""
    if not name:
        return False
    return name in FTS_TABLES or any(name == t + s for t in FTS_TABLES for s in _SHADOW_SUFFIXES)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic hook: leave the FTS tables (and their shadow tables) out of model comparisons."""
    if type_ == "table" and is_search_table(name):
        return False
    table = getattr(obj, "table", None)
    return not (type_ in ("index", "column") and table is not None and is_search_table(table.name))


def trigger_names() -> list[str]:
    return [f"{fts}_{suffix}" for fts in FTS_TABLES for suffix in ("ai", "ad", "au")]


def create_table_sql() -> list[str]:
    statements = []
    for fts, (source, columns) in FTS_SOURCES.items():
        cols = ", ".join(columns)
        statements.append(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
            f"{cols}, content='{source}', content_rowid='id', tokenize='{TOKENIZER}')"
        )
    return statements


def create_trigger_sql() -> list[str]:
    """External-content FTS5 kept in sync by triggers (the pattern from the FTS5 documentation)."""
    statements = []
    for fts, (source, columns) in FTS_SOURCES.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        src = f'"{source}"'
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {src} BEGIN "
            f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {src} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {cols} ON {src} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        ]
    return statements


def drop_trigger_sql() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names()]


def drop_sql() -> list[str]:
    return drop_trigger_sql() + [f"DROP TABLE IF EXISTS {fts}" for fts in FTS_TABLES]


def rebuild_sql() -> list[str]:
    """Re-read every row of the content tables into the indexes (after a bulk load or a repair)."""
    return [f"INSERT INTO {fts}({fts}) VALUES ('rebuild')" for fts in FTS_TABLES]


def drop_triggers(execute: Callable[[str], Any]) -> None:
    """Stop indexing row by row (before a bulk load; :func:`rebuild_index` and
    :func:`recreate_triggers` afterwards)."""
    for statement in drop_trigger_sql():
        execute(statement)


def rebuild_index(execute: Callable[[str], Any]) -> None:
    """Index every row of the content tables again (after a bulk load)."""
    for statement in rebuild_sql():
        execute(statement)


def recreate_triggers(execute: Callable[[str], Any]) -> None:
    """Call at the end of any migration that rebuilt ``note``, ``decision`` or ``task``."""
    for statement in create_trigger_sql():
        execute(statement)
