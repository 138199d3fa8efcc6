"""Service functions called directly on a real database (SQLite and PostgreSQL), each test rolled back after it."""
