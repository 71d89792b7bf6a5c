"""Where the API is, and the environment variables that say otherwise.

A leaf module (it imports nothing of the project, nor httpx), so that the command line builds its parser and prints
``--help`` without loading httpx or the client, and the emulator answers at the same default address as the client
calls.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

DEFAULT_BASE_URL = "https://api.smartthings.com/v1"

BASE_URL_ENV = "SMARTTHINGS_BASE_URL"
"""Overrides the default base URL (a served emulator); an explicit ``base_url=`` wins."""

TOKEN_ENV = "SMARTTHINGS_TOKEN"
"""The token :meth:`PersonalAccessToken.from_env` and the command line read."""


def configured_base_url(base_url: str | None, *, injected: bool = False) -> str:
    """The base URL a client calls: ``base_url``, else ``$SMARTTHINGS_BASE_URL``, else the real API.

    ``injected`` says that a transport or an http client was given: it decides where requests go, so a URL exported
    for the command line must not redirect it and the environment is not read.
    """
    if base_url:
        return base_url
    from_environment = "" if injected else os.environ.get(BASE_URL_ENV, "").strip()
    return from_environment or DEFAULT_BASE_URL


def token_url_for(base_url: str) -> str:
    """The OAuth token endpoint of the API at ``base_url``.

    SmartThings answers ``/oauth/token`` on its API base (``https://api.smartthings.com/v1/oauth/token``) and the
    consent page ``/oauth/authorize`` beside it, so a client pointed at another API (a served emulator) exchanges
    and refreshes its tokens there too, never at the real API with the other API's tokens.
    """
    return base_url.rstrip("/") + "/oauth/token"


def client_token_url(client_options: Mapping[str, Any]) -> str:
    """The token endpoint of the API that a client made with ``client_options`` calls: the default ``token_url`` of
    ``SmartThings.from_lifecycle`` and of ``SmartApp``, so tokens refresh where the client sends them."""
    injected = client_options.get("transport") is not None or client_options.get("http_client") is not None
    return token_url_for(configured_base_url(client_options.get("base_url"), injected=injected))
