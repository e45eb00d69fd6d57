"""The back office's application layer (no Flet): what supervisors and clerks do, over HTTP.

One module per concept: ``client`` (requests, token, errors in words), ``session`` (sign-in,
roles and their places), ``reviews`` (queue, sheet, decisions, PDF), ``sheet_view`` (a sheet
section by section), ``work_orders``, ``follow_ups``, ``complaints``, ``loaners``,
``centre_units``, ``dashboard``. Every function blocks: the view-models call them with
``asyncio.to_thread``. Failures are :mod:`fieldapp.office.errors` with bilingual messages.
"""
