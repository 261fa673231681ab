"""Alembic environment: migrations run on the connection the store hands over.

(:func:`components.board.engine.upgrade` opens it.)
"""

from alembic import context

from components.board.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
