"""Scope matching, written from the contract (§6.4), independent of the client's own scope module.

Grammar: ``permission:entity-type[:entity-id[:more...]]``. A granted scope covers a required one when the
permission letter and entity type are equal and every further granted segment is ``*`` or equal to the
required one. Missing granted segments count as ``*``, so ``i:deviceprofiles`` equals ``i:deviceprofiles:*``
and ``r:devices:*`` covers ``r:devices:<id>``. There is no hierarchy between letters: ``w`` never implies
``r`` or ``x`` (contract §6.4, community t/250198).
"""

from __future__ import annotations

from collections.abc import Iterable

#: What ``Emulator.issue_pat()`` grants when no scopes are given: every scope a PAT can be created with.
ALL_PAT_SCOPES: tuple[str, ...] = (
    "l:devices",
    "r:devices:*",
    "w:devices:*",
    "x:devices:*",
    "l:locations",
    "r:locations:*",
    "w:locations:*",
    "x:locations:*",
    "r:hubs",
    "r:scenes:*",
    "x:scenes:*",
    "r:rules:*",
    "w:rules:*",
    "x:rules:*",
    "l:installedapps",
    "r:installedapps",
    "w:installedapps",
    "r:apps:*",
    "w:apps:*",
    "r:deviceprofiles",
    "w:deviceprofiles",
    "w:customcapability",
    "r:schedules",
    "w:schedules",
    "r:security:locations:*:armstate",
    # Edge: the PAT page's "Drivers" and "Channels" (read all / manage all); the strings are unverified.
    "r:drivers:*",
    "w:drivers:*",
    "r:channels:*",
    "w:channels:*",
)

#: The whitelist ``Emulator.create_app()`` uses when none is given: what a typical SmartApp asks for.
DEFAULT_APP_SCOPES: tuple[str, ...] = (
    "r:devices:*",
    "w:devices:*",
    "x:devices:*",
    "r:locations:*",
    "x:locations:*",
    "r:scenes:*",
    "x:scenes:*",
    "r:hubs",
    "i:deviceprofiles",
)


def covers(granted: str, required: str) -> bool:
    """Return True when one granted scope satisfies one required scope."""
    if granted == required:  # also the reserved bare words outside the grammar, such as "sse"
        return True
    g = granted.split(":")
    r = required.split(":")
    if len(g) < 2 or len(r) < 2 or g[0] != r[0] or g[1] != r[1]:
        return False
    for index in range(2, max(len(g), len(r))):
        g_part = g[index] if index < len(g) else "*"
        r_part = r[index] if index < len(r) else "*"
        if g_part not in ("*", r_part):
            return False
    return True


def has_any(granted: Iterable[str], alternatives: Iterable[str]) -> bool:
    """Return True when some granted scope covers some of the alternative required scopes."""
    granted = tuple(granted)
    return any(covers(g, r) for r in alternatives for g in granted)


def normalise(scopes: Iterable[str] | str) -> list[str]:
    """Accept a space-separated string (OAuth form) or an iterable and return a de-duplicated list."""
    items = scopes.split() if isinstance(scopes, str) else list(scopes)
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)
