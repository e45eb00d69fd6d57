"""The technician app's application layer: no Flet here.

The only code that opens the store, builds the API client, runs the sync runner, signs
in and out, and turns domain answers into what view-models show. Every method that may
block (disk, HTTP) is meant to be called off the UI's event loop.
"""

from fieldapp.application.account import (
    Account,
    FileTokenVault,
    MemoryTokenVault,
    TokenVault,
)
from fieldapp.application.device import Device, SignOutRefused
from fieldapp.application.sign_in import SignInFailed
from fieldapp.application.sync_summary import Delivery, SyncState, SyncSummary, summarise
from fieldapp.sync_client import StatusListener

__all__ = [
    "Account",
    "Delivery",
    "Device",
    "FileTokenVault",
    "MemoryTokenVault",
    "SignInFailed",
    "SignOutRefused",
    "StatusListener",
    "SyncState",
    "SyncSummary",
    "TokenVault",
    "summarise",
]
