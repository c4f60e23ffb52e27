"""The network half of reliability and speed: DOIs as data, answers checked for shape,
the fault matrix, a damaged cache, the run's budget, the limiter's recovery, and one
plan of requests for a whole run. Over real HTTP to the stand-in."""

from __future__ import annotations

import json
import math
import random
import sqlite3
import threading
import time
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.config import Config
from linter.crossref.cache import Cache
from linter.crossref.client import UnsafeDOI, encode_doi
from linter.crossref.limiter import POLITE, PUBLIC, Limiter
from linter.crossref.records import from_record
from linter.engine import run_rules
from linter.readers import plaintext
from linter.rules import Context
from tests.crossref_standin import FAST, StandIn
from tests.injected import usable, vancouver
from tests.support import OTHER_AGENCY, make_lookups, online, served_records

RECORDS = served_records()
WORKS = [w for w in map(from_record, RECORDS) if usable(w)]
RETRACTED = from_record(next(r for r in RECORDS if any(u.get("type") == "retraction" for u in r.get("updated-by", []))))
VERDICTS = {"CR01", "CR03", "CR07"}


@pytest.fixture(scope="module")
def quick():
    """A stand-in of this module's own, without pool limits, so that fault cells need no pause between them,
    announcing high rates, so that citeqa does not keep to Crossref's."""
    with StandIn(RECORDS, other_agency=OTHER_AGENCY, enforce_limits=False, pools=FAST) as server:
        server.hang_seconds = 0.6
        yield server


@pytest.fixture
def server(quick):
    quick.reset()
    return quick


def fast(server, **settings):
    options = {"retries": 1, "timeout": 0.3, "backoff": 0.01, "budget": 10.0}
    options.update(settings)
    return make_lookups(server, **options)


def unregistered(doi: str) -> str:
    return doi[:-1] + ("7" if doi[-1] != "7" else "8")


def matrix_manuscript() -> str:
    """The article's DOI, then: two clean references, a retracted work (CR07), an
    unregistered DOI (CR01), a DataCite DOI (registered, not in Crossref), two without a DOI."""
    rng = random.Random(4)
    entries = [
        vancouver(WORKS[1], rng),
        vancouver(WORKS[2], rng),
        vancouver(RETRACTED, rng),
        vancouver(WORKS[3], rng).replace(WORKS[3].doi, unregistered(WORKS[3].doi)),
        f"Smith J, Jones K. Survey data for the cohort study. Zenodo. 2020. doi:{OTHER_AGENCY[0]}",
        vancouver(WORKS[4], rng, doi=None),
        vancouver(WORKS[5], rng, doi=None),
    ]
    body = " ".join(f"See [{i}]." for i in range(1, len(entries) + 1))
    return (
        f"DOI: {WORKS[0].doi}\n\n{body}\n\nReferences\n\n"
        + "\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1))
        + "\n"
    )


def verdicts(lookups, text: str):
    manuscript = plaintext.read(text, "m.txt")
    answers = lookups.answer(manuscript)
    findings = run_rules(manuscript, Config(), Context(crossref=answers))
    per_reference = {
        p: {f.rule for f in findings if f.location.reference == p and f.rule.startswith("CR")}
        for p in answers.references
    }
    return answers, per_reference, findings


@pytest.fixture(scope="module")
def clean_verdicts(quick):
    quick.reset()
    answers, per_reference, _ = verdicts(fast(quick), matrix_manuscript())
    assert answers.status == "complete"
    assert "CR07" in per_reference[3] and "CR01" in per_reference[4] and "CR01" not in per_reference[5]
    return per_reference


# -- DOIs are data, never paths --


@pytest.mark.parametrize(
    "doi", ["10.1002/../../../etc/passwd", "10.1234/./x", "10.1234/a\nb", "10.1234/a\x1b[2Jb", "10.1234/a b"]
)
def test_a_doi_that_is_not_one_segment_is_refused(doi):
    with pytest.raises(UnsafeDOI):
        encode_doi(doi)


