"""Fast tests of one module at a time, no server process."""
