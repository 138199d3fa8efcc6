"""The logic, one package per domain; each owns its rules and its queries, and flushes (never commits)."""
