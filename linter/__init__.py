"""citeqa: a citation-integrity and journal-QA linter.

The Python API (linter/api.py), loaded on first use so that `import linter` and `citeqa --version`
stay cheap: linter.check(path_or_text) -> FileResult, linter.check_paths(paths), linter.report(results,
format), linter.Settings (Crossref settings, for lookups=), linter.Config and linter.FileResult."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The one place the version is written: pyproject.toml reads it from here (setuptools'
# dynamic version), so start-up needs no importlib.metadata.
__version__ = "0.1.0"

# name -> the module that defines it
_LAZY = {
    "check": "linter.api",
    "check_paths": "linter.api",
    "report": "linter.api",
    "Config": "linter.config",
    "FileResult": "linter.engine",
    "Settings": "linter.crossref.settings",
}
__all__ = ["Config", "FileResult", "Settings", "__version__", "check", "check_paths", "report"]

if TYPE_CHECKING:
    from .api import check, check_paths, report
    from .config import Config
    from .crossref.settings import Settings
    from .engine import FileResult


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'linter' has no attribute {name!r}")
