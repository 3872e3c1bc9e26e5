"""An HTTP load generator: N clients, one keep-alive connection each.

Closed loop (no ``rate``): every client sends its next request as soon as the previous
answer is read, so ``concurrency`` requests are in flight at all times and the latency
grows with whatever the server cannot keep up with. Paced (``rate`` per second): request
i is due at ``i / rate`` seconds from the start, sent by the next free client, and its
latency counts from when it was due, so a server that falls behind is not flattered by
requests that simply were not sent (coordinated omission).

Run it in its own process so that the clients do not share an interpreter lock with the
server they measure.
"""

import queue
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException

# One request: its body and headers (the signature is computed before the run).
Request = tuple[bytes, dict[str, str]]
CLIENT_TIMEOUT_SECONDS = 30.0
# The schedule of a paced run starts this long after every client has connected.
PACED_START_DELAY_SECONDS = 0.05


@dataclass(frozen=True)
class Sample:
    seconds: float
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class Run:
    """The samples of one run, in completion order, and its wall-clock duration."""

    samples: tuple[Sample, ...]
    elapsed: float

    @property
    def failures(self) -> list[Sample]:
        return [s for s in self.samples if not s.ok]


@dataclass(frozen=True)
class Summary:
    requests: int
    failures: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    per_second: float


def summarize(runs: Sequence[Run]) -> Summary:
    """Percentiles over every sample of ``runs``; throughput over their summed durations."""
    seconds = sorted(s.seconds for run in runs for s in run.samples)
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return Summary(
        requests=len(seconds),
        failures=sum(len(run.failures) for run in runs),
        p50_ms=cuts[49] * 1000,
        p95_ms=cuts[94] * 1000,
        p99_ms=cuts[98] * 1000,
        max_ms=seconds[-1] * 1000,
        per_second=len(seconds) / sum(run.elapsed for run in runs),
    )


def _post(connection: HTTPConnection, *, path: str, request: Request) -> tuple[int, bytes]:
    body, headers = request
    connection.request("POST", path, body=body, headers=headers)
    answer = connection.getresponse()
    return answer.status, answer.read()


def _client(
    *,
    host: str,
    port: int,
    path: str,
    jobs: "queue.SimpleQueue[tuple[float | None, Request]]",
    expect: bytes,
    start: threading.Barrier,
    origin: list[float],
    samples: list[Sample],
) -> None:
    connection = HTTPConnection(host, port, timeout=CLIENT_TIMEOUT_SECONDS)
    connection.connect()
    start.wait()
    while True:
        try:
            offset, request = jobs.get_nowait()
        except queue.Empty:
            break
        if offset is None:
            started = time.perf_counter()
        else:
            started = origin[0] + offset  # when it was due
            time.sleep(max(0.0, started - time.perf_counter()))
        try:
            status, body = _post(connection, path=path, request=request)
        except (OSError, HTTPException) as error:
            connection.close()  # the next request reconnects
            status, body = 0, repr(error).encode()
        seconds = time.perf_counter() - started
        ok = status == 200 and expect in body
        detail = "" if ok else f"HTTP {status}: {body[:300]!r}"
        samples.append(Sample(seconds=seconds, ok=ok, detail=detail))  # list.append is atomic
    connection.close()


def run_load(
    *,
    host: str,
    port: int,
    path: str,
    requests: Sequence[Request],
    concurrency: int,
    expect: bytes,
    rate: float | None = None,
) -> Run:
    """Send ``requests`` with ``concurrency`` clients, closed loop or paced at ``rate`` per
    second; an answer is good when it is HTTP 200 and contains ``expect``."""
    jobs: queue.SimpleQueue[tuple[float | None, Request]] = queue.SimpleQueue()
    for number, request in enumerate(requests):
        jobs.put((None if rate is None else number / rate, request))
    origin: list[float] = []  # set once every client has connected
    start = threading.Barrier(concurrency + 1)
    samples: list[Sample] = []
    clients = [
        threading.Thread(
            target=_client,
            kwargs={
                "host": host,
                "port": port,
                "path": path,
                "jobs": jobs,
                "expect": expect,
                "start": start,
                "origin": origin,
                "samples": samples,
            },
            daemon=True,
        )
        for _ in range(concurrency)
    ]
    for client in clients:
        client.start()
    origin.append(time.perf_counter() + PACED_START_DELAY_SECONDS)
    start.wait()
    began = time.perf_counter() if rate is None else origin[0]
    for client in clients:
        client.join()
    return Run(samples=tuple(samples), elapsed=time.perf_counter() - began)
