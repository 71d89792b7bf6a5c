"""The SSL context of the clients the library creates: one per process (a leaf module, so both pools share it)."""

from __future__ import annotations

import functools
import ssl

import httpx


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """The verifying SSL context of every client the library creates, made once per process.

    Making one loads the CA bundle, about 20 ms of CPU: a burst of users each making a client (a worker per job,
    a thread per request) paid it every time, enough to starve a busy process.  A context is not changed after it
    is made, so clients and threads can share it; ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` are read the first time.
    """
    return httpx.create_ssl_context()


def ssl_context(*, trust_env: bool) -> ssl.SSLContext:
    """The context a pool verifies servers with: the shared one, or (``trust_env=False``) one that ignores
    ``SSL_CERT_FILE`` and ``SSL_CERT_DIR``."""
    return default_ssl_context() if trust_env else httpx.create_ssl_context(trust_env=False)
