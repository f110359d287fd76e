"""A per-process memo with a time limit, for small facts every page asks and editors rarely
change (the catalogue's address, a language's Locale, a page's translations).

Each process keeps its own copy for at most `seconds`; the process that made a change
forgets at once (forget_all(), called on page and locale changes), the others within the
time limit. Only for values that are cheap to be briefly out of date.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_memos: list[dict[Hashable, tuple[float, Any]]] = []


def memo(seconds: float) -> Callable[[F], F]:
    """Remember fn(*args) for `seconds` (args must be hashable)."""

    def decorate(fn: F) -> F:
        store: dict[Hashable, tuple[float, Any]] = {}
        _memos.append(store)

        @functools.wraps(fn)
        def wrapper(*args: Hashable) -> Any:
            now = time.monotonic()
            hit = store.get(args)
            if hit is not None and hit[0] > now:
                return hit[1]
            value = fn(*args)
            store[args] = (now + seconds, value)
            return value

        wrapper.forget = store.clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def forget_all(*args: Any, **kwargs: Any) -> None:
    """Empty every memo of this process (usable as a signal receiver)."""
    for store in _memos:
        store.clear()
