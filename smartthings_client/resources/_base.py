"""Resource methods are written once, declare their operation once, and run sync or async.

``@endpoint(name, method, path, scopes, token_kinds, note=...)`` and ``@paged(...)`` declare one API operation
(:func:`smartthings_client.scopes.declare`) on the method that makes the call; the method itself returns a
:class:`~smartthings_client._operation.Request` (path ids, query, body, decoder) and the decorator makes the
:class:`~smartthings_client._operation.Operation` from both, so the method and path are written nowhere else.  The
declaration also writes the method's "Calls ... Scope ... Token kinds" docstring paragraph.  ``@flow`` methods are
generators of operations, for calls that need several requests (reconciling subscriptions).

The descriptors turn each method into a blocking method on resources of :class:`SmartThings` and a coroutine
method on those of :class:`AsyncSmartThings`, so every decision exists once, and type checkers see the right return
type on each side.
"""

from __future__ import annotations

import functools
import inspect
import re
import textwrap
from collections.abc import Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, Generic, Literal, ParamSpec, TypeVar, overload

import attrs

from .._operation import OWN_INSTALLED_APP, Operation, Request, ignore_body, segment
from .._paging import AsyncPager, SyncPager
from ..errors import ArgumentTypeError, InvalidArgumentError, SmartThingsError
from ..scopes import ANY_TOKEN, OperationRule, TokenKind, declare, record_python_call

if TYPE_CHECKING:
    from .._transport import AsyncTransport, SyncTransport
    from ..auth.credentials import Credential

P = ParamSpec("P")
T = TypeVar("T")
P2 = ParamSpec("P2")
T2 = TypeVar("T2")


@attrs.frozen
class CollectAll(Generic[T]):
    """A flow step: every item of a paged operation (or of the flow's own declared one), as a list."""

    op: Operation[T] | Request[T]


@attrs.frozen
class Together:
    """A flow step: several operations whose results come back as a list, in order.  Async clients send them
    concurrently; blocking clients one after the other.  Every operation runs even if one fails; the first failure
    is then raised into the flow, or with ``each``, every failure takes the place of its result."""

    ops: tuple[Operation[Any], ...]
    each: bool = False


Step = Operation[Any] | Request[Any] | CollectAll[Any] | Together
Flow = Generator[Step, Any, T]


def call(op: Operation[T] | Request[T]) -> Generator[Step, Any, T]:
    """Inside a flow: ``result = yield from call(op)``; a :class:`Request` is a call of the flow's own declared
    operation (see :func:`declared_flow`)."""
    result: T = yield op
    return result


@overload
def together(ops: list[Operation[T]]) -> Generator[Step, Any, list[T]]: ...
@overload
def together(ops: list[Operation[T]], *, each: Literal[True]) -> Generator[Step, Any, list[T | SmartThingsError]]: ...
def together(ops: list[Operation[T]], *, each: bool = False) -> Generator[Step, Any, list[Any]]:
    """Inside a flow: ``results = yield from together([op, op, ...])`` (see :class:`Together`); with ``each=True``
    a failed operation's :class:`~smartthings_client.errors.SmartThingsError` stands in its result."""
    if not ops:
        return []
    results: list[Any] = yield Together(tuple(ops), each)
    return results


def collect(op: Operation[T] | Request[T]) -> Generator[Step, Any, list[T]]:
    """Inside a flow: ``items = yield from collect(paged_op)``."""
    items: list[T] = yield CollectAll(op)
    return items


class ResourceBase:
    """What the shared method definitions may use: the client's credential (for defaults such as the SmartApp
    token's own installed app id)."""

    _transport: Any
    _group: ClassVar[str] = ""
    """How users reach the group on a client (``"devices"``, ``"locations.rooms"``): names the public methods."""

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

Finish = Callable[[Request[Any], bool], Operation[Any]]


def _checked(build: Callable[..., T], obj: Any, args: Any, kwargs: Any) -> T:
    """Build a call's generator (of a flow), its argument errors typed."""
    with _typed_argument_errors:
        return build(obj, *args, **kwargs)


def _no_declaration(request: Request[Any], paged: bool) -> Operation[Any]:
    raise TypeError("only a flow declared with @declared_flow may yield a Request")


def _step(
    flow: Flow[T], value: Any, error: SmartThingsError | None, finish: Finish
) -> Operation[Any] | CollectAll[Any] | Together:
    """Advance a flow to its next request; its own argument checks run here, typed like those of single calls."""
    with _typed_argument_errors:
        step = flow.send(value) if error is None else flow.throw(error)
        if isinstance(step, CollectAll):
            return CollectAll(finish(step.op, True)) if isinstance(step.op, Request) else step
        return finish(step, False) if isinstance(step, Request) else step


