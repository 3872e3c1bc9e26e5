"""Alembic environment: the engine comes from the caller (``storage.schema``)."""

from alembic import context

from storage.schema import SCHEMA

target_metadata = SCHEMA


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


run_migrations_online()
