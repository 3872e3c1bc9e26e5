"""`pillar shell --demo` in a real terminal (tmux): typed at, read off the screen."""

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
TMUX = shutil.which("tmux")
WAIT_SECONDS = 30.0
SESSION = "shell"


class Terminal:
    """A detached tmux session on a private server, 200 by 50."""

    def __init__(self, tmux: str, socket: str) -> None:
        self._tmux = [tmux, "-u", "-L", socket]

    def tmux(self, *arguments: str) -> str:
        done = subprocess.run(
            [*self._tmux, *arguments], capture_output=True, text=True, check=True, timeout=10
        )
        return done.stdout

    def start(self, command: list[str]) -> None:
        """Run ``command``; when it ends, ``exit status N`` is printed and the pane stays."""
        line = f'{shlex.join(command)}; echo "exit status $?"'
        self.tmux("new-session", "-d", "-s", SESSION, "-x", "200", "-y", "50", line)
        self.tmux("set-option", "-t", SESSION, "remain-on-exit", "on")

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", SESSION, "-l", text)
        self.tmux("send-keys", "-t", SESSION, "Enter")

    def screen(self) -> str:
        """Everything printed so far, scrollback included, wrapped lines joined."""
        # The unused rows below the output come back as blank lines: drop them.
        return self.tmux("capture-pane", "-p", "-J", "-t", SESSION, "-S", "-").rstrip()

    def wait_for(self, text: str, *, after: int = 0) -> str:
        """Wait until ``text`` shows up past the first ``after`` characters of the screen."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen[after:]:
                return screen
            time.sleep(0.1)
        pytest.fail(f"{text!r} did not appear within {WAIT_SECONDS}s; the screen:\n{self.screen()}")


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    if TMUX is None:
        pytest.skip("tmux is not installed; this test types into a real terminal through tmux")
    socket = f"pillar-shell-test-{uuid.uuid4().hex[:12]}"
    yield Terminal(TMUX, socket)
    subprocess.run([TMUX, "-L", socket, "kill-server"], capture_output=True, timeout=10)


def test_the_demo_owner_updates_a_task_in_a_terminal(terminal: Terminal, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'e2e.db'}"
    pillar = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]
    terminal.start(
        [
            "env", f"PYTHONPATH={ROOT}", "LANG=C.UTF-8",
            *pillar, "shell", "--demo", "--database", database, "--log", str(tmp_path / "log"),
        ]
    )  # fmt: skip
    screen = terminal.wait_for("@maria>")
    assert "You are @maria (Maria Schmidt, admin, Europe/Berlin)." in screen

    terminal.type(":as @lena")
    screen = terminal.wait_for("@lena>")
    terminal.type("/pillar mine")
    screen = terminal.wait_for("Your open tasks (2)", after=len(screen))
    assert "T-1 Launch the partner referral programme" in screen

    terminal.type("/pillar update T-1 at-risk 40% waiting on vendor")
    screen = terminal.wait_for("Progress recorded for T-1", after=len(screen))
    update = screen[screen.rindex("/pillar update T-1") :]
    assert "pillar → you, only you can see this" in update
    assert "Progress recorded for T-1 Launch the partner referral programme" in update
    assert "40%" in update
    assert "> waiting on vendor" in update

    terminal.type(":quit")
    screen = terminal.wait_for("exit status", after=len(screen))
    assert "Bye.\nexit status 0" in screen
