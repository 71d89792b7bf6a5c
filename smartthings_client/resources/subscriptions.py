"""``st.subscriptions``: what events SmartThings sends to an installed app (``/installedapps/{id}/subscriptions``).

Every call needs the installed app's own SmartApp token: a personal access token always gets 403 there, so the
client refuses it before sending.  :meth:`reconcile` brings the subscriptions to a wanted set in as few calls as
possible, which is what an UPDATE handler should do instead of deleting and re-creating everything.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from typing import Any

import attrs

from .._operation import Request, count_of, one_or_many, own_app_if_none, query
from ..errors import NotFoundError, SubscriptionLimitError
from ..models.converter import decode_as, encode
from ..models.subscriptions import (
    CapabilitySubscription,
    DeviceHealthSubscription,
    DeviceLifecycleSubscription,
    DeviceSubscription,
    ReconcileResult,
    SourceType,
    Subscription,
    SubscriptionRequest,
)
from ..scopes import SMARTAPP_ONLY
from ._base import AsyncResource, Flow, ResourceBase, SyncResource, call, collect, endpoint, flow, paged

__all__ = ["MAX_SUBSCRIPTIONS", "AsyncSubscriptions", "Subscriptions"]

log = logging.getLogger("smartthings_client")

MAX_SUBSCRIPTIONS = 20  # SmartThings guardrail per installed app (S1; one docs revision says 40)

_LIMIT_HINT = (
    "SmartThings allows 20 subscriptions per installed app: delete ones you no longer need, or subscribe more "
    "broadly (one CAPABILITY subscription instead of a DEVICE subscription per device); subscriptions.reconcile "
    "checks the count before it changes anything"
)

_decode_subscription = decode_as(Subscription)

# The JSON key of each type's detail object.
_DETAIL_KEYS = {
    SourceType.DEVICE: "device",
    SourceType.CAPABILITY: "capability",
    SourceType.MODE: "mode",
    SourceType.DEVICE_LIFECYCLE: "deviceLifecycle",
    SourceType.DEVICE_HEALTH: "deviceHealth",
    SourceType.SECURITY_ARM_STATE: "securityArmState",
    SourceType.HUB_HEALTH: "hubHealth",
    SourceType.SCENE_LIFECYCLE: "sceneLifecycle",
}
# Fields whose "*" is SmartThings' default: left out when comparing a subscription with its request.
_STAR_DEFAULTS = {
    SourceType.DEVICE: ("componentId", "capability", "attribute", "value"),
    SourceType.CAPABILITY: ("attribute", "value"),
}
_NAME_PREFIXES = {
    SourceType.DEVICE: "dev",
    SourceType.CAPABILITY: "cap",
    SourceType.MODE: "mode",
    SourceType.DEVICE_LIFECYCLE: "lifecycle",
    SourceType.DEVICE_HEALTH: "health",
    SourceType.SECURITY_ARM_STATE: "armstate",
    SourceType.HUB_HEALTH: "hub",
    SourceType.SCENE_LIFECYCLE: "scene",
}
_NOT_NAME_CHARS = re.compile(r"[^0-9A-Za-z]")


def _detail_body(request: SubscriptionRequest, *, with_extra: bool = True, canonical: bool = False) -> dict[str, Any]:
    """The detail object as sent: every field, ``"*"`` and ``stateChangeOnly: true`` included, as the official
    SDK sends them.  ``canonical`` leaves SmartThings' defaults out, so that a subscription compares equal to the
    request that made it whether or not the server echoes a default back."""
    data: dict[str, Any] = encode(request)
    if not with_extra:
        for key in request.extra:
            data.pop(key, None)
    for key in ("modes", "deviceIds"):
        if key in data and not data[key]:
            del data[key]
    if not canonical:
        return data
    kind = request.source_type
    for key in _STAR_DEFAULTS.get(kind, ()):
        if data.get(key) == "*":
            del data[key]
    # CAPABILITY documents stateChangeOnly=true as its default; DEVICE documents none.
    if kind is SourceType.CAPABILITY and data.get("stateChangeOnly") is True:
        del data["stateChangeOnly"]
    return data


def request_body(request: SubscriptionRequest) -> dict[str, Any]:
    """The JSON body of ``POST .../subscriptions`` for ``request``: ``{sourceType, <detail key>: {...}}``."""
    kind = request.source_type
    return {"sourceType": kind.value, _DETAIL_KEYS[kind]: _detail_body(request)}


def _content_key(request: SubscriptionRequest) -> str:
    """What a subscription listens to, without its name: equal for a request and the subscription it made."""
    data = _detail_body(request, with_extra=False, canonical=True)
    data.pop("subscriptionName", None)
    for key in ("modes", "deviceIds"):
        if key in data:
            data[key] = sorted(data[key])
    return request.source_type.value + ":" + json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)


def _generated_name(request: SubscriptionRequest, content: str) -> str:
    """A valid, stable name from the type and what it listens to, so the next reconcile finds it again."""
    digest = hashlib.sha256(content.encode()).hexdigest()[:10]
    prefix = _NAME_PREFIXES[request.source_type]
    capability = getattr(request, "capability", "*")
    if isinstance(capability, str) and capability != "*":
        # Room for "<prefix>_<hint>_<digest>" within SmartThings' 36 characters.
        hint = _NOT_NAME_CHARS.sub("", capability)[: 36 - len(prefix) - len(digest) - 2]
        if hint:
            prefix = f"{prefix}_{hint}"
    return f"{prefix}_{digest}"


def _scope_ids(request: SubscriptionRequest) -> dict[str, str]:
    ids: dict[str, str] = {}
    if isinstance(request, DeviceSubscription):
        ids["deviceId"] = request.device_id
    elif isinstance(request, (DeviceLifecycleSubscription, DeviceHealthSubscription)) and len(request.device_ids) == 1:
        ids["deviceId"] = request.device_ids[0]
    if isinstance(request, CapabilitySubscription):
        ids["capability"] = request.capability
    location_id = getattr(request, "location_id", None)
    if isinstance(location_id, str):
        ids["locationId"] = location_id
    return ids


def _name_wanted(wanted: Iterable[SubscriptionRequest]) -> builtins.list[tuple[SubscriptionRequest, bool]]:
    """Each wanted request with a name (its own, or a generated one) and whether the name was the caller's."""
    named: builtins.list[tuple[SubscriptionRequest, bool]] = []
    seen: dict[str, int] = {}
    for index, given in enumerate(wanted):
        if isinstance(given, Subscription):
            raise TypeError(f"wanted[{index}] is a Subscription; pass its .detail (the request it matches)")
        if not isinstance(given, SubscriptionRequest):
            raise TypeError(f"wanted[{index}] must be a subscription request, got {type(given).__name__}")
        explicit = given.subscription_name is not None
        request = given
        if not explicit:
            request = attrs.evolve(given, subscription_name=_generated_name(given, _content_key(given)))
        name = request.subscription_name
        assert name is not None
        if name in seen:
            if explicit and named[seen[name]][1]:
                raise ValueError(
                    f"wanted[{seen[name]}] and wanted[{index}] are both named {name!r}; subscription names must be "
                    "unique per installed app"
                )
            raise ValueError(f"wanted[{seen[name]}] and wanted[{index}] ask for the same subscription ({name!r})")
        seen[name] = index
        named.append((request, explicit))
    return named


