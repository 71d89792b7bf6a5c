"""Sending operations: one sans-I/O core and two thin send loops (sync and async).

:class:`TransportCore` makes every decision: the URL and headers of a request, whether a call may be made at all
with this token kind, how a response becomes a result or a typed error, whether and how long to wait before a
retry, and which next-page links are safe to follow.  :class:`SyncTransport` and :class:`AsyncTransport` only
send, sleep and close: through the client's transport directly for the clients the library creates
(:mod:`._direct`), through ``httpx.Client.request`` for a client given as ``http_client=``.

Rate budgets (``rate_limits=``) are taken before each attempt and held after a 429 by the send loops, which only
sleep or await; what to take and whether to wait or raise is decided by
:class:`~smartthings_client.ratelimits._budgets.Budgets`.  A client without budgets pays one attribute test.

Retries cost nothing on the success path: the first attempt runs outside tenacity, and a tenacity loop is built
only after a failure that may be retried.
"""

from __future__ import annotations

import itertools
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urlsplit

import attrs
import httpx
import orjson

from ._direct import Answer, AsyncDirectSender, DirectSender
from ._operation import ACCEPT_V1, Operation
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    CallerContext,
    ClientClosedError,
    PaginationError,
    RateLimitError,
    ResponseDecodeError,
    SmartThingsError,
    TokenKindError,
    error_from_response,
    retry_after_from_headers,
)

if TYPE_CHECKING:
    import tenacity

    from .ratelimits._budgets import Budgets
    from .ratelimits._slots import Decision, Slot

T = TypeVar("T")

log = logging.getLogger("smartthings_client")

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = (
    f"smartthings-client/{__version__} (+https://pypi.org/project/smartthings-client/) httpx/{httpx.__version__}"
)

_PARSED_URLS_MAX = 256

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({502, 503, 504})


