"""The error body: every refusal is a 4xx (503 when busy) with the same JSON shape.

``{"detail": {"code", "message": {"zh", "en"}, "problems"?}}``; ``problems`` is present only
for validation errors and names each field with what to fix.

A client retries only network errors, 5xx and 429; the code tells it what else to do (e.g.
``idempotency_key_reused``: send the same items again under a new key).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from fieldapp.domain.text import Text
from fieldapp.domain.validation import FieldProblem


class ErrorCode(StrEnum):
    """What went wrong; the HTTP status of each is in its comment."""

    BAD_REQUEST = "bad_request"  # 400: undecodable body, NaN, NUL, too deeply nested, ...
    HASH_MISMATCH = "hash_mismatch"  # 400: the bytes do not match the SHA-256 named
    UNAUTHENTICATED = "unauthenticated"  # 401: missing, bad or expired token
    FORBIDDEN = "forbidden"  # 403: not allowed for this role or device
    NOT_FOUND = "not_found"  # 404: does not exist, or not yours to see
    METHOD_NOT_ALLOWED = "method_not_allowed"  # 405
    CONFLICT = "conflict"  # 409: conflicts with the current state
    STALE_DECISION = "stale_decision"  # 409: a review of a version since replaced
    ALREADY_REVIEWED = "already_reviewed"  # 409: someone decided on this version first
    NOT_SUBMITTED = "not_submitted"  # 409: the sheet is not signed and submitted yet
    BAD_STATE_CHANGE = "bad_state_change"  # 409: a unit cannot move to that state
    ATTACHMENTS_MISSING = "attachments_missing"  # 409: names files not uploaded yet
    TOO_LARGE = "too_large"  # 413
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"  # 415
    VALIDATION_ERROR = "validation_error"  # 422: ``problems`` names the fields
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"  # 422: the key was used for another batch
    TOO_MANY_ATTEMPTS = "too_many_attempts"  # 429: see Retry-After
    INTERNAL_ERROR = "internal_error"  # 500: a bug on the server; retried
    BUSY = "busy"  # 503: the database was momentarily unavailable; see Retry-After


class ErrorDetail(BaseModel):
    """The code, the message in both languages and, for validation errors, the fields."""

    code: ErrorCode
    message: Text
    problems: list[FieldProblem] | None = None


class ErrorReply(BaseModel):
    """The body of every error reply."""

    detail: ErrorDetail
