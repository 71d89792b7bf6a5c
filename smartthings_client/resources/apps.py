"""``st.apps``: the SmartApp registrations of your account, with their OAuth clients and settings.

App registration is account-level administration: every call here needs a personal access token.  The OAuth
client secret that :meth:`Apps.create` and :meth:`Apps.generate_oauth` return is shown once; the returned
objects keep it out of ``repr()``, and nothing here logs it.
"""

from __future__ import annotations

import enum
import os
import re
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._operation import Params, Request, ignore_body, one_or_many, query, segment, tag_query
from ..models.apps import (
    App,
    AppCreated,
    AppOAuth,
    AppSettings,
    AppSummary,
    AppType,
    CreateAppRequest,
    OAuthCredentials,
    OAuthGenerated,
    SignatureType,
    UpdateAppRequest,
)
from ..models.converter import decode_as, encode
from ..scopes import PAT_ONLY, parse_scope, spelling_warnings
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged

__all__ = ["Apps", "AsyncApps", "ScopeSpellingWarning"]

MAX_APP_NAME = 250
MAX_DISPLAY_NAME = 75
MAX_DESCRIPTION = 250
MAX_REDIRECT_URIS = 10
_APP_NAME = re.compile(r"[a-z0-9._-]+")
_SIGNATURE_TYPES = frozenset(member.value for member in SignatureType)
_APPS_LIMIT_HINT = "an account may hold 100 apps per app type; delete unused apps (st.apps.delete) first"

_decode_app = decode_as(App)
_decode_summary = decode_as(AppSummary)
_decode_created = decode_as(AppCreated)
_decode_oauth = decode_as(AppOAuth)
_decode_settings = decode_as(AppSettings)
_decode_generated = decode_as(OAuthGenerated)


class ScopeSpellingWarning(UserWarning):
    """A scope is spelled differently from how SmartThings spells the same grant (``i:deviceprofiles:*`` for
    ``i:deviceprofiles``).  SmartThings compares scope strings exactly, so such a scope may not match the one
    whitelisted for the app; the two are still the same grant."""


def _generated_credentials(data: Any) -> OAuthCredentials:
    return _decode_generated(data).credentials


_APP = "/apps/{appNameOrId}"
_R_APP = (("r:apps:{appNameOrId}",),)
_W_APP = (("w:apps:{appNameOrId}",),)
_APPS_NOTE = (
    "App registration is account-level administration, which needs a personal access token "
    "(S1 r:apps:*; community t/294905)."
)


def _app_path(app: str) -> dict[str, str]:
    segment(app, "app")  # checked here so that a bad value is named as the argument users know
    return {"appNameOrId": app}


def _enum_value(value: Any) -> Any:
    # str() of a str-valued enum member is "AppType.API_ONLY", not its value: unwrap members before they reach
    # a query string.
    return value.value if isinstance(value, enum.Enum) else value


def _signature_type(value: SignatureType | str | None) -> str | None:
    if value is None:
        return None
    text = _enum_value(value)
    if text not in _SIGNATURE_TYPES:
        raise ValueError(f"signature_type must be one of {', '.join(sorted(_SIGNATURE_TYPES))}, got {value!r}")
    return str(text)


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def _warn(message: str) -> None:
    # Point the warning at the first frame outside this package (the user's call), however deep the sync or
    # async runners put this helper.
    frame = sys._getframe(0)
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(message, ScopeSpellingWarning, stacklevel=level)


def _app_query(signature_type: SignatureType | str | None, require_confirmation: bool | None) -> Params | None:
    return (
        query(("signatureType", _signature_type(signature_type)), ("requireConfirmation", require_confirmation)) or None
    )


