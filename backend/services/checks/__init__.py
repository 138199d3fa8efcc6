"""Persona checks: scripted probes run against a client before it is published, judged by rules and a model."""
