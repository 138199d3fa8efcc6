"""Courses: sections, enrollment, assignments, progress, the gradebook and exports (who may see what, an
assignment's rules and claiming an attempt live in services/coursework)."""
