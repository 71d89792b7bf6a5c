"""SmartThings OAuth scopes: the grammar, and which operation needs which scope and token kind.

SmartThings answers a missing scope, a misspelled scope and a wrong kind of token alike: with a 403,
often with an empty body. This module holds what is needed to say *which* of these it was:

* the scope grammar (:func:`parse_scope`, :class:`Scope`, :func:`covers`), so that ``i:deviceprofiles``
  and ``i:deviceprofiles:*`` compare as the same grant and ``r:devices:*`` covers ``r:devices:<id>``;
* :data:`OPERATIONS`, one :class:`OperationRule` per API operation: its HTTP method and path, the scopes it
  needs, the token kinds that may call it at all, and a one-sentence fix for the wrong token kind. Each rule is
  declared once, beside the resource method that makes the call (:func:`declare`), and read from there by the
  transport, the error messages, the docstrings and ``smartthings-client scopes explain``;
* :func:`check_app_scopes` and :func:`spelling_warnings`, which tell a SmartApp author what would make
  an install fail before SmartThings says "An unexpected error occurred".

"""

from __future__ import annotations

import difflib
import enum
import functools
import re
import types
from collections.abc import Iterable, Iterator, Mapping

import attrs

from ._token_kind import TokenKind
from .errors import InvalidArgumentError

__all__ = [
    "OPERATIONS",
    "FindingKind",
    "InvalidScopeError",
    "OperationRule",
    "Scope",
    "ScopeFinding",
    "ScopeReport",
    "TokenKind",
    "UnknownOperationError",
    "check_app_scopes",
    "covers",
    "normalize_scope",
    "normalize_scopes",
    "parse_scope",
    "python_calls",
    "rule_for",
    "same_grant",
    "spelling_warnings",
]


class InvalidScopeError(InvalidArgumentError):
    """A scope string does not follow ``permission:entity-type[:entity-id...]``."""


class UnknownOperationError(KeyError):
    """:func:`rule_for` was given a name that is not in :data:`OPERATIONS`."""

    def __str__(self) -> str:
        # KeyError's own __str__ shows repr(message), quotes and escapes included.
        return str(self.args[0]) if self.args else ""


# ---------------------------------------------------------------------------------------------------------
# Grammar

_WHITESPACE = re.compile(r"\s")
_PERMISSION = re.compile(r"[a-z]+")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

_WILDCARD = "*"

# Scopes SmartThings grants outside the permission:entity-type grammar: a bare word. "sse" opens the SSE event
# stream (/subscriptions sinks) and is reserved for select apps (smartthings-api-more.md §16.4).
RESERVED_SCOPES = frozenset({"sse"})

# How SmartThings itself spells a grant on a whole entity type: the first spelling is the canonical one
# (the S1 securityDefinitions form where there is one); any further ones are also common enough in
# SmartThings' own sources (S1 operation scopes, the CLI's list) that spelling_warnings stays quiet
# about them. i:deviceprofiles has a single form on purpose: the platform grants it as
# "i:deviceprofiles" (S1, SDK lifecycle fixtures), and the ":*" spelling is the one that trips people up.
_USUAL_WHOLE_TYPE: Mapping[tuple[str, str], tuple[str, ...]] = types.MappingProxyType(
    {
        ("l", "devices"): ("l:devices",),
        ("r", "devices"): ("r:devices:*",),
        ("w", "devices"): ("w:devices:*",),
        ("x", "devices"): ("x:devices:*",),
        ("r", "deviceprofiles"): ("r:deviceprofiles",),
        ("w", "deviceprofiles"): ("w:deviceprofiles",),
        ("i", "deviceprofiles"): ("i:deviceprofiles",),
        ("l", "locations"): ("l:locations",),
        ("r", "locations"): ("r:locations:*",),
        ("w", "locations"): ("w:locations:*",),
        ("x", "locations"): ("x:locations:*",),
        ("l", "installedapps"): ("l:installedapps",),
        ("r", "installedapps"): ("r:installedapps:*", "r:installedapps"),
        ("w", "installedapps"): ("w:installedapps:*", "w:installedapps"),
        ("r", "apps"): ("r:apps:*", "r:apps"),
        ("w", "apps"): ("w:apps:*", "w:apps"),
        ("r", "scenes"): ("r:scenes:*",),
        ("x", "scenes"): ("x:scenes:*",),
        ("r", "schedules"): ("r:schedules",),
        ("w", "schedules"): ("w:schedules",),
        ("r", "hubs"): ("r:hubs", "r:hubs:*"),
        ("r", "rules"): ("r:rules:*",),
        ("w", "rules"): ("w:rules:*",),
        ("x", "rules"): ("x:rules:*",),
    }
)