@pytest.mark.parametrize(
    "doi", ["10.1234/x?rows=9999", "10.1234/a#frag", "10.1234/a&rows=1000", "10.1234/api/works", "10.1234/%2e%2e"]
)
def test_a_doi_travels_as_one_encoded_path_segment(server, doi):
    lookups = fast(server)
    assert lookups.crossref.work(doi) is None  # the stand-in knows none of them: its own 404
    (request,) = server.requests()
    assert request["raw"] == "/works/" + quote(doi, safe="")
    assert request["path"] == "/works/" + doi and request["query"] == {}


def test_hostile_dois_in_a_manuscript_never_choose_the_endpoint(server):
    hostile = ["10.1002/../../../etc/passwd", "10.1234/x?rows=9999", "10.1234/api/works", "10.1234/a&filter=type:book"]
    text = (
        "References\n\n"
        + "\n".join(
            f"{i}. Smith J. A title of a work here. J Test. 2020;1:1-2. doi:{d}" for i, d in enumerate(hostile, 1)
        )
        + "\n"
    )
    fast(server).answer(plaintext.read(text, "m.txt"))
    assert server.requests()
    for request in server.requests():
        assert request["path"].startswith(("/works", "/api/handles/10."))
        assert ".." not in request["path"]
        assert set(request["query"]) <= {"filter", "rows", "query.bibliographic", "select"}
        assert request["query"].get("rows", "5") in {"1", "2", "3", "4", "5"}


def test_a_redirect_to_another_host_is_not_followed(server):
    with StandIn(RECORDS, other_agency=(unregistered(WORKS[3].doi),), enforce_limits=False, pools=FAST) as elsewhere:
        server.redirect_to = elsewhere.url
        server.fail("redirect", times=10, kind="handle")
        lookups = fast(server)
        (answer,) = lookups.works([unregistered(WORKS[3].doi)]).values()
        assert elsewhere.requests() == []  # nothing, the mailto included, went to the other host
        assert answer.status == "unavailable" and answer.registered is None and "redirect" in answer.reason


def test_a_bare_404_from_the_handle_api_is_a_failure_not_unregistered(server, clean_verdicts):
    server.fail("bare-404", times=10, kind="handle")
    answers, per_reference, _ = verdicts(fast(server), matrix_manuscript())
    assert "CR01" not in per_reference[4] and not answers.references[4].checked
    assert answers.unavailable and 4 in answers.not_checked() and 5 in answers.not_checked()


# -- complete means complete --


def test_a_record_missing_from_a_batch_answer_is_asked_for_alone(server, clean_verdicts):
    text = (
        "References\n\n"
        + "\n".join(f"{i}. {vancouver(w, random.Random(i))}" for i, w in enumerate([RETRACTED, WORKS[1], WORKS[2]], 1))
        + "\n"
    )
    server.fail("partial-batch", times=1, kind="batch")  # the answer leaves out the retracted work
    answers, per_reference, _ = verdicts(fast(server), text)
    assert answers.status == "complete" and "CR07" in per_reference[1]
    assert [r["path"] for r in server.requests("work")] == [f"/works/{RETRACTED.doi.lower()}"]


@pytest.mark.parametrize("fault", ["bare-404", "empty-200"])
@pytest.mark.parametrize("kind", ["batch", "search"])
def test_a_404_or_empty_answer_to_a_list_request_is_a_failure(server, clean_verdicts, fault, kind):
    server.fail(fault, times=50, kind=kind)
    answers, per_reference, _ = verdicts(fast(server), matrix_manuscript())
    assert answers.unavailable and answers.status != "complete"
    lost = [1, 2, 3, 4, 5] if kind == "batch" else [6, 7]
    assert set(lost) <= set(answers.not_checked())
    assert not any(per_reference[p] & VERDICTS for p in lost)


# -- the fault matrix --

