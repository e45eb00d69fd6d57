"""The central queue service: where technicians' job sheets land and where supervisors and
clerks work.

Laid out by responsibility, like FastAPI's full-stack template:

- ``core``        settings, database, security (passwords, tokens), errors, request guards, logs;
- ``models``      the database tables (``*Row``) and the API shapes of each entity;
- ``crud``        plain functions that read and change the tables (keyword-only arguments);
- ``api``         dependencies (``deps``) and one router per resource (``routes``);
- ``migrations``  the Alembic schema migrations, run when the service starts;
- ``main``        ``create_app``; ``commands``: ``fieldapp serve``, ``demo`` and ``user``.

The service is the ``server`` extra of the package; the phone app never imports it.
"""
