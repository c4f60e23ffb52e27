"""The citeqa command: parse arguments, call the engine, choose the exit code."""

from __future__ import annotations

import functools
import json
import os
import sys
from contextlib import nullcontext
from pathlib import Path
from types import SimpleNamespace
from typing import NoReturn

import click

from . import __version__
from .crossref.settings import LIMITS, Settings, SettingsError
from .readers import READERS
from .reports import FORMATS

# Everything else (configuration, engine, rules, readers, the cache and the network stack, each
# report format) is imported by the commands that use it: `citeqa --version` loads click and this.
CACHE_HELP = (
    "The cache file [env: CITEQA_CACHE; default: crossref.sqlite3 in your user cache folder;"
    " 'citeqa cache info' shows where]."
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_NOT_RUN = 0, 1, 2, 3


def crossref_options(command):
    """The options every command that may talk to Crossref takes. The command receives them as one
    `settings` (linter.crossref.settings.Settings): the defaults, then CITEQA_* variables, then flags."""
    defaults = Settings()

    def ranged(kind, name):
        return kind(*LIMITS[name])

    options = [
        click.option(
            "--offline/--online",
            default=None,
            help="Use only the cache; make no network requests [env: CITEQA_OFFLINE].",
        ),
        click.option(
            "--snapshot",
            type=click.Path(exists=True, path_type=Path),
            help="Check against a snapshot, offline: a folder built by 'citeqa snapshot build' (with an explicit"
            " --online, doi.org is asked about the DOIs it lacks), or a JSONL file of Crossref records.",
        ),
        click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path), help=CACHE_HELP),
        click.option("--no-cache", is_flag=True, default=None, help="Keep answers in memory for this run only."),
        click.option("--mailto", help="Your e-mail address, for Crossref's faster polite pool [env: CITEQA_MAILTO]."),
        click.option(
            "--crossref-url",
            help=f"Crossref REST API base URL [env: CITEQA_CROSSREF_URL; default: {defaults.crossref_url}].",
        ),
        click.option(
            "--doi-url", help=f"doi.org base URL (its handle API) [env: CITEQA_DOI_URL; default: {defaults.doi_url}]."
        ),
        click.option(
            "--batch-size",
            type=ranged(click.IntRange, "batch_size"),
            help=f"DOIs fetched per request [env: CITEQA_BATCH_SIZE; default: {defaults.batch_size}].",
        ),
        click.option(
            "--timeout",
            type=ranged(click.FloatRange, "timeout"),
            help=f"Seconds to wait for an answer [env: CITEQA_TIMEOUT; default: {defaults.timeout:g}].",
        ),
        click.option(
            "--retries",
            type=ranged(click.IntRange, "retries"),
            help="Retries after 429, 5xx, timeouts and dropped connections"
            f" [env: CITEQA_RETRIES; default: {defaults.retries}].",
        ),
        click.option(
            "--crossref-budget",
            "budget",
            type=ranged(click.FloatRange, "budget"),
            help="Seconds a run may spend failing against Crossref and doi.org (from a failure to the next answer,"
            " summed); then the rest is reported not checked"
            f" [env: CITEQA_CROSSREF_BUDGET; default: {defaults.budget:g}].",
        ),
    ]
    names: tuple[str, ...] = ("offline", "snapshot", "cache_path", "no_cache", "mailto", "crossref_url", "doi_url")
    names += ("batch_size", "timeout", "retries", "budget")

    @functools.wraps(command)
    def with_settings(**arguments):
        flags = {name: arguments.pop(name) for name in names}
        try:
            arguments["settings"] = Settings.from_environment().updated(**flags)
        except SettingsError as error:
            _fail(str(error))
        return command(**arguments)

    for option in reversed(options):
        with_settings = option(with_settings)
    return with_settings


class Group(click.Group):
    """`citeqa FILE` means `citeqa check FILE`."""

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["check", *args]
        return super().resolve_command(ctx, args)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citeqa")
def main() -> None:
    """Check a manuscript's metadata and references for inconsistencies."""


def run() -> NoReturn:
    """The citeqa command (its console script, and `python -m linter`): `main`, then a quick exit.

    Once the report is written and the cache closed there is nothing left to clean up, yet tearing
    the interpreter down (every module, the HTTP stack, the rules' tables) took 40-80 ms of a run;
    so the process ends with os._exit once its output is flushed. Tests call `main` in-process."""
    try:
        main()
        code: int | str | None = EXIT_CLEAN
    except SystemExit as stop:
        code = stop.code
    if "distributed" in sys.modules or isinstance(code, str) or sys.getprofile() or sys.gettrace():
        sys.exit(code)  # Dask's exit handlers, a message to print, a profiler's or coverage's report to write
    if "linter.crossref.cache" in sys.modules:
        sys.modules["linter.crossref.cache"].close_all()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let Python's own exit say so
        sys.exit(code)
    os._exit(code or EXIT_CLEAN)