def _usual_spellings(permission: str, entity_type: str, ids: tuple[str, ...]) -> tuple[str, ...]:
    """The usual spellings of a grant whose trailing wildcards are already stripped from ``ids``."""
    if not entity_type:  # a reserved bare word such as "sse"
        return (permission,)
    if ids:
        return (":".join((permission, entity_type, *ids)),)
    known = _USUAL_WHOLE_TYPE.get((permission, entity_type))
    if known is not None:
        return known
    # Unknown pair: list scopes come without an id in every known case, the rest with ":*" (S1 grammar).
    bare = f"{permission}:{entity_type}"
    if permission == "l":
        return (bare,)
    return (f"{bare}:*", bare)


def _invalid(text: str, reason: str) -> InvalidScopeError:
    return InvalidScopeError(
        f"invalid scope {text!r}: {reason}; expected permission:entity-type[:entity-id...], e.g. 'r:devices:*'"
    )


def _lower(value: str) -> str:
    return value.lower()


def _to_tuple(segments: Iterable[str]) -> tuple[str, ...]:
    return tuple(segments)


def _default_text(scope: Scope) -> str:
    if not scope.entity_type:
        return scope.permission
    return ":".join((scope.permission, scope.entity_type, *scope.entity_ids))


@attrs.frozen(eq=False)
class Scope:
    """One OAuth scope, e.g. ``r:devices:*``, ``i:deviceprofiles`` or ``r:security:locations:*:armstate``.

    Equality and hashing follow what the scope grants, not how it is spelled: trailing ``*`` segments
    mean nothing, so ``Scope`` objects for ``i:deviceprofiles`` and ``i:deviceprofiles:*`` are equal.
    ``str()`` gives back the original spelling; :attr:`canonical` gives one fixed spelling per grant.
    Build one with :func:`parse_scope`; the constructor validates the same way.
    """

    permission: str = attrs.field(converter=_lower)
    """The permission letter: ``r`` read, ``w`` write, ``x`` execute, ``l`` list, ``i`` install
    (``d``, delete, occurs in ``allowed`` arrays). Lowercased."""
    entity_type: str = attrs.field(converter=_lower)
    """The entity type, e.g. ``devices``, ``locations``, ``deviceprofiles``, ``security``. Lowercased."""
    entity_ids: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple)
    """The segments after the entity type, as written: ``("*",)``, ``("<deviceId>",)``,
    ``("*", "*", "switch")``, ``("locations", "*", "armstate")`` or ``()``."""
    text: str = attrs.field(default=attrs.Factory(_default_text, takes_self=True))
    """The scope as it was written (stripped); defaults to the segments joined with ``:``."""
    _key: tuple[str, ...] = attrs.field(init=False, repr=False)
    _canonical: str = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        text = self.text
        if not self.entity_type and not self.entity_ids and self.permission in RESERVED_SCOPES:
            # A reserved bare word ("sse"): it grants itself and nothing else.
            object.__setattr__(self, "_key", (self.permission,))
            object.__setattr__(self, "_canonical", self.permission)
            return
        if not _PERMISSION.fullmatch(self.permission):
            reason = f"the permission {self.permission!r} must be letters such as r, w, x, l or i"
            raise _invalid(text, reason)
        for segment in (self.entity_type, *self.entity_ids):
            if not segment:
                raise _invalid(text, "it has an empty segment")
            if ":" in segment or _WHITESPACE.search(segment):
                raise _invalid(text, f"the segment {segment!r} contains ':' or whitespace")
        if self.entity_type == _WILDCARD:
            raise _invalid(text, "the entity type cannot be '*'")
        ids = self.entity_ids
        # A missing segment means "any", so trailing wildcards add nothing: drop them to compare grants.
        end = len(ids)
        while end and ids[end - 1] == _WILDCARD:
            end -= 1
        ids = ids[:end]
        object.__setattr__(self, "_key", (self.permission, self.entity_type, *ids))
        object.__setattr__(self, "_canonical", _usual_spellings(self.permission, self.entity_type, ids)[0])

    @property
    def canonical(self) -> str:
        """One fixed spelling per grant.

        Trailing ``*`` segments are dropped (``r:devices:abc:*`` -> ``r:devices:abc``). A grant on a whole
        entity type is spelled the way SmartThings' spec declares it: ``r:devices:*``, ``r:locations:*``,
        ``r:installedapps:*``, ``r:apps:*`` and ``r:scenes:*`` keep their ``:*``; ``l:devices``,
        ``i:deviceprofiles``, ``r:deviceprofiles``, ``r:schedules`` and ``r:hubs`` have no id. Types this
        module does not know get ``:*``, except ``l`` (list) scopes.
        """
        return self._canonical

    @property
    def usual_spellings(self) -> tuple[str, ...]:
        """Spellings of this grant that SmartThings' own sources use; the first is :attr:`canonical`."""
        return _usual_spellings(self.permission, self.entity_type, self._key[2:])

    def covers(self, required: Scope) -> bool:
        """Whether holding this scope is enough for ``required``.

        The permission and entity type must be equal: permissions never imply each other (``w`` gives
        neither ``r`` nor ``x``; ``l:devices`` does not give ``r:devices:<id>``). Then each granted id
        segment must be ``*`` or equal to the required one; granted segments that are missing count as
        ``*``, and so do missing required segments (so ``r:devices:<id>`` does not cover ``r:devices:*``).
        Ids are compared exactly as written.
        """
        granted_key, required_key = self._key, required._key
        if granted_key[:2] != required_key[:2]:
            return False
        granted_ids, required_ids = granted_key[2:], required_key[2:]
        if len(granted_ids) > len(required_ids):
            # The extra granted segments are specific (trailing wildcards are stripped), while the
            # required ones there are implicitly "*": a narrower grant never covers a wider need.
            return False
        return all(g in (_WILDCARD, r) for g, r in zip(granted_ids, required_ids, strict=False))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scope):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __str__(self) -> str:
        return self.text


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> Scope:
    stripped = text.strip()
    if not stripped:
        raise _invalid(text, "it is empty")
    if _WHITESPACE.search(stripped):
        raise _invalid(stripped, "it contains whitespace (OAuth joins scopes with spaces; pass each scope separately)")
    parts = stripped.split(":")
    if len(parts) < 2:
        if stripped.lower() in RESERVED_SCOPES:
            return Scope(stripped, "", (), stripped)
        raise _invalid(stripped, "the entity type is missing")
    return Scope(parts[0], parts[1], tuple(parts[2:]), stripped)


