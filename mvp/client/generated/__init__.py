"""Generated from the API's OpenAPI schema by scripts/generate_client.py: never edit by hand, regenerate."""