FAULTS = ["429", "500", "503", "timeout", "drop", "broken-json", "bare-404", "empty-200", "redirect"]
KINDS = {  # request kind -> (fault filter, the references whose check it takes)
    "batch": ({"kind": "batch"}, {1, 2, 3, 4, 5}),
    "single": ({"kind": "work"}, {4, 5}),
    "search": ({"kind": "search"}, {6, 7}),
    "handle": ({"kind": "handle"}, {4, 5}),
    "article DOI": ({"match": WORKS[0].doi}, {1, 2, 3, 4, 5}),
}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("fault", FAULTS)
def test_fault_matrix(server, clean_verdicts, fault, kind):
    """A lasting fault on one kind of request: no false verdict, every lost check
    listed, the run marked unavailable (exit 3); the rest checked as without the fault."""
    where, lost = KINDS[kind]
    server.fail(fault, times=200, **where)
    answers, per_reference, _ = verdicts(fast(server), matrix_manuscript())
    assert answers.unavailable  # exit code 3
    assert lost <= set(answers.not_checked())
    if kind == "article DOI":
        assert not answers.article_checked
    for position, rules in per_reference.items():
        assert rules & VERDICTS <= clean_verdicts[position] & VERDICTS, (position, rules)
        if answers.references[position].checked:
            assert rules == clean_verdicts[position], (position, rules)


def test_a_partial_batch_in_every_answer_still_completes(server, clean_verdicts):
    server.fail("partial-batch", times=200, kind="batch")
    answers, per_reference, _ = verdicts(fast(server), matrix_manuscript())
    assert answers.status == "complete" and per_reference == clean_verdicts


def test_the_fault_matrix_exits_3_from_the_command_line(server, tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(matrix_manuscript(), encoding="utf-8")
    server.fail("bare-404", times=50, kind="handle")
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(path),
            "--online",
            "--format",
            "json",
            "--no-cache",
            "--crossref-url",
            server.url,
            "--doi-url",
            server.url,
            "--mailto",
            "t@example.org",
            "--retries",
            "1",
            "--timeout",
            "1",
        ],
    )
    assert result.exit_code == 3, result.output
    crossref = json.loads(result.stdout)["files"][0]["crossref"]
    assert crossref["status"] == "partial" and crossref["not_checked"] == [4, 5]


# -- the run's time budget and the 429 back-off --


def test_a_spent_budget_stops_requests_and_lists_the_rest_as_not_checked(server):
    server.hang_seconds = 2.0
    server.fail("timeout", times=500)
    try:
        lookups = fast(server, budget=1.0, timeout=0.4, retries=4)
        answers, _, _ = verdicts(lookups, matrix_manuscript())
    finally:
        server.hang_seconds = 0.6
    assert answers.status == "skipped" and answers.not_checked() == [1, 2, 3, 4, 5, 6, 7]
    assert any("budget" in (a.reason or "") for a in answers.references.values())
    # 1 s of budget at 0.4 s a try: three tries, however many lookups were waiting
    assert lookups.requests <= 4


def test_after_429s_the_rate_comes_back(server):
    server.fail("429", times=5, kind="search")  # after the batch's answer announced the rate
    lookups = fast(server, retries=10, budget=30.0)
    answers, _, _ = verdicts(lookups, matrix_manuscript())
    assert answers.status == "complete" and lookups.crossref.run.retries == 5
    rates = lookups.crossref.limiter.rates
    assert rates["list"].interval == rates["list"].base and rates["single"].interval == rates["single"].base


def test_the_limiter_halves_its_spacing_back_after_each_answer():
    limiter = Limiter(POLITE, sleep=lambda s: None)
    for _ in range(3):
        limiter.slow_down("list")
    rate = limiter.rates["list"]
    assert rate.base == pytest.approx(1 / 3 * 1.05**3)  # a margin widened by each 429
    assert rate.interval == pytest.approx(4 * rate.base)  # four times the spacing at most
    assert limiter.rates["single"].interval == pytest.approx(1 / 10)  # the other kind keeps its rate
    limiter.recover("list")
    assert rate.interval == pytest.approx(2 * rate.base)
    limiter.recover("list"), limiter.recover("list")
    assert rate.interval == pytest.approx(rate.base)
    for _ in range(20):
        limiter.slow_down("list")
    assert rate.interval == pytest.approx(4 * rate.base)
    assert rate.base == pytest.approx(1 / 3 * 1.25)  # never more than a quarter slower for good