def parse_scope(text: str) -> Scope:
    """Parse ``permission:entity-type[:entity-id...]`` into a :class:`Scope`.

    Surrounding whitespace is ignored and the permission and entity type are lowercased; ids keep their
    case. Raises :class:`InvalidScopeError`, naming the text, for empty text, empty segments, whitespace
    inside, a missing entity type or a permission that is not letters.
    """
    if not isinstance(text, str):
        raise InvalidScopeError(f"a scope must be a string, not {type(text).__name__}")
    return _parse(text)


def _as_scope(value: str | Scope) -> Scope:
    return value if isinstance(value, Scope) else parse_scope(value)


def _granted_scopes(granted: Iterable[str | Scope]) -> list[Scope]:
    # Granted lists come from SmartThings (installedApp.permissions, /installedapps/me), which may hold
    # scopes outside the grammar; they grant nothing we can check, so they are skipped (reserved bare words
    # such as "sse" do parse).
    scopes = []
    for item in granted:
        try:
            scopes.append(_as_scope(item))
        except InvalidScopeError:
            continue
    return scopes


def normalize_scope(text: str) -> str:
    """The canonical spelling of one scope (see :attr:`Scope.canonical`)."""
    return parse_scope(text).canonical


def normalize_scopes(texts: Iterable[str]) -> tuple[str, ...]:
    """The canonical spellings of ``texts``, de-duplicated by grant, in first-seen order."""
    return tuple(dict.fromkeys(parse_scope(text).canonical for text in texts))


def same_grant(a: str, b: str) -> bool:
    """Whether two spellings mean the same grant, e.g. ``i:deviceprofiles`` and ``i:deviceprofiles:*``."""
    return parse_scope(a) == parse_scope(b)


def covers(granted: Iterable[str | Scope], required: str | Scope) -> bool:
    """Whether any of the ``granted`` scopes covers ``required`` (see :meth:`Scope.covers`).

    Granted strings that do not parse are ignored; an unparsable ``required`` raises
    :class:`InvalidScopeError`.
    """
    needed = _as_scope(required)
    return any(scope.covers(needed) for scope in _granted_scopes(granted))


# ---------------------------------------------------------------------------------------------------------
# Operations

_Alternatives = tuple[tuple[str, ...], ...]


def _frozen_mapping(value: Mapping[str, _Alternatives]) -> Mapping[str, _Alternatives]:
    return types.MappingProxyType({key.upper(): alts for key, alts in value.items()})


def _id_hint(name: str) -> str:
    return "<id>" if name.endswith("Id") else f"<{name}>"


