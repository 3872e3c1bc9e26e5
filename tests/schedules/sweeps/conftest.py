"""People, a plan and a goal, as the storage tests have them."""

from tests.storage.crud.conftest import alice, bob, goal, plan

__all__ = ["alice", "bob", "goal", "plan"]
