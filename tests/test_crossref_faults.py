"""Crossref and doi.org failing: never 'not found', always 'not checked', exit code 3."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.crossref.client import Unavailable
from linter.crossref.records import from_record
from linter.readers import plaintext
from linter.verification import FOUND, UNAVAILABLE
from tests.crossref_standin import StandIn
from tests.injected import usable, vancouver
from tests.support import OTHER_AGENCY, make_lookups, online, served_records

WORKS = [w for w in map(from_record, served_records()) if usable(w)][:6]


def manuscript_text(with_dois: int = 4, without: int = 2) -> str:
    rng = random.Random(3)
    entries = [vancouver(w, rng) for w in WORKS[:with_dois]]
    entries += [vancouver(w, rng, doi=None) for w in WORKS[with_dois : with_dois + without]]
    body = " ".join(f"See [{i}]." for i in range(1, len(entries) + 1))
    return body + "\n\nReferences\n\n" + "\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1)) + "\n"


@pytest.fixture
def fresh(standin):
    """The shared stand-in, with no log or faults of another test, and none of this one's left behind."""
    standin.reset()
    yield standin
    standin.reset()


@pytest.fixture(scope="module")
def strict():
    """Crossref's own rates and concurrency, enforced strictly: for the tests about keeping under them."""
    with StandIn(served_records(), other_agency=OTHER_AGENCY, slack=0) as server:
        yield server


def check(server, text, **settings):
    lookups = make_lookups(server, **settings)
    return lookups.answer(plaintext.read(text, "m.txt"))


@pytest.mark.parametrize("fault", ["429", "429-retry-after", "500", "503", "drop", "broken-json"])
def test_a_passing_fault_is_retried_and_the_check_completes(fresh, fault):
    lookups = make_lookups(fresh)
    lookups.crossref.work(WORKS[-1].doi)  # an answer first, announcing the rate (the faults' answers do not)
    fresh.fail(fault, times=2)
    answers = lookups.answer(plaintext.read(manuscript_text(), "m.txt"))
    assert not fresh.faults and lookups.crossref.run.retries == 2  # both faults met, both retried
    assert answers.status == "complete", answers
    assert answers.not_checked() == []
    assert all(a.work.status == FOUND for a in answers.references.values() if a.work)


def test_retry_after_is_honoured(fresh):
    waits = []
    lookups = make_lookups(fresh)
    lookups.crossref.run.sleep = waits.append
    fresh.fail("429-retry-after", times=1, path="/works")
    lookups.answer(plaintext.read(manuscript_text(), "m.txt"))
    assert 1.0 in waits  # the stand-in says Retry-After: 1


@pytest.mark.parametrize("fault", ["429", "503", "timeout", "drop", "broken-json"])
def test_a_lasting_fault_leaves_references_unchecked_never_not_found(fresh, fault):
    fresh.hang_seconds = 1.0
    lookups = make_lookups(fresh, retries=1, timeout=0.5)
    lookups.crossref.work(WORKS[-1].doi)  # an answer first, announcing the rate (the faults' answers do not)
    fresh.fail(fault, times=50, path="/works")
    answers = lookups.answer(plaintext.read(manuscript_text(), "m.txt"))
    assert answers.unavailable
    assert answers.status in ("partial", "skipped")
    assert answers.not_checked() == [1, 2, 3, 4, 5, 6]
    assert all(a.work.status == UNAVAILABLE for a in answers.references.values() if a.work)


def test_doi_org_failing_is_not_unregistered(fresh):
    text = manuscript_text(with_dois=1, without=0).replace(WORKS[0].doi, WORKS[0].doi + "999")
    fresh.fail("503", times=20, path="/api/handles/")
    answers = check(fresh, text, retries=1)
    (answer,) = answers.references.values()
    assert answer.work.status == UNAVAILABLE and answer.work.registered is None
    assert answers.not_checked() == [1]


def test_unreachable_host_is_learnt_once(tmp_path):
    lookups = make_lookups(type("Down", (), {"url": "http://127.0.0.1:9"})(), retries=4)
    lookups.crossref.run.sleep = lambda seconds: None
    answers = lookups.answer(plaintext.read(manuscript_text(), "m.txt"))
    assert answers.not_checked() == [1, 2, 3, 4, 5, 6]
    # the batch: 1 try + 2 retries; then the host is down and the searches are not sent
    assert lookups.crossref.requests == 3
    with pytest.raises(Unavailable):
        lookups.crossref.search("anything")


def test_cli_under_failure_reports_not_checked_and_exits_3(fresh, tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(manuscript_text(), encoding="utf-8")
    fresh.fail("503", times=200, path="/works")
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(path),
            "--online",
            "--format",
            "json",
            "--crossref-url",
            fresh.url,
            "--doi-url",
            fresh.url,
            "--mailto",
            "t@example.org",
            "--retries",
            "1",
            "--timeout",
            "1",
            "--no-cache",
        ],
    )
    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout)
    crossref = report["files"][0]["crossref"]
    assert crossref["status"] == "skipped" and crossref["not_checked"] == [1, 2, 3, 4, 5, 6]
    assert "HTTP 503" in crossref["reason"]
    rules = {f["rule"] for f in report["files"][0]["findings"]}
    assert not rules & {"CR01", "CR03", "CR05"}
    text = CliRunner().invoke(
        main,
        [
            "check",
            str(path),
            *online(fresh, "--retries", "0", "--no-cache"),
        ],
    )
    assert "not checked: references 1, 2, 3, 4, 5, 6" in text.stdout


def test_normal_run_never_provokes_a_429(strict):
    """The stand-in enforces the pool's limits as Crossref does; the client keeps under them."""
    from tests.injected import build

    strict.reset()
    lookups = make_lookups(strict, retries=0)
    for text, _, _ in build(served_records(), seed=5)[:3]:
        answers = lookups.answer(plaintext.read(text, "m.txt"))
        assert answers.status == "complete"
    assert lookups.crossref.run.retries == 0
    assert all(r["admitted"] for r in strict.requests()) and len(strict.requests("search")) >= 5


def test_public_pool_without_mailto_keeps_to_one_request_at_a_time(strict):
    strict.reset()
    lookups = make_lookups(strict, mailto=None, retries=0)
    assert lookups.crossref.pool.name == "public"
    answers = lookups.answer(plaintext.read(manuscript_text(with_dois=2, without=3), "m.txt"))
    assert answers.status == "complete" and lookups.crossref.run.retries == 0
    assert all("mailto" not in r["user_agent"] for r in strict.requests())
    assert all(r["admitted"] for r in strict.requests()) and len(strict.requests("search")) == 3
