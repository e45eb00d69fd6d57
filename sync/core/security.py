"""Passwords (Argon2) and bearer tokens (signed, expiring).

A token is ``fa1.<payload>.<signature>``: the payload names the user, the device and the
expiry; the signature is an HMAC-SHA256 with the service's secret key. Tokens are checked
without a database lookup for the token itself, but every request still loads the user, so
disabling an account takes effect at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs as long as a wrong
# password and response times do not tell which usernames exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
_PREFIX = "fa1"


def hash_password(password: str) -> str:
    """The Argon2id hash to store for ``password``."""
    return _hasher.hash(password)


def verify_password(password: str, stored_hash: str | None) -> bool:
    """Whether ``password`` matches ``stored_hash`` (always spends the hashing time)."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class TokenClaims:
    """What a valid token says."""

    user_id: int
    device_id: str
    expires_at: datetime
    issued_at: datetime  # the epoch for tokens issued before tokens carried it


def issue_token(
    *,
    secret: str,
    user_id: int,
    device_id: str,
    expires_at: datetime,
    issued_at: datetime | None = None,
) -> str:
    """A bearer token for ``user_id`` on ``device_id``, valid until ``expires_at``."""
    issued = issued_at or datetime.now(UTC)
    payload = {
        "u": user_id,
        "d": device_id,
        "exp": int(expires_at.timestamp()),
        "iat": int(issued.timestamp() * 1000),  # milliseconds: revocation compares with it
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    return f"{_PREFIX}.{body}.{_sign(secret, body)}"


def read_token(token: str, *, secret: str, now: datetime) -> TokenClaims | None:
    """The claims of ``token`` if its signature is ours and it has not expired, else None."""
    # Tokens we issue are ASCII; a header may carry any Latin-1 character, and compare_digest
    # raises TypeError for str with non-ASCII characters instead of answering "no match".
    parts = token.split(".")
    if not token.isascii() or len(parts) != 3 or parts[0] != _PREFIX:
        return None
    _, body, signature = parts
    if not hmac.compare_digest(signature, _sign(secret, body)):
        return None
    try:
        payload = json.loads(_unb64(body))
        claims = TokenClaims(
            user_id=int(payload["u"]),
            device_id=str(payload["d"]),
            expires_at=datetime.fromtimestamp(int(payload["exp"]), UTC),
            issued_at=datetime.fromtimestamp(int(payload.get("iat", 0)) / 1000, UTC),
        )
    except (ValueError, KeyError, TypeError, OverflowError, OSError):
        return None
    return claims if claims.expires_at > now else None


def _sign(secret: str, body: str) -> str:
    digest = hmac.new(secret.encode(), f"{_PREFIX}.{body}".encode(), hashlib.sha256).digest()
    return _b64(digest)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
