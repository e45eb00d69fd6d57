"""Settings, database, security, errors and request guards shared by every route."""