async def asyncio_sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported when first awaited: a sync script or the CLI never loads asyncio."""
    import asyncio

    await asyncio.sleep(seconds)


@attrs.frozen
class RetryPolicy:
    """How the client waits between retries (how many retries: the client's ``max_retries``).

    Connection failures before the request was sent are retried for every method; read errors, timeouts and
    502/503/504 only for idempotent methods (GET, PUT, DELETE...); 429 for every method, waiting what
    SmartThings asks (``x-ratelimit-reset``, ``Retry-After`` or the body's "retry in N millis"), else exponential
    backoff with jitter.  A requested wait longer than ``max_wait`` seconds raises :class:`RateLimitError` at
    once instead of sleeping.  ``sleep``/``async_sleep`` are injectable so tests (and the emulator's clock) do
    not wait for real.
    """

    max_wait: float = 60.0
    backoff_initial: float = 0.5
    backoff_max: float = 8.0
    jitter: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = asyncio_sleep

    def __attrs_post_init__(self) -> None:
        if self.max_wait < 0:
            raise ValueError("max_wait must be >= 0")


@attrs.frozen
class Page(Generic[T]):
    """One page of a list: its items and the next and previous pages' URLs, if any."""

    items: list[T]
    next_url: str | None
    previous_url: str | None = None


def _link(links: Any, name: str) -> str | None:
    """``_links.<name>.href`` of a page, or None; a present but odd href is kept for next_page_op to refuse."""
    link = links.get(name) if isinstance(links, Mapping) else None
    href = link.get("href") if isinstance(link, Mapping) else None
    return href if href else None


def connection_error(exc: httpx.HTTPError, *, method: str, url: str, operation: str | None) -> APIConnectionError:
    """The typed error of a request that got no HTTP answer (the token endpoint's requests use it too)."""
    # The request never left when connecting failed or no pooled connection was free.
    sent = not isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return cls(reason, method=method, url=url, operation=operation, request_sent=sent)


class TransportCore:
    """Every decision about sending an operation, shared by the sync and async transports."""

    def __init__(
        self,
        *,
        credential: Any,
        base_url: str,
        retry: RetryPolicy,
        check_token_kind: bool,
        user_agent: str | None = None,
    ) -> None:
        self.credential = credential
        self.base_url = base_url.rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"base_url must be an absolute http(s) URL, got {base_url!r}")
        self.origin = _origin(httpx.URL(self.base_url))
        self.origin_url = _origin_text(self.origin)
        """The API origin: ``base_url`` without its path (``/v1``), for operations declared on the origin."""
        self.retry = retry
        self.check_token_kind = check_token_kind
        self.headers = {"Accept": ACCEPT_V1, "User-Agent": user_agent or USER_AGENT}
        # An httpx client the library creates carries these headers itself; an injected one gets them per request.
        self.send_default_headers = True
        self.budgets: Budgets | None = None
        """The client's rate budgets (``rate_limits=``), or None: then no call pays for them."""
        # Parsed URLs by text: httpx validates every character of a URL it parses (a tenth of a call's time), and
        # the same few URLs are called again and again (a dashboard polling its devices).  Cleared when full.
        self._parsed_urls: dict[str, httpx.URL] = {}

    # --- building requests ------------------------------------------------------------------------------

    def url(self, op: Operation[Any]) -> str:
        """Where ``op`` goes: its absolute URL, else its path on the base URL (or on the origin, for the few
        operations declared there)."""
        if op.absolute_url:
            return op.absolute_url
        return (self.origin_url if op.on_origin else self.base_url) + op.path

    def parsed_url(self, text: str) -> httpx.URL:
        """``httpx.URL(text)``, parsed once per distinct URL."""
        url = self._parsed_urls.get(text)
        if url is None:
            if len(self._parsed_urls) >= _PARSED_URLS_MAX:
                self._parsed_urls.clear()
            url = self._parsed_urls[text] = httpx.URL(text)
        return url

    def request_args(self, op: Operation[Any]) -> dict[str, Any]:
        args: dict[str, Any] = {"method": op.method, "url": self.parsed_url(self.url(op))}
        if self.send_default_headers:
            args["headers"] = self.headers if op.headers is None else {**self.headers, **op.headers}
        elif op.headers is not None:
            args["headers"] = op.headers
        if op.params:
            args["params"] = op.params
        if op.form is not None:
            args["data"] = op.form
        elif op.content is not None:
            args["content"] = op.content
        elif op.json is not None:
            args["json"] = op.json
        return args

    def preflight(self, op: Operation[Any]) -> None:
        """Refuse, before sending, a call that this kind of token can never make."""
        if not self.check_token_kind:
            return
        rule = op.rule
        kind = self.credential.kind
        if rule is not None and not rule.accepts(kind):
            log.debug("refusing %s before sending: %s tokens always get 403 there", op.name, kind.value)
            raise TokenKindError(
                status_code=403,
                method=op.method,
                url=self.url(op),
                operation=op.name,
                explanation=rule.token_kind_fix(kind),
                token_kind=kind,
                required=rule.requirement_text(op.ids, op.variant),
                granted=self.credential.granted_scopes,
                preflight=True,
            )

    def next_page_op(self, op: Operation[T], href: Any, current_url: str) -> Operation[T]:
        """The operation for the next page; refuse links that would carry the token to another origin."""
        if not isinstance(href, str) or not href:
            raise PaginationError(f"{op.name}: the next-page link is not a URL: {href!r}")
        shown = _shorten(href)
        try:
            # The origin is checked on the URL exactly as httpx will send it, so no parser disagreement (odd
            # hosts, userinfo, backslashes) can route the token elsewhere.
            url = httpx.URL(current_url).join(href)
            origin = _origin(url)
        except (httpx.InvalidURL, ValueError, UnicodeError, TypeError) as exc:
            raise PaginationError(f"{op.name}: the next-page link cannot be parsed as a URL ({exc}): {shown}") from None
        if url.userinfo:
            raise PaginationError(f"{op.name}: refusing a next-page link that carries credentials: {shown}")
        if origin != self.origin:
            raise PaginationError(
                f"{op.name}: refusing to follow a next-page link to {_origin_text(origin)}, which is "
                f"not the API origin {_origin_text(self.origin)} (the token would be sent there): {shown}"
            )
        text = str(url)
        if text == current_url:
            raise PaginationError(f"{op.name}: the next-page link points back to the same page: {shown}")
        return attrs.evolve(op, absolute_url=text, params=None)

    def refuse_if_closed(self, http: httpx.Client | httpx.AsyncClient, op: Operation[Any]) -> None:
        """A call on a closed client is our typed error, not httpx's RuntimeError."""
        if http.is_closed:
            raise ClientClosedError(
                f"{op.name}: this client was closed (by close()/aclose() or at the end of its with block); "
                "create a new client for more calls"
            )

    # --- reading responses ------------------------------------------------------------------------------

    def caller(self) -> CallerContext:
        credential = self.credential
        return CallerContext(
            token_kind=credential.kind,
            token_description=credential.description,
            granted=credential.granted_scopes,
            location_id=getattr(credential, "location_id", None),
            event_token=getattr(credential, "event", False) is True,
        )

    def handle(self, op: Operation[Any], response: httpx.Response | Answer, started: float, attempt: int) -> Any:
        """Log the exchange, then decode a success or raise the typed error."""
        status = response.status_code
        if log.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - started) * 1000.0
            log.debug(
                "%s %s -> %d in %.1f ms (attempt %d, %s)",
                op.method,
                response.url.path,
                status,
                elapsed,
                attempt,
                op.name,
            )
        if 200 <= status < 300:
            return self.decode(op, response)
        raise error_from_response(
            status_code=status,
            headers=response.headers,
            content=response.content,
            method=op.method,
            url=str(response.url),
            operation=op.name,
            rule=op.rule,
            caller=self.caller(),
            ids=op.ids,
            variant=op.variant,
            limit_hint=op.limit_hint,
        )

    def decode(self, op: Operation[Any], response: httpx.Response | Answer) -> Any:
        content = response.content
        try:
            try:
                data = orjson.loads(content)
            except orjson.JSONDecodeError as exc:
                if not content.strip():
                    if op.empty_ok:
                        return op.decode(None)
                    raise ValueError("the body is empty") from None
                kind = response.headers.get("content-type", "no content type")
                raise ValueError(f"the body is not JSON ({kind}): {exc}") from exc
            if op.paged:
                return self._decode_page(op, data, str(response.url))
            return op.decode(data)
        except PaginationError:
            raise
        except Exception as exc:  # any decoder failure is one typed error, never a cattrs/KeyError leak
            raise ResponseDecodeError(
                _describe_decode_failure(exc),
                status_code=response.status_code,
                method=op.method,
                url=str(response.url),
                operation=op.name,
                body="<withheld: the answer may hold secrets>"
                if op.secret_response
                else content[:500].decode("utf-8", "replace"),
            ) from exc

    def _decode_page(self, op: Operation[Any], data: Any, url: str) -> Page[Any]:
        if not isinstance(data, Mapping):
            raise TypeError(f"expected a page object with items, got {type(data).__name__}")
        raw_items = data.get("items")
        if raw_items is None:
            raw_items = []
        if not isinstance(raw_items, list):
            raise TypeError(f"items should be a list, got {type(raw_items).__name__}")
        decode = op.decode
        items = [decode(item) for item in raw_items]
        links = data.get("_links")
        return Page(items=items, next_url=_link(links, "next"), previous_url=_link(links, "previous"))

    def connection_error(
        self, op: Operation[Any], exc: httpx.HTTPError, url: str, attempt: int = 1
    ) -> APIConnectionError:
        # A request that got no answer still gets its one log line, or a POST timeout would leave no trace.
        log.debug("%s %s -> %s (attempt %d, %s)", op.method, urlsplit(url).path, type(exc).__name__, attempt, op.name)
        return connection_error(exc, method=op.method, url=url, operation=op.name)

    # --- retry decisions ----------------------------------------------------------------------------------

    def may_retry(self, op: Operation[Any], exc: BaseException) -> bool:
        """Whether this failure is of a kind that is retried for this method (no logging, no limits)."""
        if isinstance(exc, RateLimitError):
            return True
        idempotent = op.method in IDEMPOTENT_METHODS
        if isinstance(exc, APIConnectionError):
            return idempotent or not exc.request_sent
        if isinstance(exc, APIStatusError):
            return idempotent and exc.status_code in RETRY_STATUSES
        return False

    def requested_wait(self, exc: BaseException) -> float | None:
        if isinstance(exc, RateLimitError):
            return exc.retry_after
        if isinstance(exc, APIStatusError):
            return retry_after_from_headers(exc.headers)
        return None

    def log_not_retried(self, op: Operation[Any], exc: BaseException) -> None:
        """Say why a failure that is retried for some calls was not retried for this one."""
        if isinstance(exc, APIConnectionError) or (
            isinstance(exc, APIStatusError) and exc.status_code in RETRY_STATUSES
        ):
            log.debug(
                "%s: not retrying %s: %s is not idempotent and the request may have been processed",
                op.name,
                _short(exc),
                op.method,
            )

    def decide(self, op: Operation[Any], exc: BaseException | None, attempt: int, max_retries: int) -> bool:
        """Retry after this failed attempt?  Logs every decision not to; tenacity logs the waits."""
        if exc is None:
            return False
        if not self.may_retry(op, exc):
            log.debug("%s: not retrying %s after attempt %d", op.name, _short(exc), attempt)
            return False
        if attempt > max_retries:
            log.debug("%s: giving up after %d attempts (%s)", op.name, attempt, type(exc).__name__)
            return False
        wait = self.requested_wait(exc)
        if wait is not None and wait > self.retry.max_wait:
            log.debug(
                "%s: not retrying: SmartThings asked to wait %.1f s, above the %.1f s cap",
                op.name,
                wait,
                self.retry.max_wait,
            )
            return False
        return True

    def wait_seconds(self, exc: BaseException | None, attempt: int) -> float:
        """How long to sleep after failed attempt number ``attempt``."""
        requested = self.requested_wait(exc) if exc is not None else None
        if requested is not None:
            return max(0.0, requested)
        policy = self.retry
        base: float = min(policy.backoff_max, policy.backoff_initial * 2.0 ** (attempt - 1))
        return base * (1.0 - policy.jitter * random.random())  # noqa: S311 - jitter, not security

    def retry_arguments(self, op: Operation[Any], max_retries: int) -> dict[str, Any]:
        import tenacity  # only after a failure that may be retried: the success path never needs it

        def retry(state: tenacity.RetryCallState) -> bool:
            outcome = state.outcome
            exc = outcome.exception() if outcome is not None else None
            return self.decide(op, exc, state.attempt_number, max_retries)

        def wait(state: tenacity.RetryCallState) -> float:
            outcome = state.outcome
            return self.wait_seconds(outcome.exception() if outcome else None, state.attempt_number)

        def before_sleep(state: tenacity.RetryCallState) -> None:
            outcome = state.outcome
            exc = outcome.exception() if outcome else None
            delay = state.next_action.sleep if state.next_action else 0.0
            log.debug(
                "%s: retrying after %s in %.2f s (attempt %d of %d)",
                op.name,
                _short(exc),
                delay,
                state.attempt_number + 1,
                max_retries + 1,
            )

        return {
            "retry": retry,
            "wait": wait,
            "stop": tenacity.stop_after_attempt(max_retries + 1),
            "before_sleep": before_sleep,
            "reraise": True,
        }


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and explicit port; ``ValueError`` for URLs that cannot carry a request."""
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError("not an absolute http(s) URL")
    return (url.scheme, url.host.lower(), url.port)


def _origin_text(origin: tuple[str, str, int | None]) -> str:
    scheme, host, port = origin
    return f"{scheme}://{host}" + (f":{port}" if port is not None else "")


def _shorten(text: str, limit: int = 200) -> str:
    """A link as shown in a message: repr'd (control characters visible) and cut to a readable length."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"... ({len(text)} characters)"


def _short(exc: BaseException | None) -> str:
    if isinstance(exc, APIStatusError):
        return f"{exc.status_code} {type(exc).__name__}"
    return type(exc).__name__ if exc is not None else "nothing"


def _describe_decode_failure(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"a required field is missing: {exc.args[0]!r}"
    return str(exc) or type(exc).__name__


_READ = httpx.ByteStream(b"")


def release(response: httpx.Response) -> None:
    """Let a read response be freed as soon as it is dropped.

    httpx binds each response's stream to the response, a reference cycle that only the cyclic garbage collector
    frees; paging through devices would keep tens of 230 KB pages waiting for it (half the peak memory, and more
    the longer the list).  The body has been read and the stream closed, so the stream is replaced by an empty one.
    """
    response.stream = _READ


class SyncTransport:
    """Sends operations with an ``httpx.Client``: the sync send loop over :class:`TransportCore`.

    ``direct`` sends for a client the library created, straight to its transport (:mod:`._direct`), not through
    ``httpx.Client.request``.  An injected client (``direct=None``) sends as httpx does, with its own hooks and
    defaults.
    """

    def __init__(
        self,
        core: TransportCore,
        http: httpx.Client,
        auth: httpx.Auth,
        *,
        owns_client: bool,
        max_retries: int,
        direct: DirectSender | None = None,
    ) -> None:
        self.core = core
        self.http = http
        self.auth = auth
        self.owns_client = owns_client
        self.max_retries = max_retries
        self.direct = direct

    def with_max_retries(self, max_retries: int) -> SyncTransport:
        return SyncTransport(
            self.core, self.http, self.auth, owns_client=False, max_retries=max_retries, direct=self.direct
        )

    def request(self, op: Operation[T]) -> T:
        self.core.refuse_if_closed(self.http, op)
        self.core.preflight(op)
        try:
            result: T = self._send(op, 1)
        except SmartThingsError as exc:
            result = self._retry(op, exc)
        return result

    def page(self, op: Operation[T]) -> Page[T]:
        self.core.refuse_if_closed(self.http, op)
        self.core.preflight(op)
        try:
            result: Page[T] = self._send(op, 1)
        except SmartThingsError as exc:
            result = self._retry(op, exc)
        return result

    def _send(self, op: Operation[Any], attempt: int) -> Any:
        budgets = self.core.budgets
        slots: tuple[Slot, ...] = ()
        if budgets is not None and (slots := budgets.slots(op)):
            decision = budgets.limiter.acquire(slots)
            if decision.wait:
                self._wait_for_budgets(op, slots, decision)
        args = self.core.request_args(op)
        started = time.perf_counter() if log.isEnabledFor(logging.DEBUG) else 0.0
        try:
            if self.direct is not None:
                response = self.direct.send(args)
            else:
                response = self.http.request(**args, auth=self.auth)
        except httpx.HTTPError as exc:
            raise self.core.connection_error(op, exc, str(args["url"]), attempt) from exc
        release(response)
        try:
            return self.core.handle(op, response, started, attempt)
        except RateLimitError as exc:
            if budgets is not None and slots and exc.retry_after:  # SmartThings' view wins: the budgets wait too
                budgets.limiter.hold(slots, exc.retry_after)
            raise

    def _wait_for_budgets(self, op: Operation[Any], slots: tuple[Slot, ...], decision: Decision) -> None:
        """After a refused take (``decision``): sleep while the budgets are spent and take the call from them (or
        raise: the budgets decide)."""
        budgets = self.core.budgets
        assert budgets is not None
        waited = 0.0
        while decision.wait:
            wait = budgets.refused(op, slots, decision, waited)
            self.core.retry.sleep(wait)
            waited += wait
            decision = budgets.limiter.acquire(slots)

    def _retry(self, op: Operation[Any], exc: SmartThingsError) -> Any:
        """After a first attempt that failed with ``exc``: retry as the core decides, or raise ``exc``."""
        if not self.core.may_retry(op, exc):
            self.core.log_not_retried(op, exc)
            raise exc
        if self.max_retries == 0:
            raise exc
        first: list[BaseException] = [exc]
        attempts = itertools.count(2)

        def attempt() -> Any:
            if first:  # replay the failure that got us here, so tenacity decides and waits for it too
                raise first.pop()
            return self._send(op, next(attempts))

        import tenacity

        retrying = tenacity.Retrying(sleep=self.core.retry.sleep, **self.core.retry_arguments(op, self.max_retries))
        return retrying(attempt)

    def close(self) -> None:
        if self.owns_client:
            self.http.close()


class AsyncTransport:
    """Sends operations with an ``httpx.AsyncClient``: the async twin of :class:`SyncTransport`."""

    def __init__(
        self,
        core: TransportCore,
        http: httpx.AsyncClient,
        auth: httpx.Auth,
        *,
        owns_client: bool,
        max_retries: int,
        direct: AsyncDirectSender | None = None,
    ) -> None:
        self.core = core
        self.http = http
        self.auth = auth
        self.owns_client = owns_client
        self.max_retries = max_retries
        self.direct = direct

    def with_max_retries(self, max_retries: int) -> AsyncTransport:
        return AsyncTransport(
            self.core, self.http, self.auth, owns_client=False, max_retries=max_retries, direct=self.direct
        )

    async def request(self, op: Operation[T]) -> T:
        self.core.refuse_if_closed(self.http, op)
        self.core.preflight(op)
        try:
            result: T = await self._send(op, 1)
        except SmartThingsError as exc:
            result = await self._retry(op, exc)
        return result

    async def page(self, op: Operation[T]) -> Page[T]:
        self.core.refuse_if_closed(self.http, op)
        self.core.preflight(op)
        try:
            result: Page[T] = await self._send(op, 1)
        except SmartThingsError as exc:
            result = await self._retry(op, exc)
        return result

    async def _send(self, op: Operation[Any], attempt: int) -> Any:
        budgets = self.core.budgets
        slots: tuple[Slot, ...] = ()
        if budgets is not None and (slots := budgets.slots(op)):
            decision = await budgets.limiter.aacquire(slots)
            if decision.wait:
                await self._wait_for_budgets(op, slots, decision)
        args = self.core.request_args(op)
        started = time.perf_counter() if log.isEnabledFor(logging.DEBUG) else 0.0
        try:
            if self.direct is not None:
                response = await self.direct.send(args)
            else:
                response = await self.http.request(**args, auth=self.auth)
        except httpx.HTTPError as exc:
            raise self.core.connection_error(op, exc, str(args["url"]), attempt) from exc
        if isinstance(response, httpx.Response):
            release(response)
        try:
            return self.core.handle(op, response, started, attempt)
        except RateLimitError as exc:
            if budgets is not None and slots and exc.retry_after:
                await budgets.limiter.ahold(slots, exc.retry_after)
            raise

    async def _wait_for_budgets(self, op: Operation[Any], slots: tuple[Slot, ...], decision: Decision) -> None:
        """:meth:`SyncTransport._wait_for_budgets`, sleeping without blocking the event loop."""
        budgets = self.core.budgets
        assert budgets is not None
        waited = 0.0
        while decision.wait:
            wait = budgets.refused(op, slots, decision, waited)
            await self.core.retry.async_sleep(wait)
            waited += wait
            decision = await budgets.limiter.aacquire(slots)

    async def _retry(self, op: Operation[Any], exc: SmartThingsError) -> Any:
        """:meth:`SyncTransport._retry`, awaited."""
        if not self.core.may_retry(op, exc):
            self.core.log_not_retried(op, exc)
            raise exc
        if self.max_retries == 0:
            raise exc
        first: list[BaseException] = [exc]
        attempts = itertools.count(2)

        async def attempt() -> Any:
            if first:
                raise first.pop()
            return await self._send(op, next(attempts))

        import tenacity

        retrying = tenacity.AsyncRetrying(
            sleep=self.core.retry.async_sleep, **self.core.retry_arguments(op, self.max_retries)
        )
        return await retrying(attempt)

    async def aclose(self) -> None:
        if self.owns_client:
            await self.http.aclose()