def test_announced_limits_are_adopted_with_list_requests_at_the_pools_share():
    limiter = Limiter(POLITE)
    limiter.observe({"x-rate-limit-limit": "2", "x-rate-limit-interval": "1s", "x-concurrency-limit": "1"})
    assert limiter.concurrency == 1
    assert limiter.rates["single"].base == 0.5 and limiter.rates["list"].base == pytest.approx(1 / 0.6)
    limiter.observe({"x-rate-limit-limit": "100", "x-rate-limit-interval": "2s", "x-concurrency-limit": "5"})
    assert limiter.concurrency == 1  # never more at once than once announced or assumed
    assert limiter.rates["single"].base == 1 / 50 and limiter.rates["list"].base == pytest.approx(1 / 15)
    limiter.observe({"x-rate-limit-limit": "10", "x-rate-limit-interval": "1s"})  # Crossref's polite pool
    assert limiter.rates["single"].base == pytest.approx(1 / 10) and limiter.rates["list"].base == pytest.approx(1 / 3)


def test_a_waiting_request_goes_by_a_rate_announced_while_it_waits():
    limiter = Limiter(PUBLIC)
    rate = limiter.rates["list"]
    assert rate.wait()
    started = time.monotonic()
    waiter = threading.Thread(target=rate.wait)
    waiter.start()
    while not rate._queue:
        time.sleep(0.001)
    limiter.observe({"x-rate-limit-limit": "1000", "x-rate-limit-interval": "1s"})
    waiter.join()
    assert time.monotonic() - started < 0.9  # woken by the announcement, not held to the assumed 1 a second (1.06 s)


def test_requests_go_in_the_order_they_asked_a_retry_behind_the_others():
    """First come, first served: after a 429 a retry does not jump the queue, so that one lookup
    cannot draw every 429 of a passing overload and run out of retries while the others wait."""
    rate = Limiter(POLITE).rates["list"]
    gone = []

    def ask(name):
        rate.wait()
        gone.append(name)

    for _ in range(rate.burst):
        assert rate.wait()  # "a" and the others of this window go
    waiting = [threading.Thread(target=ask, args=(name,)) for name in ("b", "c")]
    for queued, thread in enumerate(waiting, 1):
        thread.start()
        while len(rate._queue) < queued:  # b waiting before c asks
            time.sleep(0.001)
    ask("a")  # a's retry
    for thread in waiting:
        thread.join()
    assert gone == ["b", "c", "a"]


def fake_clock_limiter(pool=POLITE):
    now = [0.0]
    return now, Limiter(pool, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))


def test_no_more_than_the_rate_goes_in_any_second_and_a_window_counts_from_its_first_departure():
    now, limiter = fake_clock_limiter()
    rate = limiter.rates["list"]  # 3 a second
    rate.wait()
    now[0] += 0.2  # the first request leaves late (a slow client start)
    rate.sent()
    departures = [now[0]]
    for _ in range(9):
        rate.wait()
        departures.append(now[0])
    assert departures[:3] == [0.2, 0.2, 0.2]  # three may go at once (the pool allows three at once)
    # the fourth waits a full second (and the margin) from the first's late departure, and so on
    assert all(later - first > 1.0 for first, later in zip(departures, departures[3:], strict=False))
    assert departures[-1] < 0.2 + 3 * 1.1  # and no longer than the rate and its small margin require


def test_a_window_counts_from_when_the_request_is_out_not_from_when_it_was_let_go(standin):
    """The limiter hears of a request's departure again once its bytes are sent (after a new
    connection's handshakes): that, not the moment the request was let go, starts its window."""
    from linter.crossref.client import Budget, Http, Retrying
    from linter.crossref.settings import Settings

    now, limiter = fake_clock_limiter()
    settings = Settings(crossref_url=standin.url, mailto="t@example.org")
    http = Http(settings)
    run = Retrying(settings, limiter, Budget(60))

    def request(timeout):
        now[0] += 0.3  # the time a connection takes to be made (and the interpreter to get round to it)
        return http.get(standin.url + "/works/10.1371/journal.pone.0000000", timeout=timeout)

    run("list", request)
    departure = now[0]
    assert departure == 0.3
    for _ in range(limiter.rates["list"].burst - 1):
        limiter.rates["list"].wait()
    limiter.rates["list"].wait()  # the next window's first
    assert now[0] > departure + 1.0  # a second after the request went out, not after it was let go (0.0)


