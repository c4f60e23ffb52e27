"""The citeqa command: parse arguments, call the engine, choose the exit code."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .config import ConfigError, apply, find_file, load
from .engine import check_file
from .reports import FORMATS
from .rules import Context, all_rules, find

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_NOT_RUN = 0, 1, 2, 3


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


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option("--select", help="Comma-separated rule codes, prefixes or names to run (replaces the configured list).")
@click.option("--ignore", help="Comma-separated rule codes, prefixes or names to skip (replaces the configured list).")
@click.option("--severity", "severities", multiple=True, metavar="CODE=LEVEL", help="Override a rule's severity.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), help="Lowest severity that fails the run [default: warning].")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read settings from this TOML file.")
@click.option("--input-format", type=click.Choice(["text"]), help="Read every file as this format.")
@click.option("--offline", is_flag=True, help="Make no network requests.")
def check(files, output_format, output, select, ignore, severities, fail_on, config_path, input_format, offline):
    """Check FILES and report what is inconsistent."""
    try:
        config = load(config_path or find_file(Path.cwd()))
        flags = {
            "select": _split(select),
            "ignore": _split(ignore),
            "severity": dict(_pair(s) for s in severities),
            "fail-on": fail_on,
        }
        config = apply(config, flags, "command line")
    except ConfigError as error:
        _fail(str(error))
    context = Context()
    results = [check_file(path, config, context, input_format) for path in files]
    for result in results:
        if result.error:
            click.echo(f"citeqa: error: {result.path}: {result.error}", err=True)

    if output:
        output.write_text(FORMATS[output_format](results, False), encoding="utf-8")
    else:
        click.echo(FORMATS[output_format](results, sys.stdout.isatty()), nl=False)

    if any(r.error for r in results):
        sys.exit(EXIT_USAGE)
    failing = any(config.fails(f.severity) for r in results for f in r.findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format):
    """List every rule with its code, name and default severity."""
    rules = all_rules()
    if output_format == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary} for r in rules], indent=2))
        return
    for r in rules:
        click.echo(f"{r.code}  {r.name:<28} {r.severity.value:<8} {r.summary}")


@main.command()
@click.argument("rule")
def explain(rule):
    """Show the documentation of RULE (a code such as RF01, or a name)."""
    found = find(rule)
    if found is None:
        _fail(f"no rule is called {rule!r}; 'citeqa rules' lists them")
    click.echo(f"{found.code} {found.name} (default severity: {found.severity.value})\n")
    click.echo(found.doc)


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _pair(text: str) -> tuple[str, str]:
    code, sep, level = text.partition("=")
    if not sep:
        _fail(f"--severity takes CODE=LEVEL, not {text!r}")
    return code.strip(), level.strip().lower()


def _fail(message: str) -> None:
    click.echo(f"citeqa: error: {message}", err=True)
    sys.exit(EXIT_USAGE)
