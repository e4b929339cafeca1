"""Alembic environment. The app passes its Engine in ``config.attributes``; developers run
``alembic -x db=dev.db upgrade head`` from the project root."""

from alembic import context
from sqlmodel import SQLModel

import desktop.models  # noqa: F401
from desktop.db import make_engine
from desktop.services.search_schema import include_object  # ignore the FTS5 tables

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    from pathlib import Path

    engine = make_engine(Path(context.get_x_argument(as_dictionary=True)["db"]))

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
