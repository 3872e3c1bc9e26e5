"""The facts of a digest: counted and cut in the database, a fixed number of statements."""

from storage.reports.digest.facts import LIST_HEAD, OWNER_REFS, DigestFacts, OwnerLoad
from storage.reports.digest.fetch import fetch_digest_facts
from storage.reports.digest.green import BEHIND_MARGIN, UNCHANGED_PERIODS

__all__ = [
    "BEHIND_MARGIN",
    "LIST_HEAD",
    "OWNER_REFS",
    "UNCHANGED_PERIODS",
    "DigestFacts",
    "OwnerLoad",
    "fetch_digest_facts",
]
