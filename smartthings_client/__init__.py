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
from .scopes import TokenKind

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPager",
    "AsyncSmartThings",
    "AttributeState",
    "AuthenticationError",
    "BadRequestError",
    "Command",
    "CommandResult",
    "CommandStatus",
    "Component",
    "ConflictError",
    "Credential",
    "Device",
    "DeviceEvent",
    "DeviceHealth",
    "DeviceStatus",
    "HealthState",
    "LimitError",
    "Location",
    "MissingScopeError",
    "Mode",
    "NoCredentialsError",
    "NotFoundError",
    "PaginationError",
    "PersonalAccessToken",
    "RateLimitError",
    "ReauthorizationRequired",
    "ResponseDecodeError",
    "RetryPolicy",
    "Room",
    "ScopeError",
    "ServerError",
    "SmartAppToken",
    "SmartThings",
    "SmartThingsError",
    "SyncPager",
    "TokenKind",
    "TokenKindError",
    "UnprocessableEntityError",
    "__version__",
]
