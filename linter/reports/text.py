"""The terminal report: grouped by file, in document order, a summary line at the end."""

from __future__ import annotations

from collections.abc import Sequence

import click

from ..engine import FileResult
from ..escape import inert
from .json_report import crossref

COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render(results: Sequence[FileResult], color: bool = False) -> str:
    from . import summary

    def style(text: str, **kwargs) -> str:
        return click.style(text, **kwargs) if color else text

    out: list[str] = []
    for result in results:
        if result.error:
            out.append(f"{style(inert(result.path), bold=True)}: {style('error', fg='red')}: {inert(result.error)}")
            continue
        refs = len(result.manuscript.references) if result.manuscript else 0
        out.append(style(inert(result.path), bold=True) + f" ({result.format}, {refs} references)")
        for f in result.findings:
            where = where_is(f.location)
            ref = f" ref {f.location.reference}" if f.location.reference else ""
            severity = style(f"{f.severity.value:<7}", fg=COLOURS[f.severity.value])
            out.append(f"  {where:>8}{ref:<7} {severity} {style(f.rule, bold=True)} {inert(f.message)} [{f.name}]")
            if f.suggestion:
                out.append(f"  {'':>15} {style('fix:', dim=True)} {inert(f.suggestion)}")
        if not result.findings:
            out.append("  no findings")
        if result.suppressed:
            out.append(
                f"  {len(result.suppressed)} suppressed by the manuscript's own comments (allow-inline-suppressions):"
            )
            out += [
                f"  {where_is(f.location):>8} {style(f.rule, bold=True)} {inert(f.message)} [{f.name}]"
                for f in result.suppressed
            ]
        out.append("  " + style(inert(crossref_line(result)), dim=True))
    s = summary(results)
    line = (
        f"{s['files']} file{'s' if s['files'] != 1 else ''} checked"
        + (f" ({s['failed_files']} could not be read)" if s["failed_files"] else "")
        + f": {s['errors']} error{'s' if s['errors'] != 1 else ''}, "
        f"{s['warnings']} warning{'s' if s['warnings'] != 1 else ''}, {s['info']} info"
        + (f", {s['suppressed']} suppressed" if s["suppressed"] else "")
    )
    out.append(style(line, bold=True))
    return "\n".join(out) + "\n"


def crossref_line(result: FileResult) -> str:
    """One line on Crossref verification: done, or what was not checked and why."""
    c = crossref(result)
    if result.crossref is None:
        return f"Crossref: not consulted ({c['reason']})"
    cost = f"{c['requests']} request{'s' if c['requests'] != 1 else ''}, {c['cache_hits']} from the cache"
    if c["status"] == "complete":
        if not result.manuscript or not result.manuscript.references:
            return f"Crossref ({c['mode']}): no reference was found to check ({cost})"
        return f"Crossref ({c['mode']}): every reference checked ({cost})"
    unchecked = [f"references {', '.join(map(str, c['not_checked']))}"] if c["not_checked"] else []
    if not result.crossref.article_checked:
        unchecked.append("the article's own DOI")
    return (
        f"Crossref ({c['mode']}): {c['status']}; not checked: {' and '.join(unchecked)};"
        f" {c['reason'] or 'no answer'} ({cost})"
    )


def where_is(location) -> str:
    """line:column; p2:14 on page 2 of a PDF; ¶12 in a Word document."""
    if location.paragraph:
        return f"¶{location.paragraph}"
    page = f"p{location.page}:" if location.page else ""
    return f"{page}{location.line or '-'}:{location.column or 1}"
