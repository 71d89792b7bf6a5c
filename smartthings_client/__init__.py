"""smartthings-client: a typed client for the SmartThings REST API, sync and async.

from smartthings_client import SmartThings

with SmartThings("personal-access-token") as st:
    for device in st.devices.list(capability="switch"):
        print(device.label)
"""

from ._paging import AsyncPager, SyncPager
from ._transport import RetryPolicy
from ._version import __version__
from .auth.credentials import Credential, PersonalAccessToken, SmartAppToken
from .auth.lifecycle import LifecycleRequest, parse_lifecycle
from .auth.refresh import RefreshableToken
from .auth.stores import FileTokenStore, MemoryTokenStore, TokenStore
from .client import AsyncSmartThings, SmartThings
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
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
from .models.devicepreferences import DevicePreference
from .models.deviceprofiles import DeviceProfile
from .models.installedapps import InstalledApp, InstalledAppConfigurationDetail, TokenInfo
from .models.notifications import DeepLink, NotificationMessage, NotificationType
from .models.organizations import Organization
from .models.presentation import DeviceConfig, DevicePresentation
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
from .scopes import TokenKind

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "App",
    "AppCreated",
    "AppOAuth",
    "AsyncPager",
    "AsyncSmartThings",
    "AttributeState",
    "AuthenticationError",
    "BadRequestError",
    "CapabilitySubscription",
    "Command",
    "CommandResult",
    "CommandStatus",
    "Component",
    "ConflictError",
    "Credential",
    "DeepLink",
    "Device",
    "DeviceConfig",
    "DeviceEvent",
    "DeviceHealth",
    "DeviceHealthSubscription",
    "DeviceLifecycleSubscription",
    "DevicePreference",
    "DevicePresentation",
    "DeviceProfile",
    "DeviceStatus",
    "DeviceSubscription",
    "FileTokenStore",
    "HealthState",
    "HubHealthSubscription",
    "InstalledApp",
    "InstalledAppConfigurationDetail",
    "LifecycleRequest",
    "LimitError",
    "Location",
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
    "RefreshableToken",
    "ResponseDecodeError",
    "RetryPolicy",
    "Room",
    "SceneLifecycleSubscription",
    "Schedule",
    "ScopeError",
    "SecurityArmStateSubscription",
    "ServerError",
    "SmartAppToken",
    "SmartThings",
    "SmartThingsError",
    "Subscription",
    "SubscriptionLimitError",
    "SubscriptionRequest",
    "SyncPager",
    "TokenInfo",
    "TokenKind",
    "TokenKindError",
    "TokenStore",
    "UnprocessableEntityError",
    "__version__",
    "parse_lifecycle",
]