def test_requests_go_through_the_proxy_the_environment_names_unless_no_proxy_says_not(standin, monkeypatch):
    """As requests did: HTTP(S)_PROXY and NO_PROXY from the environment. The stand-in serves as the
    proxy (it answers a request for an absolute URL by its path); the host itself does not exist."""
    from linter.crossref.client import Fault, Http
    from linter.crossref.settings import Settings

    monkeypatch.setenv("HTTP_PROXY", standin.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    far = "http://crossref.invalid"
    answer = Http(Settings(crossref_url=far)).get(far + "/works/10.1371/journal.pone.0000000")
    assert answer.status_code in (200, 404) and answer.url.startswith(far)
    monkeypatch.setenv("NO_PROXY", "crossref.invalid")
    with pytest.raises(Fault) as direct:
        Http(Settings(crossref_url=far)).get(far + "/works/10.1371/journal.pone.0000000", timeout=2)
    assert direct.value.fault == "unreachable"


def test_below_one_a_second_requests_go_one_at_a_time():
    now, limiter = fake_clock_limiter(PUBLIC)
    rate = limiter.rates["list"]  # 1 a second
    for _ in range(4):
        rate.wait()
    assert 3.0 < now[0] < 3 * 1.1
    limiter.observe({"x-rate-limit-limit": "2", "x-rate-limit-interval": "1s"})  # lists at 0.4 a second
    start = now[0]
    rate.wait(), rate.wait()
    assert rate.burst == 1 and now[0] - start > 2 * 2.5


# -- the cache: validated on read, set aside when damaged, imports marked --


def test_a_cache_of_random_bytes_is_set_aside_and_rebuilt(tmp_path):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(random.Random(1).randbytes(8192))
    warnings = []
    cache = Cache(path, warn=warnings.append)
    cache.put_works({"10.1/x": {"DOI": "10.1/x"}})
    assert cache.works(["10.1/x"]) == {"10.1/x": {"DOI": "10.1/x"}}
    assert len(warnings) == 1 and "set aside" in warnings[0]
    assert len(list(tmp_path.glob("c.sqlite3.damaged-*"))) == 1


def test_a_foreign_sqlite_file_is_set_aside(tmp_path):
    path = tmp_path / "c.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE works (name TEXT, price REAL)")
    db.commit()
    db.close()
    warnings = []
    Cache(path, warn=warnings.append).put_works({"10.1/x": None})
    assert warnings and "not a citeqa cache" in warnings[0]


def test_a_cache_damaged_in_the_middle_is_set_aside_during_the_run(tmp_path):
    path = tmp_path / "c.sqlite3"
    cache = Cache(path)
    cache.put_works({f"10.1/{i}": {"DOI": f"10.1/{i}", "title": ["x" * 500]} for i in range(400)})
    cache.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.db.close()
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 20000] = random.Random(2).randbytes(20000)
    path.write_bytes(bytes(data))
    warnings = []
    damaged = Cache(path, warn=warnings.append)
    found = damaged.works([f"10.1/{i}" for i in range(400)])  # no exception, whatever survived
    assert all(record["DOI"] == doi for doi, record in found.items())
    assert warnings and len(found) < 400


def retracted_without_doi() -> str:
    """The retracted work and a clean one, cited without their DOIs: only a search can find them."""
    entries = [vancouver(w, random.Random(6), doi=None) for w in (RETRACTED, WORKS[1])]
    return "See [1] and [2].\n\nReferences\n\n" + "\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1)) + "\n"


def cr07(lookups) -> dict[int, set[str]]:
    _, per_reference, findings = verdicts(lookups, retracted_without_doi())
    assert {f.rule for f in findings} & {"CR04"}  # the searches matched: CR04 suggests their DOIs
    return {p: rules & {"CR07"} for p, rules in per_reference.items()}