def _run_flow(transport: SyncTransport, flow: Flow[T], finish: Finish) -> T:
    value: Any = None
    error: SmartThingsError | None = None
    while True:
        try:
            step = _step(flow, value, error, finish)
        except StopIteration as done:
            result: T = done.value
            return result
        error = None
        try:
            if isinstance(step, CollectAll):
                value = SyncPager(transport, step.op).to_list()  # type: ignore[arg-type]  # _step finished it
            elif isinstance(step, Together):
                value = _answers([_outcome(transport.request, op) for op in step.ops], each=step.each)
            else:
                value = transport.request(step)
        except SmartThingsError as exc:  # handed to the flow, which may handle it (e.g. 404 -> UNKNOWN)
            error, value = exc, None


def _outcome(request: Callable[[Operation[Any]], Any], op: Operation[Any]) -> Any:
    try:
        return request(op)
    except SmartThingsError as exc:
        return exc


def _answers(outcomes: list[Any], *, each: bool) -> list[Any]:
    """The results of a :class:`Together` step: its first failure raised, or (``each``) every SmartThingsError in
    place of its result.  Anything but a SmartThingsError is not an answer and propagates as from one call."""
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not (each and isinstance(outcome, SmartThingsError)):
            raise outcome
    return outcomes


async def _run_flow_async(transport: AsyncTransport, flow: Flow[T], finish: Finish) -> T:
    value: Any = None
    error: SmartThingsError | None = None
    while True:
        try:
            step = _step(flow, value, error, finish)
        except StopIteration as done:
            result: T = done.value
            return result
        error = None
        try:
            if isinstance(step, CollectAll):
                value = await AsyncPager(transport, step.op).to_list()  # type: ignore[arg-type]  # _step finished it
            elif isinstance(step, Together):
                import asyncio  # loaded already (this runs in an event loop); a blocking script never loads it

                outcomes = await asyncio.gather(*(transport.request(op) for op in step.ops), return_exceptions=True)
                value = _answers(list(outcomes), each=step.each)
            else:
                value = await transport.request(step)
        except SmartThingsError as exc:
            error, value = exc, None


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CAPITAL = re.compile(r"(?<!^)(?=[A-Z])")


def _document(doc: str | None, rule: OperationRule) -> str:
    """The written docstring plus the paragraph the declaration gives (HTTP call, scopes, token kinds, note)."""
    written = (doc or "").rstrip()
    lines = written.splitlines()[1:]
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=8)
    prefix = " " * indent
    paragraph = textwrap.fill(rule.doc_text(), width=116 - indent, initial_indent=prefix, subsequent_indent=prefix)
    return f"{written}\n\n{paragraph}\n{prefix}" if written else paragraph.strip()


