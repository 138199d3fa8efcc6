"""Benchmarks for Virtual Client: throughput, cost, data volume and multi-instance behaviour (see README.md)."""
