"""read (in worker processes) -> look up -> run rules -> findings, file by file; one bad file never stops the others."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config
from .escape import inert
from .model import Finding, Manuscript
from .readers import WINDOW, ReadError, detect, read
from .rules import Context

if TYPE_CHECKING:
    from collections import Counter

    from .verification import CrossrefAnswers, Verifier


@dataclass(frozen=True)
class FileResult:
    path: str
    format: str
    manuscript: Manuscript | None = None
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    crossref: CrossrefAnswers | None = None  # when Crossref rules ran
    crossref_skipped: str | None = None  # why Crossref was not consulted
    rules: tuple[str, ...] = ()  # codes of the rules that ran
    suppressed: tuple[Finding, ...] = ()  # hidden by the manuscript's own comments, when configuration allows it
    trace: str | None = None  # the traceback of an unexpected error, shown with --debug

    @property
    def status(self) -> str:
        return "error" if self.error else "checked"


def check_file(
    path: Path,
    config: Config,
    context: Context,
    input_format: str | None = None,
    lookups: Verifier | None = None,
    baseline: Counter[str] | None = None,
) -> FileResult:
    """Check one file. `baseline` (a Counter of fingerprints) hides findings already accepted."""
    return finish(prepare(path, config, context, input_format), config, context, lookups, baseline)


@dataclass(frozen=True)
class Prepared:
    """A file read and its offline rules run: what a worker process hands back."""

    path: str
    format: str
    manuscript: Manuscript | None = None
    findings: tuple[Finding, ...] = ()  # of the rules that need no Crossref answers, suppressed ones included
    error: str | None = None
    trace: str | None = None  # the traceback of an unexpected error, shown with --debug


def prepare(
    path: Path, config: Config, context: Context, input_format: str | None = None, on_read: OnRead | None = None
) -> Prepared:
    """Read a file and run the rules that need no Crossref answers (the CPU-bound part of a check).
    `on_read` sees the manuscript between the two (to send its lookups while the rules run).
    Whatever goes wrong becomes this file's error: the last resort keeps the batch going."""
    try:
        return _prepare(path, config, context, input_format, on_read)
    except Exception as error:  # noqa: BLE001 - a bug must cost one file, never the batch or a traceback
        return Prepared(str(path), input_format or "unknown", error=internal_error(error), trace=traceback.format_exc())


OnRead = Callable[[Manuscript], None]


def _prepare(
    path: Path, config: Config, context: Context, input_format: str | None, on_read: OnRead | None = None
) -> Prepared:
    kind = input_format or detect(path)
    try:
        manuscript = read(path, kind, config.limits)
    except ReadError as error:
        return Prepared(str(path), kind, error=str(error))
    if on_read is not None:
        on_read(manuscript)
    offline = [r for r in applicable(manuscript, config) if not r.needs_crossref]
    return Prepared(
        str(path), kind, manuscript, tuple(run_rules(manuscript, config, _honouring(context, config), offline))
    )


def _check_file(
    path: Path,
    config: Config,
    context: Context,
    input_format: str | None,
    lookups: Verifier | None,
    baseline: Counter[str] | None,
) -> FileResult:
    """check_file without the last resort, so that a bug shows as an exception (the property tests)."""
    prepared = _prepare(path, config, context, input_format)
    if prepared.manuscript is None:
        return FileResult(prepared.path, prepared.format, error=prepared.error)
    return _finish(prepared, prepared.manuscript, config, context, lookups, baseline)


def finish(
    prepared: Prepared,
    config: Config,
    context: Context,
    lookups: Verifier | None = None,
    baseline: Counter[str] | None = None,
) -> FileResult:
    """Look the file up, run the Crossref rules, and settle its findings (suppressions, fingerprints, baseline)."""
    manuscript = prepared.manuscript
    if manuscript is None:
        return FileResult(prepared.path, prepared.format, error=prepared.error, trace=prepared.trace)
    try:
        return _finish(prepared, manuscript, config, context, lookups, baseline)
    except Exception as error:  # noqa: BLE001 - as in prepare
        return FileResult(prepared.path, prepared.format, error=internal_error(error), trace=traceback.format_exc())


