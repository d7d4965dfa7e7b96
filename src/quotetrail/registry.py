"""One registry for pluggable parts; built-ins register themselves exactly as plugins do."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any, TypeVar

F = TypeVar("F")
"""A registered part: a function, or an object such as a reader description."""

KINDS = ("readers", "extractors", "exporters")


class Registry:
    """Named functions per kind; third parties add theirs with the `quotetrail.<kind>` entry point group."""

    def __init__(self) -> None:
        self._items: dict[str, dict[str, Any]] = {k: {} for k in KINDS}
        self._loaded_plugins = False

    def register(self, kind: str, name: str) -> Callable[[F], F]:
        """Decorator: register a part (a function or an object) under `kind`/`name`."""
        if kind not in self._items:
            raise ValueError(f"unknown registry kind {kind!r}; one of {', '.join(KINDS)}")

        def deco(func: F) -> F:
            self._items[kind][name] = func
            return func

        return deco

    def get(self, kind: str, name: str) -> Any:
        """The part registered under `kind`/`name`, loading plugins on first miss."""
        items = self._items[kind]
        if name not in items:
            self._load_plugins()
        if name not in items:
            known = ", ".join(sorted(items)) or "none"
            raise KeyError(f"no {kind[:-1]} named {name!r} (known: {known})")
        return items[name]

    def names(self, kind: str) -> list[str]:
        """Registered names of one kind."""
        self._load_plugins()
        return sorted(self._items[kind])

    def _load_plugins(self) -> None:
        if self._loaded_plugins:
            return
        self._loaded_plugins = True
        for kind in KINDS:
            for ep in entry_points(group=f"quotetrail.{kind}"):
                self._items[kind].setdefault(ep.name, ep.load())


registry = Registry()
