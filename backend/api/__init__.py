"""The HTTP layer: dependencies, path parameters and thin routes that each call one service."""
