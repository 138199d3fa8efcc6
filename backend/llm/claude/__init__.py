"""Claude through the official Anthropic SDK, and the mapping of its failures to provider errors."""
