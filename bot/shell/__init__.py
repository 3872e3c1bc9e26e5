"""`pillar shell`: the whole bot in a terminal, with the local Slack stand-in.

Type ``/pillar …`` as any person, press buttons with ``:click``, fill forms with
``:submit``, move the clock with ``:advance``. No Slack account needed.
"""

DEFAULT_DATABASE = "sqlite:///pillar-shell.db"
DEFAULT_LOG = "pillar-shell.log"
