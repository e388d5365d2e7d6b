"""A fake Bolt server on 127.0.0.1 that records every byte a client sends: for credential-leak and
protocol-error tests. It answers the handshake with a chosen protocol version and then says nothing."""

from __future__ import annotations

import socket
import threading
from types import TracebackType

BOLT_5_4 = bytes([0, 0, 4, 5])
BOLT_4_4 = bytes([0, 0, 4, 4])
NO_VERSION = bytes([0, 0, 0, 0])


class FakeBolt:
    """`reply`: the 4 handshake bytes to answer (None: close at once; b"": accept and stay silent)."""

    def __init__(self, reply: bytes | None = BOLT_5_4, linger: float = 0.5) -> None:
        self.reply = reply
        self.linger = linger
        self.received = bytearray()
        self.connections = 0
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self.port = int(self._server.getsockname()[1])
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def __enter__(self) -> FakeBolt:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._server.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        conn.settimeout(self.linger)
        with conn:
            try:
                if self.reply is None:
                    return
                self.received += conn.recv(20)
                if self.reply:
                    conn.sendall(self.reply)
                while data := conn.recv(65536):
                    self.received += data
            except OSError:
                return

    def saw(self, secret: str) -> bool:
        return secret.encode() in bytes(self.received)
