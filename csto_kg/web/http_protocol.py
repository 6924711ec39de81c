"""uvicorn's HTTP/1.1 protocol (httptools, i.e. llhttp) with the limits ``csto-kg serve`` adds.

llhttp parses requests (chunked bodies, pipelining, one ``Content-Length``:
conflicting ones are a parse error, answered 400). uvicorn has no limit on the
request target or the header block and no deadline for receiving a request, so
this subclass adds them:

- a **request deadline**: from the connection's start (or the end of the
  previous response) to the last byte of the request, at most
  ``request_seconds`` (default 30 s) in total, however slowly it trickles in;
  past it, ``408`` and the connection is closed;
- a **target limit**: a request line longer than :data:`MAX_TARGET` bytes is
  answered ``414`` with a message that points to POST (the query then goes in
  the body), before the rest is read;
- a **header limit**: a header block over :data:`MAX_HEADER_BYTES` is ``431``.

Refusals are written straight on the transport, with ``Connection: close``.
"""

from __future__ import annotations

import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_TARGET = 64 * 1024  # bytes of a request target (path and query string)
MAX_HEADER_BYTES = 64 * 1024  # bytes of all header names and values of one request
REQUEST_SECONDS = 30.0  # seconds from the start of a request to its last byte

_REASONS = {408: b"Request Timeout", 414: b"URI Too Long", 431: b"Request Header Fields Too Large"}


class _Refused(Exception):
    """Raised inside a parser callback to stop parsing a request that breaks a limit."""


class LimitedHttpProtocol(HttpToolsProtocol):
    """:class:`HttpToolsProtocol` with a total request deadline and target and header limits."""

    request_seconds = REQUEST_SECONDS

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        if sock is not None:  # the head and the body are two writes: no 40 ms Nagle wait for the second
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        self._refusal: tuple[int, str] | None = None
        self._header_bytes = 0
        self._deadline = None
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_seconds, self._late)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()
            self._deadline = None

    def _late(self) -> None:
        """The request did not arrive whole in time: 408, unless its answer is already going out."""
        self._deadline = None
        if self.transport.is_closing() or (self.cycle is not None and self.cycle.response_started
                                           and not self.cycle.response_complete):
            return
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # the application's receive() now says the client left
            self.cycle.message_event.set()
        self._write_refusal(408, f"Error: the request was not received within {self.request_seconds:g} s\n")

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_bytes = 0
        if self._deadline is None:
            self._arm()

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > MAX_TARGET:
            self._refusal = (414, f"Error: the request target is longer than {MAX_TARGET} bytes; send a long "
                                  "query with POST (Content-Type: application/sparql-query, or a form with query=)\n")
            raise _Refused()

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value)
        if self._header_bytes > MAX_HEADER_BYTES:
            self._refusal = (431, f"Error: the request headers are longer than {MAX_HEADER_BYTES} bytes\n")
            raise _Refused()
        super().on_header(name, value)

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection has its own deadline

    def send_400_response(self, msg: str) -> None:
        """Where llhttp stopped: our refusal if a limit stopped it, else uvicorn's 400."""
        if self._refusal is not None:
            status, message = self._refusal
            self._write_refusal(status, message)
            return
        super().send_400_response(msg)

    def _write_refusal(self, status: int, message: str) -> None:
        body = message.encode("utf-8")
        head = (b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\n"
                b"connection: close\r\n\r\n" % (status, _REASONS[status], len(body)))
        self.transport.write(head + body)
        self.transport.close()
