"""Credentials and the token lifecycle."""

from .credentials import BearerAuth, Credential, PersonalAccessToken, SmartAppToken, resolve_credential

__all__ = ["BearerAuth", "Credential", "PersonalAccessToken", "SmartAppToken", "resolve_credential"]
