"""The API reference pages, generated from the operation declarations (``smartthings_client.scopes.OPERATIONS``).

One page per resource group gives each operation's Python call with its signature, its HTTP call, scopes and token
kinds; the index page has a table of every operation; the models page documents every model module.  Nothing here
is written by hand twice: the facts come from the declarations, the signatures and the docstrings.

mkdocs runs it as a hook (``hooks:`` in mkdocs.yml): :func:`on_files` adds the pages to the build.  The tests call
:func:`pages` directly, without mkdocs.
"""

from __future__ import annotations

import functools
import importlib.util
import inspect
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

import smartthings_client.models
from smartthings_client import SmartThings
from smartthings_client.ratelimits import DOCUMENTED_LIMITS
from smartthings_client.scopes import OPERATIONS, OperationRule, TokenKind, python_calls

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

@functools.cache
def _examples() -> Any:
    """docs/examples.py, the example of each group (loaded by path: mkdocs runs this file as a hook, not a package)."""
    spec = importlib.util.spec_from_file_location("docs_examples", Path(__file__).with_name("examples.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _example(group: str) -> list[str]:
    """The group's example and what the names it is given stand for."""
    examples = _examples()
    code: str = examples.EXAMPLES[group]
    given = [f"`{name}` is {what}" for name, (_, what) in examples.GIVEN.items() if re.search(rf"\b{name}\b", code)]
    lines = ["## Example", "", "```python", code.rstrip("\n"), "```", ""]
    token = (
        "`SmartThings()` reads a personal access token from `SMARTTHINGS_TOKEN`"
        if "SmartThings()" in code
        else "It holds a SmartApp token (see [credentials](../credentials.md))"
    )
    lines += [token + (f"; {'; '.join(given)}." if given else "."), ""]
    return lines


# reST roles in the docstrings (:class:`~a.b.C`) read as code in Markdown: `C`.
_ROLE = re.compile(r":(?:class|meth|func|attr|data|exc|mod|obj):`(~?)([^`]+)`")


def _markdown(doc: str) -> str:
    def code(match: re.Match[str]) -> str:
        target = match.group(2)
        return f"`{target.rsplit('.', 1)[-1] if match.group(1) else target}`"

    return _ROLE.sub(code, inspect.cleandoc(doc)).strip()


# Scopes (r:devices:*, r:devices:<id>) and placeholders in prose are code, so `*` and `<id>` stay as written.
_SCOPE = re.compile(r"(?<![\w`/])((?:[a-z]+:[^\s,;()]+)|(?:/[A-Za-z0-9_{}/.-]+))")


def _facts(text: str) -> str:
    return _SCOPE.sub(
        lambda match: f"`{match.group(1).rstrip('.')}`" + ("." if match.group(1).endswith(".") else ""), text
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


class _Annotation:
    """An annotation kept as its source text (the modules use ``from __future__ import annotations``)."""

    def __init__(self, text: Any) -> None:
        self.text = text if isinstance(text, str) else inspect.formatannotation(text)

    def __repr__(self) -> str:
        return self.text


def _signature_text(signature: inspect.Signature) -> str:
    """``(a: int, *, b: str = 'x')``, or one parameter a line when that is too long for one line."""
    parameters = [
        parameter
        if parameter.annotation is inspect.Parameter.empty
        else parameter.replace(annotation=_Annotation(parameter.annotation))
        for parameter in signature.parameters.values()
    ]
    items: list[str] = []
    starred = any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters)
    for index, parameter in enumerate(parameters):
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and not starred:
            items.append("*")
            starred = True
        items.append(str(parameter))
        following = parameters[index + 1].kind if index + 1 < len(parameters) else None
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY and following is not inspect.Parameter.POSITIONAL_ONLY:
            items.append("/")
    text = f"({', '.join(items)})"
    if len(text) <= 80:
        return text
    return "(\n" + "".join(f"    {item},\n" for item in items) + ")"


_WRAPPERS = {"EndpointMethod": "", "DeclaredFlow": "", "flow": "", "PagedMethod": "SyncPager"}
_GENERIC = re.compile(r"^(?:Request|Flow)\[(.*)\]$")


def _returns(descriptor: Any, function: Callable[..., Any]) -> str:
    """What the blocking call returns: a method's ``Request[T]`` is ``T``, a list method's is ``SyncPager[T]``."""
    build = getattr(descriptor, "_build", function)
    annotation = inspect.signature(build).return_annotation
    if annotation is inspect.Signature.empty:
        return ""
    text = repr(_Annotation(annotation))
    inner = _GENERIC.match(text)
    if inner is None:
        return text
    wrapper = _WRAPPERS.get(type(descriptor).__name__, "")
    return f"{wrapper}[{inner.group(1)}]" if wrapper else inner.group(1)


class _PythonCall:
    """One public method (``locations.rooms.list``) as the reference shows it."""

    def __init__(self, client: SmartThings, call: str) -> None:
        *owners, name = call.split(".")
        group: Any = client
        for owner in owners:
            group = getattr(group, owner)
        bound = getattr(group, name)
        descriptor = inspect.getattr_static(type(group), name)
        self.call = call
        self.signature = f"st.{call}{_signature_text(inspect.signature(bound))}"
        returns = _returns(descriptor, bound)
        if returns:
            self.signature += f" -> {returns}"
        written = getattr(descriptor, "written_doc", None)
        if written is None:
            written = getattr(bound, "written_doc", None) or ""
        self.doc = _markdown(written) if written else ""


@functools.cache
def _client() -> SmartThings:
    # A client only to walk its groups and read their methods: it never sends anything.
    return SmartThings("docs-token", transport=httpx.MockTransport(lambda request: httpx.Response(599)))


def _group(name: str) -> str:
    return name.split(".", 1)[0]


def groups() -> dict[str, list[OperationRule]]:
    """The operations by group (the part of the operation name before the dot), in declaration order."""
    grouped: dict[str, list[OperationRule]] = {}
    for name, rule in OPERATIONS.items():
        grouped.setdefault(_group(name), []).append(rule)
    return grouped


def _kinds(rule: OperationRule) -> str:
    kinds = [kind.label for kind in TokenKind if kind in rule.token_kinds]
    return f"{kinds[0]} only" if len(kinds) == 1 else ", ".join(kinds)


def _http(rule: OperationRule) -> str:
    return f"{rule.method} {rule.path}" + (" (on the API origin, no /v1)" if rule.on_origin else "")


def _calls(rule: OperationRule) -> list[_PythonCall]:
    return [_PythonCall(_client(), call) for call in python_calls(rule.name)]


def _prefix(group: str, rules: list[OperationRule]) -> str:
    """How users reach the group on a client: ``devices``, ``locations.rooms``, ``schema`` (whose calls include
    ``schema.invitations.create``): what all its calls have in common."""
    owners = [call.split(".")[:-1] for rule in rules for call in python_calls(rule.name)]
    if not owners:
        return group
    common = owners[0]
    for owner in owners[1:]:
        while owner[: len(common)] != common:
            common = common[:-1]
    return ".".join(common) or group


def _group_page(group: str, rules: list[OperationRule]) -> str:
    calls = {rule.name: _calls(rule) for rule in rules}
    prefix = _prefix(group, rules)
    owner: Any = _client()
    for part in prefix.split("."):
        owner = getattr(owner, part)
    summary = (inspect.getdoc(type(owner)) or "").split("\n\n", 1)[0]
    lines = [
        f"# st.{prefix}",
        "",
        _markdown(summary) if summary else f"The `{group}` operations.",
        "",
        f"On an `AsyncSmartThings` client, `st.{prefix}` has the same methods as coroutines (`await` them), and its "
        "list methods return an `AsyncPager` (`async for`) instead of a `SyncPager`.",
        "",
        *_example(group),
        "## Operations",
        "",
        "| Operation | Python | HTTP | Token kinds |",
        "| --- | --- | --- | --- |",
    ]
    for rule in rules:
        python = ", ".join(f"`st.{c.call}()`" for c in calls[rule.name]) or "none"
        lines.append(
            f"| [`{rule.name}`](#{rule.name}) | {_cell(python)} | `{_cell(_http(rule))}` | {_cell(_kinds(rule))} |"
        )
    for rule in rules:
        lines += ["", f"## {rule.name} {{ #{rule.name} }}", ""]
        for call in calls[rule.name]:
            lines += ["```python", call.signature, "```", ""]
            if call.doc:
                lines += [call.doc, ""]
        lines.append(f"- **HTTP:** `{_http(rule)}`")
        lines.append(f"- **Scopes:** {_facts(rule.requirement_text())}")
        lines.extend(f"- **Scopes for {key}:** {_facts(rule.requirement_text(variant=key))}" for key in rule.variants)
        lines.append(f"- **Token kinds:** {_kinds(rule)}")
        lines.extend(
            f"- **Rate limit:** {limit.rate} per {limit.per.replace('_', ' ')} (`{limit.name}`; source: "
            f"{_facts(limit.source)})"
            for limit in DOCUMENTED_LIMITS.for_operation(rule.name)
        )
        refused = [kind for kind in TokenKind if not rule.accepts(kind)]
        lines.extend(f"- **With a {kind.label}:** {_facts(rule.token_kind_fix(kind))}" for kind in refused)
        if rule.note:
            lines.append(f"- **Note:** {_facts(rule.note)}")
        if rule.fix and not refused:  # else the token-kind sentence above already says it
            lines.append(f"- **To get such a token:** {_facts(rule.fix)}")
    return "\n".join(lines) + "\n"


def _index_page(grouped: dict[str, list[OperationRule]]) -> str:
    lines = [
        "# smartthings-client API reference",
        "",
        "A typed Python client for the SmartThings REST API, sync (`SmartThings`) and async (`AsyncSmartThings`). "
        f"The table lists all {len(OPERATIONS)} operations the client declares, each with the Python call that makes "
        "it, its HTTP call, the scopes it needs and the token kinds that may make it; type in the box to filter it by "
        "operation, Python call, method, path or scope. Each operation's page has the call's signature and "
        "documentation.",
        "",
        "The same facts are at hand in a terminal: `smartthings-client scopes explain OPERATION`; any call, declared "
        "or not, can be made with `smartthings-client api METHOD PATH`. See also [the clients](clients.md), "
        "[errors](errors.md), [models](models.md), [credentials](credentials.md), "
        "[`RefreshableToken`](refreshable-token.md), [token stores](token-stores.md), "
        "[the webhook `SmartApp`](smartapp.md), [the emulator](emulator.md) and "
        "[the pytest fixtures](pytest-plugin.md).",
        "",
        '<input type="search" id="operation-filter" placeholder="Filter: devices.list, /rooms, x:devices, PATCH..." '
        'aria-label="Filter the operations">',
        "",
        "| Operation | Python call | HTTP | Scopes | Token kinds |",
        "| --- | --- | --- | --- | --- |",
    ]
    for group, rules in grouped.items():
        for rule in rules:
            python = "<br>".join(f"`st.{call}()`" for call in python_calls(rule.name)) or "none"
            lines.append(
                f"| [`{rule.name}`](reference/{group}.md#{rule.name}) | {_cell(python)} | `{_cell(_http(rule))}` "
                f"| {_cell(_facts(rule.requirement_text()))} | {_cell(_kinds(rule))} |"
            )
    return "\n".join(lines) + "\n"


def _models_page() -> str:
    lines = [
        "# Models",
        "",
        "The typed answers and request bodies, one section per module of `smartthings_client.models`. Every model "
        "keeps the keys it does not know, and enums are open (a value newer than the client is kept, not refused).",
    ]
    for module in pkgutil.iter_modules(smartthings_client.models.__path__):
        if module.name.startswith("_") or module.name == "converter":
            continue
        lines += ["", f"## {module.name}", "", f"::: smartthings_client.models.{module.name}"]
        lines += ["    options:", "      show_root_heading: false", "      heading_level: 3"]
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """Every generated page, by its path in the documentation."""
    grouped = groups()
    generated = {"index.md": _index_page(grouped), "models.md": _models_page()}
    for group, rules in grouped.items():
        generated[f"reference/{group}.md"] = _group_page(group, rules)
    return generated


# The same roles once mkdocstrings has rendered a docstring: :class:<code>~a.b.C</code>.
_RENDERED_ROLE = re.compile(r":(?:class|meth|func|attr|data|exc|mod|obj):<code>(~?)([^<]+)</code>")


def on_page_content(html: str, **_: Any) -> str:
    """mkdocs hook: reST roles in docstrings rendered by mkdocstrings read as code, as on the generated pages."""

    def code(match: re.Match[str]) -> str:
        target = match.group(2)
        return f"<code>{target.rsplit('.', 1)[-1] if match.group(1) else target}</code>"

    return _RENDERED_ROLE.sub(code, html)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """mkdocs hook: list the group pages in the navigation, after the clients page."""
    entries = [{f"st.{_prefix(group, rules)}": f"reference/{group}.md"} for group, rules in groups().items()]
    nav = config.nav or []
    at = next((i + 1 for i, item in enumerate(nav) if isinstance(item, dict) and "Clients" in item), len(nav))
    config.nav = [*nav[:at], {"Resource groups": entries}, *nav[at:]]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """mkdocs hook: add the generated pages to the build."""
    from mkdocs.structure.files import File

    for path, text in pages().items():
        files.append(File.generated(config, path, content=text))
    return files


# What the hand-written pages must document, by the anchor mkdocstrings gives each object (checked after a build).
DOCUMENTED = {
    "credentials.html": ["PersonalAccessToken", "SmartAppToken", "TokenPair"],
    "refreshable-token.html": ["RefreshableToken", "RefreshableToken.from_store"],
    "token-stores.html": ["TokenStore", "MemoryTokenStore", "FileTokenStore", "RedisTokenStore"],
    "smartapp.html": ["SmartApp", "verify_request"],
    "pytest-plugin.html": [
        "smartthings_emulator",
        "smartthings_token",
        "smartthings_client",
        "async_smartthings_client",
        "smartthings_webhook",
    ],
}

_LINK = re.compile(r'(?:href|src)="([^"]*)"')
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def site_problems(site: Path) -> list[str]:
    """Why the built site would not work opened from disk (``site/index.html``), or lacks a page: every internal
    link must name an existing file (``page.html``, not ``page/``, which a browser shows as a folder listing), and
    every page in :data:`DOCUMENTED` must document its objects.  404.html is left out: a server serves it at any
    path, so its links are absolute."""
    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html" and page.parent == site:
            continue
        for link in sorted(set(_LINK.findall(page.read_text(encoding="utf-8")))):
            path = link.split("#", 1)[0].split("?", 1)[0]
            if not path or _EXTERNAL.match(link):
                continue
            target = page.parent / path
            if path.endswith("/") or path.startswith("/") or not target.is_file():
                problems.append(f"{page.relative_to(site)}: link {link!r} does not name a file of the site")
    for name, objects in DOCUMENTED.items():
        page = site / name
        if not page.is_file():
            problems.append(f"{name}: missing")
            continue
        ids = set(re.findall(r'id="([^"]+)"', page.read_text(encoding="utf-8")))
        problems.extend(
            f"{name}: {obj} is not documented" for obj in objects if not any(i.endswith(f".{obj}") for i in ids)
        )
    return problems


def on_post_build(config: MkDocsConfig) -> None:
    """mkdocs hook: fail the build when the site would not work from disk or lacks a documented object."""
    from mkdocs.exceptions import PluginError

    problems = site_problems(Path(config.site_dir))
    if problems:
        raise PluginError("the built site has problems:\n" + "\n".join(problems[:20]))
