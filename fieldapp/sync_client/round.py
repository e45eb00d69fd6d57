"""What one sync round may put into a request, and what it did."""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldapp.domain.text import Text


@dataclass
class Limits:
    """How much goes into one request, and how often a round confirms late files."""

    sheets_per_push: int = 200
    push_bytes: int = 1_000_000  # before compression
    attachment_batch_bytes: int = 4 * 1024 * 1024
    attachments_per_batch: int = 200  # the server's limit of files per request
    hashes_per_check: int = 2000
    pull_page: int = 500
    # After a push reply listed missing files: how many times a round uploads them and
    # pushes the sheet again before leaving it pending for the next round.
    completion_passes: int = 2


@dataclass
class RoundReport:
    """What one round did, for logs, tests and the benchmark."""

    pushed: int = 0
    rejected: int = 0
    attachments_uploaded: int = 0
    changes_applied: int = 0
    # Sheets the server took without all their files yet: still pending on the phone.
    incomplete: set[str] = field(default_factory=set)
    problems: list[Text] = field(default_factory=list)
