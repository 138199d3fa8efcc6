"""What the platform spends: the LLM ledger and error log, cost alerts and caps, and the admin's reports."""
