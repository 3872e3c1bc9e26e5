"""A local stand-in for Slack: a fake Web API server and a driver that plays Slack.

End-to-end tests, benchmarks and ``pillar shell`` use it to run the real app with real
HTTP and real signatures, without a Slack workspace.
"""

from bot.standin.browser import InstallBrowser, Installed
from bot.standin.driver import SlackDriver
from bot.standin.faults import Fault, FaultInjector, FaultKind
from bot.standin.grants import OAuthApp
from bot.standin.limits import RateLimiter
from bot.standin.models import FakeChannel, FakeFile, FakeUser, ResponsePost
from bot.standin.recorder import RecordedCall
from bot.standin.server import SlackStandIn
from bot.standin.state import Workspace
from bot.standin.transport import AppResponse, SignedSender

__all__ = [
    "AppResponse",
    "FakeChannel",
    "FakeFile",
    "FakeUser",
    "Fault",
    "FaultInjector",
    "FaultKind",
    "InstallBrowser",
    "Installed",
    "OAuthApp",
    "RateLimiter",
    "RecordedCall",
    "ResponsePost",
    "SignedSender",
    "SlackDriver",
    "SlackStandIn",
    "Workspace",
]
