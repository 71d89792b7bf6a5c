"""Helpers the installed-app resource modules share."""

from __future__ import annotations

import enum


def wire_value(value: object) -> object:
    """An enum member as the text SmartThings expects (``str()`` of a ``str`` enum gives ``Class.MEMBER``)."""
    return value.value if isinstance(value, enum.Enum) else value
