"""Public names of a package, imported on first use, so that ``import smartthings_client`` costs only what a
script uses: a script that lists devices never loads the SmartApp lifecycle, OAuth, token stores or the models of
other groups.  Type checkers read the package's ``if TYPE_CHECKING:`` imports instead."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterable, Mapping
from typing import Any


class _LazyPackage(types.ModuleType):
    """A package whose public names are imported on first access and then kept in its namespace."""

    _lazy_where: dict[str, str]

    def __getattr__(self, name: str) -> Any:
        where = self.__dict__.get("_lazy_where", {})
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        if not module:  # a submodule exported by name (``auth.classic``)
            return importlib.import_module(f"{self.__name__}.{name}")
        loaded = importlib.import_module(module, self.__name__)
        # Bind every name the module exports at once: later lookups are plain attribute reads.
        for exported, source in where.items():
            if source == module:
                self.__dict__[exported] = getattr(loaded, exported)
        return self.__dict__[name]

    def __setattr__(self, name: str, value: Any) -> None:
        # Importing a submodule sets it as an attribute of its package; where the package exports a function of
        # the same name (``auth.keepalive``), the function stays, as it did when the package imported it eagerly.
        where = self.__dict__.get("_lazy_where", {})
        if isinstance(value, types.ModuleType) and where.get(name):
            return
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__, *self.__dict__.get("_lazy_where", {})})


def lazy_exports(package: str, exports: Mapping[str, Iterable[str]]) -> None:
    """Make ``package`` import its public names on first use: ``exports`` maps a module relative to the package
    (``"._transport"``) to the names it defines; the key ``""`` lists submodules exported by name."""
    module = sys.modules[package]
    where = {name: source for source, names in exports.items() for name in names}
    module.__dict__["_lazy_where"] = where
    module.__class__ = _LazyPackage