def test_a_search_match_brings_its_retraction_notice_without_another_request(server):
    assert cr07(fast(server)) == {1: {"CR07"}, 2: set()}
    assert [r["kind"] for r in server.requests()] == ["search", "search"]
    assert all("updated-by" in r["query"]["select"].split(",") for r in server.requests())


def test_a_search_cached_without_notices_has_its_match_fetched_whole(server, tmp_path):
    """A search stored by an older citeqa, whose select left out `updated-by`: its matched work's
    whole record is fetched (one batch), so the notice is not lost."""
    cache = Cache(tmp_path / "c.sqlite3")
    fast(server, cache=cache).searches(dict(enumerate(plaintext.read(retracted_without_doi(), "m.txt").references)))
    for (query,) in cache.db.execute("SELECT query FROM searches").fetchall():
        items = [{k: v for k, v in item.items() if k != "updated-by"} for item in cache.search(query)]
        cache.put_search(query, items)
    server.reset()
    assert cr07(fast(server, cache=cache)) == {1: {"CR07"}, 2: set()}
    (batch,) = server.requests()
    assert batch["kind"] == "batch" and batch["query"]["filter"].count("doi:") == 2


def test_malformed_cache_entries_are_fetched_again(server, tmp_path):
    path = tmp_path / "c.sqlite3"
    cache = Cache(path)
    doi = WORKS[1].doi.lower()
    cache.put_works({doi: {"DOI": doi, "title": 5, "author": "nobody"}})
    cache.db.execute("INSERT OR REPLACE INTO searches VALUES ('some query', 'not json', 1e12, 'crossref')")
    cache.db.commit()
    warnings = []
    lookups = fast(server, cache=Cache(path, warn=warnings.append))
    (answer,) = lookups.works([doi]).values()
    assert answer.status == "found" and answer.work.title == WORKS[1].title
    assert len(server.requests("batch")) == 1 and len(warnings) == 1


def test_imported_records_are_marked_in_the_evidence(server, tmp_path):
    record = next(r for r in RECORDS if r["DOI"] == RETRACTED.doi)
    changed = dict(record, volume="99")
    imported = tmp_path / "import.jsonl"
    imported.write_text(json.dumps(changed) + "\n", encoding="utf-8")
    cache = tmp_path / "c.sqlite3"
    assert CliRunner().invoke(main, ["cache", "import", str(imported), "--cache", str(cache)]).exit_code == 0
    manuscript = tmp_path / "m.txt"
    manuscript.write_text("References\n\n1. " + vancouver(RETRACTED, random.Random(3)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(manuscript),
            "--format",
            "json",
            "--cache",
            str(cache),
            *online(server),
        ],
    )
    findings = json.loads(result.stdout)["files"][0]["findings"]
    marked = {f["rule"]: f["evidence"].get("record_source") for f in findings if f["rule"] in ("CR02", "CR07")}
    assert marked == {"CR02": "cache import", "CR07": "cache import"}
    assert server.requests() == []


def test_an_import_with_malformed_records_is_refused(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"DOI": "10.1/a", "title": ["ok"]}\n{"DOI": "10.1/b", "author": [null]}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["cache", "import", str(bad), "--cache", str(tmp_path / "c.sqlite3")])
    assert result.exit_code == 2 and f"{bad}:2:" in result.stderr


# -- one plan for the run --


