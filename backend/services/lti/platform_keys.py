"""Each platform's public keys, through PyJWT's PyJWKClient: cached, fetched again when a kid is unknown."""

from __future__ import annotations

import anyio
import jwt
from jwt import PyJWKClient


class PlatformKeys:
    def __init__(self, *, timeout_s: float = 10.0) -> None:
        self._clients: dict[str, PyJWKClient] = {}
        self._timeout_s = timeout_s

    def _client(self, keyset_url: str) -> PyJWKClient:
        client = self._clients.get(keyset_url)
        if client is None:
            # The key set is cached for five minutes; single keys are not cached apart from it, so a key the
            # platform withdrew stops verifying once the set is fetched again.
            client = PyJWKClient(keyset_url, cache_keys=False, lifespan=300, timeout=self._timeout_s)
            self._clients[keyset_url] = client
        return client

    async def key_for(self, keyset_url: str, token: str) -> jwt.PyJWK:
        """The key that signed this token (by its kid); PyJWKClient refreshes its cached set on an unknown kid.
        Its fetch blocks, so it runs in a worker thread."""
        client = self._client(keyset_url)
        return await anyio.to_thread.run_sync(client.get_signing_key_from_jwt, token)
