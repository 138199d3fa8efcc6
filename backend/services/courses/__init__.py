"""Courses: sections, enrollment, assignments, attempts and their status, progress, the gradebook and exports."""