def checking_options(command):
    """What decides which checks run, shared by check, baseline and fix."""
    options = [
        click.option(
            "--select", help="Comma-separated rule codes, prefixes or names to run (replaces the configured list)."
        ),
        click.option(
            "--ignore", help="Comma-separated rule codes, prefixes or names to skip (replaces the configured list)."
        ),
        click.option(
            "--severity", "severities", multiple=True, metavar="CODE=LEVEL", help="Override a rule's severity."
        ),
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning", "info", "never"]),
            help="Lowest severity that fails the run [default: warning].",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Read settings from this TOML file.",
        ),
        click.option(
            "--input-format",
            type=click.Choice(sorted(READERS)),
            help="Read every file as this format instead of detecting it.",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(1, 256),
            default=_cores,
            show_default="the number of cores",
            help="Worker processes for reading files and the offline rules (1: none).",
        ),
        click.option(
            "--allow-inline-suppressions",
            "allow_suppressions",
            is_flag=True,
            default=None,
            help="Honour the manuscripts' own 'citeqa: ignore' comments (listed in the report).",
        ),
        click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error in a file."),
    ]
    for option in reversed(options):
        command = option(command)
    return crossref_options(command)


def _cores() -> int:
    """The cores this process may use (--jobs's default)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_checks(
    files,
    select,
    ignore,
    severities,
    fail_on,
    config_path,
    input_format,
    jobs=1,
    allow_suppressions=None,
    debug=False,
    baseline=None,
    settings: Settings | None = None,
):
    """Configuration, then every file checked: (config, results), results an iterator in input order.
    A file that cannot be read stays an error row (said on standard error as soon as it is met)."""
    from .config import ConfigError
    from .crossref.cache import CacheError
    from .readers import collect

    files = collect(files)
    try:
        config = _configure(select, ignore, severities, fail_on, config_path, allow_suppressions)
        settings = settings or Settings()
        lookups = (
            _open_lookups(settings, _written(files, input_format, config, settings))
            if config.needs_crossref()
            else None
        )
    except (ConfigError, CacheError) as error:
        _fail(str(error))
    if lookups is not None and sys.stderr.isatty():
        lookups.progress = _status_line
    from .api import check_paths  # the rest of citeqa loads while the first requests are out

    results = check_paths(
        files, config=config, lookups=lookups, input_format=input_format, jobs=jobs, baseline=baseline
    )
    return config, _reported(results, len(files), debug)


def _configure(select, ignore, severities, fail_on, config_path, allow_suppressions):
    """The configuration file (given, or found from here upwards) with the command line's flags over it."""
    from .config import apply, find_file, load

    config = load(config_path or find_file(Path.cwd()))
    flags = {
        "select": _split(select),
        "ignore": _split(ignore),
        "severity": dict(_pair(s) for s in severities),
        "fail-on": fail_on,
        "allow-inline-suppressions": allow_suppressions,
    }
    return apply(config, flags, "command line")


