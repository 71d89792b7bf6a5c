"""``SmartApp``: the webhook side of a SmartApp, framework-free.

``app.handle(method, path, headers, body)`` verifies the request's signature, reads the lifecycle and answers with
a :class:`WebhookResponse` (status and JSON body); ``app.asgi`` and ``app.wsgi`` are ready callables for any ASGI or
WSGI server.  What each lifecycle does (``smartapp-backends.md`` §2):

* PING: the challenge echoed back, without a signature check (it is the one lifecycle sent unsigned);
* CONFIRMATION: ``{"targetUrl": ...}``; with ``confirm_registrations=True`` the confirmation URL is visited too,
  only when it is an https URL on a SmartThings API host for this app's id;
* CONFIGURATION: INITIALIZE from the app's name, description and permissions (checked against ``whitelist`` with
  :func:`smartthings_client.scopes.check_app_scopes` when the app is made), PAGE from the ``@app.page`` handlers
  (a typed :class:`~smartthings_client.smartapp.pages.Page`, or sections), labels translated from ``locales``;
* INSTALL/UPDATE: the token pair saved to the store (an upsert, so a repeated delivery is harmless) and the
  configuration to the ``context_store`` *before* the handler runs with a client whose token refreshes itself;
* EVENT: each event to the handler of its subscription name, else of its event type, with a client on the 5-minute
  event token; device commands to the handler of their capability and command;
* UNINSTALL (or the app's own DELETE lifecycle event): the stored pair and context deleted (again harmless when
  repeated), then the handler;
* EXECUTE, CONFIRMATION, OAUTH_CALLBACK: their handlers.

Anything else answers 401 (signature), 400 (unreadable body) or 500 (a handler raised: logged, no details sent).
SmartThings waits 10 s for an answer: handlers should store what must not be lost, queue the rest (jobs carrying the
installed app id, which later resolve a client from the store) and return.  Handlers are plain functions; under
ASGI they run in a worker thread.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import attrs
import httpx
import orjson

from .._defaults import client_token_url
from ..auth.lifecycle import (
    AppConfig,
    ConfigurationPhase,
    ConfigurationRequest,
    ConfirmationRequest,
    EventRequest,
    ExecuteRequest,
    InstallRequest,
    LifecyclePayloadError,
    LifecycleRequest,
    OAuthCallbackRequest,
    PingRequest,
    UninstallRequest,
    UpdateRequest,
    credential_from_lifecycle,
    parse_lifecycle,
)
from ..auth.refresh import RefreshableToken
from ..auth.stores import TokenStore
from ..client import SmartThings
from ..errors import NoCredentialsError
from ..scopes import check_app_scopes
from ._events import EventRegistration, EventRouter
from ._servers import AsgiApp, serve_lambda, serve_wsgi
from .context import AppContext, ContextStore, InstalledAppContext
from .i18n import UNTRANSLATED, Locales, Translator
from .pages import Page, Section, sections_json
from .signatures import (
    DEFAULT_KEY_SERVER,
    DEFAULT_MAX_SKEW,
    AppRsaKeyResolver,
    KeyResolver,
    PadlockKeyResolver,
    SignatureError,
    SmartThingsKeyResolver,
    require_cryptography,
    verify_request,
)

__all__ = ["SmartApp", "WebhookResponse"]

log = logging.getLogger("smartthings_client")

#: SmartThings gives a SmartApp 10 s per request; past this an answer is logged as too slow.
RESPONSE_BUDGET = 10.0
_CONFIRMATION_HOSTS = frozenset({"api.smartthings.com"})
_REPLAY_MEMORY = 10_000

InstallHandler = Callable[[InstallRequest | UpdateRequest, "SmartThings"], Any]
PageHandler = Callable[[ConfigurationRequest], Page | Sequence[Section | Mapping[str, Any]]]
ExecuteHandler = Callable[[ExecuteRequest, "SmartThings"], Mapping[str, Any] | None]


@attrs.frozen
class WebhookResponse:
    """What to answer: an HTTP status and a JSON body."""

    status: int
    body: Mapping[str, Any]

    def content(self) -> bytes:
        """The body as JSON bytes."""
        return orjson.dumps(self.body)


@attrs.frozen
class _Page:
    page_id: str
    name: str | None
    next_page: str | None
    previous_page: str | None
    handler: PageHandler


def _name(lifecycle: object) -> str:
    return str(getattr(lifecycle, "value", lifecycle))


class _Replays:
    """Signatures seen within the Date window: the same signed request twice is a replay."""

    def __init__(self, window: float) -> None:
        self._window = window
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._guard = threading.Lock()

    def first_time(self, signature: str) -> bool:
        now = time.monotonic()
        with self._guard:
            while self._seen and (next(iter(self._seen.values())) < now or len(self._seen) > _REPLAY_MEMORY):
                self._seen.popitem(last=False)
            if signature in self._seen:
                return False
            self._seen[signature] = now + 2 * self._window
            return True


class SmartApp(EventRegistration):
    """A webhook SmartApp: give it the target URL, the OAuth client, a token store, and register handlers.

    ``target_url`` is the URL registered with SmartThings (its path is what the signatures cover).
    ``app_rsa_public_key`` (PEM) accepts APP_RSA signatures; ST_PADLOCK keys come from ``key_server``.
    ``client_options`` go to every :class:`~smartthings_client.SmartThings` the app makes (and its ``transport``
    to the key-server and confirmation requests: tests pass the emulator's).  ``token_url`` defaults to the token
    endpoint of the API those clients call (``client_options["base_url"]``, else ``$SMARTTHINGS_BASE_URL``, else the
    real API).  ``verify_signatures=False`` is for local experiments only.  ``context_store`` keeps each installed
    app's configuration beside its token pair (for :meth:`with_context`); ``locales`` (a
    :class:`~smartthings_client.smartapp.i18n.Locales` or its directory) translates the pages' labels into the
    installing user's language.
    """

    def __init__(
        self,
        *,
        target_url: str,
        client_id: str | None = None,
        client_secret: str | None = None,
        store: TokenStore | None = None,
        context_store: ContextStore | None = None,
        locales: Locales | str | os.PathLike[str] | None = None,
        app_id: str | None = None,
        name: str = "SmartApp",
        description: str = "",
        permissions: Iterable[str] = (),
        whitelist: Iterable[str] | None = None,
        app_rsa_public_key: bytes | str | Iterable[bytes | str] | None = None,
        key_server: str = DEFAULT_KEY_SERVER,
        key_resolver: KeyResolver | None = None,
        verify_signatures: bool = True,
        max_skew: float = DEFAULT_MAX_SKEW,
        confirm_registrations: bool = False,
        token_url: str | None = None,
        client_options: Mapping[str, Any] | None = None,
        disable_custom_display_name: bool = False,
        disable_remove_app: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if urlsplit(target_url).scheme not in ("http", "https"):
            raise ValueError(f"target_url must be the app's http(s) URL, not {target_url!r}")
        self.target_url = target_url
        self.client_id = client_id
        self._client_secret = client_secret
        self.store = store
        self.context_store = context_store
        self.locales = locales if isinstance(locales, Locales) or locales is None else Locales(locales)
        self.app_id = app_id
        self.name = name
        self.description = description
        self.permissions = tuple(permissions)
        if whitelist is not None:
            report = check_app_scopes(whitelist, self.permissions)
            if not report.ok:
                raise ValueError(f"the app's permissions would make installs fail:\n{report}")
        if verify_signatures:
            require_cryptography()  # now, not at the first request
        self.client_options = dict(client_options or {})
        transport = self.client_options.get("transport")
        if key_resolver is None:
            app_rsa = AppRsaKeyResolver(app_rsa_public_key) if app_rsa_public_key is not None else None
            key_resolver = SmartThingsKeyResolver(PadlockKeyResolver(key_server, transport=transport), app_rsa)
        self.key_resolver = key_resolver
        self.verify_signatures = verify_signatures
        self.max_skew = max_skew
        self.confirm_registrations = confirm_registrations
        # Tokens refresh at the API the app's clients call (a served emulator's, when client_options say so).
        self.token_url = token_url or client_token_url(self.client_options)
        self.disable_custom_display_name = disable_custom_display_name
        self.disable_remove_app = disable_remove_app
        self.clock = clock
        self._pages: dict[str, _Page] = {}
        self._first_page: str | None = None
        self._install: list[InstallHandler] = []
        self._update: list[InstallHandler] = []
        self._events = EventRouter()
        self._uninstall: list[Callable[[UninstallRequest], Any]] = []
        self._oauth_callback: list[Callable[[OAuthCallbackRequest], Any]] = []
        self._execute: ExecuteHandler | None = None
        self._initialize: list[Callable[[ConfigurationRequest], Mapping[str, Any] | None]] = []
        self._default_page: _Page | None = None
        self._confirmation: list[Callable[[ConfirmationRequest], Any]] = []
        self._replays = _Replays(max_skew)

    # --- registering handlers ---------------------------------------------------------------------------------

    def page(
        self,
        page_id: str,
        name: str | None = None,
        *,
        next_page: str | None = None,
        previous_page: str | None = None,
        first: bool = False,
    ) -> Callable[[PageHandler], PageHandler]:
        """A configuration page: the handler returns a :class:`~smartthings_client.smartapp.pages.Page` (or only its
        sections: ``Section`` objects, or plain dicts in wire form).  The first page registered is the first shown,
        unless another says ``first=True``.  ``name`` and the next/previous pages given here are used when the
        returned page has none."""

        def register(handler: PageHandler) -> PageHandler:
            if page_id in self._pages:
                raise ValueError(f"page {page_id!r} is already registered")
            self._pages[page_id] = _Page(page_id, name, next_page, previous_page, handler)
            if first or self._first_page is None:
                self._first_page = page_id
            return handler

        return register

    def default_page(self, handler: PageHandler) -> PageHandler:
        """The page for any page id no :meth:`page` handler has (without one, such a request gets 404): the
        handler returns a page with the asked id (``request.configuration_data.page_id``) or its sections."""
        self._default_page = _Page("default", None, None, None, handler)
        return handler

    def on_initialize(
        self, handler: Callable[[ConfigurationRequest], Mapping[str, Any] | None]
    ) -> Callable[[ConfigurationRequest], Mapping[str, Any] | None]:
        """CONFIGURATION INITIALIZE: ``handler(request)`` may return fields (wire names: ``"firstPageId"``,
        ``"permissions"``, ``"disableRemoveApp"``...) that replace those made from the app's arguments."""
        self._initialize.append(handler)
        return handler

    def on_install(self, handler: InstallHandler) -> InstallHandler:
        """Run after INSTALL's token pair is stored, with a client: ``handler(request, st)``."""
        self._install.append(handler)
        return handler

    def on_update(self, handler: InstallHandler) -> InstallHandler:
        """Run after UPDATE's new token pair is stored, with a client: ``handler(request, st)``."""
        self._update.append(handler)
        return handler

    def on_installed(self, handler: InstallHandler) -> InstallHandler:
        """Both :meth:`on_install` and :meth:`on_update` (the usual "set up subscriptions" handler)."""
        self._install.append(handler)
        self._update.append(handler)
        return handler

    def on_execute(self, handler: ExecuteHandler) -> ExecuteHandler:
        """EXECUTE (a call of ``st.installedapps.execute``): ``handler(request, st)``; what it returns (a mapping)
        is the ``executeData`` answered."""
        if self._execute is not None:
            raise ValueError("EXECUTE already has a handler")
        self._execute = handler
        return handler

    def on_confirmation(
        self, handler: Callable[[ConfirmationRequest], Any]
    ) -> Callable[[ConfirmationRequest], Any]:
        """CONFIRMATION (the target URL was registered): ``handler(request)``, before the URL is visited (with
        ``confirm_registrations=True``)."""
        self._confirmation.append(handler)
        return handler

    def on_uninstall(self, handler: Callable[[UninstallRequest], Any]) -> Callable[[UninstallRequest], Any]:
        """Run after UNINSTALL deleted the stored pair: ``handler(request)``."""
        self._uninstall.append(handler)
        return handler

    def on_oauth_callback(
        self, handler: Callable[[OAuthCallbackRequest], Any]
    ) -> Callable[[OAuthCallbackRequest], Any]:
        """OAUTH_CALLBACK (a third-party OAuth redirect came back): ``handler(request)``."""
        self._oauth_callback.append(handler)
        return handler

    # --- handling a request -----------------------------------------------------------------------------------

    def handle(
        self, method: str, path: str, headers: Mapping[str, str] | Iterable[tuple[str, str]], body: bytes
    ) -> WebhookResponse:
        """Answer one HTTP request (``body`` as received, unparsed)."""
        started = time.monotonic()
        try:
            return self._handle(method, headers, body)
        finally:
            elapsed = time.monotonic() - started
            if elapsed > RESPONSE_BUDGET * 0.8:
                log.warning(
                    "a lifecycle request took %.1f s; SmartThings gives up after 10 s: queue long work", elapsed
                )

    def _handle(
        self, method: str, headers: Mapping[str, str] | Iterable[tuple[str, str]], body: bytes
    ) -> WebhookResponse:
        if method.upper() != "POST":
            return WebhookResponse(405, {"message": "SmartThings lifecycle requests are POSTs"})
        ping = self._ping(body)
        if ping is not None:
            return ping
        if self.verify_signatures:
            denied = self._verify(method, headers, body)
            if denied is not None:
                return denied
        return self._answer(body)

    def _answer(self, body: bytes | Mapping[str, Any]) -> WebhookResponse:
        """A verified (or, invoked directly on Lambda, authenticated by AWS) request read and dispatched."""
        try:
            request = parse_lifecycle(body)
        except LifecyclePayloadError as exc:
            log.warning("unreadable lifecycle request: %s", exc)
            return WebhookResponse(400, {"message": "unreadable lifecycle request"})
        try:
            answer = self._dispatch(request)
        except Exception:
            log.exception("the %s handler failed (execution %s)", request.lifecycle, request.execution_id)
            return WebhookResponse(500, {"message": "internal error"})
        # What the Node SDK's enableEventLogging shows, minus the bodies (they carry tokens and config answers).
        log.debug("%s (execution %s) answered %d", _name(request.lifecycle), request.execution_id, answer.status)
        return answer

    def _ping(self, body: bytes) -> WebhookResponse | None:
        # PING comes unsigned (it predates the app's key); echoing its challenge has no other effect.
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(data, dict) or (data.get("lifecycle") or data.get("messageType")) != "PING":
            return None
        try:
            request = parse_lifecycle(data)
        except LifecyclePayloadError:
            return WebhookResponse(400, {"message": "unreadable lifecycle request"})
        assert isinstance(request, PingRequest)
        return WebhookResponse(200, {"pingData": {"challenge": request.ping_data.challenge}})

    def _verify(
        self, method: str, headers: Mapping[str, str] | Iterable[tuple[str, str]], body: bytes
    ) -> WebhookResponse | None:
        listed = list(headers.items()) if isinstance(headers, Mapping) else list(headers)
        now = datetime.fromtimestamp(self.clock(), tz=timezone.utc)
        try:
            verify_request(method, self.target_url, listed, body, self.key_resolver, now=now, max_skew=self.max_skew)
        except SignatureError as exc:
            log.warning("refused a lifecycle request: %s (%s)", exc.reason, exc)
            return WebhookResponse(401, {"message": "unauthorized"})
        authorization = next(v for k, v in listed if k.lower() == "authorization")
        if not self._replays.first_time(authorization):
            log.warning("refused a lifecycle request: replayed (the same signature twice)")
            return WebhookResponse(401, {"message": "unauthorized"})
        return None

    def _client(self, request: LifecycleRequest) -> SmartThings:
        credential = credential_from_lifecycle(
            request,
            client_id=self.client_id,
            client_secret=self._client_secret,
            store=self.store,
            token_url=self.token_url,
            clock=self.clock,
        )
        return SmartThings(credential, **self.client_options)

    def _dispatch(self, request: LifecycleRequest) -> WebhookResponse:
        if isinstance(request, ConfirmationRequest):
            for confirmation in self._confirmation:
                confirmation(request)
            self._confirm(request)
            return WebhookResponse(200, {"targetUrl": self.target_url})
        if isinstance(request, ConfigurationRequest):
            return self._configuration(request)
        if isinstance(request, (InstallRequest, UpdateRequest)):
            handlers = self._install if isinstance(request, InstallRequest) else self._update
            self._save_context(request)
            with self._client(request) as st:  # the pair is stored before any handler runs
                for handler in handlers:
                    handler(request, st)
            key = "installData" if isinstance(request, InstallRequest) else "updateData"
            return WebhookResponse(200, {key: {}})
        if isinstance(request, EventRequest):
            self._event(request)
            return WebhookResponse(200, {"eventData": {}})
        if isinstance(request, UninstallRequest):
            self._forget(request.installed_app.installed_app_id)
            for uninstalled in self._uninstall:
                uninstalled(request)
            return WebhookResponse(200, {"uninstallData": {}})
        if isinstance(request, OAuthCallbackRequest):
            for callback in self._oauth_callback:
                callback(request)
            return WebhookResponse(200, {"oAuthCallbackData": {}})
        if isinstance(request, ExecuteRequest):
            return WebhookResponse(200, {"executeData": self._run_execute(request)})
        log.warning("lifecycle %s is not supported; answered 400", request.lifecycle)
        return WebhookResponse(400, {"message": "unsupported lifecycle"})

    def _event(self, request: EventRequest) -> None:
        calls = self._events.calls(request)
        if calls:
            with self._client(request) as st:  # the 5-minute event token: never stored
                for call in calls:
                    call.run(st)
        own = request.installed_app.installed_app_id
        for event in request.events:
            deleted = event.installed_app_lifecycle_event
            if deleted is not None and deleted.lifecycle == "DELETE" and deleted.installed_app_id == own:
                self._forget(own)

    def _run_execute(self, request: ExecuteRequest) -> Mapping[str, Any]:
        if self._execute is None:
            return {}
        with self._client(request) as st:
            answer = self._execute(request, st)
        return dict(answer or {})

    def _save_context(self, request: InstallRequest | UpdateRequest) -> None:
        if self.context_store is None:
            return
        installed = request.installed_app
        context = InstalledAppContext(
            installed_app_id=installed.installed_app_id,
            location_id=installed.location_id,
            config=AppConfig(installed.config),
            permissions=installed.permissions,
            locale=request.language,
            updated_at=datetime.fromtimestamp(self.clock(), tz=timezone.utc),
        )
        self.context_store.save(installed.installed_app_id, context)

    def _forget(self, installed_app_id: str) -> None:
        if self.store is not None:
            self.store.delete(installed_app_id)
        if self.context_store is not None:
            self.context_store.delete(installed_app_id)

    # --- proactive calls --------------------------------------------------------------------------------------

    def with_context(self, installed_app_id: str) -> AppContext:
        """An installed app's stored configuration and clients on its stored token pair, for calls made outside a
        lifecycle (a queue worker, a cron job): ``with app.with_context(id).client() as st: ...``.

        Reads the token store (and the context store) once; raises
        :class:`~smartthings_client.errors.NoCredentialsError` when no pair is stored for the installed app.  In
        async code use :meth:`awith_context`.
        """
        if self.store is None:
            raise NoCredentialsError("with_context needs the app's token store: SmartApp(store=...)")
        token = RefreshableToken.from_store(
            self.store, installed_app_id, client_secret=self._client_secret, token_url=self.token_url, clock=self.clock
        )
        stored = self.context_store.load(installed_app_id) if self.context_store is not None else None
        return AppContext(installed_app_id, token, stored, self.client_options)

    async def awith_context(self, installed_app_id: str) -> AppContext:
        """:meth:`with_context` for async code (the stores are read in a worker thread)."""
        return await asyncio.to_thread(self.with_context, installed_app_id)

    def _configuration(self, request: ConfigurationRequest) -> WebhookResponse:
        data = request.configuration_data
        first = self._first_page or "main"
        if data.phase == ConfigurationPhase.INITIALIZE:
            initialize = {
                "id": self.app_id or "smartapp",
                "name": self.name,
                "description": self.description,
                "firstPageId": first,
                "permissions": list(self.permissions),
                "disableCustomDisplayName": self.disable_custom_display_name,
                "disableRemoveApp": self.disable_remove_app,
            }
            translator = self.translator(request.language)
            initialize["name"] = translator.get("app.name", self.name)
            initialize["description"] = translator.get("app.description", self.description)
            for initialized in self._initialize:
                initialize.update(initialized(request) or {})
            return WebhookResponse(200, {"configurationData": {"initialize": initialize}})
        page_id = data.page_id or first
        registered = self._pages.get(page_id)
        if registered is None and self._default_page is not None:
            registered = attrs.evolve(self._default_page, page_id=page_id)
        if registered is None and self._pages:
            log.warning("CONFIGURATION asked for unknown page %r", page_id)
            return WebhookResponse(404, {"message": "unknown page"})
        translator = self.translator(request.language)
        body: Mapping[str, Any]
        if registered is None:
            body = Page(page_id, name=self.name).to_json(translator)
        else:
            body = self._page_json(registered, registered.handler(request), translator)
        return WebhookResponse(200, {"configurationData": {"page": body}})

    def translator(self, language: str | None) -> Translator:
        """The translator of the app's ``locales`` for a user's language (untranslated without locales)."""
        return self.locales.translator(language) if self.locales is not None else UNTRANSLATED

    def _page_json(
        self, registered: _Page, made: Page | Sequence[Section | Mapping[str, Any]], translator: Translator
    ) -> Mapping[str, Any]:
        if isinstance(made, Page):
            if made.page_id != registered.page_id:
                raise ValueError(f"the handler of page {registered.page_id!r} returned page {made.page_id!r}")
            page = attrs.evolve(
                made,
                name=made.name or registered.name,
                next_page_id=made.next_page_id or registered.next_page,
                previous_page_id=made.previous_page_id or registered.previous_page,
            )
            return page.to_json(translator)
        shell = Page(
            registered.page_id,
            name=registered.name,
            next_page_id=registered.next_page,
            previous_page_id=registered.previous_page,
            complete=registered.next_page is None,
        ).to_json(translator)
        return {**shell, "sections": sections_json(list(made), registered.page_id, translator)}

    def _confirm(self, request: ConfirmationRequest) -> None:
        url = request.confirmation_data.confirmation_url
        app_id = request.confirmation_data.app_id or request.app_id
        parts = urlsplit(url)
        if not self.confirm_registrations:
            log.info("CONFIRMATION for app %s: visit the confirmation URL to confirm the target", app_id)
            return
        if (
            self.app_id is None
            or app_id != self.app_id
            or parts.scheme != "https"
            or parts.hostname not in _CONFIRMATION_HOSTS
        ):
            log.warning("CONFIRMATION not for this app (%s) or not on a SmartThings host: not visited", app_id)
            return
        if not parts.path.startswith(f"/apps/{self.app_id}/"):
            log.warning("CONFIRMATION URL of another app: not visited")
            return
        try:
            with httpx.Client(transport=self.client_options.get("transport"), timeout=5.0) as http:
                answer = http.get(url)
            log.info("confirmed the registration of app %s (%s)", app_id, answer.status_code)
        except httpx.HTTPError as exc:
            log.warning("could not visit the confirmation URL of app %s (%s)", app_id, type(exc).__name__)

    # --- servers ----------------------------------------------------------------------------------------------

    @functools.cached_property
    def asgi(self) -> AsgiApp:
        """The app as an ASGI 3 application (handlers run in a worker thread; ``lifespan`` is answered): give it to
        any ASGI server, e.g. ``app = make_app(...)`` in ``serve_app.py``, then ``uvicorn serve_app:app.asgi``."""
        return AsgiApp(self.handle, self.name)

    def wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        """The app as a WSGI application, e.g. ``waitress-serve serve_app:app.wsgi``."""
        return serve_wsgi(self.handle, environ, start_response)

    def lambda_handler(self, event: Any, context: Any = None) -> dict[str, Any]:
        """The app as an AWS Lambda function: ``handler = app.lambda_handler``.

        An API Gateway (REST or HTTP API) or Lambda function URL event is an HTTP request like any other (signature
        checked against ``target_url``) and gets ``{"statusCode", "headers", "body"}``.  A direct invocation (an
        app registered with its Lambda ARN: SmartThings invokes the function through AWS, which authenticates it, so
        there is no HTTP signature) is the lifecycle body itself and gets ``{"statusCode": ..., **answer}``.
        """
        return serve_lambda(self.handle, self._dispatch_unsigned, event)

    def _dispatch_unsigned(self, body: Mapping[str, Any]) -> WebhookResponse:
        ping = self._ping(orjson.dumps(body))
        return ping if ping is not None else self._answer(body)

    def __repr__(self) -> str:
        return f"SmartApp({self.name!r}, target_url={self.target_url!r}, store={self.store!r})"
