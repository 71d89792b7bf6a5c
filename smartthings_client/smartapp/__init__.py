"""The webhook side of a SmartApp: signature checks, a framework-free lifecycle dispatcher and the authoring kit.

* :class:`SmartApp`: ``app.handle(method, path, headers, body)`` -> :class:`WebhookResponse`, plus ``app.asgi``,
  ``app.wsgi`` and ``app.lambda_handler``; handlers for CONFIGURATION pages, INSTALL/UPDATE, every EVENT type (by
  subscription name or event type), device commands, EXECUTE, CONFIRMATION, UNINSTALL and OAUTH_CALLBACK;
  ``app.with_context(installed_app_id)`` for calls outside a lifecycle.
* :mod:`~smartthings_client.smartapp.pages`: typed configuration pages (:class:`Page`, :class:`Section` and a class
  per setting type); :mod:`~smartthings_client.smartapp.i18n`: their labels from ``locales/<language>.json``.
* :mod:`~smartthings_client.smartapp.context`: each installed app's configuration kept beside its token pair.
* :mod:`~smartthings_client.smartapp.signatures`: :func:`verify_request` and the key resolvers (ST_PADLOCK from
  the key server, APP_RSA from the app's public key).

Needs ``cryptography`` (``pip install 'smartthings-client[smartapp]'``), imported when a SmartApp that checks
signatures is made; without it, that raises :class:`~smartthings_client.MissingDependencyError` naming the extra.
"""

from .app import SmartApp, WebhookResponse
from .context import (
    AppContext,
    ContextStore,
    FileContextStore,
    InstalledAppContext,
    MemoryContextStore,
    RedisContextStore,
)
from .i18n import LocaleFileError, Locales, Translator
from .pages import (
    BooleanSetting,
    DecimalSetting,
    DeviceSetting,
    EmailSetting,
    EnumSetting,
    ImageSetting,
    ImagesSetting,
    LinkSetting,
    MessageGroupSetting,
    ModeSetting,
    NumberSetting,
    OAuthSetting,
    Option,
    OptionGroup,
    Page,
    PageError,
    PageSetting,
    ParagraphSetting,
    PasswordSetting,
    PhoneSetting,
    SceneSetting,
    Section,
    SecuritySetting,
    Setting,
    SoundOption,
    SoundSetting,
    Style,
    TextSetting,
    TimeSetting,
    VideoSetting,
    page_from_json,
)
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
    "AppContext",
    "AppRsaKeyResolver",
    "BooleanSetting",
    "ContextStore",
    "DecimalSetting",
    "DeviceSetting",
    "EmailSetting",
    "EnumSetting",
    "FileContextStore",
    "ImageSetting",
    "ImagesSetting",
    "InstalledAppContext",
    "KeyResolver",
    "LinkSetting",
    "LocaleFileError",
    "Locales",
    "MemoryContextStore",
    "MessageGroupSetting",
    "ModeSetting",
    "NumberSetting",
    "OAuthSetting",
    "Option",
    "OptionGroup",
    "PadlockKeyResolver",
    "Page",
    "PageError",
    "PageSetting",
    "ParagraphSetting",
    "PasswordSetting",
    "PhoneSetting",
    "RedisContextStore",
    "SceneSetting",
    "Section",
    "SecuritySetting",
    "Setting",
    "SignatureError",
    "SmartApp",
    "SmartThingsKeyResolver",
    "SoundOption",
    "SoundSetting",
    "Style",
    "TextSetting",
    "TimeSetting",
    "Translator",
    "VideoSetting",
    "WebhookResponse",
    "app_rsa_key_id",
    "page_from_json",
    "verify_request",
]
