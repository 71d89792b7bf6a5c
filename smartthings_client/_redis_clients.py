"""The Redis connections of the components every worker shares (the token store, the rate limiter): one blocking
client, and one asyncio client per event loop, from bounded pools.

A burst of callers in one process must not open a connection each (a connection storm starved loaded workers
until their connects timed out): every pool holds at most ``max_connections``, and a caller beyond that waits for
a free one.  An asyncio client's connections belong to the event loop that opened them, hence one per loop.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import redis
    import redis.asyncio

__all__ = ["RedisClients", "bounded_clients"]

#: How long a caller waits for a free connection, and the socket timeouts.
_POOL_WAIT = 30.0
_SOCKET_TIMEOUT = 10.0


def bounded_clients(
    url: str, *, max_connections: int, connect_timeout: float
) -> tuple[redis.Redis, Callable[[], redis.asyncio.Redis]]:
    """A blocking client on a pool of at most ``max_connections``, and a maker of one such asyncio client per
    event loop (``redis`` must be importable: callers check with ``_optional.require``)."""
    import redis
    import redis.asyncio

    if max_connections < 1 or connect_timeout <= 0:
        raise ValueError("max_connections and connect_timeout must be positive")
    pool: dict[str, Any] = {
        "max_connections": max_connections,
        "timeout": _POOL_WAIT,
        "socket_connect_timeout": connect_timeout,
        "socket_timeout": _SOCKET_TIMEOUT,
    }
    blocking = redis.Redis.from_pool(redis.BlockingConnectionPool.from_url(url, **pool))
    return blocking, lambda: redis.asyncio.Redis.from_pool(redis.asyncio.BlockingConnectionPool.from_url(url, **pool))


class RedisClients:
    """What a Redis-backed component holds: the clients it was given, or made by :func:`bounded_clients`."""

    def __init__(
        self,
        client: redis.Redis | None,
        async_client: redis.asyncio.Redis | None,
        async_factory: Callable[[], redis.asyncio.Redis] | None,
    ) -> None:
        self._client = client
        self._async_client = async_client
        self._async_factory = async_factory
        self._loop_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, redis.asyncio.Redis] = (
            weakref.WeakKeyDictionary()
        )
        self._guard = threading.Lock()

    @property
    def blocking(self) -> redis.Redis | None:
        """The blocking client, if there is one."""
        return self._client

    def for_loop(self) -> redis.asyncio.Redis | None:
        """The asyncio client for the running event loop (``None``: there is none; use the blocking one from a
        worker thread)."""
        if self._async_client is not None:
            return self._async_client
        if self._async_factory is None:
            return None
        loop = asyncio.get_running_loop()
        with self._guard:
            client = self._loop_clients.get(loop)
            if client is None:
                client = self._loop_clients[loop] = self._async_factory()
            return client

    def close(self) -> None:
        """Close the blocking client's connections (asyncio clients: :meth:`aclose`)."""
        if self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        """Close the asyncio client of the running loop."""
        client = self._async_client
        if client is None:
            with self._guard:
                client = self._loop_clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()
