"""The public face of the package: ``smartthings_client.__all__`` is pinned here.

Adding or removing a public name is an API change: update PUBLIC below in the same commit (and the changelog).
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import pytest

import smartthings_client

PUBLIC = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "ArgumentTypeError",
    "App",
    "AppCreated",
    "AppOAuth",
    "AsyncPager",
    "AsyncSmartThings",
    "AttributeState",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "CommandArgumentError",
    "Capability",
    "CapabilityLocalization",
    "CapabilityNamespace",
    "CapabilityPresentation",
    "CapabilitySubscription",
    "CapabilitySummary",
    "Channel",
    "Command",
    "CommandResult",
    "CommandStatus",
    "Component",
    "ConflictError",
    "ControlEvent",
    "Credential",
    "CronScheduleRequest",
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
    "DevicePreferences",
    "DevicePreference",
    "DevicePresentation",
    "DeviceProfile",
    "DeviceStatus",
    "DeviceSubscription",
    "EventStateChange",
    "EventStreamError",
    "FileSinkStore",
    "EdgeDriver",
    "EdgeDriverSummary",
    "FileTokenStore",
    "HealthState",
    "Hub",
    "HubHealthSubscription",
    "InstalledApp",
    "InstalledAppConfigurationDetail",
    "InvalidArgumentError",
    "InstalledDriver",
    "LifecycleRequest",
    "LimitError",
    "Location",
    "LocationLifecycleEvent",
    "MemorySinkStore",
    "MemoryTokenStore",
    "MissingDependencyError",
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
    "RateBudgetExceeded",
    "RateLimitError",
    "RateLimiterError",
    "ReauthorizationRequired",
    "ReconcileResult",
    "RedisRateLimiter",
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


def test_all_is_pinned() -> None:
    assert sorted(smartthings_client.__all__) == sorted(PUBLIC)
    assert len(smartthings_client.__all__) == len(set(smartthings_client.__all__)), "a name is listed twice"


def test_every_public_name_imports() -> None:
    module = importlib.reload(smartthings_client)
    for name in PUBLIC:
        assert getattr(module, name, None) is not None, name
    namespace: dict[str, object] = {}
    exec("from smartthings_client import *", namespace)
    assert sorted(key for key in namespace if key != "__builtins__") == sorted(PUBLIC)


def test_the_version_is_a_version() -> None:
    from smartthings_client._version import __version__

    assert smartthings_client.__version__ == __version__
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?\w+)*", __version__)


def test_importing_the_package_loads_only_what_a_call_needs() -> None:
    script = (
        "import sys\n"
        "from smartthings_client import SmartThings, AsyncSmartThings\n"
        "import smartthings_client.testing.pytest_plugin\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    for heavy in (
        "smartthings_client.auth.lifecycle",
        "smartthings_client.auth.oauth",
        "smartthings_client.auth.stores",
        "smartthings_client.auth.redis_store",
        "smartthings_client.smartapp",
        "smartthings_client.testing._emulator",
        "smartthings_client.models.converter",
        "smartthings_client.resources.devices",
        "smartthings_client.scopes",
        "tenacity",
        "cattrs",
        "asyncio",  # a sync script never needs it; an async one has it already
        "aiohttp",  # an extra, loaded (if installed) when the first async client is created
    ):
        assert heavy not in loaded, heavy


def test_the_command_line_answers_help_without_loading_the_client() -> None:
    script = (
        "import contextlib, io, sys\n"
        "from smartthings_client.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "assert 'usage: smartthings-client' in out.getvalue(), out.getvalue()\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    for heavy in ("httpx", "smartthings_client.client", "smartthings_client._transport", "asyncio"):
        assert heavy not in loaded, heavy


def test_a_lazily_exported_name_wins_over_its_submodule() -> None:
    # auth.keepalive is a function living in the module auth/keepalive.py: importing the module must not
    # replace the function on the package.
    import smartthings_client.auth

    module = importlib.import_module("smartthings_client.auth.keepalive")
    from smartthings_client.auth import KeepaliveReport, keepalive

    assert callable(keepalive)
    assert keepalive is module.keepalive
    assert smartthings_client.auth.keepalive is keepalive
    assert KeepaliveReport is module.KeepaliveReport
    assert "keepalive" in dir(smartthings_client.auth)
    with pytest.raises(AttributeError):
        _ = smartthings_client.auth.no_such_name  # type: ignore[attr-defined]
