"""Personas: who may read or manage a client, edits, archiving, and the prompt preview teachers see."""
