"""ftfy, loaded in the parts TX02 uses: its mojibake detector, and its repair for text that has mojibake.

Importing ftfy loads every fixer and codec (60 ms, more than the rule's work on a batch) and wcwidth,
whose tables of character widths in every Unicode version hold 4.7 MB, for the terminal display
helpers of ftfy.formatting that citeqa never calls: a batch worker that met one mojibake title
grew by a seventh. So the detector, whose module imports only re and warnings, is loaded alone
from ftfy's folder (8 ms), and the repair is imported with a stand-in for wcwidth that imports the
real one when anything in it is used.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def mojibake_detector() -> Callable[[str], bool]:
    """ftfy.badness.is_bad, loaded alone; through the package if that ever fails (another ftfy)."""
    try:
        spec = importlib.util.find_spec("ftfy")  # finds the package without running it
        folder = Path(next(iter(spec.submodule_search_locations or ())))  # type: ignore[union-attr]
        found = importlib.util.spec_from_file_location("citeqa_ftfy_badness", folder / "badness.py")
        module = importlib.util.module_from_spec(found)  # type: ignore[arg-type]
        found.loader.exec_module(module)  # type: ignore[union-attr]
        return module.is_bad
    except Exception:  # noqa: BLE001 - any failure: the ordinary import
        from ftfy.badness import is_bad

        return is_bad


@lru_cache(maxsize=1)
def fix_encoding() -> Callable[[str], str]:
    """ftfy.fix_encoding, ftfy imported without wcwidth's tables (when neither is loaded yet)."""
    if "ftfy" in sys.modules or "wcwidth" in sys.modules:
        import ftfy

        return ftfy.fix_encoding
    stand_in = _LazyModule("wcwidth")
    sys.modules["wcwidth"] = stand_in
    try:
        import ftfy
    finally:
        if sys.modules.get("wcwidth") is stand_in:
            del sys.modules["wcwidth"]  # whoever imports wcwidth from now on gets the real module
    return ftfy.fix_encoding


class _LazyModule(types.ModuleType):
    """A module that imports the real one of its name on first use, then answers for it.

    `from wcwidth import wcwidth, wcswidth` (ftfy.formatting) takes functions that load the real
    module when called; anything else asked of the module (but dunder names) loads it at once."""

    def __init__(self, name: str):
        super().__init__(name)
        for function in ("wcwidth", "wcswidth"):
            setattr(self, function, self._calling(function))

    def _calling(self, function: str) -> Callable:
        def call(*args, **kwargs):
            return getattr(self._real(), function)(*args, **kwargs)

        call.__name__ = function
        return call

    def _real(self) -> types.ModuleType:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return importlib.import_module(self.__name__)

    def __getattr__(self, name: str):
        if name.startswith("__"):  # what the import system asks (__path__, __spec__): a plain module's answer
            raise AttributeError(name)
        return getattr(self._real(), name)
