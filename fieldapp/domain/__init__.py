"""The domain core: models and service rules shared by the phone app and the central service.

Nothing here does I/O or imports Flet, the store, the sync client or server libraries.
Modules, by concept:

- ``text``, ``validation``: bilingual messages and field-level validation errors;
- ``work_order``, ``job_sheet``: what the business records;
- ``display``, ``signed_summary``: coded values in words; what the customer signs, in words;
- ``reference``: shapes of the versioned reference data (checklists, catalogue, prices);
- ``serial``: the serial number scheme;
- ``signing``: the content hash of what the customer signed;
- ``visit``: the day of a visit, in the service centre's time zone;
- the service rules: ``warranty``, ``serial_check``, ``replacement``, ``service_levels``,
  ``completion``, ``order_status`` (which way a work order's status may move).
"""
