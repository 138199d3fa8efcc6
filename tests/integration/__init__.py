"""Tests over real HTTP against the API as its own process, each on SQLite and on PostgreSQL."""