@functools.lru_cache(maxsize=256)
def _split_template(template: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """A path template's leading text, and each placeholder with the argument name users know (for messages
    about an invalid id: deviceId -> device_id) and the literal text that follows it."""
    pieces = _PLACEHOLDER.split(template)
    names = pieces[1::2]
    return pieces[0], tuple(zip(names, [_CAPITAL.sub("_", name).lower() for name in names], pieces[2::2], strict=True))


class _Binding:
    """A declaration bound to the methods that make it: fills the path template and makes the Operation."""

    def __init__(self, rule: OperationRule) -> None:
        self.rule = rule
        self._start, self._placeholders = _split_template(rule.path)

    def record(self, owner: type, name: str) -> None:
        group = getattr(owner, "_group", "") or owner.__name__.lstrip("_").lower()
        record_python_call(self.rule.name, f"{group}.{name}", owner.__module__)

    def finish(self, obj: Any, request: Request[T], paged: bool = False) -> Operation[T]:
        rule = self.rule
        ids: dict[str, str] = {}
        start, placeholders = (
            (self._start, self._placeholders) if request.template is None else _split_template(request.template)
        )
        if placeholders:
            values = request.path or {}
            parts = [start]
            for name, argument, literal in placeholders:
                value = values[name]
                if value is OWN_INSTALLED_APP:
                    value = own_installed_app_id(obj, rule)
                parts.append(segment(value, argument))
                parts.append(literal)
                ids[name] = value
            path = "".join(parts)
        else:
            path = start
        if request.ids:
            ids.update(request.ids)
        return Operation(
            rule.name,
            rule.method,
            path,
            request.decode,
            params=request.params,
            json=request.json,
            headers=request.headers,
            ids=ids or None,
            variant=request.variant,
            paged=paged,
            empty_ok=request.empty_ok,
            limit_hint=request.limit_hint,
            secret_response=request.secret_response,
            content=request.content,
            rule=rule,
            bound=request.bound,
            on_origin=rule.on_origin,
        )


def own_installed_app_id(resource: ResourceBase, rule: OperationRule) -> str:
    """The SmartApp token's own installed app id, for a call of ``rule`` given none.

    Without one, a token that may never make the call (a personal access token on subscriptions) gets the
    token-kind explanation rather than "installed_app_id is required", which would send its owner looking for an
    id that would not help.
    """
    try:
        return resource._own_installed_app_id(None)
    except ValueError:
        resource._transport.core.preflight(Operation(rule.name, rule.method, rule.path, ignore_body, rule=rule))
        raise


class _Descriptor(Generic[P, T]):
    def __init__(self, build: Callable[..., Any], binding: _Binding | None = None) -> None:
        self._build = build
        self._name = build.__name__
        self._binding = binding
        self.written_doc = build.__doc__
        """The docstring as written, without the paragraph a declaration adds."""
        if binding is not None:
            build.__doc__ = _document(build.__doc__, binding.rule)
        # Copies the docstring and name, so help() on the class shows them.
        functools.update_wrapper(self, build)  # type: ignore[arg-type]

    @property
    def rule(self) -> OperationRule | None:
        """The declaration of the operation the method makes (None for a flow combining several)."""
        return None if self._binding is None else self._binding.rule

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name
        if self._binding is not None:
            self._binding.record(owner, name)

    @functools.cache  # noqa: B019 - one per descriptor, and descriptors live as long as their classes
    def _public_signature(self) -> inspect.Signature:
        signature = inspect.signature(self._build)
        parameters = list(signature.parameters.values())[1:]
        return signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty)

    def _bind(self, obj: Any, sync: Callable[..., Any], asynchronous: Callable[..., Any]) -> Any:
        bound = asynchronous if isinstance(obj, AsyncResource) else sync
        functools.update_wrapper(bound, self._build)
        # help() and IDEs show the call as users make it: no ``self``, and not the internal Request return type.
        bound.__signature__ = self._public_signature()  # type: ignore[attr-defined]
        # Cache on the instance: later lookups find the bound method without calling the descriptor again.
        obj.__dict__[self._name] = bound
        return bound


class _Declared(_Descriptor[P, T]):
    """A method that makes one declared operation."""

    _paged: ClassVar[bool] = False
    _binding: _Binding

    def __init__(self, binding: _Binding, build: Callable[Concatenate[Any, P], Request[T]]) -> None:
        super().__init__(build, binding)

    @property
    def rule(self) -> OperationRule:
        """The operation's declaration."""
        return self._binding.rule

    def operation(self, obj: Any, *args: P.args, **kwargs: P.kwargs) -> Operation[T]:
        """The :class:`Operation` a call with these arguments sends (for flows that combine operations)."""
        return self._make(obj, args, kwargs)

    def _make(self, obj: Any, args: Any, kwargs: Any) -> Operation[T]:
        # Argument checks (the method's own and the path's) raise typed errors: nothing but SmartThingsError
        # leaves a public call.
        with _typed_argument_errors:
            return self._binding.finish(obj, self._build(obj, *args, **kwargs), self._paged)


class EndpointMethod(_Declared[P, T]):
    """A method that makes one call of its declared operation; it returns the decoded result (or awaits it)."""

    @overload
    def __get__(self, obj: None, owner: type) -> EndpointMethod[P, T]: ...
    @overload
    def __get__(self, obj: SyncResource, owner: type) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: AsyncResource, owner: type) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        make, transport = self._make, obj._transport

        def run(*args: Any, **kwargs: Any) -> Any:
            return transport.request(make(obj, args, kwargs))

        async def run_async(*args: Any, **kwargs: Any) -> Any:
            return await transport.request(make(obj, args, kwargs))

        return self._bind(obj, run, run_async)

    def also(self, build: Callable[Concatenate[Any, P2], Request[T2]]) -> EndpointMethod[P2, T2]:
        """Another method making the same operation with other arguments (``devices.command`` for
        ``devices.execute``)."""
        return EndpointMethod(self._binding, build)


