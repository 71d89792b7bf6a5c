"""smartthings-client: a typed client for the SmartThings REST API, sync and async.

from smartthings_client import SmartThings

with SmartThings("personal-access-token") as st:
    for device in st.devices.list(capability="switch"):
        print(device.label)
"""

from typing import TYPE_CHECKING

from ._lazy import lazy_exports
from ._version import __version__

if TYPE_CHECKING:
    from ._paging import AsyncPager, SyncPager
    from ._transport import RetryPolicy
    from .auth.credentials import Credential, PersonalAccessToken, SmartAppToken
    from .auth.lifecycle import LifecycleRequest, parse_lifecycle
    from .auth.redis_store import RedisTokenStore
    from .auth.refresh import RefreshableToken
    from .auth.stores import FileTokenStore, MemoryTokenStore, TokenStore
    from .client import AsyncSmartThings, SmartThings
    from .errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        ArgumentTypeError,
        AuthenticationError,
        BadRequestError,
        ClientClosedError,
        ConflictError,
        EventStreamError,
        InvalidArgumentError,
        LimitError,
        MissingScopeError,
        NoCredentialsError,
        NotFoundError,
        PaginationError,
        RateLimitError,
        ReauthorizationRequired,
        ResponseDecodeError,
        ScopeError,
        ServerError,
        SinkLimitError,
        SmartThingsError,
        SubscriptionLimitError,
        TokenKindError,
        UnprocessableEntityError,
    )
    from .models import (
        AttributeState,
        Command,
        CommandResult,
        CommandStatus,
        Component,
        Device,
        DeviceEvent,
        DeviceHealth,
        DeviceStatus,
        HealthState,
        Location,
        Mode,
        Room,
    )
    from .models.apps import App, AppCreated, AppOAuth, OAuthCredentials
    from .models.capabilities import (
        Capability,
        CapabilityLocalization,
        CapabilityNamespace,
        CapabilityPresentation,
        CapabilitySummary,
    )
    from .models.channels import Channel
    from .models.devicepreferences import DevicePreference
    from .models.deviceprofiles import DeviceProfile
    from .models.devices import DevicePreferences
    from .models.drivers import EdgeDriver, EdgeDriverSummary
    from .models.events import (
        ControlEvent,
        DeviceHealthEvent,
        DeviceLifecycleEvent,
        LocationLifecycleEvent,
        Sink,
        StreamEvent,
        UnknownEvent,
    )
    from .models.history import DeviceActivity
    from .models.hubdevices import Hub, InstalledDriver
    from .models.installedapps import InstalledApp, InstalledAppConfigurationDetail, TokenInfo
    from .models.notifications import DeepLink, NotificationMessage, NotificationType
    from .models.organizations import Organization
    from .models.presentation import DeviceConfig, DevicePresentation
    from .models.rules import Rule, RuleExecution
    from .models.scenes import Scene, SceneExecution
    from .models.schedules import Schedule
    from .models.subscriptions import (
        CapabilitySubscription,
        DeviceHealthSubscription,
        DeviceLifecycleSubscription,
        DeviceSubscription,
        HubHealthSubscription,
        ModeSubscription,
        ReconcileResult,
        SceneLifecycleSubscription,
        SecurityArmStateSubscription,
        Subscription,
        SubscriptionRequest,
    )
    from .models.virtualdevices import EventStateChange, VirtualDevicePrototype
    from .resources.events import FileSinkStore, MemorySinkStore, SinkSettings
    from .scopes import TokenKind