def _plan(
    wanted: builtins.list[tuple[SubscriptionRequest, bool]], existing: builtins.list[Subscription]
) -> tuple[builtins.list[Subscription], builtins.list[Subscription], builtins.list[SubscriptionRequest]]:
    """(keep, delete, create): an existing subscription is kept when it has the wanted name and content, or, for
    a request the caller left unnamed, the same content under a name no other wanted request claims."""
    claimed = {request.subscription_name for request, _ in wanted}
    unmatched = list(existing)
    keys = [_content_key(request) for request, _ in wanted]
    existing_keys = {id(sub): _content_key(sub.detail) for sub in existing if sub.detail is not None}
    matched: dict[int, Subscription] = {}

    def take(index: int, *, by_name: bool) -> None:
        name = wanted[index][0].subscription_name
        for sub in unmatched:
            if existing_keys.get(id(sub)) != keys[index]:
                continue
            if by_name and sub.subscription_name != name:
                continue
            # Kept under its own name only if no wanted request needs that name (else the create would clash).
            if not by_name and sub.subscription_name is not None and sub.subscription_name in claimed:
                continue
            matched[index] = sub
            unmatched.remove(sub)
            return

    for index in range(len(wanted)):
        take(index, by_name=True)
    for index, (_, explicit) in enumerate(wanted):
        if index not in matched and not explicit:
            take(index, by_name=False)
    keep = [matched[index] for index in range(len(wanted)) if index in matched]
    create = [request for index, (request, _) in enumerate(wanted) if index not in matched]
    return keep, unmatched, create


