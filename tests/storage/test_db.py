"""The engine: a failed statement's error does not carry the values it was given."""

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from storage.models import ProcessedEvent
from tests.conftest import NOW

WRITTEN = "the Zanzibar permit is stuck"


def test_a_failed_statement_does_not_show_its_values(engine: Engine) -> None:
    row = {"event_id": "Ev1", "workspace_id": WRITTEN[:20], "received_at": NOW}
    insert = sa.insert(ProcessedEvent).values(**row)
    with engine.begin() as connection:
        connection.execute(insert)
    with pytest.raises(sa.exc.IntegrityError) as failure, engine.begin() as connection:
        connection.execute(insert)
    assert "INSERT INTO processed_event" in str(failure.value)
    assert WRITTEN[:20] not in str(failure.value)