def _checked_scopes(scopes: str | Iterable[str], argument: str = "scope") -> list[str]:
    """Validate scopes with the scope grammar and return them normalised, warning about unusual spellings.

    Normalising trims whitespace, lowercases the permission and entity type, and drops exact repeats; it keeps
    the author's spelling otherwise, because SmartThings matches scope strings exactly and silently rewriting
    ``i:deviceprofiles:*`` to ``i:deviceprofiles`` could break a whitelist that uses the former.
    """
    items = [scopes] if isinstance(scopes, str) else list(scopes)
    normalised: list[str] = []
    for item in items:
        try:
            scope = parse_scope(item)
        except ValueError as exc:
            raise type(exc)(f"{argument}: {exc}") from exc
        text = ":".join((scope.permission, scope.entity_type, *scope.entity_ids))
        if text not in normalised:
            normalised.append(text)
    for message in spelling_warnings(normalised):
        _warn(message)
    return normalised


def _text(value: object, argument: str, limit: int | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{argument} must be a non-empty string, got {value!r}")
    if limit is not None and len(value) > limit:
        raise ValueError(f"{argument} must be at most {limit} characters, got {len(value)}")
    return value


def _app_body(request: UpdateAppRequest) -> dict[str, Any]:
    if not isinstance(request, UpdateAppRequest):
        raise TypeError(f"request must be a CreateAppRequest or UpdateAppRequest, not {type(request).__name__}")
    _text(request.display_name, "display_name", MAX_DISPLAY_NAME)
    _text(request.description, "description", MAX_DESCRIPTION)
    if not request.classifications:
        raise ValueError("classifications must hold at least one classification, e.g. AppClassification.AUTOMATION")
    body: dict[str, Any] = encode(request)
    return body


def _check_implementation(request: CreateAppRequest) -> None:
    # Only on create: an update may leave the implementation block out, and SmartThings then keeps it.
    app_type = _enum_value(request.app_type)
    if app_type == AppType.WEBHOOK_SMART_APP.value and not (
        request.webhook_smart_app and request.webhook_smart_app.target_url
    ):
        raise ValueError("a WEBHOOK_SMART_APP needs webhook_smart_app=WebhookSmartApp(target_url=...)")
    if app_type == AppType.LAMBDA_SMART_APP.value and not (
        request.lambda_smart_app and request.lambda_smart_app.functions
    ):
        raise ValueError("a LAMBDA_SMART_APP needs lambda_smart_app=LambdaSmartApp(functions=[<ARN>, ...])")


def _redirect_uris(redirect_uris: Sequence[str]) -> list[str]:
    uris = one_or_many(redirect_uris, "redirect_uris")
    if len(uris) > MAX_REDIRECT_URIS:
        raise ValueError(f"an app may have at most {MAX_REDIRECT_URIS} redirect URIs, got {len(uris)}")
    return uris


def _oauth_body(
    client_name: str, scope: str | Iterable[str], redirect_uris: Sequence[str] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"clientName": _text(client_name, "client_name"), "scope": _checked_scopes(scope)}
    if redirect_uris is not None:
        body["redirectUris"] = _redirect_uris(redirect_uris)
    return body


class _Apps(ResourceBase):
    _group = "apps"

    @paged("apps.list", "GET", "/apps", (("r:apps",),), PAT_ONLY, note=_APPS_NOTE)
    def list(
        self,
        *,
        app_type: AppType | str | None = None,
        classification: str | Iterable[str] | None = None,
        tags: Mapping[str, str | Iterable[str]] | None = None,
    ) -> Request[AppSummary]:
        """Every app registered by the account, fetched page by page.

        Filters: ``app_type`` (``WEBHOOK_SMART_APP``, ``LAMBDA_SMART_APP``, ``API_ONLY``...), ``classification``
        (one or several of AUTOMATION, SERVICE, DEVICE, CONNECTED_SERVICE) and ``tags``
        (``{"key": "value"}`` -> ``?tag:key=value``; several values for one key are ORed).

        """
        params = query(
            ("appType", _enum_value(app_type)),
            ("classification", [_enum_value(c) for c in one_or_many(classification, "classification")]),
            *tag_query(tags),
        )
        return Request(_decode_summary, params=params)

    @endpoint("apps.get", "GET", _APP, _R_APP, PAT_ONLY, note=_APPS_NOTE)
    def get(self, app: str) -> Request[App]:
        """One app, by app id or app name."""
        return Request(_decode_app, path=_app_path(app))

    @endpoint(
        "apps.create",
        "POST",
        "/apps",
        (("w:apps",),),
        PAT_ONLY,
        note="An account may hold 100 apps per app type; beyond that SmartThings answers 422 LimitError.",
    )
    def create(
        self,
        request: CreateAppRequest,
        *,
        signature_type: SignatureType | str | None = None,
        require_confirmation: bool | None = None,
    ) -> Request[AppCreated]:
        """Register an app.

        Returns the app with its OAuth client id and secret: SmartThings shows the secret only in this answer,
        so store it now (``created.credentials``).  ``signature_type`` (``APP_RSA`` or ``ST_PADLOCK``) and
        ``require_confirmation`` (webhook apps: confirm the target URL with a CONFIRMATION request rather than
        PING) go in the query; for a webhook app they default, as in the official SDK, to
        ``require_confirmation=True`` and the app's own ``signature_type`` or ``ST_PADLOCK``.  Scopes in
        ``request.oauth`` are checked like :meth:`update_oauth` does.
        An account may hold 100 apps per app type; beyond that SmartThings answers
        :class:`~smartthings_client.errors.LimitError`.
        """
        if not isinstance(request, CreateAppRequest):
            raise TypeError(f"request must be a CreateAppRequest, not {type(request).__name__}")
        name = _text(request.app_name, "app_name", MAX_APP_NAME)
        if not _APP_NAME.fullmatch(name):
            raise ValueError(
                f"app_name must be lowercase letters, digits, '-', '_' or '.', got {name!r} "
                "(it is the app's unique name in the account)"
            )
        body = _app_body(request)
        _check_implementation(request)
        if request.oauth is not None:
            body["oauth"]["scope"] = _checked_scopes(request.oauth.scope, "oauth.scope")
            body["oauth"]["redirectUris"] = _redirect_uris(request.oauth.redirect_uris)
        if request.webhook_smart_app is not None:
            # As the official SDK and CLI create webhook apps: confirmed target URL, ST_PADLOCK signatures unless
            # the app says otherwise, so an app made here verifies like one made with smartthings-cli.
            if signature_type is None:
                signature_type = request.webhook_smart_app.signature_type or SignatureType.ST_PADLOCK
            if require_confirmation is None:
                require_confirmation = True
        params = _app_query(signature_type, require_confirmation)
        return Request(
            _decode_created,
            json=body,
            params=params,
            limit_hint=_APPS_LIMIT_HINT,
            secret_response=True,
        )

    @endpoint("apps.update", "PUT", _APP, _W_APP, PAT_ONLY, note=_APPS_NOTE)
    def update(
        self,
        app: str,
        request: UpdateAppRequest,
        *,
        signature_type: SignatureType | str | None = None,
        require_confirmation: bool | None = None,
    ) -> Request[App]:
        """Replace an app's definition.

        ``display_name``, ``description``, ``app_type`` and ``classifications`` are required by SmartThings;
        the other fields of ``request`` are sent when set.
        """
        path = _app_path(app)
        body = _app_body(request)
        params = _app_query(signature_type, require_confirmation)
        return Request(_decode_app, path=path, json=body, params=params)

    @endpoint("apps.delete", "DELETE", _APP, _W_APP, PAT_ONLY, note=_APPS_NOTE)
    def delete(self, app: str) -> Request[None]:
        """Delete an app, and with it its installations."""
        return Request(ignore_body, path=_app_path(app), empty_ok=True)

    @endpoint("apps.get_settings", "GET", f"{_APP}/settings", _R_APP, PAT_ONLY, note=_APPS_NOTE)
    def get_settings(self, app: str) -> Request[AppSettings]:
        """An app's settings, name -> string."""
        return Request(_decode_settings, path=_app_path(app))

    @endpoint("apps.update_settings", "PUT", f"{_APP}/settings", _W_APP, PAT_ONLY, note=_APPS_NOTE)
    def update_settings(self, app: str, settings: Mapping[str, str]) -> Request[AppSettings]:
        """Replace an app's settings; values must be strings."""
        path = _app_path(app)
        if not isinstance(settings, Mapping):
            raise TypeError(f"settings must be a mapping of names to strings, not {type(settings).__name__}")
        for key, value in settings.items():
            if not isinstance(key, str) or not key:
                raise ValueError(f"settings names must be non-empty strings, got {key!r}")
            if not isinstance(value, str):
                raise TypeError(f"settings[{key!r}] must be a str, not {type(value).__name__}")
        return Request(_decode_settings, path=path, json={"settings": dict(settings)})

    @endpoint("apps.get_oauth", "GET", f"{_APP}/oauth", _R_APP, PAT_ONLY, note=_APPS_NOTE)
    def get_oauth(self, app: str) -> Request[AppOAuth]:
        """An app's OAuth client settings: client name, scopes and redirect URIs."""
        return Request(_decode_oauth, path=_app_path(app))

    @endpoint("apps.update_oauth", "PUT", f"{_APP}/oauth", _W_APP, PAT_ONLY, note=_APPS_NOTE)
    def update_oauth(
        self,
        app: str,
        *,
        client_name: str,
        scope: str | Iterable[str],
        redirect_uris: Sequence[str] | None = None,
    ) -> Request[AppOAuth]:
        """Change an app's OAuth client settings; the client id and secret stay the same.

        Each scope is checked against the scope grammar before sending (:class:`ValueError` names a bad one),
        trimmed, its permission and entity type lowercased, and exact repeats dropped.  A scope spelled unlike
        SmartThings' usual spelling of the same grant (``i:deviceprofiles:*`` for ``i:deviceprofiles``) is sent
        as written, with a :class:`ScopeSpellingWarning`: SmartThings matches scope strings exactly.
        ``redirect_uris`` (at most 10) is left out of the request when ``None``.
        """
        path = _app_path(app)
        body = _oauth_body(client_name, scope, redirect_uris)
        return Request(_decode_oauth, path=path, json=body)

    @endpoint(
        "apps.generate_oauth",
        "POST",
        f"{_APP}/oauth/generate",
        _W_APP,
        PAT_ONLY,
        note="Regenerates the OAuth client id and secret; the old ones stop working.",
    )
    def generate_oauth(self, app: str, *, client_name: str, scope: str | Iterable[str]) -> Request[OAuthCredentials]:
        """Generate a new OAuth client id and secret for an app.

        The old id and secret stop working, so installed apps must be authorised again.  The secret is shown
        only in this answer: store it now (it is kept out of ``repr()``).  Scopes are checked as in
        :meth:`update_oauth`.
        """
        path = _app_path(app)
        body = _oauth_body(client_name, scope)
        return Request(_generated_credentials, path=path, json=body, secret_response=True)

    @endpoint(
        "apps.register",
        "PUT",
        f"{_APP}/register",
        _W_APP,
        PAT_ONLY,
        note="Not in the 2019 spec; sends the app's endpoint a confirmation message (2022 spec).",
    )
    def register(self, app: str) -> Request[None]:
        """Ask SmartThings to confirm the app's target URL by sending it a confirmation request (empty body).

        Webhook and API-access apps must be registered to receive events.
        """
        return Request(ignore_body, path=_app_path(app), empty_ok=True)

    @endpoint(
        "apps.update_signature_type",
        "PUT",
        f"{_APP}/signature-type",
        _W_APP,
        PAT_ONLY,
        note="Not in the 2019 spec (2022 spec, core-sdk).",
    )
    def update_signature_type(self, app: str, signature_type: SignatureType | str) -> Request[None]:
        """Choose how a webhook app verifies requests from SmartThings: ``APP_RSA`` (its own key pair) or
        ``ST_PADLOCK`` (SmartThings' certificate).
        """
        path = _app_path(app)
        value = _signature_type(signature_type)
        return Request(ignore_body, path=path, json={"signatureType": value}, empty_ok=True)


class Apps(_Apps, SyncResource):
    """App registrations (blocking).  Reach it as ``SmartThings().apps``."""


class AsyncApps(_Apps, AsyncResource):
    """App registrations (async).  Reach it as ``AsyncSmartThings().apps``."""
