"""read -> look up -> run rules -> findings, one file at a time; one bad file never stops the others."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .config import Config
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

    @property
    def status(self) -> str:
        return "error" if self.error else "checked"


def check_file(path: Path, config: Config, context: Context, input_format: str | None = None, lookups=None) -> FileResult:
    kind = input_format or detect(path)
    try:
        manuscript = read(path, kind)
    except ReadError as error:
        return FileResult(str(path), kind, error=str(error))
    answers, skipped = None, None
    if not any(r.needs_crossref for r in config.rules()):
        skipped = "no Crossref rule selected"
    elif lookups is None:
        skipped = "Crossref lookups are off"
    else:
        answers = lookups.answer(manuscript)
    findings = run_rules(manuscript, config, replace(context, crossref=answers))
    return FileResult(str(path), kind, manuscript, tuple(findings), crossref=answers, crossref_skipped=skipped)


def run_rules(manuscript: Manuscript, config: Config, context: Context) -> list[Finding]:
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
        for rule in config.rules()
        for problem in rule.check(manuscript, context)
    ]
    return sorted(findings, key=document_order)


def document_order(finding: Finding) -> tuple:
    line = finding.location.line
    return (line is None, line or 0, finding.location.column or 0, finding.rule)
