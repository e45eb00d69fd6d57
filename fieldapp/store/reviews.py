"""Review results (审批) pulled from the server, kept on the sheet's own record.

A supervisor approves a pushed sheet or returns it with a comment. The result arrives in
a pull (``review_result`` change) and is stored in the ``reviews`` table of the sheet's
TinyDB file; applying the same result twice changes nothing. Its shape is the protocol's
:class:`~fieldapp.protocol.review.ReviewResult` (one definition for phone and service).
"""

from __future__ import annotations

from fieldapp.protocol.review import ReviewDecision, ReviewResult


def latest_review(reviews: list[ReviewResult]) -> ReviewResult | None:
    """The review that stands: the highest revision, then the most recent decision."""
    if not reviews:
        return None
    return max(reviews, key=lambda r: (r.revision, r.reviewed_at))


def same_review(stored: ReviewResult, pulled: ReviewResult) -> bool:
    """Whether ``pulled`` is a review already stored (one stored before the service sent
    the reviewed ``version`` is the same review when everything else agrees)."""
    if stored.version is None:
        stored = stored.model_copy(update={"version": pulled.version})
    return stored == pulled


__all__ = ["ReviewDecision", "ReviewResult", "latest_review", "same_review"]
