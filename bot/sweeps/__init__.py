"""The sweeps' bot side: render what the schedules found owed, and put it in the outbox."""

from bot.sweeps.render import Outgoing, render_owed
from bot.sweeps.run import SweepReport, run_sweeps_once, sweep_options

__all__ = ["Outgoing", "SweepReport", "render_owed", "run_sweeps_once", "sweep_options"]
