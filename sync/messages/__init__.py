"""Messages to the customer at each turn of the job: made in the outbox, sent by a worker.

- :mod:`sync.messages.events` makes a job's message in the same transaction as the change
  that causes it (called by the places that assign, sync a sheet, move a centre unit);
- :mod:`sync.messages.templates` holds the texts the company can edit (versioned);
- :mod:`sync.messages.senders` delivers one message (a file and the log, or a webhook);
- :mod:`sync.messages.worker` sends what is queued, with retries and backoff.

:func:`configure` gives them the service's settings (the link's secret and address, the
centre's time zone); the service calls it when it starts.
"""

from sync.messages.events import configure

__all__ = ["configure"]