_SUBSCRIPTIONS = "/installedapps/{installedAppId}/subscriptions"
_OWN_SUBSCRIPTION_NOTE = (
    "Only the installed app's own token works: a personal access token gets 403, often with an empty body "
    "(community t/188852, t/283060), and installedAppId must be the token's own installed app."
)
_SUBSCRIPTION_VARIANTS = {
    "DEVICE": (("r:devices:{deviceId}",),),
    "CAPABILITY": (("r:devices:*",), ("r:devices:*:*:{capability}",)),
    "MODE": (("r:locations:{locationId}",),),
    # deviceId may stay "*" when the subscription is by location rather than by device list.
    "DEVICE_LIFECYCLE": (("r:devices:{deviceId}",),),
    "DEVICE_HEALTH": (("r:devices:{deviceId}",),),
    "SECURITY_ARM_STATE": (("r:security:locations:{locationId}:armstate",),),
    "HUB_HEALTH": (("r:hubs",),),
    "SCENE_LIFECYCLE": (("r:scenes:*",),),
}


class _Subscriptions(ResourceBase):
    _group = "subscriptions"

    @paged(
        "subscriptions.list",
        "GET",
        _SUBSCRIPTIONS,
        (),
        SMARTAPP_ONLY,
        implicit=SMARTAPP_ONLY,
        note=_OWN_SUBSCRIPTION_NOTE,
    )
    def list(self, *, installed_app_id: str | None = None) -> Request[Subscription]:
        """Every subscription of the installed app.

        Each is decoded as the class its ``sourceType`` names (``DeviceSourceSubscription``...; unknown types as
        ``UnknownSubscription``); ``.detail`` is the matching request object.  ``installed_app_id`` defaults to
        the SmartApp token's own.
        """
        return Request(_decode_subscription, path={"installedAppId": own_app_if_none(installed_app_id)})

    @endpoint(
        "subscriptions.get",
        "GET",
        f"{_SUBSCRIPTIONS}/{{subscriptionId}}",
        (),
        SMARTAPP_ONLY,
        implicit=SMARTAPP_ONLY,
        note=_OWN_SUBSCRIPTION_NOTE,
    )
    def get(self, subscription_id: str, *, installed_app_id: str | None = None) -> Request[Subscription]:
        """One subscription; ``installed_app_id`` defaults to the SmartApp token's own."""
        path = {"installedAppId": own_app_if_none(installed_app_id), "subscriptionId": subscription_id}
        return Request(_decode_subscription, path=path)

    @endpoint(
        "subscriptions.create",
        "POST",
        _SUBSCRIPTIONS,
        (
            ("r:devices:*",),
            ("r:locations:*",),
            ("r:security:locations:*:armstate",),
            ("r:hubs",),
            ("r:scenes:*",),
        ),
        SMARTAPP_ONLY,
        variants=_SUBSCRIPTION_VARIANTS,
        note="The installed app needs read access to what it subscribes to, and may hold 20 subscriptions; "
        + _OWN_SUBSCRIPTION_NOTE[0].lower()
        + _OWN_SUBSCRIPTION_NOTE[1:],
    )
    def create(self, request: SubscriptionRequest, *, installed_app_id: str | None = None) -> Request[Subscription]:
        """Subscribe the installed app to events.

        ``request`` is one of ``DeviceSubscription``, ``CapabilitySubscription``, ``ModeSubscription``,
        ``DeviceLifecycleSubscription``, ``DeviceHealthSubscription``, ``SecurityArmStateSubscription``,
        ``HubHealthSubscription`` or ``SceneLifecycleSubscription``; it checked its fields when built.  A name
        already used gives :class:`~smartthings_client.errors.ConflictError` (409); more than 20 subscriptions
        give :class:`~smartthings_client.errors.LimitError` (422).  ``installed_app_id`` defaults to the SmartApp
        token's own.  The scope needed is read access to the source.
        """
        if isinstance(request, Subscription):
            raise TypeError("pass a subscription request (e.g. DeviceSubscription), or an existing one's .detail")
        if not isinstance(request, SubscriptionRequest):
            raise TypeError(f"request must be a subscription request, got {type(request).__name__}")
        return Request(
            _decode_subscription,
            path={"installedAppId": own_app_if_none(installed_app_id)},
            json=request_body(request),
            ids=_scope_ids(request),
            variant=request.source_type.value,
            limit_hint=_LIMIT_HINT,
        )

    @endpoint(
        "subscriptions.delete",
        "DELETE",
        f"{_SUBSCRIPTIONS}/{{subscriptionId}}",
        (),
        SMARTAPP_ONLY,
        implicit=SMARTAPP_ONLY,
        note=_OWN_SUBSCRIPTION_NOTE,
    )
    def delete(self, subscription_id: str, *, installed_app_id: str | None = None) -> Request[int]:
        """Delete one subscription; returns how many were deleted.

        ``installed_app_id`` defaults to the SmartApp token's own.
        """
        path = {"installedAppId": own_app_if_none(installed_app_id), "subscriptionId": subscription_id}
        return Request(count_of, path=path, empty_ok=True)

    @endpoint(
        "subscriptions.delete_all",
        "DELETE",
        _SUBSCRIPTIONS,
        (),
        SMARTAPP_ONLY,
        implicit=SMARTAPP_ONLY,
        note=_OWN_SUBSCRIPTION_NOTE,
    )
    def delete_all(
        self,
        *,
        device_id: str | Iterable[str] | None = None,
        mode_id: str | Iterable[str] | None = None,
        installed_app_id: str | None = None,
    ) -> Request[int]:
        """Delete every subscription, or only those of ``device_id`` / ``mode_id``; returns how many were deleted.

        In an UPDATE handler prefer :meth:`reconcile`, which leaves unchanged subscriptions alone.
        ``installed_app_id`` defaults to the SmartApp token's own.
        """
        params = query(
            ("deviceId", one_or_many(device_id, "device_id")),
            ("modeId", one_or_many(mode_id, "mode_id")),
        )
        path = {"installedAppId": own_app_if_none(installed_app_id)}
        return Request(count_of, path=path, params=params or None, empty_ok=True)

    @flow
    def reconcile(
        self,
        wanted: Iterable[SubscriptionRequest],
        *,
        installed_app_id: str | None = None,
        limit: int = MAX_SUBSCRIPTIONS,
    ) -> Flow[ReconcileResult]:
        """Make the installed app's subscriptions exactly ``wanted``, changing only what differs.

        Lists the existing subscriptions, keeps those that already match (same name, type and fields, where an
        absent field and its default, such as ``"*"``, are the same), deletes the others, then creates what is
        missing.  With nothing to change it makes one call.  A request without ``subscription_name`` gets a
        stable generated one (and matches an existing subscription with the same fields whatever its name).

        Refused before any call, with :class:`~smartthings_client.errors.SubscriptionLimitError`, when
        ``wanted`` holds more than ``limit`` subscriptions (SmartThings' guardrail is 20 per installed app); two
        requests with the same name raise ``ValueError``.  If a call fails midway, the error is raised and running
        ``reconcile`` again finishes the job.  Subscriptions of types this library does not know are deleted.
        ``installed_app_id`` defaults to the SmartApp token's own.  A SmartApp token only can make these calls.
        """
        if limit < 0:
            raise ValueError("limit must be >= 0")
        named = _name_wanted(wanted)
        if len(named) > limit:
            raise SubscriptionLimitError(wanted=len(named), limit=limit)
        listing = _Subscriptions.list.operation(self, installed_app_id=installed_app_id)
        app_id = (listing.ids or {})["installedAppId"]
        existing: builtins.list[Subscription] = yield from collect(listing)
        keep, extra, missing = _plan(named, existing)
        # Deletes first, so the app never holds more than the guardrail allows on the way.
        deleted: builtins.list[Subscription] = []
        for sub in extra:
            try:
                yield from call(_Subscriptions.delete.operation(self, sub.id, installed_app_id=app_id))
            except NotFoundError:
                log.debug("subscriptions.reconcile: %s was already gone", sub.id)
            deleted.append(sub)
        created: builtins.list[Subscription] = []
        for request in missing:
            made: Subscription = yield from call(
                _Subscriptions.create.operation(self, request, installed_app_id=app_id)
            )
            created.append(made)
        return ReconcileResult(created=tuple(created), deleted=tuple(deleted), kept=tuple(keep))


class Subscriptions(_Subscriptions, SyncResource):
    """Subscriptions of an installed app (blocking).  Reach it as ``SmartThings().subscriptions``."""


class AsyncSubscriptions(_Subscriptions, AsyncResource):
    """Subscriptions of an installed app (async).  Reach it as ``AsyncSmartThings().subscriptions``."""
