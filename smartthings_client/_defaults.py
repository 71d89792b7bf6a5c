"""Where the API is, and the environment variables that say otherwise.

A leaf module (it imports nothing), so that the command line builds its parser and prints ``--help`` without
loading httpx or the client, and the emulator answers at the same default address as the client calls.
"""

DEFAULT_BASE_URL = "https://api.smartthings.com/v1"

BASE_URL_ENV = "SMARTTHINGS_BASE_URL"
"""Overrides the default base URL (a served emulator); an explicit ``base_url=`` wins."""

TOKEN_ENV = "SMARTTHINGS_TOKEN"
"""The token :meth:`PersonalAccessToken.from_env` and the command line read."""
