"""A TCP server that accepts connections and never answers: a Redis stopped with
`kill -STOP` looks like this to its clients (the kernel still completes the handshake)."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class SilentServer:
    """The port it listens on (127.0.0.1) and how many connections it accepted."""

    port: int
    accepted: list = field(default_factory=list)

    @property
    def url(self) -> str:
        """A REDIS_URL pointing at it."""
        return f"redis://127.0.0.1:{self.port}/0"


@contextmanager
def silent_server(hold: float = 15.0) -> Iterator[SilentServer]:
    """Listen on a free port of 127.0.0.1; accept every connection, read nothing, answer
    nothing, and close it after `hold` seconds (so a client without a timeout waits that
    long, not forever). Everything is closed when the block ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.05)
    server = SilentServer(port=listener.getsockname()[1])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
                server.accepted.append((time.monotonic(), connection))
            except TimeoutError:
                pass
            for opened, connection in server.accepted:
                if time.monotonic() - opened > hold:
                    connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join()
        for _, connection in server.accepted:
            connection.close()
        listener.close()
