"""The prompt a simulated client is given: the platform scaffold, the persona block, the turn note and what the client
may let out (the disclosure state). Below conversation, clients (the preview) and checks, which all build it."""
