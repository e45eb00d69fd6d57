"""``GET /health``: whether the service is up and reaches its database (no sign-in needed).

The phone asks it to find out cheaply whether the service answers (the sync runner's
check); the back office and the benches use it as the lightest request there is.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Health(BaseModel):
    """``ok`` when the database answers; the service replies ``503`` with ``degraded``."""

    status: Literal["ok", "degraded"]
    database: Literal["ok", "unavailable"]
    version: str
