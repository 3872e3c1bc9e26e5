"""Which function handles which command."""

from collections.abc import Callable
from typing import Any

from bot import commands as c
from bot.handlers import cadence, lint, ownership, personal, planning, progress, reports
from bot.handlers.context import HandlerContext
from bot.handlers.replies import Reply

Handler = Callable[[Any, HandlerContext], Reply]

HANDLERS: dict[type, Handler] = {
    c.Help: personal.show_help,
    c.Mine: personal.mine,
    c.SetAway: personal.set_away,
    c.UpdateTask: progress.update_task,
    c.MarkDone: progress.mark_done,
    c.RaiseBlocker: progress.raise_blocker,
    c.OpenUpdateForm: progress.open_update_form,
    c.AddTask: ownership.add_task,
    c.AssignTask: ownership.assign_task,
    c.SetDueDate: ownership.set_due_date,
    c.DropTask: ownership.drop_task,
    c.AcceptTask: ownership.accept_task,
    c.DeclineTask: ownership.decline_task,
    c.AddPlan: planning.add_plan,
    c.ListPlans: planning.list_plans,
    c.ActivatePlan: planning.activate_plan,
    c.AddGoal: planning.add_goal,
    c.AddTeam: planning.add_team,
    c.ListTeams: planning.list_teams,
    c.AddReview: planning.add_review,
    c.ListReviews: planning.list_reviews,
    c.ShowStatus: reports.show_status,
    c.PostDigest: reports.post_digest,
    c.PostPlan: reports.post_plan,
    c.Lint: lint.lint,
    c.SetLintRules: lint.set_lint_rules,
    c.ShowCadence: cadence.show_cadence,
    c.SetCadence: cadence.set_cadence,
    c.ResetCadence: cadence.reset_cadence,
}


def handler_for(command: c.Command) -> Handler:
    return HANDLERS[type(command)]
