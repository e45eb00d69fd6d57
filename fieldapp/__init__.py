"""fieldapp: the on-site after-sales service app for technicians.

Packages, by responsibility:

- ``fieldapp.domain``  the domain core: models and service rules; no I/O, no UI.
- ``fieldapp.reference``  loads the versioned reference data files from
  ``fieldapp/data/reference/`` (inside the package, so a packaged app finds them).
- ``fieldapp.protocol``  the wire shapes of the sync protocol, shared by phone and service.
- ``fieldapp.cli``  the ``fieldapp`` console command.

The central queue service lives in the top-level ``sync`` package.
"""

__version__ = "0.1.0"
