"""The two clients: :class:`SmartThings` (blocking) and :class:`AsyncSmartThings` (async).

Both take the same options and expose the same resource groups as attributes; configuration is decided once in
:func:`_configure`, and each client adds only its own httpx client, context manager and close method.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

import attrs
import httpx

from ._defaults import client_token_url, configured_base_url
from ._direct import AsyncDirectSender, DirectSender
from ._http_clients import ApiClient, AsyncApiClient, HttpxPool, default_async_transport
from ._transport import (
    DEFAULT_TIMEOUT,
    AsyncTransport,
    RetryPolicy,
    SyncTransport,
    TransportCore,
)
from .auth.credentials import Credential, resolve_credential

if TYPE_CHECKING:
    from .auth.lifecycle import LifecycleRequest
    from .auth.stores import TokenStore
    from .ratelimits import RateLimiter
    from .resources.apps import Apps, AsyncApps
    from .resources.capabilities import AsyncCapabilities, Capabilities
    from .resources.channels import AsyncChannels, Channels
    from .resources.devicepreferences import AsyncDevicePreferences, DevicePreferences
    from .resources.deviceprofiles import AsyncDeviceProfiles, DeviceProfiles
    from .resources.devices import AsyncDevices, Devices
    from .resources.drivers import AsyncDrivers, Drivers
    from .resources.events import AsyncEvents, Events
    from .resources.history import AsyncHistory, History
    from .resources.hub_devices import AsyncHubDevices, HubDevices
    from .resources.installedapps import AsyncInstalledApps, InstalledApps
    from .resources.locations import AsyncLocations, Locations
    from .resources.notifications import AsyncNotifications, Notifications
    from .resources.organizations import AsyncOrganizations, Organizations
    from .resources.presentation import AsyncPresentation, Presentation
    from .resources.rules import AsyncRules, Rules
    from .resources.scenes import AsyncScenes, Scenes
    from .resources.schedules import AsyncSchedules, Schedules
    from .resources.schema import AsyncSchema, Schema
    from .resources.services import AsyncServices, Services
    from .resources.subscriptions import AsyncSubscriptions, Subscriptions
    from .resources.virtualdevices import AsyncVirtualDevices, VirtualDevices

__all__ = ["AsyncSmartThings", "SmartThings"]


# One pool per client.  Every connection may stay open between bursts (keep-alive = max): with fewer idle slots
# than connections, a fan-out closes and reopens most of them, a TLS handshake each against the real API.
DEFAULT_LIMITS = httpx.Limits(max_connections=50, max_keepalive_connections=50, keepalive_expiry=30.0)

TimeoutTypes = float | httpx.Timeout | None


@attrs.frozen
class _Config:
    credential: Credential
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    retry: RetryPolicy
    check_token_kind: bool
    user_agent: str | None
    rate_limits: Literal["wait", "raise"] | None = None
    rate_limiter: RateLimiter | None = None


def _configure(
    token: str | Credential | None,
    *,
    base_url: str | None,
    timeout: TimeoutTypes,
    max_retries: int,
    retry: RetryPolicy | None,
    check_token_kind: bool,
    user_agent: str | None,
    transport: object,
    http_client: object,
    rate_limits: Literal["wait", "raise"] | None = None,
    rate_limiter: RateLimiter | None = None,
) -> _Config:
    if transport is not None and http_client is not None:
        raise ValueError("pass transport= or http_client=, not both (give the transport to your http client)")
    if max_retries < 0:
        raise ValueError("max_retries must be >= 0")
    return _Config(
        credential=resolve_credential(token),
        base_url=configured_base_url(base_url, injected=transport is not None or http_client is not None),
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        max_retries=max_retries,
        retry=retry or RetryPolicy(),
        check_token_kind=check_token_kind,
        user_agent=user_agent,
        rate_limits=rate_limits if rate_limits is not None or rate_limiter is None else "wait",
        rate_limiter=rate_limiter,
    )


def _core(config: _Config, *, owns_client: bool) -> TransportCore:
    core = TransportCore(
        credential=config.credential,
        base_url=config.base_url,
        retry=config.retry,
        check_token_kind=config.check_token_kind,
        user_agent=config.user_agent,
    )
    core.send_default_headers = not owns_client
    if config.rate_limits is not None:
        from .ratelimits._budgets import Budgets  # loaded only by clients that budget their calls
        from .ratelimits._local import default_limiter

        limiter = config.rate_limiter if config.rate_limiter is not None else default_limiter()
        core.budgets = Budgets(limiter, config.rate_limits, config.credential, config.retry.max_wait)
    return core


def _http_client_options(config: _Config, core: TransportCore, transport: object) -> dict[str, Any]:
    """How the library configures an httpx client it creates (the same for httpx.Client and AsyncClient), always
    with the transport it sends through: a ``transport=`` given, else one of the library's pools."""
    return {
        "transport": transport,
        "timeout": config.timeout,
        "limits": DEFAULT_LIMITS,
        "follow_redirects": False,
        "headers": core.headers,
    }


