"""The hourly tidy, on the leading replica: rows that have served their purpose go."""

import dataclasses
import logging
from datetime import datetime

from sqlalchemy.engine import Engine

from storage.db import session_scope
from storage.tidy import Tidied, tidy

log = logging.getLogger(__name__)


def tidy_once(*, engine: Engine, now: datetime) -> Tidied:
    """Delete, in one transaction, what is no longer needed at ``now`` (aware)."""
    with session_scope(engine) as session:
        tidied = tidy(session=session, now=now)
    gone = {kind: count for kind, count in dataclasses.asdict(tidied).items() if count}
    if gone:
        log.info("tidied %s", gone)
    return tidied
