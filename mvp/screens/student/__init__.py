"""The student app's pages: practice clients, the conversation, and past transcripts."""
