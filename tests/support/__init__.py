"""Test support shared by the tests and the benches: what a test needs to act out a visit,
a phone and a service — never shipped to phones (it lives under ``tests/``, which no package
build includes).

Modules, by concept:

- ``times``: the sample visit day and Shanghai times;
- ``visits``: whole visits as domain records (a work order, a charged visit, a drawn
  signature, the sheet signed) for the job sheet documents and media tests and benches;
- ``sheets``: the one job-sheet builder (:func:`~tests.support.sheets.job_sheet`), and the
  photo and signature files a sheet references;
- ``orders``: a work order as the phone receives it;
- ``service``: a real ``fieldapp serve`` on a free port over a throwaway SQLite or PostgreSQL
  database, the standard cast of accounts, an HTTP client signed in as one of them;
- ``api``: what the office and the phones do through the API (record and assign a call,
  push sheets, upload files, pull everything);
- ``phone``: the simulated phone — a real store on disk and the real sync client;
- ``faults``: the fault-injecting transport and the mid-request server restart.

Tests import it as ``tests.support`` (pytest puts the repository root on ``sys.path``);
the benches are run as modules from the repository root (``python -m bench.<name>``), so the
same import works there.
"""