def _finish(
    prepared: Prepared,
    manuscript: Manuscript,
    config: Config,
    context: Context,
    lookups: Verifier | None,
    baseline: Counter[str] | None,
) -> FileResult:
    rules = applicable(manuscript, config)
    online = [r for r in rules if r.needs_crossref]
    answers, skipped = None, None
    if not online:
        skipped = "no Crossref rule selected"
    elif lookups is None:
        skipped = "Crossref lookups are off"
    else:
        answers = lookups.answer(manuscript)
    from .fingerprint import fingerprint  # here: not on the way to the first request

    found = [
        *prepared.findings,
        *run_rules(manuscript, config, replace(_honouring(context, config), crossref=answers), online),
    ]
    findings = [
        replace(f, fingerprint=fingerprint(prepared.path, manuscript, f)) for f in sorted(found, key=document_order)
    ]
    honour = config.allow_inline_suppressions
    hidden = [f for f in findings if honour and suppressed(manuscript, f)]
    findings = [f for f in findings if not (honour and suppressed(manuscript, f))]
    if baseline is not None:
        findings = [f for f in findings if not _take(baseline, f.fingerprint)]
    return FileResult(
        prepared.path,
        prepared.format,
        manuscript,
        tuple(findings),
        crossref=answers,
        crossref_skipped=skipped,
        rules=tuple(r.code for r in rules),
        suppressed=tuple(hidden),
    )


def _honouring(context: Context, config: Config) -> Context:
    return replace(context, honour_suppressions=config.allow_inline_suppressions)


def internal_error(error: Exception) -> str:
    reason = inert(str(error).splitlines()[0] if str(error) else "")[:200]
    return (
        f"internal error while checking it ({error.__class__.__name__}{': ' + reason if reason else ''}); "
        "please report it; --debug shows the traceback"
    )


def check_files(
    paths: list[Path],
    config: Config,
    context: Context,
    input_format: str | None = None,
    lookups: Verifier | None = None,
    baseline: Counter[str] | None = None,
    jobs: int = 1,
) -> Iterator[FileResult]:
    """Check files in input order, each result as soon as it is settled.

    Reading and the offline rules run in `jobs` worker processes (1: in this process). Files are
    taken a window at a time: when lookups can plan across files (`prefetching`), a window is read
    whole and its lookups planned together; otherwise results stream file by file. While a window
    is read, its requests go out as they are known (`send_ahead`: full batches, searches), so that
    the network and the reading overlap; then each file is checked as soon as its own answers are
    in, while the rest are fetched. Memory stays bounded by the window, not by the number of files."""
    planned = plans(lookups)
    prefetching = getattr(lookups, "prefetching", None) if planned else None
    ahead = getattr(lookups, "send_ahead", None) if planned else None
    with Workers(jobs if len(paths) > 1 else 1, config, context, input_format) as workers:
        for start in range(0, len(paths), WINDOW):
            window = paths[start : start + WINDOW]
            if prefetching is None:
                for one in workers.prepare(window):
                    yield finish(one, config, context, lookups, baseline)
                continue
            prepared = list(workers.prepare(window, ahead))
            with prefetching([p.manuscript for p in prepared if p.manuscript is not None]) as answering:
                check = partial(finish, config=config, context=context, lookups=lookups, baseline=baseline)
                yield from as_answered(prepared, answering, check)


