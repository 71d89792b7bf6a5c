"""The webhook side of a SmartApp: signature checks and a framework-free lifecycle dispatcher.

* :class:`SmartApp`: ``app.handle(method, path, headers, body)`` -> :class:`WebhookResponse`, plus ``app.asgi``
  and ``app.wsgi``; handlers for CONFIGURATION pages, INSTALL/UPDATE, EVENT (by subscription name), UNINSTALL and
  OAUTH_CALLBACK.
* :mod:`~smartthings_client.smartapp.signatures`: :func:`verify_request` and the key resolvers (ST_PADLOCK from
  the key server, APP_RSA from the app's public key).

Needs ``cryptography`` (``pip install 'smartthings-client[smartapp]'``), imported when a SmartApp that checks
signatures is made; without it, that raises :class:`~smartthings_client.MissingDependencyError` naming the extra.
"""

from .app import SmartApp, WebhookResponse
from .signatures import (
    AppRsaKeyResolver,
    KeyResolver,
    PadlockKeyResolver,
    SignatureError,
    SmartThingsKeyResolver,
    app_rsa_key_id,
    verify_request,
)

__all__ = [
    "AppRsaKeyResolver",
    "KeyResolver",
    "PadlockKeyResolver",
    "SignatureError",
    "SmartApp",
    "SmartThingsKeyResolver",
    "WebhookResponse",
    "app_rsa_key_id",
    "verify_request",
]
