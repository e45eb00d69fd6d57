"""The HTTP API: dependencies (``deps``) and one router per resource (``routes``)."""
