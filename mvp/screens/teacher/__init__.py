"""The teacher app's pages: clients, editor, prompt preview, test chat, conversations, students."""
