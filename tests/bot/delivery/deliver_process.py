"""A deliverer process for tests: sends a database's outbox to a stand-in until nothing is
left to send (exit 0), or until its deadline (exit 1), unless it is killed first.

python -m tests.bot.delivery.deliver_process DATABASE_URL API_URL TOKEN [options]
"""

import argparse
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from bot.delivery import Deliverer, DeliveryWorkers, delivery_client, single_workspace
from storage.db import make_engine
from tests.bot.delivery.live import ROOT, WallClock, all_settled, fast_config


def start(
    *,
    database_url: str,
    api_url: str,
    token: str,
    log: Path,
    threads: int = 1,
    lease: float = 30.0,
    lease_margin: float = 5.0,
    timeout: int = 5,
    deadline: float = 120.0,
) -> subprocess.Popen[str]:
    """Start this module in a new process with this repository's code, logging to ``log``."""
    arguments = [
        database_url, api_url, token,
        f"--threads={threads}", f"--lease={lease}", f"--lease-margin={lease_margin}",
        f"--timeout={timeout}", f"--deadline={deadline}",
    ]  # fmt: skip
    with log.open("w") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.bot.delivery.deliver_process", *arguments],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )


def tail(path: Path, characters: int = 3000) -> str:
    """The end of a process's log, for an assertion message."""
    return path.read_text(errors="replace")[-characters:]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="deliver_process")
    parser.add_argument("database_url")
    parser.add_argument("api_url")
    parser.add_argument("token")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--lease", type=float, default=30.0)
    parser.add_argument("--lease-margin", type=float, default=5.0)
    parser.add_argument("--timeout", type=int, default=5)
    parser.add_argument("--deadline", type=float, default=120.0)
    args = parser.parse_args(argv)
    engine = make_engine(args.database_url)
    config = fast_config(
        lease=timedelta(seconds=args.lease), lease_margin=timedelta(seconds=args.lease_margin)
    )
    client = delivery_client(token=args.token, base_url=args.api_url, timeout=args.timeout)

    def make() -> Deliverer:
        return Deliverer(
            engine=engine, clients=single_workspace(client), clock=WallClock(), config=config
        )

    workers = DeliveryWorkers(make=make, count=args.threads)
    workers.start()
    give_up = time.monotonic() + args.deadline
    while not all_settled(engine):
        if time.monotonic() > give_up:
            print(f"outbox not settled after {args.deadline}s", file=sys.stderr)
            return 1
        time.sleep(0.1)
    workers.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
