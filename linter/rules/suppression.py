"""A manuscript's own requests to switch checks off."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Location, Manuscript, Problem, Severity
from .base import Context, rule


@rule("SU01", "inline-suppression", Severity.INFO, precision="very-high")
def inline_suppression(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """The manuscript asks, in a comment, to switch checks off; it was not obeyed.

    ## What it does
    Reports each `citeqa: ignore` comment (an HTML comment in text or Markdown, a
    comment or `<?citeqa ignore ...?>` processing instruction in JATS) when the
    configuration does not allow inline suppressions, which is the default. The
    checks it names ran, and their findings are reported as usual.

    ## Why it matters
    A manuscript comes from its author; the checks are the editor's. A line such as
    `<!-- citeqa: ignore CR, DO -->` would otherwise hide an unregistered or
    retracted reference without anyone being told.

    ## Example
    `<!-- citeqa: ignore CR, DO, RF -->` at the end of a submitted manuscript.

    ## Use instead
    To suppress findings in your own sources, set `allow-inline-suppressions = true`
    (or pass `--allow-inline-suppressions`): the suppressed findings are then listed
    in the report and counted in its summary. For an accepted finding, use a baseline.
    """
    if ctx.honour_suppressions or not ms.suppressions:
        return
    for suppression in ms.suppressions:
        scope = (
            "the next line"
            if suppression.line is not None
            else f"reference {suppression.reference}"
            if suppression.reference is not None
            else "the whole file"
        )
        yield Problem(
            f"the manuscript asks to switch off {', '.join(suppression.codes)} for {scope}; not honoured, "
            "as inline suppressions are off (allow-inline-suppressions)",
            Location(line=suppression.at, reference=suppression.reference),
            {"codes": list(suppression.codes), "scope": scope},
            "remove the comment, or allow inline suppressions in the configuration for your own sources",
        )