def as_answered(prepared: list[Prepared], answering, check: Callable[[Prepared], FileResult]) -> Iterator[FileResult]:
    """Each file checked as soon as its answers are in, whatever its place, while the other files'
    requests are still out (so that little is left to do after the last answer); yielded in input order.
    `answering` (Lookups.prefetching's) says which answer a file still waits for."""
    results: dict[int, FileResult] = {}
    waiting: dict[int, tuple | None] = dict.fromkeys(range(len(prepared)))  # file -> the answer it waits for
    out = 0
    while waiting:
        for i, key in list(waiting.items()):
            manuscript = prepared[i].manuscript
            if manuscript is not None and (key is None or answering.arrived(key)):  # asked again once it came
                key = waiting[i] = answering.missing(manuscript)
            if manuscript is not None and key is not None:
                continue
            results[i] = check(prepared[i])
            del waiting[i]
            while out in results:
                yield results.pop(out)
                out += 1
        if waiting:
            answering.wait()


def plans(lookups: Verifier | None) -> bool:
    """Whether a window of files is worth planning together: only when the lookups can send requests.
    Offline and snapshot lookups have no Crossref client, so their runs stream file by file, holding one
    file at a time rather than a window (memory flat from the first file)."""
    return lookups is not None and getattr(lookups, "crossref", True) is not None


class Workers:
    """Reading and offline rules, in worker processes (jobs > 1) or in this one.

    A worker that dies (killed, out of memory) makes its files error rows; the run goes on."""

    def __init__(self, jobs: int, config: Config, context: Context, input_format: str | None):
        self.jobs, self.setup = jobs, (config, context, input_format)
        self.pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def prepare(self, paths: list[Path], ahead: Callable[..., None] | None = None) -> Iterator[Prepared]:
        """Each file prepared, in order; `ahead(manuscript, last)` sees each manuscript read: in this
        process before its offline rules run, from workers as their results come back."""
        if self.jobs <= 1:
            return self._here(paths, ahead)
        return self._sent_ahead(self._in_pool(paths), ahead) if ahead else self._in_pool(paths)

    def _here(self, paths: list[Path], ahead: Callable[..., None] | None) -> Iterator[Prepared]:
        for n, path in enumerate(paths, 1):
            yield prepare(path, *self.setup, on_read=partial(ahead, last=n == len(paths)) if ahead else None)

    @staticmethod
    def _sent_ahead(prepared: Iterator[Prepared], ahead: Callable[..., None]) -> Iterator[Prepared]:
        for one in prepared:
            if one.manuscript is not None:
                ahead(one.manuscript, False)
            yield one

    def _in_pool(self, paths: list[Path]) -> Iterator[Prepared]:
        from concurrent.futures import BrokenExecutor

        pool = self.pool = self.pool or _pool(self.jobs, self.setup)
        size = max(1, min(8, len(paths) // (4 * self.jobs)))  # a few files a task: less to-and-fro, still balanced
        chunks: list[list[Path]] = []
        start = 0
        while start < len(paths):  # the first tasks smaller (1, 2, 4 files): the first file's requests leave early
            step = min(size, 1 << len(chunks))
            chunks.append(paths[start : start + step])
            start += step
        futures = [(chunk, pool.submit(_prepare_in_worker, chunk)) for chunk in chunks]
        for chunk, future in futures:
            try:
                yield from future.result()
            except BrokenExecutor:
                if self.pool is not None:
                    self.pool.shutdown(wait=False, cancel_futures=True)
                    self.pool = None  # the next window gets fresh workers
                for path in chunk:
                    yield Prepared(
                        str(path), self.setup[2] or detect(path), error="a worker process stopped while checking files"
                    )


def _pool(jobs: int, setup: tuple):
    """Workers forked on Linux (they inherit what is imported, and start at once); elsewhere the
    platform's safe default, spawn. The early batches' threads (crossref/early.py) may be waiting on
    their sockets when it forks: a worker only reads files and runs offline rules, so it touches nothing
    they hold (Python resets its own import and logging locks in the child)."""
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=setup)


_SETUP: tuple = ()


def _start_worker(config: Config, context: Context, input_format: str | None) -> None:
    """A worker leaves Ctrl-C to the main process, which stops the run (and the workers) cleanly."""
    import signal

    global _SETUP
    _SETUP = (config, context, input_format)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepare_in_worker(paths: list[Path]) -> list[Prepared]:
    return [prepare(path, *_SETUP) for path in paths]


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
