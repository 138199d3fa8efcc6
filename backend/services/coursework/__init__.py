"""A student's coursework: who may see a section and its assignments, an assignment's rules and a student's standing,
and claiming the next attempt. Below courses (which manages sections) and conversation (which starts attempts)."""