def _on_cluster(
    files,
    output: Path | None,
    scheduler: str | None,
    select,
    ignore,
    severities,
    fail_on,
    config_path,
    input_format,
    jobs=2,
    allow_suppressions=None,
    debug=False,
    settings: Settings | None = None,
) -> int:
    """--engine dask: every file a Dask task, checked offline against the snapshot (or the cache);
    jsonl rows as tasks finish, a progress bar and a summary on standard error. Returns the exit code."""
    import time

    from .config import ConfigError
    from .crossref.cache import CacheError
    from .readers import collect

    try:
        from . import cluster
    except ImportError as error:
        _fail(f"--engine dask needs dask.distributed ({error.name} is missing): pip install 'citeqa[catalogue]'")
    settings = (settings or Settings()).updated(offline=True)
    try:
        config = _configure(select, ignore, severities, fail_on, config_path, allow_suppressions)
        if config.needs_crossref():
            _open_lookups(settings)  # the snapshot or cache is sound here before any worker opens it
    except (ConfigError, CacheError) as error:
        _fail(str(error))
    paths = collect(files)
    started = time.monotonic()
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    counts = {"errors": 0, "not_run": 0, "failing": 0}
    code = EXIT_CLEAN
    try:
        with _progress(len(paths) > 1, length=len(paths), label="checking on the cluster") as bar:
            for path, row, outcome in cluster.run(paths, config, settings, input_format, scheduler, jobs):
                out.write(row)
                out.flush()
                if outcome.error:
                    click.echo(f"citeqa: error: {inert(path)}: {inert(json.loads(row)['error'] or '')}", err=True)
                counts["errors"] += outcome.error
                counts["not_run"] += outcome.not_run
                counts["failing"] += outcome.fails
                bar.update(1)
    finally:
        if output:
            out.close()
    seconds = time.monotonic() - started
    where = f"the cluster at {inert(scheduler)}" if scheduler else f"a local cluster of {jobs} workers"
    click.echo(
        f"citeqa: {len(paths)} files on {where} in {seconds:.1f} s ({len(paths) / max(seconds, 1e-9):.1f} a second):"
        f" {counts['failing']} with findings that fail,"
        f" {counts['not_run']} with checks not run, {counts['errors']} errors",
        err=True,
    )
    if counts["errors"]:
        code = EXIT_USAGE
    elif counts["not_run"]:
        code = EXIT_NOT_RUN
    elif counts["failing"]:
        code = EXIT_FINDINGS
    return code


def _reported(results, count: int, debug: bool = False):
    """The results, each read error said on standard error, with a progress bar on a terminal."""
    with _progress(count > 1, length=count, label="checking", item_show_func=_shown_path) as bar:
        for result in results:
            if result.error:
                click.echo(f"citeqa: error: {inert(result.path)}: {inert(result.error)}", err=True)
                if debug and result.trace:
                    click.echo(result.trace, err=True)
            bar.update(1, result.path)
            yield result


def _shown_path(path: str | None) -> str:
    return inert(path) if path else ""


def _status_line(what: str, done: int, total: int) -> None:
    """A terminal's one-line progress of a file's lookups (Crossref's limits make them the slow part)."""
    sys.stderr.write(f"\r  {inert(what)}: {done}/{total}" + ("\n" if done == total else ""))
    sys.stderr.flush()


_NO_BAR = SimpleNamespace(update=lambda *_: None)


def _progress(wanted: bool, **bar):
    """click's progress bar on standard error when wanted and it is a terminal; else one that shows nothing."""
    return click.progressbar(file=sys.stderr, **bar) if wanted and sys.stderr.isatty() else nullcontext(_NO_BAR)


def _open_lookups(settings: Settings, written: dict[str, list[str]] | None = None):
    from .crossref.session import open_lookups

    return open_lookups(settings, written)


def _written(files: list[Path], input_format: str | None, config, settings: Settings) -> dict[str, list[str]] | None:
    """The DOIs written in the files read first, to send before they are read (crossref/early.py);
    None when no request will be made."""
    if settings.offline or settings.snapshot is not None:
        return None
    from .readers import WINDOW, detect
    from .readers.written import dois_written

    return {str(p): dois_written(p, input_format or detect(p), config.limits) for p in files[:WINDOW]}


def exit_code(config, results) -> int:
    outcome = Outcome(config)
    for result in results:
        outcome.add(result)
    return outcome.code


class Outcome:
    """The exit code, gathered file by file (a streamed report keeps no results)."""

    def __init__(self, config):
        self.config, self.error, self.not_run, self.fails = config, False, False, False

    def add(self, result) -> None:
        self.error |= bool(result.error)
        self.not_run |= result.crossref is not None and result.crossref.unavailable
        self.fails |= any(self.config.fails(f.severity) for f in result.findings)

    @property
    def code(self) -> int:
        return (
            EXIT_USAGE if self.error else EXIT_NOT_RUN if self.not_run else EXIT_FINDINGS if self.fails else EXIT_CLEAN
        )


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))  # folders are walked
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    default=None,
    help="Report format [default: text; github when GITHUB_ACTIONS=true].",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Report only findings not in this baseline (made by 'citeqa baseline').",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="dask: every file a task on a Dask cluster, checked offline against --snapshot (or the cache);"
    " jsonl rows as they finish.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    envvar="CITEQA_DASK_SCHEDULER",
    help="With --engine dask: a running Dask scheduler (tcp://host:8786) [default: a local cluster of --jobs workers].",
)
@checking_options
def check(files, output_format, output, baseline_path, engine, scheduler, **options):
    """Check FILES and report what is inconsistent."""
    if engine == "dask":
        if output_format not in (None, "jsonl") or baseline_path:
            _fail("--engine dask writes JSON lines (--format jsonl) and takes no --baseline")
        sys.exit(_on_cluster(files, output, scheduler, **options))
    if scheduler:
        _fail("--scheduler needs --engine dask")
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    accepted = _accepted(baseline_path) if baseline_path else None
    config, results = run_checks(files, baseline=accepted, **options)
    if output_format == "jsonl":
        sys.exit(_stream(config, results, output))
    from .api import report

    results = list(results)
    if output:
        output.write_text(report(results, output_format), encoding="utf-8")
    else:
        click.echo(report(results, output_format, color=sys.stdout.isatty()), nl=False)
    sys.exit(exit_code(config, results))


