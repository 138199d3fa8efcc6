"""Accounts: sign-in, creating users within one's authority, and the first admin."""
