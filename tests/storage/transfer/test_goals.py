from storage.transfer.goals import check_goals, collect_goals, parents_of
from storage.transfer.rows import Owner, PlanRow
from storage.transfer.snapshot import KnownGoal


def row(line: int, goal: str, parent: str | None = None) -> PlanRow:
    return PlanRow(
        line=line,
        goal=goal,
        parent_goal=parent,
        title=f"task {line}",
        how="",
        owner=Owner(slack_user_id="U012ABC"),
        team=None,
        start=None,
        due=None,
        metric=None,
        target=None,
        unit=None,
        budget=None,
    )


def known(goal_id: int, title: str, parent_id: int | None = None) -> KnownGoal:
    return KnownGoal(id=goal_id, number=goal_id, title=title, parent_id=parent_id, budget=None)


def reasons(rows: list[PlanRow], existing: tuple[KnownGoal, ...] = ()) -> list[tuple[int, str]]:
    goals, problems = collect_goals(rows)
    problems += check_goals(goals, known=existing, parents_stated=True)
    return [(problem.line, problem.reason) for problem in problems]


def test_goals_in_order_with_their_stated_parent() -> None:
    goals, problems = collect_goals([row(2, "B"), row(3, "A"), row(4, "B", "A"), row(5, "B")])
    assert problems == []
    assert [(g.title, g.line, g.parent, g.parent_line) for g in goals.values()] == [
        ("B", 2, "A", 4),
        ("A", 3, None, None),
    ]


def test_one_goal_two_parents() -> None:
    assert reasons([row(2, "A"), row(3, "B"), row(4, "C", "A"), row(5, "C", "B")]) == [
        (5, "goal 'C' has parent 'A' on line 4, not 'B': a goal has one parent")
    ]


def test_one_goal_two_spellings() -> None:
    assert reasons([row(2, "Grow revenue"), row(3, "grow  Revenue")]) == [
        (
            3,
            "goal 'grow  Revenue' is spelled 'Grow revenue' on line 2: "
            "spell one goal the same way on every row",
        )
    ]


def test_a_near_miss_of_an_existing_goal() -> None:
    assert reasons([row(2, "grow revenue")], (known(1, "Grow revenue"),)) == [
        (
            2,
            "goal 'grow revenue' differs only in case or spacing from G-1 'Grow revenue': "
            "spell it 'Grow revenue' to add to that goal",
        )
    ]


def test_parents_must_exist_in_the_file_or_the_plan() -> None:
    assert reasons([row(2, "A", "Company")], (known(1, "company"),)) == [
        (2, "'Company' is neither a goal in this file nor in the plan: did you mean 'company'?")
    ]
    assert reasons([row(2, "A", "Nowhere")]) == [
        (
            2,
            "'Nowhere' is neither a goal in this file nor in the plan: "
            "add a row for it or create it first",
        )
    ]
    assert reasons([row(2, "A", "Company")], (known(1, "Company"),)) == []


def test_cycles_in_the_file() -> None:
    problems = reasons([row(2, "A", "B"), row(3, "B", "C"), row(4, "C", "A"), row(5, "D", "A")])
    assert [line for line, _ in problems] == [2, 3, 4]
    assert problems[0][1] == "'A' → 'B' → 'C' → 'A' is a cycle: a goal cannot be its own ancestor"


def test_a_cycle_through_the_plan() -> None:
    # The plan has B under A; the file puts A under B.
    existing = (known(1, "A"), known(2, "B", parent_id=1))
    assert [line for line, _ in reasons([row(2, "A", "B")], existing)] == [2]


def test_parents_after_the_import() -> None:
    existing = (known(1, "A"), known(2, "B", parent_id=1), known(3, "C", parent_id=1))
    goals, _ = collect_goals([row(2, "B"), row(3, "D", "C")])
    assert parents_of(goals, known=existing, parents_stated=True) == {
        "A": None,
        "B": None,
        "C": "A",
        "D": "C",
    }
    assert parents_of(goals, known=existing, parents_stated=False)["B"] == "A"
