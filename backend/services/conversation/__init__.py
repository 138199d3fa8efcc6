"""The conversation: sessions, the turn (accept, reply, store), streaming, history, the requests to the model and
fallbacks (the prompt itself comes from services/prompting)."""
