"""Resource methods are written once and run sync or async.

A resource method returns an :class:`~smartthings_client._operation.Operation` (``@endpoint``, ``@paged``) or a
generator of operations (``@flow``, for calls that need several requests, like reconciling subscriptions).  The
descriptors below turn it into a blocking method on resources of :class:`SmartThings` and a coroutine method on
those of :class:`AsyncSmartThings`, so every decision exists once, and type checkers see the right return type on
each side.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

import attrs

from .._operation import Operation
from .._paging import AsyncPager, SyncPager
from ..errors import ArgumentTypeError, InvalidArgumentError, SmartThingsError

if TYPE_CHECKING:
    from .._transport import AsyncTransport, SyncTransport
    from ..auth.credentials import Credential

P = ParamSpec("P")
T = TypeVar("T")


@attrs.frozen
class CollectAll(Generic[T]):
    """A flow step: every item of a paged operation, as a list."""

    op: Operation[T]


Step = Operation[Any] | CollectAll[Any]
Flow = Generator[Step, Any, T]


def call(op: Operation[T]) -> Generator[Step, Any, T]:
    """Inside a flow: ``result = yield from call(op)``."""
    result: T = yield op
    return result


def collect(op: Operation[T]) -> Generator[Step, Any, list[T]]:
    """Inside a flow: ``items = yield from collect(paged_op)``."""
    items: list[T] = yield CollectAll(op)
    return items


class ResourceBase:
    """What the shared method definitions may use: the client's credential (for defaults such as the SmartApp
    token's own installed app id)."""

    _transport: Any

    @property
    def _credential(self) -> Credential:
        credential: Credential = self._transport.core.credential
        return credential

    def _own_installed_app_id(self, given: str | None) -> str:
        """``given``, else the installed app id that the SmartApp credential carries."""
        value = given or getattr(self._credential, "installed_app_id", None)
        if not value:
            raise ValueError(
                "installed_app_id is required (it defaults to the installed app of a SmartApp token that knows it)"
            )
        return str(value)


class SyncResource(ResourceBase):
    """Base of the blocking resource groups (``SmartThings().devices`` ...)."""

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport


class AsyncResource(ResourceBase):
    """Base of the async resource groups (``AsyncSmartThings().devices`` ...)."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport


class _TypedArgumentErrors:
    """Turns an argument a call refuses (``ValueError``/``TypeError`` from its checks) into an
    :class:`InvalidArgumentError`, which is both, so that nothing but SmartThingsError leaves a public call."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if exc is None or isinstance(exc, SmartThingsError):
            return
        if isinstance(exc, TypeError):
            raise ArgumentTypeError(str(exc)) from exc
        if isinstance(exc, ValueError):
            raise InvalidArgumentError(str(exc)) from exc


_typed_argument_errors = _TypedArgumentErrors()


def _checked(build: Callable[..., T], obj: Any, args: Any, kwargs: Any) -> T:
    """Build a call's operation, its argument errors typed."""
    with _typed_argument_errors:
        return build(obj, *args, **kwargs)


def _step(flow: Flow[T], value: Any, error: SmartThingsError | None) -> Step:
    """Advance a flow; its own argument checks run here, typed like those of single calls."""
    with _typed_argument_errors:
        return flow.send(value) if error is None else flow.throw(error)


def _run_flow(transport: SyncTransport, flow: Flow[T]) -> T:
    value: Any = None
    error: SmartThingsError | None = None
    while True:
        try:
            step = _step(flow, value, error)
        except StopIteration as done:
            result: T = done.value
            return result
        error = None
        try:
            if isinstance(step, CollectAll):
                value = SyncPager(transport, step.op).to_list()
            else:
                value = transport.request(step)
        except SmartThingsError as exc:  # handed to the flow, which may handle it (e.g. 404 -> UNKNOWN)
            error, value = exc, None


async def _run_flow_async(transport: AsyncTransport, flow: Flow[T]) -> T:
    value: Any = None
    error: SmartThingsError | None = None
    while True:
        try:
            step = _step(flow, value, error)
        except StopIteration as done:
            result: T = done.value
            return result
        error = None
        try:
            if isinstance(step, CollectAll):
                value = await AsyncPager(transport, step.op).to_list()
            else:
                value = await transport.request(step)
        except SmartThingsError as exc:
            error, value = exc, None


class _Descriptor(Generic[P, T]):
    def __init__(self, build: Callable[..., Any]) -> None:
        self._build = build
        self._name = build.__name__
        # Copies the docstring and name, so help() on the class shows them.
        functools.update_wrapper(self, build)  # type: ignore[arg-type]

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def _bind(self, obj: Any, sync: Callable[..., Any], asynchronous: Callable[..., Any]) -> Any:
        bound = asynchronous if isinstance(obj, AsyncResource) else sync
        functools.update_wrapper(bound, self._build)
        # Cache on the instance: later lookups find the bound method without calling the descriptor again.
        obj.__dict__[self._name] = bound
        return bound


class endpoint(_Descriptor[P, T]):
    """A method that builds one :class:`Operation`; it returns the decoded result (or awaits it)."""

    def __init__(self, build: Callable[Concatenate[Any, P], Operation[T]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: type) -> endpoint[P, T]: ...
    @overload
    def __get__(self, obj: SyncResource, owner: type) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: AsyncResource, owner: type) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        build, transport = self._build, obj._transport

        def run(*args: Any, **kwargs: Any) -> Any:
            return transport.request(_checked(build, obj, args, kwargs))

        async def run_async(*args: Any, **kwargs: Any) -> Any:
            return await transport.request(_checked(build, obj, args, kwargs))

        return self._bind(obj, run, run_async)


class paged(_Descriptor[P, T]):
    """A list method: it builds the first page's :class:`Operation` and returns a lazy pager over all items."""

    def __init__(self, build: Callable[Concatenate[Any, P], Operation[T]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: type) -> paged[P, T]: ...
    @overload
    def __get__(self, obj: SyncResource, owner: type) -> Callable[P, SyncPager[T]]: ...
    @overload
    def __get__(self, obj: AsyncResource, owner: type) -> Callable[P, AsyncPager[T]]: ...
    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        build, transport = self._build, obj._transport

        def pager(*args: Any, **kwargs: Any) -> Any:
            return SyncPager(transport, _checked(build, obj, args, kwargs))

        def async_pager(*args: Any, **kwargs: Any) -> Any:
            return AsyncPager(transport, _checked(build, obj, args, kwargs))

        return self._bind(obj, pager, async_pager)


class flow(_Descriptor[P, T]):
    """A method made of several requests, written as a generator of operations (see :func:`call`)."""

    def __init__(self, build: Callable[Concatenate[Any, P], Flow[T]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: type) -> flow[P, T]: ...
    @overload
    def __get__(self, obj: SyncResource, owner: type) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: AsyncResource, owner: type) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        build, transport = self._build, obj._transport

        def run(*args: Any, **kwargs: Any) -> Any:
            return _run_flow(transport, _checked(build, obj, args, kwargs))

        async def run_async(*args: Any, **kwargs: Any) -> Any:
            return await _run_flow_async(transport, _checked(build, obj, args, kwargs))

        return self._bind(obj, run, run_async)
