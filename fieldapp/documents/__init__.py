"""Documents made from a job sheet, offline, on the phone and by the service alike.

No Flet and no network: the phone calls these off the event loop, the service from its
routes. ``job_sheet_pdf`` is the job sheet (维修卡) as a PDF.
"""

from fieldapp.documents.job_sheet_pdf import PDF_CONTENT_TYPE, job_sheet_pdf

__all__ = ["PDF_CONTENT_TYPE", "job_sheet_pdf"]
