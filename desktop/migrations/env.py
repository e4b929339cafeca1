"""Alembic environment. The app passes its Engine in ``config.attributes``; developers run
``alembic -x db=dev.db upgrade head`` from the project root."""

from alembic import context
from sqlalchemy import Connection, event
from sqlmodel import SQLModel

from desktop.db import make_engine
from desktop.models import load_all
from desktop.services.search_schema import include_object  # ignore the FTS5 tables


def _begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


load_all()
config = context.config
engine = config.attributes.get("engine")
if engine is None:
    from pathlib import Path

    engine = make_engine(Path(context.get_x_argument(as_dictionary=True)["db"]))

with engine.connect() as connection:
    # A batch migration rebuilds a table (copy, DROP, rename). With foreign keys on, SQLite's DROP
    # TABLE deletes the rows first and the ON DELETE CASCADE rules would empty every child table.
    # The pragma only takes effect outside a transaction, so it is set before the migration begins
    # and restored before the pooled connection goes back to the application.
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()  # end the transaction SQLAlchemy began for the pragma (nothing to commit)
    # Python's sqlite3 module never opens a transaction before DDL, so by default every CREATE and
    # ALTER commits on its own and a crash half-way leaves a half-migrated file. In autocommit
    # mode with an explicit BEGIN the whole upgrade is one transaction: all of it or nothing.
    raw = connection.connection.driver_connection
    assert raw is not None  # an open DB-API connection
    raw.isolation_level = None
    event.listen(connection, "begin", _begin)
    try:
        context.configure(
            connection=connection,
            target_metadata=SQLModel.metadata,
            render_as_batch=True,
            include_object=include_object,
            # Alembic assumes SQLite cannot roll back DDL and would commit after every revision; with
            # the explicit BEGIN above it can, so an upgrade over several revisions is one transaction.
            transactional_ddl=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if violations:
                raise RuntimeError(f"migration left {len(violations)} rows with broken foreign keys")
        connection.commit()
    finally:
        event.remove(connection, "begin", _begin)
        raw.isolation_level = ""
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
