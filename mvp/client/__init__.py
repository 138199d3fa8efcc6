"""The apps' only HTTP code (api_client) and the typed dataclasses every API answer becomes (models, parsing)."""
