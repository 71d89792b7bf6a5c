"""The kinds of bearer token SmartThings tells apart (a leaf module: errors and scopes both use it)."""

from __future__ import annotations

import enum


class TokenKind(enum.Enum):
    """The kinds of bearer token SmartThings tells apart when it authorises a call."""

    PAT = "PAT"
    """A personal access token (account.smartthings.com/tokens)."""
    SMARTAPP = "SMARTAPP"
    """A SmartApp / installed-app token: the ``authToken`` of an INSTALL, UPDATE or EVENT payload, or the
    token of an OAuth-In (API_ONLY) app."""

    @property
    def label(self) -> str:
        """The name to use in messages, e.g. ``"personal access token"``."""
        return _TOKEN_KIND_LABELS[self]


_TOKEN_KIND_LABELS = {TokenKind.PAT: "personal access token", TokenKind.SMARTAPP: "SmartApp token"}
