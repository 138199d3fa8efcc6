"""Foundations that import nothing above them: config, database, security, errors, limits, breaker, shared state."""