def _accepted(path: Path):
    """The findings a --baseline file accepts."""
    from . import baseline

    try:
        return baseline.load(path)
    except baseline.BaselineError as error:
        _fail(str(error))


def _stream(config, results, output: Path | None) -> int:
    """JSON lines, one per file as it is settled; nothing is kept but the exit code."""
    from .reports.jsonl import row

    outcome = Outcome(config)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for result in results:
            out.write(row(result))
            out.flush()
            outcome.add(result)
    except BrokenPipeError:  # `citeqa --format jsonl ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        if output:
            out.close()
    return outcome.code


@main.command("baseline")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".citeqa-baseline.json"),
    show_default=True,
)
@checking_options
def make_baseline(files, output, **options):
    """Record the current findings of FILES, so that --baseline reports only new ones."""
    from . import baseline

    config, results = run_checks(files, **options)
    results = list(results)
    count = baseline.write(results, output)
    click.echo(f"wrote {count} findings to {output}")
    code = exit_code(config, results)
    sys.exit(code if code in (EXIT_USAGE, EXIT_NOT_RUN) else EXIT_CLEAN)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--to", "target", type=click.Choice(["bibtex", "csljson", "ris", "text"]), default="text", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the references to FILE.")
@crossref_options
@click.option("--input-format", type=click.Choice(sorted(READERS)), help="Read the file as this format.")
def fix(file, target, output, input_format, settings):
    """Write FILE's reference list with the corrections citeqa is sure of applied, each marked."""
    from .crossref.cache import CacheError
    from .fix import corrected_references
    from .readers import ReadError, read
    from .reference_formats import WRITERS

    try:
        manuscript = read(file, input_format)
        lookups = _open_lookups(settings)
    except ReadError as error:
        _fail(f"{file}: {error}")
    except CacheError as error:
        _fail(str(error))
    answers = lookups.answer(manuscript)
    text = WRITERS[target](corrected_references(manuscript, answers))
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if answers.unavailable:
        unchecked = ", ".join(map(str, answers.not_checked()))
        click.echo(f"citeqa: Crossref could not check references {unchecked}; they are left as written", err=True)
        sys.exit(EXIT_NOT_RUN)


@main.command("rules")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True
)
def list_rules(output_format):
    """List every rule with its code, name and default severity (markdown: every rule's full doc)."""
    from .rules import all_rules

    rules = all_rules()
    if output_format == "markdown":
        click.echo(rules_markdown(rules), nl=False)
        return
    if output_format == "json":
        click.echo(
            json.dumps(
                [{"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary} for r in rules],
                indent=2,
            )
        )
        return
    for r in rules:
        click.echo(f"{r.code}  {r.name:<28} {r.severity.value:<8} {r.summary}")


@main.command()
@click.argument("rule")
def explain(rule):
    """Show the documentation of RULE (a code such as RF01, or a name)."""
    from .rules import explain_extras, find

    found = find(rule)
    if found is None:
        _fail(f"no rule is called {rule!r}; 'citeqa rules' lists them")
    click.echo(f"{found.code} {found.name} (default severity: {found.severity.value})\n")
    click.echo(found.doc)
    for line in explain_extras(found):
        click.echo(line)


@main.command()
@click.argument("what")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@crossref_options
def lookup(what, output_format, settings):
    """Show Crossref's record of a DOI, or its candidates for a reference string, with scores."""
    from .crossref.cache import CacheError
    from .crossref.inspect import describe

    try:
        lookups = _open_lookups(settings)
    except CacheError as error:
        _fail(str(error))
    result = describe(what, lookups)
    if output_format == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo(result["text"])
    sys.exit(
        EXIT_NOT_RUN
        if result["status"] == "unavailable"
        else EXIT_CLEAN
        if result["status"] == "found"
        else EXIT_FINDINGS
    )


@main.group()
def cache():
    """Manage the Crossref cache: info, clear, export FILE, import FILE."""


def _cache_path(path: Path | None) -> Path:
    try:
        cache_file = Settings.from_environment().updated(cache_path=path).cache_file
    except SettingsError as error:
        _fail(str(error))
    assert cache_file is not None  # no_cache is not a cache command's option
    return cache_file


cache_option = click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path), help=CACHE_HELP)


