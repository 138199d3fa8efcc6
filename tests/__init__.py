"""The test suite: unit, integration (a real server on SQLite and PostgreSQL) and e2e (a real browser)."""