def shared_manuscripts(count: int, works: int, cited: int, seed: int = 8):
    """`count` manuscript texts, each citing `cited` of `works` shared works (a fifth without
    a DOI; each work's entry the same everywhere), each with an article DOI of its own (records
    beyond the shared works, reused when they run out); and the distinct DOIs and searches they need."""
    rng = random.Random(seed)
    pool = WORKS[:works]
    entries = {w.doi: (vancouver(w, rng, doi="own" if i % 5 else None), bool(i % 5)) for i, w in enumerate(pool)}
    articles = [r["DOI"] for r in RECORDS if r["DOI"] not in entries]
    texts, dois, searches = [], set(), set()
    for n in range(count):
        chosen = [entries[w.doi] for w in rng.sample(pool, cited)]
        body = " ".join(f"See [{i}]." for i in range(1, cited + 1))
        listing = "\n".join(f"{i}. {text}" for i, (text, _) in enumerate(chosen, 1))
        article = articles[n % len(articles)]
        texts.append(f"DOI: {article}\n\n{body}\n\nReferences\n\n{listing}\n")
        dois.add(article.lower())
        searches.update(text for text, has_doi in chosen if not has_doi)
    dois |= {w.doi.lower() for w in pool if entries[w.doi][1] and any(entries[w.doi][0] in t for t in texts)}
    return texts, dois, searches


def test_60_manuscripts_sharing_150_works_send_one_plan_of_requests(server):
    # 60 files (reading them is most of the test's time) already need 4 batches; benchmarks/perf_network.py runs 200
    texts, dois, searches = shared_manuscripts(60, 150, 20)
    assert math.ceil(len(dois) / 50) >= 3 and len(searches) == 30
    manuscripts = [plaintext.read(text, f"m{n}.txt") for n, text in enumerate(texts)]
    lookups = make_lookups(server, budget=60.0)
    lookups.prefetch(manuscripts)
    answers = [lookups.answer(ms) for ms in manuscripts]
    assert all(a.status == "complete" for a in answers)
    kinds = [r["kind"] for r in server.requests()]
    # the DOIs in batches of 50; the searches carry the notices of the works they match (CR07)
    assert kinds.count("batch") == math.ceil(len(dois) / 50)
    assert kinds.count("search") == len(searches)
    assert kinds.count("work") == kinds.count("handle") == 0
    assert sum(a.requests for a in answers) == len(
        kinds
    )  # each request counted once, for the first file that needed it


def test_the_command_line_plans_its_files_together(server, tmp_path):
    texts, _, searches = shared_manuscripts(6, 30, 12, seed=3)
    paths = []
    for n, text in enumerate(texts):
        path = tmp_path / f"m{n}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    result = CliRunner().invoke(
        main,
        [
            "check",
            *paths,
            "--format",
            "json",
            "--no-cache",
            *online(server),
        ],
    )
    files = json.loads(result.stdout)["files"]
    assert [f["crossref"]["status"] for f in files] == ["complete"] * 6
    # six files, one plan: one batch of DOIs, each search once
    assert len(server.requests("batch")) == 1 and len(server.requests("search")) == len(searches)
    assert sum(f["crossref"]["requests"] for f in files) == len(server.requests())


