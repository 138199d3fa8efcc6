"""The craft of interviewing as rules: how a student's line is coded (MITI) and how a client's trust moves."""
