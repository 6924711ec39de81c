"""An HTTP answer of the server: status, body (or a stream), media type, headers."""

from __future__ import annotations


class Reply(Exception):
    """An HTTP answer (raised to stop handling early)."""

    def __init__(self, status: int, body: bytes | str = b"", *, media_type: str = "text/plain; charset=utf-8",
                 headers: dict | None = None, stream=None):
        super().__init__(status)
        self.status = status
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.media_type = media_type
        self.headers = headers or {}
        self.stream = stream  # a large query answer (WrittenAnswer), streamed from its spooled file
        self.gzip = False  # whether the stream is sent gzip-compressed
