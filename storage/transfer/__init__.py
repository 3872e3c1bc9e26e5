"""Plan import and export as CSV, one row per task.

Import checks every row before writing anything and then writes in one transaction;
export writes the same columns, so exporting and re-importing changes nothing.
"""

from storage.transfer.changes import Counts, ImportCounts
from storage.transfer.columns import COLUMNS, REQUIRED, Column
from storage.transfer.exporter import ExportResult, export_plan
from storage.transfer.importer import IMPORT_ACTION, ImportProgress, ImportResult, import_plan
from storage.transfer.problems import ImportRejected, RowProblem
from storage.transfer.scope import NoPlan, NoWorkspace, PlanChoice, SeveralWorkspaces

__all__ = [
    "COLUMNS",
    "IMPORT_ACTION",
    "REQUIRED",
    "Column",
    "Counts",
    "ExportResult",
    "ImportCounts",
    "ImportProgress",
    "ImportRejected",
    "ImportResult",
    "NoPlan",
    "NoWorkspace",
    "PlanChoice",
    "RowProblem",
    "SeveralWorkspaces",
    "export_plan",
    "import_plan",
]