def _with_max_retries(config: _Config, max_retries: int | None) -> _Config:
    if max_retries is None:
        return config
    if max_retries < 0:
        raise ValueError("max_retries must be >= 0")
    return attrs.evolve(config, max_retries=max_retries)


class _Group:
    """A resource group attribute of a client, imported and built on first use: a script that only lists devices
    neither imports nor builds the other groups.  The built group is cached on the client."""

    def __init__(self, module: str, class_name: str) -> None:
        self._module = module
        self._class_name = class_name
        self._name = module

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, client: Any, owner: type) -> Any:
        if client is None:
            return self
        module = importlib.import_module(f"smartthings_client.resources.{self._module}")
        group = getattr(module, self._class_name)(client._transport)
        client.__dict__[self._name] = group
        return group


def _group(module: str, class_name: str) -> Any:
    return _Group(module, class_name)


def _describe(name: str, config: _Config) -> str:
    return f"{name}(base_url={config.base_url!r}, credential={config.credential!r}, max_retries={config.max_retries})"


class SmartThings:
    """The blocking SmartThings client.

    ``token`` is a personal access token (a ``str``) or a credential from :mod:`smartthings_client.auth`; with
    none, ``SMARTTHINGS_TOKEN`` is read.  ``base_url`` defaults to ``SMARTTHINGS_BASE_URL`` if set (e.g. a served
    emulator; not read when a ``transport`` or ``http_client`` is injected), else
    ``https://api.smartthings.com/v1``.  Resource groups are attributes, each imported and built on first use:
    ``devices``, ``locations`` (with ``locations.rooms`` and ``locations.modes``), ``scenes``, ``rules``,
    ``history``, ``capabilities``, ``virtual_devices``, ``events``, ``installedapps``, ``subscriptions``,
    ``schedules``, ``services``, ``notifications``, ``deviceprofiles``, ``presentation``, ``device_preferences``,
    ``drivers``, ``channels``, ``hub_devices``, ``schema`` (with ``schema.invitations``), ``organizations`` and
    ``apps``.

    ``max_retries`` applies to every call; ``with_options(max_retries=...)`` gives a client for a single call
    with another value.  ``check_token_kind=False`` sends calls that the scope table says this token kind can
    never make, instead of refusing them with :class:`~smartthings_client.errors.TokenKindError`.
    ``transport`` (e.g. the emulator's) or a ready ``http_client`` may be injected; an injected client is not
    closed by :meth:`close`, and keeps its own cookies (the client made here keeps none: SmartThings sets none).
    Without ``http_client`` requests go straight to the transport (the one given, else the library's pool, which
    takes the proxy the environment names), skipping the per-request work of ``httpx.Client``; pass an
    ``http_client`` to have your own event hooks, cookies or default headers run on every request.

    ``rate_limits="wait"`` budgets calls per the documented SmartThings rate limits
    (:data:`~smartthings_client.ratelimits.DOCUMENTED_LIMITS`): a call that would exceed one waits, with the retry
    policy's ``sleep``, at most ``max_wait`` seconds in all; ``"raise"`` raises
    :class:`~smartthings_client.errors.RateBudgetExceeded` instead; ``None`` (the default) sends at once.  The
    budgets live in ``rate_limiter``: by default one :class:`~smartthings_client.ratelimits.LocalRateLimiter` shared
    by every client of this process; a :class:`~smartthings_client.RedisRateLimiter` shares them across processes
    and machines (giving one implies ``"wait"``).
    """

    devices: Devices = _group("devices", "Devices")
    locations: Locations = _group("locations", "Locations")
    installedapps: InstalledApps = _group("installedapps", "InstalledApps")
    subscriptions: Subscriptions = _group("subscriptions", "Subscriptions")
    schedules: Schedules = _group("schedules", "Schedules")
    deviceprofiles: DeviceProfiles = _group("deviceprofiles", "DeviceProfiles")
    apps: Apps = _group("apps", "Apps")
    schema: Schema = _group("schema", "Schema")
    services: Services = _group("services", "Services")
    notifications: Notifications = _group("notifications", "Notifications")
    organizations: Organizations = _group("organizations", "Organizations")
    device_preferences: DevicePreferences = _group("devicepreferences", "DevicePreferences")
    presentation: Presentation = _group("presentation", "Presentation")
    hub_devices: HubDevices = _group("hub_devices", "HubDevices")
    channels: Channels = _group("channels", "Channels")
    drivers: Drivers = _group("drivers", "Drivers")
    events: Events = _group("events", "Events")
    virtual_devices: VirtualDevices = _group("virtualdevices", "VirtualDevices")
    history: History = _group("history", "History")
    rules: Rules = _group("rules", "Rules")
    scenes: Scenes = _group("scenes", "Scenes")
    capabilities: Capabilities = _group("capabilities", "Capabilities")

    def __init__(
        self,
        token: str | Credential | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry: RetryPolicy | None = None,
        check_token_kind: bool = True,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        user_agent: str | None = None,
        rate_limits: Literal["wait", "raise"] | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        config = _configure(
            token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry=retry,
            check_token_kind=check_token_kind,
            user_agent=user_agent,
            transport=transport,
            http_client=http_client,
            rate_limits=rate_limits,
            rate_limiter=rate_limiter,
        )
        owns = http_client is None
        core = _core(config, owns_client=owns)
        auth = config.credential.auth()
        http: httpx.Client
        direct: DirectSender | None = None
        if http_client is None:
            sends = transport if transport is not None else HttpxPool(limits=DEFAULT_LIMITS)
            http = ApiClient(**_http_client_options(config, core, sends))
            direct = DirectSender(sends, auth, http.headers, http.timeout)
        else:
            http = http_client
        self._setup(
            config, SyncTransport(core, http, auth, owns_client=owns, max_retries=config.max_retries, direct=direct)
        )

    @classmethod
    def from_lifecycle(
        cls,
        payload: LifecycleRequest | bytes | bytearray | str | Mapping[str, Any],
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        store: TokenStore | None = None,
        token_url: str | None = None,
        **client_options: Any,
    ) -> SmartThings:
        """A client holding the token of a SmartApp lifecycle request (the body SmartThings POSTs to your app).

        INSTALL and UPDATE give a token that refreshes itself (pass your app's ``client_id`` and
        ``client_secret``); with a ``store`` the pair is saved first, and UPDATE's new refresh token replaces the
        stored one.  EVENT gives the 5-minute token, never refreshed or stored.  The credential carries the
        granted permissions, so scope errors say exactly what was granted.  ``client_options`` go to the
        constructor (``transport=``, ``max_retries=``...).  ``token_url`` defaults to the token endpoint of the API
        the client calls (its ``base_url``), so a client pointed at a served emulator refreshes there.
        """
        from .auth.lifecycle import credential_from_lifecycle

        credential = credential_from_lifecycle(
            payload,
            client_id=client_id,
            client_secret=client_secret,
            store=store,
            token_url=token_url or client_token_url(client_options),
        )
        return cls(credential, **client_options)

    def _setup(self, config: _Config, transport: SyncTransport) -> None:
        self._config = config
        self._transport = transport

    @property
    def credential(self) -> Credential:
        """The credential this client sends (its ``repr`` never shows the token)."""
        return self._config.credential

    def with_options(self, *, max_retries: int | None = None) -> SmartThings:
        """A client that shares this one's connections but uses other options, e.g. for one call:
        ``st.with_options(max_retries=0).devices.get(device_id)``."""
        config = attrs.evolve(
            self._config, max_retries=self._config.max_retries if max_retries is None else max_retries
        )
        if config.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        clone = object.__new__(SmartThings)
        clone._setup(config, self._transport.with_max_retries(config.max_retries))
        return clone

    def close(self) -> None:
        """Close the connection pool (not an injected ``http_client``)."""
        self._transport.close()

    def __enter__(self) -> SmartThings:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return _describe("SmartThings", self._config)


class AsyncSmartThings:
    """The async SmartThings client: the same options and resources as :class:`SmartThings`, awaited.

    List calls return async iterables: ``async for device in st.devices.list(): ...``.

    Unless a ``transport`` or ``http_client`` is injected, it sends with aiohttp's connection pool when aiohttp is
    installed (``pip install 'smartthings-client[aiohttp]'``: about three times the throughput of httpx's when
    many calls are in flight), else with httpx's own; every option, error and retry is the same either way.
    """

    devices: AsyncDevices = _group("devices", "AsyncDevices")
    locations: AsyncLocations = _group("locations", "AsyncLocations")
    installedapps: AsyncInstalledApps = _group("installedapps", "AsyncInstalledApps")
    subscriptions: AsyncSubscriptions = _group("subscriptions", "AsyncSubscriptions")
    schedules: AsyncSchedules = _group("schedules", "AsyncSchedules")
    deviceprofiles: AsyncDeviceProfiles = _group("deviceprofiles", "AsyncDeviceProfiles")
    apps: AsyncApps = _group("apps", "AsyncApps")
    schema: AsyncSchema = _group("schema", "AsyncSchema")
    services: AsyncServices = _group("services", "AsyncServices")
    notifications: AsyncNotifications = _group("notifications", "AsyncNotifications")
    organizations: AsyncOrganizations = _group("organizations", "AsyncOrganizations")
    device_preferences: AsyncDevicePreferences = _group("devicepreferences", "AsyncDevicePreferences")
    presentation: AsyncPresentation = _group("presentation", "AsyncPresentation")
    hub_devices: AsyncHubDevices = _group("hub_devices", "AsyncHubDevices")
    channels: AsyncChannels = _group("channels", "AsyncChannels")
    drivers: AsyncDrivers = _group("drivers", "AsyncDrivers")
    events: AsyncEvents = _group("events", "AsyncEvents")
    virtual_devices: AsyncVirtualDevices = _group("virtualdevices", "AsyncVirtualDevices")
    history: AsyncHistory = _group("history", "AsyncHistory")
    rules: AsyncRules = _group("rules", "AsyncRules")
    scenes: AsyncScenes = _group("scenes", "AsyncScenes")
    capabilities: AsyncCapabilities = _group("capabilities", "AsyncCapabilities")

    def __init__(
        self,
        token: str | Credential | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry: RetryPolicy | None = None,
        check_token_kind: bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        user_agent: str | None = None,
        rate_limits: Literal["wait", "raise"] | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        config = _configure(
            token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry=retry,
            check_token_kind=check_token_kind,
            user_agent=user_agent,
            transport=transport,
            http_client=http_client,
            rate_limits=rate_limits,
            rate_limiter=rate_limiter,
        )
        owns = http_client is None
        core = _core(config, owns_client=owns)
        auth = config.credential.auth()
        http: httpx.AsyncClient
        direct: AsyncDirectSender | None = None
        if http_client is None:
            sends = transport if transport is not None else default_async_transport(DEFAULT_LIMITS)
            http = AsyncApiClient(**_http_client_options(config, core, sends))
            direct = AsyncDirectSender(sends, auth, http.headers, http.timeout)
        else:
            http = http_client
        self._setup(
            config, AsyncTransport(core, http, auth, owns_client=owns, max_retries=config.max_retries, direct=direct)
        )

    @classmethod
    async def from_lifecycle(
        cls,
        payload: LifecycleRequest | bytes | bytearray | str | Mapping[str, Any],
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        store: TokenStore | None = None,
        token_url: str | None = None,
        **client_options: Any,
    ) -> AsyncSmartThings:
        """An async client holding the token of a SmartApp lifecycle request (see
        :meth:`SmartThings.from_lifecycle`); awaited because saving to the store must not block the loop."""
        from .auth.lifecycle import acredential_from_lifecycle

        credential = await acredential_from_lifecycle(
            payload,
            client_id=client_id,
            client_secret=client_secret,
            store=store,
            token_url=token_url or client_token_url(client_options),
        )
        return cls(credential, **client_options)

    def _setup(self, config: _Config, transport: AsyncTransport) -> None:
        self._config = config
        self._transport = transport

    @property
    def credential(self) -> Credential:
        """The credential this client sends (its ``repr`` never shows the token)."""
        return self._config.credential

    def with_options(self, *, max_retries: int | None = None) -> AsyncSmartThings:
        """A client that shares this one's connections but uses other options (see :meth:`SmartThings.with_options`)."""
        config = attrs.evolve(
            self._config, max_retries=self._config.max_retries if max_retries is None else max_retries
        )
        if config.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        clone = object.__new__(AsyncSmartThings)
        clone._setup(config, self._transport.with_max_retries(config.max_retries))
        return clone

    async def aclose(self) -> None:
        """Close the connection pool (not an injected ``http_client``)."""
        await self._transport.aclose()

    async def __aenter__(self) -> AsyncSmartThings:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return _describe("AsyncSmartThings", self._config)