# Where each public name lives; imported on first use (see _lazy.py).
_EXPORTS = {
    "._paging": ("AsyncPager", "SyncPager"),
    "._transport": ("RetryPolicy",),
    ".auth.credentials": ("Credential", "PersonalAccessToken", "SmartAppToken"),
    ".auth.lifecycle": ("LifecycleRequest", "parse_lifecycle"),
    ".auth.redis_store": ("RedisTokenStore",),
    ".auth.refresh": ("RefreshableToken",),
    ".auth.stores": ("FileTokenStore", "MemoryTokenStore", "TokenStore"),
    ".client": ("AsyncSmartThings", "SmartThings"),
    ".errors": (
        "APIConnectionError",
        "APIStatusError",
        "APITimeoutError",
        "ArgumentTypeError",
        "AuthenticationError",
        "BadRequestError",
        "ClientClosedError",
        "ConflictError",
        "EventStreamError",
        "InvalidArgumentError",
        "LimitError",
        "MissingScopeError",
        "NoCredentialsError",
        "NotFoundError",
        "PaginationError",
        "RateLimitError",
        "ReauthorizationRequired",
        "ResponseDecodeError",
        "ScopeError",
        "ServerError",
        "SinkLimitError",
        "SmartThingsError",
        "SubscriptionLimitError",
        "TokenKindError",
        "UnprocessableEntityError",
    ),
    ".models": (
        "AttributeState",
        "Command",
        "CommandResult",
        "CommandStatus",
        "Component",
        "Device",
        "DeviceEvent",
        "DeviceHealth",
        "DeviceStatus",
        "HealthState",
        "Location",
        "Mode",
        "Room",
    ),
    ".models.apps": ("App", "AppCreated", "AppOAuth", "OAuthCredentials"),
    ".models.capabilities": (
        "Capability",
        "CapabilityLocalization",
        "CapabilityNamespace",
        "CapabilityPresentation",
        "CapabilitySummary",
    ),
    ".models.channels": ("Channel",),
    ".models.devicepreferences": ("DevicePreference",),
    ".models.deviceprofiles": ("DeviceProfile",),
    ".models.devices": ("DevicePreferences",),
    ".models.drivers": ("EdgeDriver", "EdgeDriverSummary"),
    ".models.events": (
        "ControlEvent",
        "DeviceHealthEvent",
        "DeviceLifecycleEvent",
        "LocationLifecycleEvent",
        "Sink",
        "StreamEvent",
        "UnknownEvent",
    ),
    ".models.history": ("DeviceActivity",),
    ".models.hubdevices": ("Hub", "InstalledDriver"),
    ".models.installedapps": ("InstalledApp", "InstalledAppConfigurationDetail", "TokenInfo"),
    ".models.notifications": ("DeepLink", "NotificationMessage", "NotificationType"),
    ".models.organizations": ("Organization",),
    ".models.presentation": ("DeviceConfig", "DevicePresentation"),
    ".models.rules": ("Rule", "RuleExecution"),
    ".models.scenes": ("Scene", "SceneExecution"),
    ".models.schedules": ("Schedule",),
    ".models.subscriptions": (
        "CapabilitySubscription",
        "DeviceHealthSubscription",
        "DeviceLifecycleSubscription",
        "DeviceSubscription",
        "HubHealthSubscription",
        "ModeSubscription",
        "ReconcileResult",
        "SceneLifecycleSubscription",
        "SecurityArmStateSubscription",
        "Subscription",
        "SubscriptionRequest",
    ),
    ".models.virtualdevices": ("EventStateChange", "VirtualDevicePrototype"),
    ".resources.events": ("FileSinkStore", "MemorySinkStore", "SinkSettings"),
    ".scopes": ("TokenKind",),
}

lazy_exports(__name__, _EXPORTS)

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "App",
    "AppCreated",
    "AppOAuth",
    "ArgumentTypeError",
    "AsyncPager",
    "AsyncSmartThings",
    "AttributeState",
    "AuthenticationError",
    "BadRequestError",
    "Capability",
    "CapabilityLocalization",
    "CapabilityNamespace",
    "CapabilityPresentation",
    "CapabilitySubscription",
    "CapabilitySummary",
    "Channel",
    "ClientClosedError",
    "Command",
    "CommandResult",
    "CommandStatus",
    "Component",
    "ConflictError",
    "ControlEvent",
    "Credential",
    "DeepLink",
    "Device",
    "DeviceActivity",
    "DeviceConfig",
    "DeviceEvent",
    "DeviceHealth",
    "DeviceHealthEvent",
    "DeviceHealthSubscription",
    "DeviceLifecycleEvent",
    "DeviceLifecycleSubscription",
    "DevicePreference",
    "DevicePreferences",
    "DevicePresentation",
    "DeviceProfile",
    "DeviceStatus",
    "DeviceSubscription",
    "EdgeDriver",
    "EdgeDriverSummary",
    "EventStateChange",
    "EventStreamError",
    "FileSinkStore",
    "FileTokenStore",
    "HealthState",
    "Hub",
    "HubHealthSubscription",
    "InstalledApp",
    "InstalledAppConfigurationDetail",
    "InstalledDriver",
    "InvalidArgumentError",
    "LifecycleRequest",
    "LimitError",
    "Location",
    "LocationLifecycleEvent",
    "MemorySinkStore",
    "MemoryTokenStore",
    "MissingScopeError",
    "Mode",
    "ModeSubscription",
    "NoCredentialsError",
    "NotFoundError",
    "NotificationMessage",
    "NotificationType",
    "OAuthCredentials",
    "Organization",
    "PaginationError",
    "PersonalAccessToken",
    "RateLimitError",
    "ReauthorizationRequired",
    "ReconcileResult",
    "RedisTokenStore",
    "RefreshableToken",
    "ResponseDecodeError",
    "RetryPolicy",
    "Room",
    "Rule",
    "RuleExecution",
    "Scene",
    "SceneExecution",
    "SceneLifecycleSubscription",
    "Schedule",
    "ScopeError",
    "SecurityArmStateSubscription",
    "ServerError",
    "Sink",
    "SinkLimitError",
    "SinkSettings",
    "SmartAppToken",
    "SmartThings",
    "SmartThingsError",
    "StreamEvent",
    "Subscription",
    "SubscriptionLimitError",
    "SubscriptionRequest",
    "SyncPager",
    "TokenInfo",
    "TokenKind",
    "TokenKindError",
    "TokenStore",
    "UnknownEvent",
    "UnprocessableEntityError",
    "VirtualDevicePrototype",
    "__version__",
    "parse_lifecycle",
]
