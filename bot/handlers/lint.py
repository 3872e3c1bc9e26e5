"""Plan health (`/pillar lint`) and its threshold (`/pillar lint set`)."""

from collections.abc import Mapping

from bot.commands import Lint, SetLintRules
from bot.handlers.context import HandlerContext
from bot.handlers.replies import Reply, say
from bot.handlers.reports import active_plan_target, facts_for
from bot.people.roles import require_admin
from bot.people.sync import ensure_workspace
from bot.reports.lint import LINT_KEY, lint_plan, lint_rules
from bot.views.lint import render_lint
from storage.crud import record_change
from storage.models import Workspace


def lint(_command: Lint, context: HandlerContext) -> Reply:
    target = active_plan_target(context)
    workspace = context.session.get(Workspace, context.workspace_id)
    rules = lint_rules(workspace.settings if workspace is not None else None)
    findings = lint_plan(facts_for(context, target), today=context.today, rules=rules)
    return render_lint(plan_name=target.plan.name, findings=findings)


def set_lint_rules(command: SetLintRules, context: HandlerContext) -> Reply:
    require_admin(context.actor, action="change what plan health flags")
    workspace = ensure_workspace(session=context.session, services=context.services,
                                 workspace_id=context.workspace_id)  # fmt: skip
    stored = workspace.settings.get(LINT_KEY)
    before = dict(stored) if isinstance(stored, Mapping) else {}
    after = {**before, "max_open_tasks": command.max_open_tasks}
    workspace.settings = {**workspace.settings, LINT_KEY: after}  # a new dict: JSON is saved
    context.session.add(workspace)
    record_change(
        session=context.session, workspace_id=context.workspace_id,
        actor=context.actor.slack_user_id, action="lint.set", entity="workspace",
        entity_id=None, changes={LINT_KEY: [before, after]}, now=context.now,
    )  # fmt: skip
    return say(
        f":white_check_mark: `/pillar lint` now flags owners with more than "
        f"{command.max_open_tasks} open tasks."
    )
