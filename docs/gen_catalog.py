"""The capability catalogue pages, generated from the vendored definitions (``smartthings_client/catalog/``).

One page per bundled namespace (standard, samsungce, custom, samsungvd, samsungim) lists every capability with its
attributes (value type, units, setter) and commands (arguments), and the Python names the generated module gives
them: the module, the attribute keys and the command builders.  The facts come from the definitions and the
generator's naming rules, read at build time; nothing is written by hand.

mkdocs runs it as a hook (``hooks:`` in mkdocs.yml): :func:`on_files` adds the pages, :func:`on_config` lists them
in the navigation.  The tests call :func:`pages` directly, without mkdocs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smartthings_client._cli.catalog import (
    attribute_setter,
    attribute_units,
    attribute_value,
    python_names,
)
from smartthings_client.catalog import CapabilityDefinition
from smartthings_client.catalog._codegen import BUNDLED_NAMESPACES, bundled_definitions

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

# Schema text holds patterns and the like (``^[a-z]*$``, ``a | b``): shown as written, never read as Markdown.
_ENTITIES = {char: f"&#{ord(char)};" for char in "\\`*_[]<>|#{}"}


def _text(text: str) -> str:
    return "".join(_ENTITIES.get(char, char) for char in text)


def _path(namespace: str) -> str:
    return f"catalog/{namespace}.md"


def definitions(namespace: str) -> list[CapabilityDefinition]:
    """The bundled definitions of one namespace, by id."""
    return sorted((CapabilityDefinition(raw) for raw in bundled_definitions(namespace)), key=lambda d: d.id)


def _section(definition: CapabilityDefinition) -> list[str]:
    names = python_names(definition)
    package, _, module = names.module.rpartition(".")
    status = definition.raw.get("status")
    lines = [
        "",
        f"## {definition.id} {{ #{definition.id} }}",
        "",
        f"{_text(definition.name)}, version {definition.version}{f' ({status})' if isinstance(status, str) else ''}. "
        f"`from {package} import {module}`",
    ]
    if definition.attributes:
        lines += ["", "| Attribute | Python key | Value | Units | Set by |", "| --- | --- | --- | --- | --- |"]
        for name in definition.attributes:
            setter = names.commands.get(attribute_setter(definition, name) or "")
            setter_text = f"`{setter}()`" if setter else ""
            units = ", ".join(_text(unit) for unit in attribute_units(definition, name))
            lines.append(
                f"| `{name}` | `{module}.{names.attributes[name]}` | {_text(attribute_value(definition, name))} "
                f"| {units} | {setter_text} |"
            )
    if definition.commands:
        lines += ["", "| Command | Python builder | Arguments |", "| --- | --- | --- |"]
        for name in definition.commands:
            signature = definition.signature(name)
            arguments = signature[len(name) + 1 : -1]
            lines.append(
                f"| `{name}` | `{module}.{names.commands[name]}()` | {_text(arguments) if arguments else 'none'} |"
            )
    if not definition.attributes and not definition.commands:
        lines += ["", "No attributes and no commands (a tag capability)."]
    return lines


def _page(namespace: str) -> str:
    found = definitions(namespace)
    where = "smartthings_client.catalog" + ("" if namespace == "standard" else f".{namespace}")
    lines = [
        f"# Capability catalogue: {namespace}",
        "",
        f"The {len(found)} capabilities of the `{namespace}` namespace, as SmartThings publishes them, with their "
        f"generated modules in `{where}`: a typed key per attribute "
        "(`st.devices.status(device_id).read(switch_level.LEVEL)` is an `int | None`) and a checked builder per "
        "command (`st.devices.execute(device_id, [switch_level.set_level(40)])`). The same facts are at hand in a "
        "terminal: `smartthings-client capabilities show ID`.",
        "",
        "Modules for your own namespace's capabilities: "
        "`smartthings-client capabilities generate NAMESPACE --out-dir DIR`.",
        "",
        "| Capability | Module | Attributes | Commands |",
        "| --- | --- | --- | --- |",
    ]
    for definition in found:
        module = python_names(definition).module.rpartition(".")[2]
        lines.append(
            f"| [`{definition.id}`](#{definition.id}) | `{module}` | {len(definition.attributes)} "
            f"| {len(definition.commands)} |"
        )
    for definition in found:
        lines += _section(definition)
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """Every catalogue page, by its path in the documentation."""
    return {_path(namespace): _page(namespace) for namespace in BUNDLED_NAMESPACES}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """mkdocs hook: list the catalogue pages in the navigation, last."""
    entries = [{namespace: _path(namespace)} for namespace in BUNDLED_NAMESPACES]
    config.nav = [*(config.nav or []), {"Capability catalogue": entries}]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """mkdocs hook: add the generated pages to the build."""
    from mkdocs.structure.files import File

    for path, text in pages().items():
        files.append(File.generated(config, path, content=text))
    return files