def _fill(template: str, ids: Mapping[str, str] | None) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        value = None if ids is None else ids.get(name)
        # An id that cannot be one segment (empty, or holding ':' or whitespace) falls back to "*": the
        # wildcard grant covers every id, so the answer stays true, and error reporting, which fills
        # templates from whatever ids a failed call had, never fails itself.
        if not value or ":" in value or _WHITESPACE.search(value):
            return _WILDCARD
        return value

    return _PLACEHOLDER.sub(substitute, template)


def _join_or(items: Iterable[str]) -> str:
    return " or ".join(dict.fromkeys(items))


@attrs.frozen
class OperationRule:
    """What one SmartThings API operation needs: scopes, and the token kinds that may call it at all.

    ``scopes`` lists alternatives: any one alternative suffices, and every scope in it is needed. A
    template such as ``r:devices:{deviceId}`` is filled from the ids of the call; a missing id becomes
    ``*``. ``()`` means the operation needs no scope.
    """

    name: str
    """The operation name used by the client, e.g. ``devices.get``."""
    method: str
    """The HTTP method, e.g. ``GET``."""
    path: str
    """The path template relative to the API base, e.g. ``/devices/{deviceId}``."""
    scopes: _Alternatives
    """Alternatives of required scope templates; ``()`` when no scope is needed."""
    token_kinds: frozenset[TokenKind]
    """The token kinds that may call the operation at all; any other kind always gets 403."""
    scopes_implicit_for: frozenset[TokenKind] = frozenset()
    """Token kinds that SmartThings grants the scopes implicitly (a SmartApp on its own schedules)."""
    variants: Mapping[str, _Alternatives] = attrs.field(factory=dict, converter=_frozen_mapping, hash=False)
    """Alternatives per request variant (keys upper case), e.g. per ``sourceType`` of a subscription."""
    note: str = ""
    """One sentence of extra fact for messages, e.g. where the token-kind rule comes from."""
    fix: str = ""
    """How to get a token that may make the call, where the usual advice (a PAT scope, a whitelisted SmartApp
    scope) does not apply, e.g. for the reserved ``sse`` scope; error messages use it instead."""
    on_origin: bool = False
    """The path is relative to the API origin (``https://api.smartthings.com``), not to the ``/v1`` base URL."""
    _defaults: dict[str | None, tuple[tuple[Scope, ...], ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        # Most calls ask for the requirement without ids (pre-flight checks, messages, the CLI), so those
        # answers are computed once, which also proves at import time that every template parses.
        defaults: dict[str | None, tuple[tuple[Scope, ...], ...]] = {None: self._build(self.scopes, None)}
        for key, alternatives in self.variants.items():
            defaults[key] = self._build(alternatives, None)
        object.__setattr__(self, "_defaults", defaults)

    @staticmethod
    def _build(alternatives: _Alternatives, ids: Mapping[str, str] | None) -> tuple[tuple[Scope, ...], ...]:
        return tuple(tuple(_parse(_fill(t, ids)) for t in alternative) for alternative in alternatives)

    def _alternatives(self, variant: str | None) -> tuple[str | None, _Alternatives]:
        if variant is not None:
            key = variant.upper()
            if key in self.variants:
                return key, self.variants[key]
        # An unknown variant (say a sourceType newer than this table) falls back to the general rule
        # rather than failing a call that SmartThings may well accept.
        return None, self.scopes

    def required(
        self, ids: Mapping[str, str] | None = None, variant: str | None = None
    ) -> tuple[tuple[Scope, ...], ...]:
        """The scope alternatives for a call, templates filled from ``ids`` (a missing id becomes ``*``).

        ``variant`` selects per-variant rules (case-insensitive); an unknown variant gives the general
        ``scopes``. An id that cannot be a scope segment (empty, or with ``:`` or whitespace) counts as
        missing.
        """
        key, alternatives = self._alternatives(variant)
        if not ids:
            return self._defaults[key]
        return self._build(alternatives, ids)

    def accepts(self, kind: TokenKind) -> bool:
        """Whether a token of ``kind`` may call this operation at all."""
        return kind in self.token_kinds

    def missing(
        self,
        granted: Iterable[str | Scope],
        ids: Mapping[str, str] | None = None,
        variant: str | None = None,
        *,
        kind: TokenKind | None = None,
    ) -> tuple[Scope, ...] | None:
        """``None`` if ``granted`` satisfies the call, else the missing scopes of the closest alternative.

        The closest alternative is the one missing the fewest scopes (the first one on a tie). With
        ``kind`` given, a kind in :attr:`scopes_implicit_for` needs nothing. Whether ``kind`` may call the
        operation at all is a separate question: see :meth:`accepts`.
        """
        if kind is not None and kind in self.scopes_implicit_for:
            return None
        alternatives = self.required(ids, variant)
        if not alternatives:
            return None
        held = _granted_scopes(granted)
        best: tuple[Scope, ...] | None = None
        for alternative in alternatives:
            lacking = tuple(s for s in alternative if not any(g.covers(s) for g in held))
            if not lacking:
                return None
            if best is None or len(lacking) < len(best):
                best = lacking
        return best

    def requirement_text(
        self,
        ids: Mapping[str, str] | None = None,
        variant: str | None = None,
        *,
        kind: TokenKind | None = None,
    ) -> str:
        """The requirement in words, e.g. ``"r:devices:* (or r:devices:<id>)"`` or
        ``"l:devices or r:devices:*"`` or ``"no scope (the token must belong to this installed app)"``.

        Without an id the wildcard form comes first and the per-entity form follows as a hint; with an
        id the filled scope comes first and the wildcard form that also covers it is the hint.
        """
        key, templates = self._alternatives(variant)
        if not templates:
            return self._no_scope_text()
        filled = self.required(ids, key)
        # Two templates can fill to the same grant (CAPABILITY without a capability gives r:devices:*
        # twice); the reader should see each grant once.
        shown: list[tuple[Scope, ...]] = []
        hints: list[str] = []
        for alternative, scopes in zip(templates, filled, strict=True):
            if frozenset(scopes) not in {frozenset(s) for s in shown}:
                shown.append(scopes)
            for template, scope in zip(alternative, scopes, strict=True):
                if not _PLACEHOLDER.search(template):
                    continue
                wide = _parse(_fill(template, None))
                if scope != wide:
                    hints.append(str(wide))
                else:
                    hints.append(_PLACEHOLDER.sub(lambda m: _id_hint(m.group(1)), template))
        if ids:
            # A wildcard hint that is already one of the alternatives adds nothing.
            listed = {s for alternative in shown for s in alternative}
            hints = [h for h in hints if _parse(h) not in listed]
        text = _join_or(" and ".join(str(s) for s in alternative) for alternative in shown)
        if hints:
            text += f" (or {_join_or(hints)})"
        if self.scopes_implicit_for:
            holders = " and ".join(k.label for k in TokenKind if k in self.scopes_implicit_for)
            if kind is not None and kind in self.scopes_implicit_for:
                return f"no scope for a {kind.label} (it has {text} implicitly for its own installed app)"
            text += f"; a {holders} has it implicitly for its own installed app"
        return text

    def _no_scope_text(self) -> str:
        if self.token_kinds == {TokenKind.SMARTAPP}:
            if "{installedAppId}" in self.path:
                return "no scope (the token must belong to this installed app)"
            return "no scope (any SmartApp token)"
        return "no scope"

    def token_kind_fix(self, used: TokenKind) -> str:
        """One sentence, with its fix, for a token of kind ``used`` that can never call this operation.

        Returns ``""`` when ``used`` is accepted: the fix is then a matter of scopes, not of token kind.
        """
        if self.accepts(used):
            return ""
        if self.fix:
            return f"{self.name} does not accept a {used.label}; it always gets 403 here. {self.fix}"
        if self.token_kinds == {TokenKind.SMARTAPP}:
            return (
                f"{self.name} accepts only a SmartApp token; a {used.label} always gets 403 here. "
                "Use the authToken from the INSTALL, UPDATE or EVENT payload."
            )
        if self.token_kinds == {TokenKind.PAT}:
            return (
                f"{self.name} accepts only a personal access token; a {used.label} always gets 403 here. "
                "Use a personal access token (or a user token from an OAuth-In app) that has "
                f"{self.requirement_text(kind=TokenKind.PAT)}."
            )
        accepted = " or ".join(k.label for k in TokenKind if k in self.token_kinds)
        return f"{self.name} does not accept a {used.label}; it always gets 403 here. Use a {accepted}."

    def doc_text(self) -> str:
        """The paragraph added to the docstring of every method that makes this call: HTTP call, scopes, token
        kinds and note, all read from this declaration."""
        kinds = [k.label for k in TokenKind if k in self.token_kinds]
        kinds_text = f"{kinds[0]} only" if len(kinds) == 1 else ", ".join(kinds)
        where = " on the API origin (no ``/v1``)" if self.on_origin else ""
        parts = [
            f"Calls ``{self.method} {self.path}``{where} (operation ``{self.name}``).",
            f"Scope: {self.requirement_text()}.",
        ]
        if self.variants:
            by_variant = "; ".join(f"{key}: {self.requirement_text(variant=key)}" for key in self.variants)
            parts.append(f"By variant: {by_variant}.")
        parts.append(f"Token kinds: {kinds_text}.")
        if self.note:
            parts.append(self.note)
        return "  ".join(parts)

    def explain(self) -> str:
        """A multi-line description for ``scopes explain``: method and path, scopes, token kinds, note."""
        kinds = [k.label for k in TokenKind if k in self.token_kinds]
        lines = [f"{self.name}: {self.method} {self.path}"]
        if self.on_origin:
            lines.append("  on the API origin (https://api.smartthings.com, no /v1)")
        calls = _PYTHON_CALLS.get(self.name)
        if calls:
            lines.append(f"  python: {', '.join(f'st.{call}()' for call in calls)}")
        lines.append(f"  scopes: {self.requirement_text()}")
        if self.variants:
            lines.append("  by variant:")
            lines.extend(f"    {key}: {self.requirement_text(variant=key)}" for key in self.variants)
        if len(kinds) == 1:
            lines.append(f"  token kinds: {kinds[0]} only")
        else:
            lines.append(f"  token kinds: {', '.join(kinds)}")
        for kind in TokenKind:
            fix = self.token_kind_fix(kind)
            if fix:
                lines.append(f"  with a {kind.label}: {fix}")
        if self.note:
            lines.append(f"  note: {self.note}")
        if self.fix:
            lines.append(f"  to get it: {self.fix}")
        return "\n".join(lines)


ANY_TOKEN = frozenset({TokenKind.PAT, TokenKind.SMARTAPP})
"""Token kinds: both a personal access token and a SmartApp token may make the call."""
PAT_ONLY = frozenset({TokenKind.PAT})
"""Token kinds: only a personal access token may make the call."""
SMARTAPP_ONLY = frozenset({TokenKind.SMARTAPP})
"""Token kinds: only a SmartApp token may make the call."""

# The declarations, filled as the resource modules are imported: each operation is declared once, next to the
# method that makes the call (see smartthings_client.resources._base), and everything else reads it from here.
_DECLARED: dict[str, OperationRule] = {}
_PYTHON_CALLS: dict[str, list[str]] = {}


def declare(
    name: str,
    method: str,
    path: str,
    scopes: _Alternatives = (),
    token_kinds: frozenset[TokenKind] = ANY_TOKEN,
    *,
    implicit: frozenset[TokenKind] = frozenset(),
    variants: Mapping[str, _Alternatives] | None = None,
    note: str = "",
    fix: str = "",
    on_origin: bool = False,
) -> OperationRule:
    """Declare one API operation (the resource decorators call this); a name may be declared only once."""
    if name in _DECLARED:
        raise RuntimeError(f"operation {name!r} is declared twice")
    rule = OperationRule(
        name=name,
        method=method,
        path=path,
        scopes=scopes,
        token_kinds=token_kinds,
        scopes_implicit_for=implicit,
        variants=variants or {},
        note=note,
        fix=fix,
        on_origin=on_origin,
    )
    _DECLARED[name] = rule
    _PYTHON_CALLS[name] = []
    return rule


def record_python_call(operation: str, python_name: str, module: str = "") -> None:
    """Note that the public method ``python_name`` (``"devices.command"``) of ``module`` makes ``operation``."""
    calls = _PYTHON_CALLS[operation]
    if python_name not in calls:
        calls.append(python_name)
    _MODULES.setdefault(operation, module)


_MODULES: dict[str, str] = {}
_ordered: dict[str, OperationRule] = {}


def _declarations() -> dict[str, OperationRule]:
    """Every declaration, grouped in the order of the resource modules (whatever order they were imported in)."""
    global _ordered  # noqa: PLW0603 - a cache, rebuilt only when declarations were added
    # Importing the resource modules runs their declarations; imported here, not at the top, because they import
    # this module.  Clients import a group on first use, so some may not be loaded yet.
    from .resources import GROUP_MODULES, load_all

    load_all()
    if len(_ordered) != len(_DECLARED):
        rank = {f"smartthings_client.resources.{name}": index for index, name in enumerate(GROUP_MODULES)}
        _ordered = dict(sorted(_DECLARED.items(), key=lambda item: rank.get(_MODULES.get(item[0], ""), len(rank))))
    return _ordered


class _Registry(Mapping[str, OperationRule]):
    """A read-only view of the declared operations, complete on first use."""

    def __getitem__(self, name: str) -> OperationRule:
        return _declarations()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(_declarations())

    def __len__(self) -> int:
        return len(_declarations())

    def __repr__(self) -> str:
        return f"<OPERATIONS: {len(self)} operations>"


OPERATIONS: Mapping[str, OperationRule] = _Registry()
"""Every operation the client knows, by name (``"devices.get"``), built from the declarations of the resource
modules."""


def python_calls(name: str) -> tuple[str, ...]:
    """The public methods that make the operation ``name``, e.g. ``("devices.execute", "devices.command")``."""
    rule_for(name)
    return tuple(_PYTHON_CALLS[name])


def _groups() -> tuple[str, ...]:
    return tuple(dict.fromkeys(name.split(".", 1)[0] for name in OPERATIONS))


def rule_for(name: str) -> OperationRule:
    """The :class:`OperationRule` for ``name``: an operation (``devices.execute``) or a public method that makes
    it (``devices.command``, ``st.devices.command``).

    Raises :class:`UnknownOperationError` (a :class:`KeyError`) naming the closest known operations.
    """
    key = name.strip().removeprefix("st.")
    try:
        return OPERATIONS[key]
    except KeyError:
        pass
    for operation, calls in _PYTHON_CALLS.items():
        if key in calls:
            return _DECLARED[operation]
    known = [*OPERATIONS, *(call for calls in _PYTHON_CALLS.values() for call in calls)]
    close = difflib.get_close_matches(key, dict.fromkeys(known), n=5, cutoff=0.6)
    if not close:
        group = key.split(".", 1)[0]
        close = [operation for operation in OPERATIONS if operation.startswith(f"{group}.")]
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known groups: {', '.join(_groups())}"
    raise UnknownOperationError(f"unknown operation {name!r}{hint}") from None


# ---------------------------------------------------------------------------------------------------------
# Checking a SmartApp's requested scopes against its whitelist


class FindingKind(enum.Enum):
    """What :func:`check_app_scopes` found wrong with one scope."""

    NOT_WHITELISTED = "NOT_WHITELISTED"
    """Requested, but not whitelisted under any spelling: the install fails."""
    SPELLED_DIFFERENTLY = "SPELLED_DIFFERENTLY"
    """Whitelisted, but spelled differently: the install fails (staff: the strings must match)."""
    WRITE_WITHOUT_READ = "WRITE_WITHOUT_READ"
    """``w:X`` requested without ``r:X``: the install works, but reads get 403."""
    INVALID = "INVALID"
    """Not a scope at all."""

    @property
    def fails_install(self) -> bool:
        """Whether a finding of this kind makes the install fail (rather than being a warning)."""
        return self is not FindingKind.WRITE_WITHOUT_READ


@attrs.frozen
class ScopeFinding:
    """One problem with a SmartApp's scopes."""

    kind: FindingKind
    scope: str
    """The scope as written in the requested (or whitelisted, for INVALID) list."""
    related: str | None
    """The other scope involved: the whitelisted spelling, the covering whitelisted scope, or the
    missing read scope."""
    message: str
    """One sentence that says what is wrong and what to do."""


@attrs.frozen
class ScopeReport:
    """The result of :func:`check_app_scopes`."""

    findings: tuple[ScopeFinding, ...]

    @property
    def ok(self) -> bool:
        """True when nothing would make the install fail; :attr:`warnings` may still be present."""
        return not self.failures

    @property
    def failures(self) -> tuple[ScopeFinding, ...]:
        """The findings that make the install fail."""
        return tuple(f for f in self.findings if f.kind.fails_install)

    @property
    def warnings(self) -> tuple[ScopeFinding, ...]:
        """The findings that let the install work but will cause 403s later."""
        return tuple(f for f in self.findings if not f.kind.fails_install)

    def __str__(self) -> str:
        if not self.findings:
            return "OK: every requested scope is whitelisted in the same spelling."
        failures, warnings = self.failures, self.warnings
        lines = []
        if failures:
            lines.append(f"{_count(len(failures), 'problem')} would make the install fail:")
            lines.extend(f"  - [{f.kind.value}] {f.message}" for f in failures)
        else:
            lines.append("OK: the install should work.")
        if warnings:
            lines.append(f"{_count(len(warnings), 'warning')}:")
            lines.extend(f"  - [{f.kind.value}] {f.message}" for f in warnings)
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _try_parse(text: str) -> Scope | None:
    try:
        return parse_scope(text)
    except InvalidScopeError:
        return None


def _with_permission(scope: Scope, permission: str) -> str:
    # Keep the author's own spelling of the rest, so the suggestion matches how they write scopes.
    return f"{permission}:{scope.text.split(':', 1)[1]}"


def check_app_scopes(whitelisted: Iterable[str], requested: Iterable[str]) -> ScopeReport:
    """Check the permissions a SmartApp requests in INITIALIZE against the scopes whitelisted for it.

    Reports, in request order: scopes that are not scopes (INVALID), requested scopes whitelisted under
    no spelling (NOT_WHITELISTED), the same grant spelled differently from the whitelist, such as
    ``i:deviceprofiles:*`` against ``i:deviceprofiles`` (SPELLED_DIFFERENTLY: SmartThings staff say the
    strings must match), and ``w:X`` without ``r:X`` (WRITE_WITHOUT_READ, a warning: write implies
    neither read nor execute). Unparsable whitelisted entries are reported as INVALID first.
    """
    findings: list[ScopeFinding] = []
    allowed: dict[str, Scope] = {}
    for text in whitelisted:
        scope = _try_parse(text)
        if scope is None:
            findings.append(
                ScopeFinding(
                    FindingKind.INVALID,
                    text,
                    None,
                    f"whitelisted {text!r} is not a scope of the form permission:entity-type[:entity-id], "
                    "so nothing can match it.",
                )
            )
        else:
            allowed.setdefault(scope.text, scope)

    wanted: dict[str, Scope] = {}
    for text in requested:
        if text.strip() in wanted:
            continue
        scope = _try_parse(text)
        if scope is None:
            findings.append(
                ScopeFinding(
                    FindingKind.INVALID,
                    text,
                    None,
                    f"requested {text!r} is not a scope of the form permission:entity-type[:entity-id], "
                    "so the install fails; fix or remove it.",
                )
            )
            continue
        wanted[scope.text] = scope
        if scope.text in allowed:
            continue
        same = next((w for w in allowed.values() if w == scope), None)
        if same is not None:
            findings.append(
                ScopeFinding(
                    FindingKind.SPELLED_DIFFERENTLY,
                    scope.text,
                    same.text,
                    f"{scope.text} is requested but whitelisted as {same.text}; they are the same grant, "
                    f"but SmartThings needs the requested string to match the whitelisted one, "
                    f"so request {same.text}.",
                )
            )
            continue
        wider = next((w for w in allowed.values() if w.covers(scope)), None)
        if wider is not None:
            message = (
                f"{scope.text} is requested but only {wider.text} is whitelisted; that covers it, but "
                f"SmartThings matches requested strings against the whitelist, so request {wider.text}."
            )
        else:
            message = (
                f"{scope.text} is requested but not whitelisted for this app, so the install fails; "
                "whitelist it in the Developer Workspace or remove it from the INITIALIZE permissions."
            )
        related = None if wider is None else wider.text
        findings.append(ScopeFinding(FindingKind.NOT_WHITELISTED, scope.text, related, message))

    reads = [s for s in wanted.values() if s.permission == "r"]
    for scope in wanted.values():
        if scope.permission != "w":
            continue
        read = Scope("r", scope.entity_type, scope.entity_ids)
        if any(r.covers(read) for r in reads):
            continue
        read_text = _with_permission(scope, "r")
        findings.append(
            ScopeFinding(
                FindingKind.WRITE_WITHOUT_READ,
                scope.text,
                read_text,
                f"{scope.text} is requested without {read_text}; write implies neither read nor execute, "
                f"so reads get 403 unless {read_text} is requested too.",
            )
        )
    return ScopeReport(tuple(findings))


def spelling_warnings(scopes: Iterable[str], whitelisted: Iterable[str] | None = None) -> list[str]:
    """Warnings for scopes spelled differently from how SmartThings expects them, e.g. in an app's OAuth
    settings.

    With ``whitelisted``, a scope that is the same grant as a whitelisted one but spelled differently is
    flagged (SmartThings matches the strings). Without it, a scope is flagged when its spelling is not one
    of the usual ones (:attr:`Scope.usual_spellings`), e.g. ``i:deviceprofiles:*`` or ``r:devices``.
    Unparsable scopes are always flagged. One sentence per warning, in input order.
    """
    allowed: dict[str, Scope] | None = None
    if whitelisted is not None:
        allowed = {}
        for text in whitelisted:
            scope = _try_parse(text)
            if scope is not None:
                allowed.setdefault(scope.text, scope)
    warnings: list[str] = []
    seen: set[str] = set()
    for text in scopes:
        if text in seen:
            continue
        seen.add(text)
        scope = _try_parse(text)
        if scope is None:
            warnings.append(f"{text!r} is not a scope of the form permission:entity-type[:entity-id].")
            continue
        if allowed is not None:
            if scope.text in allowed:
                continue
            same = next((w for w in allowed.values() if w == scope), None)
            if same is not None:
                warnings.append(
                    f"{scope.text} is whitelisted as {same.text}; they are the same grant, but SmartThings "
                    f"matches scope strings exactly, so use {same.text}."
                )
            continue
        usual = scope.usual_spellings
        if scope.text not in usual:
            warnings.append(
                f"{scope.text} is usually spelled {usual[0]}; they are the same grant, but SmartThings "
                "matches scope strings exactly, so use the spelling your app's whitelist shows."
            )
    return warnings
