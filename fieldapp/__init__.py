"""fieldapp: the on-site after-sales service app for technicians.

Packages, by responsibility:

- ``fieldapp.domain``  the domain core: models and service rules; no I/O, no UI.
- ``fieldapp.store``  the offline store on the phone.
- ``fieldapp.sync_client``  the phone's side of the sync protocol.
- ``fieldapp.protocol``  the wire shapes of the sync protocol, shared by phone and service.
- ``fieldapp.reference``  the current reference data: the newer of what the service published
  and the files bundled in ``fieldapp/data/reference/`` (inside the package, so a packaged app
  finds them).
- ``fieldapp.application``  the technician app's application layer (no Flet): sign-in,
  the store, the sync runner, what the screens show.
- ``fieldapp.documents``  the job sheet as a PDF (维修卡), made on the phone and by the service.
- ``fieldapp.media``  photos downscaled before they are stored; the signature PNG from strokes.
- ``fieldapp.ui``  the Flet screens, view-models, theme and translations.
- ``fieldapp.cli``  the ``fieldapp`` console command.

The central queue service lives in the top-level ``sync`` package.
"""

__version__ = "0.1.0"
