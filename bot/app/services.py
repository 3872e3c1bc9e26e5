"""What every listener needs, built once per process."""

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from bot.settings import Settings
from schedules.clock import Clock


@dataclass(frozen=True)
class Services:
    settings: Settings
    engine: Engine
    clock: Clock
