"""How much a finding matters: what configuration reads (before the model and the rules load)."""

from __future__ import annotations

import enum


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]
