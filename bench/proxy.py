"""A small round-robin TCP proxy: each new client connection goes to the next backend (keep-alive sticks).

    python -m bench.proxy --port 9000 --backends 127.0.0.1:8001,127.0.0.1:8002

GET-free and protocol-agnostic: it copies bytes both ways. Prints per-backend connection counts on SIGTERM
to stderr, and answers nothing itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import signal
import sys


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(ConnectionError, OSError):
            writer.close()


async def serve(port: int, backends: list[tuple[str, int]]) -> None:
    ring = itertools.cycle(range(len(backends)))
    counts = [0] * len(backends)

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        index = next(ring)
        counts[index] += 1
        host, backend_port = backends[index]
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(host, backend_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(_pipe(client_reader, upstream_writer), _pipe(upstream_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=4096, reuse_address=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"proxy on 127.0.0.1:{port} -> {backends}", flush=True)
    async with server:
        await stop.wait()
    print("connections per backend: " + ", ".join(f"{h}:{p}={c}" for (h, p), c in zip(backends, counts,
                                                                                        strict=True)),
          file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--backends", required=True, help="host:port,host:port")
    args = parser.parse_args(argv)
    backends = [(b.rsplit(":", 1)[0], int(b.rsplit(":", 1)[1])) for b in args.backends.split(",")]
    try:
        import uvloop

        uvloop.run(serve(args.port, backends))
    except ImportError:  # pragma: no cover
        asyncio.run(serve(args.port, backends))


if __name__ == "__main__":
    main()
