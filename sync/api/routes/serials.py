"""Serial history and the warranty check (wired to the rules modules once they exist)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["serials and warranty"])
