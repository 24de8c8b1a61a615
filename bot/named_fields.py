"""A dict-like view of a few typed attributes under their old string keys, for tests and tools.

The application finds its collaborators through typed fields (bot.flows.FlowDeps, bot.app.Services)
and never looks anything up here. Tests and tools written against the old `extras` dicts keep
working through this view: a known key reads and writes its typed attribute, any other key is
free scratch space.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any


class FieldsByName(MutableMapping[str, Any]):
    """`view["outbox"]` is `owner.outbox`; assigning or popping a known key sets the attribute (None when popped)."""

    def __init__(self, owner: object, fields: Mapping[str, str]) -> None:
        self._owner = owner
        self._fields = dict(fields)
        self._free: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key in self._fields:
            value = getattr(self._owner, self._fields[key])
            if value is None:
                raise KeyError(key)
            return value
        return self._free[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self._fields:
            setattr(self._owner, self._fields[key], value)
        else:
            self._free[key] = value

    def __delitem__(self, key: str) -> None:
        if key in self._fields:
            self[key]  # KeyError when unset, as a dict would
            setattr(self._owner, self._fields[key], None)
        else:
            del self._free[key]

    def __iter__(self) -> Iterator[str]:
        yield from (key for key, name in self._fields.items() if getattr(self._owner, name) is not None)
        yield from self._free

    def __len__(self) -> int:
        return sum(1 for _ in self)
