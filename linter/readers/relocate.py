"""Rewrite every Location in a Manuscript: text lines to paragraphs (Word) or pages (PDF)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..model import Location


def relocate(value, change: Callable[[Location], dict]):
    """A copy of value with each Location replaced by Location(**changes); frozen dataclasses all the way."""
    if isinstance(value, Location):
        return dataclasses.replace(value, **change(value))
    if isinstance(value, tuple):
        return tuple(relocate(item, change) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        updates = {f.name: relocate(getattr(value, f.name), change) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **updates)
    return value
