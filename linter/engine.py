"""read -> look up -> run rules -> findings, one file at a time; one bad file never stops the others."""
from __future__ import annotations

import traceback
from dataclasses import dataclass, replace
from pathlib import Path

from .config import Config
from .escape import inert
from .fingerprint import fingerprint
from .model import Finding, Manuscript
from .readers import ReadError, detect, read
from .rules import Context


@dataclass(frozen=True)
class FileResult:
    path: str
    format: str
    manuscript: Manuscript | None = None
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    crossref: object = None  # CrossrefAnswers, when Crossref rules ran
    crossref_skipped: str | None = None  # why Crossref was not consulted
    rules: tuple[str, ...] = ()  # codes of the rules that ran
    suppressed: tuple[Finding, ...] = ()  # hidden by the manuscript's own comments, when configuration allows it
    trace: str | None = None  # the traceback of an unexpected error, shown with --debug

    @property
    def status(self) -> str:
        return "error" if self.error else "checked"


def check_file(path: Path, config: Config, context: Context, input_format: str | None = None, lookups=None, baseline=None) -> FileResult:
    """Check one file. `baseline` (a Counter of fingerprints) hides findings already accepted.
    Whatever goes wrong becomes this file's error: the last resort keeps the batch going."""
    try:
        return _check_file(path, config, context, input_format, lookups, baseline)
    except Exception as error:  # noqa: BLE001 - a bug must cost one file, never the batch or a traceback
        reason = inert(str(error).splitlines()[0] if str(error) else "")[:200]
        return FileResult(str(path), input_format or "unknown",
                          error=f"internal error while checking it ({error.__class__.__name__}{': ' + reason if reason else ''}); "
                                "please report it; --debug shows the traceback", trace=traceback.format_exc())


def _check_file(path: Path, config: Config, context: Context, input_format, lookups, baseline) -> FileResult:
    kind = input_format or detect(path)
    try:
        manuscript = read(path, kind, config.limits)
    except ReadError as error:
        return FileResult(str(path), kind, error=str(error))
    rules = applicable(manuscript, config)
    answers, skipped = None, None
    if not any(r.needs_crossref for r in rules):
        skipped = "no Crossref rule selected"
    elif lookups is None:
        skipped = "Crossref lookups are off"
    else:
        answers = lookups.answer(manuscript)
    honour = config.allow_inline_suppressions
    findings = run_rules(manuscript, config, replace(context, crossref=answers, honour_suppressions=honour), rules)
    findings = [replace(f, fingerprint=fingerprint(str(path), manuscript, f)) for f in findings]
    hidden = [f for f in findings if honour and suppressed(manuscript, f)]
    findings = [f for f in findings if not (honour and suppressed(manuscript, f))]
    if baseline is not None:
        findings = [f for f in findings if not _take(baseline, f.fingerprint)]
    return FileResult(str(path), kind, manuscript, tuple(findings), crossref=answers, crossref_skipped=skipped,
                      rules=tuple(r.code for r in rules), suppressed=tuple(hidden))


def suppressed(manuscript: Manuscript, finding: Finding) -> bool:
    return any(
        any(finding.rule.startswith(code) or code == finding.name.upper() for code in s.codes)
        and (
            (s.line is None and s.reference is None)
            or (s.line is not None and s.line == finding.location.line)
            or (s.reference is not None and s.reference == finding.location.reference)
        )
        for s in manuscript.suppressions
    )


def _take(baseline, key: str) -> bool:
    """Consume one accepted occurrence of a fingerprint, if any is left."""
    if baseline.get(key, 0) > 0:
        baseline[key] -= 1
        return True
    return False


def applicable(manuscript: Manuscript, config: Config) -> list:
    """The selected rules that apply: a bare reference list has no article for the others to check."""
    return [r for r in config.rules() if manuscript.kind == "manuscript" or not r.needs_manuscript]


def run_rules(manuscript: Manuscript, config: Config, context: Context, rules=None) -> list[Finding]:
    """Findings in document order; `rules`, when the caller has them, saves selecting them again."""
    findings = [
        Finding(
            rule=rule.code,
            name=rule.name,
            severity=config.severity_of(rule, problem.severity),
            message=problem.message,
            location=problem.location,
            evidence=problem.evidence,
            suggestion=problem.suggestion,
        )
        for rule in (rules if rules is not None else applicable(manuscript, config))
        for problem in rule.check(manuscript, context)
    ]
    return sorted(findings, key=document_order)


def document_order(finding: Finding) -> tuple:
    where = finding.location
    line = where.paragraph or where.line
    return (line is None, where.page or 0, line or 0, where.column or 0, finding.rule)
