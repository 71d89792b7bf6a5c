"""Which proxy a request goes through, for the async transports the library makes (aiohttp's and httpx's pool):
decided as httpx decides it for the clients it builds, from the environment."""

from __future__ import annotations

import urllib.request

import httpx


class EnvironmentProxies:
    """The proxy of each origin as the environment says (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``,
    ``NO_PROXY``), as httpx reads it: the environment is read once, and each origin decided once (reading it on
    every request costs a third of a fan-out's time)."""

    def __init__(self, *, trust_env: bool) -> None:
        self._proxies = urllib.request.getproxies_environment() if trust_env else {}
        self._proxy_of: dict[tuple[str, str], str | None] = {}

    def for_url(self, url: httpx.URL) -> str | None:
        """The proxy URL for ``url``, or ``None`` to connect directly."""
        if not self._proxies:
            return None
        key = (url.scheme, url.host)
        if key not in self._proxy_of:
            proxy = self._proxies.get(url.scheme) or self._proxies.get("all")
            bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]  # untyped in typeshed
            if proxy and bypass(url.host, self._proxies):
                proxy = None
            self._proxy_of[key] = proxy or None
        return self._proxy_of[key]