def test_the_dois_written_in_the_files_leave_before_any_file_is_read(server, tmp_path, monkeypatch):
    """crossref/early.py: the batch of the DOIs written in the files is out before the first file is
    read (and the rules load); the reader's own plan then asks for nothing it already asked."""
    import linter.engine as engine

    texts, dois, searches = shared_manuscripts(3, 30, 12, seed=5)
    paths = []
    for n, text in enumerate(texts):
        paths.append(tmp_path / f"m{n}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    held = server.hold("filter=doi")
    sent_before_reading = []
    real_read = engine.read

    def read(path, *args):
        if not sent_before_reading:
            deadline = time.monotonic() + 5
            while not server.requests("batch") and time.monotonic() < deadline:
                time.sleep(0.01)
            sent_before_reading.append(len(server.requests("batch")))
            held.set()
        return real_read(path, *args)

    monkeypatch.setattr(engine, "read", read)
    try:
        result = CliRunner().invoke(
            main, ["check", *map(str, paths), "--jobs", "1", "--format", "json", "--no-cache", *online(server)]
        )
    finally:
        held.set()
    files = json.loads(result.stdout)["files"]
    assert sent_before_reading == [1]
    assert [f["crossref"]["status"] for f in files] == ["complete"] * 3
    assert len(server.requests("batch")) == 1 and len(server.requests("search")) == len(searches)
    assert {f"doi:{d}" for d in dois} == set(server.requests("batch")[0]["query"]["filter"].split(","))
    assert sum(f["crossref"]["requests"] for f in files) == len(server.requests())


def test_a_file_with_one_doi_is_left_to_its_reader(server, tmp_path, monkeypatch):
    """One DOI is most often the article's own, printed in its header, which the reader may not take
    for it: no request before the file is read (crossref/early.py)."""
    import linter.engine as engine

    rng = random.Random(4)
    path = tmp_path / "one.txt"
    path.write_text(f"See [1].\n\nReferences\n\n1. {vancouver(WORKS[3], rng, doi='own')}\n", encoding="utf-8")
    before_reading = []
    real_read = engine.read

    def read(path, *args):
        before_reading.append(len(server.requests()))
        return real_read(path, *args)

    monkeypatch.setattr(engine, "read", read)
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--no-cache", *online(server)])
    assert before_reading == [0]
    assert json.loads(result.stdout)["files"][0]["crossref"]["status"] == "complete"
    assert len(server.requests("batch")) == 1


# -- streaming: each file checked as soon as its answers are in --


def test_files_are_checked_as_their_answers_come_in_and_reported_in_input_order():
    from linter.engine import FileResult, Prepared, as_answered

    class Arriving:
        """Answers that come one at a time, each when the engine waits for the next."""

        def __init__(self, needs: dict, arrivals: list):
            self.needs, self.arrivals, self.came = needs, arrivals, set()

        def missing(self, ms):
            key = self.needs.get(ms.path)
            return None if key is None or key in self.came else key

        def arrived(self, key):
            return key in self.came

        def wait(self):
            self.came.add(self.arrivals.pop(0))

    read = [plaintext.read("See [1].\n\nReferences\n\n1. Smith J. A title. 2020.\n", f"m{n}.txt") for n in (1, 2, 3)]
    prepared = [Prepared(ms.path, "text", ms) for ms in read]
    prepared.insert(2, Prepared("bad.txt", "text", error="unreadable"))
    events = []

    def check(one):
        events.append(("check", one.path))
        return FileResult(one.path, one.format, error=one.error)

    answering = Arriving(
        {"m1.txt": ("search", "q1"), "m3.txt": ("work", "10.1/3")}, [("work", "10.1/3"), ("search", "q1")]
    )
    for result in as_answered(prepared, answering, check):
        events.append(("report", result.path))
    # m2 and the unreadable file first, m3 when its record came, m1 when its search came; reported in input order
    assert events == [
        ("check", "m2.txt"),
        ("check", "bad.txt"),
        ("check", "m3.txt"),
        ("check", "m1.txt"),
        ("report", "m1.txt"),
        ("report", "m2.txt"),
        ("report", "bad.txt"),
        ("report", "m3.txt"),
    ]


def test_a_file_is_reported_while_a_later_files_search_is_still_out(server, tmp_path):
    """Results stream: the files whose answers are in come out while another file's request is held
    back by the stand-in; the held search is sent once, and the last file is checked once it comes."""
    from linter.engine import check_files

    rng = random.Random(9)
    entries = [
        vancouver(WORKS[1], rng, doi="own"),
        vancouver(WORKS[2], rng, doi="own"),
        vancouver(WORKS[5], rng, doi=None),
    ]
    paths = []
    for n, entry in enumerate(entries):
        paths.append(tmp_path / f"m{n}.txt")
        paths[-1].write_text(f"See [1].\n\nReferences\n\n1. {entry}\n", encoding="utf-8")
    released = server.hold("query.bibliographic")
    safety = threading.Timer(20, released.set)  # a run that waits for every answer gets it here, and fails below
    safety.start()
    try:
        results = check_files(paths, Config(), Context(), lookups=make_lookups(server, timeout=40.0))
        first, second = next(results), next(results)
        streamed = not released.is_set()
        released.set()
        third = next(results)
    finally:
        safety.cancel()
        released.set()
    assert streamed, "the first files waited for another file's search"
    assert [r.path for r in (first, second, third)] == [str(p) for p in paths]
    assert [r.crossref.status for r in (first, second, third)] == ["complete"] * 3
    assert len(server.requests("search")) == 1 and len(server.requests("batch")) == 1
