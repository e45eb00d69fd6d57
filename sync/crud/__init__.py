"""Plain functions that read and change the tables, one module per entity.

Every function takes the session and its arguments by keyword, raises
:class:`sync.core.errors.ApiError` for refusals, and never commits: the route commits once,
so a request is one transaction.
"""

from sync.crud import changes  # noqa: F401  (installs the change-log commit hook)
