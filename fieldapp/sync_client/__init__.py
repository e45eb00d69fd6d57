"""The phone's side of the sync protocol: push what the offline store queued, pull what changed.

Build one :class:`SyncRunner` per signed-in session::

    api = ApiClient(server_url, requests.Session(), token=token)
    runner = SyncRunner(SyncEngine(api, store, device_id=device_id))
    runner.board.subscribe(on_status)   # called on the sync thread: see ``status``
    runner.start()                      # syncs now, then periodically
    runner.sync_now()                   # after a sign-off, or "Sync now"
    runner.check_now()                  # the app resumed or the network changed

Errors (``errors``) say what the caller should do; :class:`FunctionAdapter` lets tests run
the client against a plain function instead of a server. Modules, by concept: ``http``
(requests, timeouts, compression, reply checks), ``uploads``, ``push``, ``pull``,
``engine`` (one round), ``runner`` (the thread that runs rounds and checks), ``timetable``
(when: rounds, checks that the service answers), ``status``, ``backoff``, ``batching``,
``transport``. See ``docs/sync-client.md``.
"""

from fieldapp.sync_client.backoff import Backoff
from fieldapp.sync_client.engine import SyncEngine
from fieldapp.sync_client.errors import (
    BadResponse,
    NetworkError,
    RequestRefused,
    RetryableError,
    ServerBusy,
    SignInRequired,
    SyncError,
)
from fieldapp.sync_client.http import ApiClient, Traffic
from fieldapp.sync_client.round import Limits, RoundReport
from fieldapp.sync_client.runner import AttemptResult, SyncRunner
from fieldapp.sync_client.status import StatusBoard, StatusListener, SyncStatus, outbox_counts
from fieldapp.sync_client.timetable import Checks
from fieldapp.sync_client.transport import FunctionAdapter, Handler, reply, session_for

__all__ = [
    "ApiClient",
    "AttemptResult",
    "Backoff",
    "BadResponse",
    "Checks",
    "FunctionAdapter",
    "Handler",
    "Limits",
    "NetworkError",
    "RequestRefused",
    "RetryableError",
    "RoundReport",
    "ServerBusy",
    "SignInRequired",
    "StatusBoard",
    "StatusListener",
    "SyncEngine",
    "SyncError",
    "SyncRunner",
    "SyncStatus",
    "Traffic",
    "outbox_counts",
    "reply",
    "session_for",
]
