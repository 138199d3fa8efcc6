"""The conversation: sessions, the turn (accept, reply, store), streaming, history, the prompt and fallbacks."""