@cache.command("info")
@cache_option
def cache_info(cache_path):
    """Where the cache is and what it holds."""
    from .crossref.cache import Cache

    info = _open_cache(Cache, cache_path).info()
    for key, value in info.items():
        click.echo(f"{key}: {value}")


@cache.command("clear")
@cache_option
def cache_clear(cache_path):
    """Forget every stored answer."""
    from .crossref.cache import Cache

    _open_cache(Cache, cache_path).clear()
    click.echo(f"cleared {_cache_path(cache_path)}")


@cache.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@cache_option
def cache_export(file, cache_path):
    """Write every stored answer to FILE as JSON lines (a snapshot for --snapshot)."""
    from .crossref.cache import Cache

    store = _open_cache(Cache, cache_path)
    with file.open("w", encoding="utf-8") as out:
        count = store.export(out)
    click.echo(f"exported {count} entries to {file}")


@cache.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@cache_option
def cache_import(file, cache_path):
    """Store the JSON lines of FILE (an export, or Crossref records) in the cache."""
    from .crossref.cache import Cache, CacheError

    store = _open_cache(Cache, cache_path)
    try:
        with file.open(encoding="utf-8") as lines:
            count = store.load(lines, str(file))
    except CacheError as error:
        _fail(str(error))
    click.echo(f"imported {count} entries from {file}")


def _open_cache(cls, path):
    from .crossref.cache import CacheError

    try:
        return cls(_cache_path(path))
    except CacheError as error:
        _fail(str(error))


@main.group()
def snapshot():
    """Build a local Crossref snapshot store from Crossref's public data file, for --snapshot DIR."""


@snapshot.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The store's folder (new, or one to add newer parts to).",
)
def snapshot_build(sources, output):
    """Read SOURCES (data file parts: .json.gz with {"items": [...]}, or JSON lines of works) into the store in OUTPUT.
    A newer part replaces the older records of the same DOIs."""
    from .crossref.store import StoreError
    from .crossref.store_build import SourceError, build

    size = sum(source.stat().st_size for source in sources)
    try:
        with _progress(True, length=size, label="reading") as bar:
            manifest = build(list(sources), output, bar.update)
    except ImportError as error:
        _fail(f"snapshot build needs pyarrow and DuckDB ({error.name} is missing): pip install 'citeqa[catalogue]'")
    except (SourceError, StoreError) as error:
        _fail(str(error))
    added = manifest["parts"][-len(sources) :]
    click.echo(
        f"{inert(output)}: {manifest['records']} works; read {sum(p['records'] for p in added)} records"
        f" ({sum(p['skipped'] for p in added)} malformed, skipped)"
        f" from {len(sources)} file{'s' if len(sources) > 1 else ''}"
    )


def rules_markdown(rules) -> str:
    """docs/rules.md: one section per rule, anchored by its code, for SARIF helpUri and the web."""
    out = ["# citeqa rules\n\nGenerated by `citeqa rules --format markdown`; do not edit by hand.\n"]
    out.append("\n| code | name | severity | what it finds |\n|---|---|---|---|\n")
    for r in rules:
        summary = r.summary.replace("|", r"\|")  # a table cell
        out.append(f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.value} | {summary} |\n")
    for r in rules:
        body = r.doc.replace("\n## ", "\n### ")
        out.append(
            f'\n<a id="{r.code.lower()}"></a>\n## {r.code} {r.name}\n\nDefault severity: {r.severity.value}.'
            f" {'Needs Crossref.' if r.needs_crossref else 'Offline.'}\n\n{body}\n"
        )
    return "".join(out)


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _pair(text: str) -> tuple[str, str]:
    code, sep, level = text.partition("=")
    if not sep:
        _fail(f"--severity takes CODE=LEVEL, not {text!r}")
    return code.strip(), level.strip().lower()


def inert(text: str) -> str:
    """linter.escape.inert, imported when there is something to escape (not for --version)."""
    from .escape import inert

    return inert(text)


def _fail(message: str) -> NoReturn:
    click.echo(f"citeqa: error: {inert(message)}", err=True)
    sys.exit(EXIT_USAGE)
