import pytest

from benchmarks import suite
from benchmarks.startup import START_TIMEOUT_SECONDS
from benchmarks.targets import TARGETS, Verdict


def test_only_picks_benchmarks_in_suite_order() -> None:
    arguments = suite.parse_arguments(["--only", " P4 , p1,p4", "--quick"])
    assert arguments.only == ("p1", "p4")
    assert arguments.quick
    assert arguments.postgres is None


def test_by_default_every_benchmark_runs_at_full_size_on_sqlite_only() -> None:
    arguments = suite.parse_arguments([])
    assert arguments.only == ("p1", "p2", "p3", "p4")
    assert not arguments.quick
    assert arguments.postgres is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--only", "p1,p9"], "unknown benchmark p9: choose from p1, p2, p3, p4"),
        (["--only", ","], "no benchmark named: choose from p1, p2, p3, p4"),
        (["--postgres", "sqlite:///x.db"], "expected a PostgreSQL URL"),
    ],
)
def test_bad_arguments_are_refused_in_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        suite.parse_arguments(argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_quick_fanout_is_judged_on_its_figures() -> None:
    result = suite.run_suite(suite.parse_arguments(["--only", "p2", "--quick"]))
    assert result.failures == 0
    [verdict] = result.verdicts
    assert (verdict.benchmark, verdict.backend) == ("P2 fan-out", "SQLite")
    assert verdict.measured.endswith("of the limit, 0 lost, 0 duplicated")
    assert verdict.value is not None
    assert 0 < verdict.value <= 1.2  # a share of the limit; the stand-in enforces it
    assert verdict.met is not None


def test_a_benchmark_that_cannot_run_is_reported_and_the_rest_go_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuses(argv: list[str], backend: str) -> list[Verdict]:
        raise SystemExit("--database takes a PostgreSQL URL")

    broken = suite.Benchmark(key="p3", title="P3 team digest", quick="", measure=refuses)
    assert suite.run_one(broken, argv=[], backend="SQLite") is None
    err = capsys.readouterr().err
    assert "--database takes a PostgreSQL URL" in err
    assert "P3 team digest on SQLite could not run" in err


@pytest.mark.slow
def test_quick_startup_measures_real_starts_of_pillar_run() -> None:
    result = suite.run_suite(suite.parse_arguments(["--only", "p4", "--quick"]))
    assert result.failures == 0
    assert [v.benchmark for v in result.verdicts] == [
        "P4 start-up, PILLAR_SCHEDULER=off",
        "P4 start-up, PILLAR_SCHEDULER=on",
    ]
    for verdict in result.verdicts:
        assert verdict.backend == "SQLite"
        assert verdict.target == TARGETS["p4"]
        assert verdict.value is not None
        assert 0 < verdict.value < START_TIMEOUT_SECONDS
        assert verdict.met is not None
        assert "1 run)" in verdict.measured
