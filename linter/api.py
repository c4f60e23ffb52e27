"""citeqa from Python, for a manuscript system or a notebook: what the command line does, without it.

    import linter
    result = linter.check("paper.pdf")                      # a file
    result = linter.check(manuscript_text, text=True)       # a string
    print(linter.report([result], "json"))

Offline unless told otherwise: with `lookups=None` the Crossref rules are reported as not run;
pass `lookups=linter.Settings(mailto=...)` (or an opened Lookups) to check against Crossref.
The command line (linter/cli.py) calls the same functions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, load
from .engine import FileResult, Prepared, applicable, check_files, finish, internal_error, run_rules
from .readers import ReadError, read_text
from .rules import Context

if TYPE_CHECKING:
    from .crossref.lookups import Lookups
    from .crossref.settings import Settings

__all__ = ["check", "check_paths", "configuration", "open_lookups", "report"]


def check(
    path_or_text: str | os.PathLike[str],
    *,
    config: Config | str | os.PathLike[str] | None = None,
    lookups: Lookups | Settings | None = None,
    text: bool | None = None,
    input_format: str | None = None,
    name: str = "<text>",
) -> FileResult:
    """Check one manuscript and return its FileResult (findings, or the error that stopped reading it).

    What `path_or_text` is: a Path is always a file. A str is text when `text=True`, a file when
    `text=False`; left unsaid (None), a str of one line naming an existing file is that file, any other
    str is the manuscript's text, except that one line ending in a known extension (".pdf", ".txt"...)
    that names no file raises FileNotFoundError rather than being checked as a one-line manuscript.
    `name` stands for a text's path in the report. `config`: a Config, or the path of a citeqa.toml /
    pyproject.toml; None is citeqa's defaults (no configuration file is searched for)."""
    config = configuration(config)
    lookups = open_lookups(lookups)
    context = Context(options=config.options)
    source = _source(path_or_text, text)
    if isinstance(source, Path):
        return next(check_files([source], config, context, input_format, lookups))
    return finish(_prepare_text(source, name, config, context, input_format), config, context, lookups)


def check_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    config: Config | str | os.PathLike[str] | None = None,
    lookups: Lookups | Settings | None = None,
    input_format: str | None = None,
    jobs: int = 1,
    baseline=None,
) -> Iterator[FileResult]:
    """Check files (folders are walked), each result as soon as it is settled, in input order."""
    from .readers import collect

    config = configuration(config)
    files = collect([Path(p) for p in paths])
    return check_files(
        files, config, Context(options=config.options), input_format, open_lookups(lookups), baseline, jobs
    )


def report(results: Sequence[FileResult] | Iterable[FileResult], format: str = "text", color: bool = False) -> str:
    """The results written in one of the report formats (linter.reports.FORMATS: text, json, sarif, github,
    junit, gitlab, html, jsonl), exactly as `citeqa check --format FORMAT` writes them."""
    from .reports import FORMATS

    if format not in FORMATS:
        raise ValueError(f"unknown report format {format!r}; one of {', '.join(sorted(FORMATS))}")
    return FORMATS[format](list(results), color)


def configuration(config: Config | str | os.PathLike[str] | None) -> Config:
    """A Config as given, read from a file's path, or citeqa's defaults."""
    if config is None or isinstance(config, Config):
        return config or Config()
    return load(Path(config))


def open_lookups(lookups: Lookups | Settings | None) -> Lookups | None:
    """Lookups as given, opened from Settings (the cache, a snapshot or Crossref online), or None: offline."""
    from .crossref.settings import Settings

    if isinstance(lookups, Settings):
        from .crossref.session import open_lookups as opened

        return opened(lookups)
    return lookups


def _source(path_or_text: str | os.PathLike[str], text: bool | None) -> Path | str:
    if isinstance(path_or_text, os.PathLike):
        if text:
            raise TypeError("text=True takes a str, not a path")
        return Path(path_or_text)
    if not isinstance(path_or_text, str):
        raise TypeError(f"check() takes a path or a str, not {type(path_or_text).__name__}")
    if text is not None:
        return path_or_text if text else Path(path_or_text)
    one_line = "\n" not in path_or_text and 0 < len(path_or_text) < 4096
    if one_line and _exists(path_or_text):
        return Path(path_or_text)
    if one_line and _known_suffix(path_or_text):
        raise FileNotFoundError(f"{path_or_text}: no such file (pass text=True to check it as text)")
    return path_or_text


def _exists(candidate: str) -> bool:
    try:
        return Path(candidate).is_file()
    except (OSError, ValueError):  # a name too long, a NUL in it
        return False


def _known_suffix(candidate: str) -> bool:
    from .readers import SUPPORTED

    return candidate.strip().lower().endswith(SUPPORTED)


def _prepare_text(text: str, name: str, config: Config, context: Context, input_format: str | None) -> Prepared:
    """As engine.prepare does for a file: read, and run the rules that need no Crossref answers."""
    try:
        manuscript = read_text(text, name, input_format, config.limits)
    except ReadError as error:
        return Prepared(name, input_format or "text", error=str(error))
    except Exception as error:  # noqa: BLE001 - as engine.prepare: a bug is this text's error, not a traceback
        return Prepared(name, input_format or "text", error=internal_error(error))
    offline = [r for r in applicable(manuscript, config) if not r.needs_crossref]
    honoured = replace(context, honour_suppressions=config.allow_inline_suppressions)
    return Prepared(name, manuscript.format, manuscript, tuple(run_rules(manuscript, config, honoured, offline)))