class PagedMethod(_Declared[P, T]):
    """A list method: it makes the first page's operation and returns a lazy pager over all items."""

    _paged = True

    @overload
    def __get__(self, obj: None, owner: type) -> PagedMethod[P, T]: ...
    @overload
    def __get__(self, obj: SyncResource, owner: type) -> Callable[P, SyncPager[T]]: ...
    @overload
    def __get__(self, obj: AsyncResource, owner: type) -> Callable[P, AsyncPager[T]]: ...
    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        make, transport = self._make, obj._transport

        def pager(*args: Any, **kwargs: Any) -> Any:
            return SyncPager(transport, make(obj, args, kwargs))

        def async_pager(*args: Any, **kwargs: Any) -> Any:
            return AsyncPager(transport, make(obj, args, kwargs))

        return self._bind(obj, pager, async_pager)


F = TypeVar("F", bound=Callable[..., Any])


def makes(rule: OperationRule) -> Callable[[F], F]:
    """For a plain method that makes a declared operation but cannot return a :class:`Request` (it streams): adds
    the declaration's docstring paragraph and exposes ``method.rule``.  Declare the operation with
    :func:`~smartthings_client.scopes.declare` and record the method with ``record_python_call``."""

    def decorate(method: F) -> F:
        method.written_doc = method.__doc__  # type: ignore[attr-defined]
        method.__doc__ = _document(method.__doc__, rule)
        method.rule = rule  # type: ignore[attr-defined]
        return method

    return decorate


def endpoint(
    name: str,
    method: str,
    path: str,
    scopes: tuple[tuple[str, ...], ...] = (),
    token_kinds: frozenset[TokenKind] = ANY_TOKEN,
    **details: Any,
) -> Callable[[Callable[Concatenate[Any, P], Request[T]]], EndpointMethod[P, T]]:
    """Declare an operation on the method that makes it; ``details`` are :func:`~smartthings_client.scopes.declare`'s
    keywords (``implicit``, ``variants``, ``note``)."""
    binding = _Binding(declare(name, method, path, scopes, token_kinds, **details))
    return lambda build: EndpointMethod(binding, build)


def paged(
    name: str,
    method: str,
    path: str,
    scopes: tuple[tuple[str, ...], ...] = (),
    token_kinds: frozenset[TokenKind] = ANY_TOKEN,
    **details: Any,
) -> Callable[[Callable[Concatenate[Any, P], Request[T]]], PagedMethod[P, T]]:
    """Declare a paged list operation on the method that makes it; the method returns a lazy pager."""
    binding = _Binding(declare(name, method, path, scopes, token_kinds, **details))
    return lambda build: PagedMethod(binding, build)


class flow(_Descriptor[P, T]):
    """A method made of several requests, written as a generator of operations (see :func:`call`)."""

    def __init__(self, build: Callable[Concatenate[Any, P], Flow[T]], binding: _Binding | None = None) -> None:
        super().__init__(build, binding)

    def _finisher(self, obj: Any) -> Finish:
        return _no_declaration

    @overload
    def __get__(self, obj: None, owner: type) -> flow[P, T]: ...
    @overload
    def __get__(self, obj: SyncResource, owner: type) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: AsyncResource, owner: type) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        build, transport, finish = self._build, obj._transport, self._finisher(obj)

        def run(*args: Any, **kwargs: Any) -> Any:
            return _run_flow(transport, _checked(build, obj, args, kwargs), finish)

        async def run_async(*args: Any, **kwargs: Any) -> Any:
            return await _run_flow_async(transport, _checked(build, obj, args, kwargs), finish)

        return self._bind(obj, run, run_async)


class DeclaredFlow(flow[P, T]):
    """A flow around one declared operation, for a call whose errors the method turns into answers (a 404 on
    ``devices.health`` is ``HealthState.UNKNOWN``): the flow yields :class:`Request` objects for it."""

    _binding: _Binding

    def __init__(self, binding: _Binding, build: Callable[Concatenate[Any, P], Flow[T]]) -> None:
        super().__init__(build, binding)

    @property
    def rule(self) -> OperationRule:
        """The operation's declaration."""
        return self._binding.rule

    def _finisher(self, obj: Any) -> Finish:
        finish = self._binding.finish
        return lambda request, paged: finish(obj, request, paged)


def declared_flow(
    name: str,
    method: str,
    path: str,
    scopes: tuple[tuple[str, ...], ...] = (),
    token_kinds: frozenset[TokenKind] = ANY_TOKEN,
    **details: Any,
) -> Callable[[Callable[Concatenate[Any, P], Flow[T]]], DeclaredFlow[P, T]]:
    """Declare an operation on a flow method that makes it (see :class:`DeclaredFlow`)."""
    binding = _Binding(declare(name, method, path, scopes, token_kinds, **details))
    return lambda build: DeclaredFlow(binding, build)
