"""The offline simulated client: a rule-based provider that needs no network, key or money."""
