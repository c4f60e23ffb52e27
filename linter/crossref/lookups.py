"""Plan and make the lookups a run needs, cheapest first, across all its manuscripts.

1. Every DOI (each article's, the references', the link blocks') from the cache,
   the rest in batches of up to 50 a request, shared by all the run's files.
2. DOIs Crossref does not know: doi.org's handle API, to tell another agency's
   DOI from an unregistered one.
3. Link-block DOIs attached to the entry their record matches.
4. One search per distinct reference still without a verified work: no DOI, a
   DOI of another work, or an unregistered DOI (to suggest the right one).
5. A search selects the candidates' `updated-by` notices (CR07) with their
   other fields, so the works it matches need no second request; only a search
   cached by an older citeqa, without them, has its matched works fetched whole
   (from the cache, else in one batch).
A shortDOI ("10/ggb347") is first resolved through doi.org (its HS_ALIAS), so
that Crossref is asked about the work itself.
Requests within a step run concurrently up to the pool's limit; the searches of
entries with no DOI (in files with no link block) need no DOI's answer, so they go
out beside step 1. `prefetch` does this for all the files of a run at once; `answer` then builds each file's
answers from what the run has (and fetches anything still missing). `prefetching` runs prefetch in the
background and says which answer a file still waits for, so that each file is checked as soon as its
own answers are in.
Everything asked is remembered for the run, failures included, so that no
request is sent twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from .. import doi as dois
from .. import matching
from ..model import Manuscript, Reference
from ..readers.reference_fields import strip_label
from ..verification import (
    FOUND,
    NOT_FOUND,
    NOT_LOOKED_UP,
    UNAVAILABLE,
    CrossrefAnswers,
    ReferenceAnswers,
    SearchAnswer,
    Verdict,
    Work,
    WorkAnswer,
)
from .client import Budget, CrossrefClient, Http, UnsafeDOI, sendable
from .doi_org import DoiOrg
from .records import from_record
from .settings import Settings, Unavailable

if TYPE_CHECKING:
    from .early import Early


class Records(Protocol):
    """Where answers outlive a run: the cache (cache.Cache), or a read-only snapshot store (store.Store)."""

    def works(self, dois: list[str]) -> Mapping[str, dict | None]: ...
    def put_works(self, records: dict[str, dict | None]) -> None: ...
    def search(self, query: str) -> list[dict] | None: ...
    def put_search(self, query: str, items: list[dict]) -> None: ...
    def handle(self, doi: str) -> bool | None: ...
    def put_handle(self, doi: str, registered: bool) -> None: ...


Progress = Callable[[str, int, int], None]  # progress(what, done, total)


@dataclass
class Lookups:
    """One run's way to Crossref: settings, cache, clients. `mode` is online, offline or snapshot."""

    settings: Settings
    cache: Records
    mode: str = "online"
    progress: Progress | None = None  # called while lookups run (a terminal's status line)
    ask_doi_org: bool = False  # with a snapshot store: ask doi.org about the DOIs it lacks, as the live API's rules do
    early: Early | None = None  # batches sent before this was built, with their client (crossref/early.py)

    def __post_init__(self) -> None:
        self.crossref: CrossrefClient | None = None
        self.doi_org: DoiOrg | None = None
        if self.mode == "online" or self.ask_doi_org:
            http, budget = (
                (self.early.http, self.early.budget)
                if self.early
                else (Http(self.settings), Budget(self.settings.budget))
            )
            self.doi_org = DoiOrg(self.settings, http, budget)
            if self.mode == "online":
                self.crossref = self.early.crossref if self.early else CrossrefClient(self.settings, http, budget)
        # What the run knows: answers (from the cache or the network), failures, and who asked first.
        self._records: dict[str, dict | None] = {}  # doi -> record, or None: not in Crossref
        self._registered: dict[str, bool] = {}  # doi -> doi.org has a handle
        self._items: dict[str, list[dict]] = {}  # search query -> candidates
        self._failed: dict[tuple[str, str], str] = {}  # (kind, key) -> why
        self._fetched_for: dict[tuple[str, str], str | None] = {}  # (kind, key) -> the file it was fetched for
        self._works: dict[str, Work] = {}
        self._ranked: dict[
            str, SearchAnswer
        ] = {}  # search query -> its candidates ranked (the same text ranks the same)
        self._aliases: dict[str, str | None] = {}  # shortDOI -> the DOI it stands for (None: doi.org cannot say)
        self._verdicts: dict[tuple[str, str], Verdict] = {}  # (entry text, DOI) -> the entry against its record
        self._without_notices: set[str] = set()  # matched DOIs whose search item lacks `updated-by`
        self._lock = threading.Lock()
        self._arrived = threading.Condition()  # notified as each answer (or failure) comes in
        self._generation = 0  # answers come in so far
        self._ahead: ThreadPoolExecutor | None = None  # requests sent while files are read: batches, searches
        self._ahead_sent: list = []  # their futures, joined by prefetch
        self._ahead_dois: dict[str, str] = {}  # DOIs known to be wanted, not yet sent -> the file that wants them
        self._ahead_known: set[str] = set()  # DOIs and search queries seen by send_ahead
        if self.early is not None:
            self._adopt(self.early)

    @property
    def requests(self) -> int:
        return sum(client.requests for client in (self.crossref, self.doi_org) if client)

    def _requests_for(self, owner: str) -> int:
        return sum(client.run.by_owner.pop(owner, 0) for client in (self.crossref, self.doi_org) if client)

    # -- the run's plan --

    def send_ahead(self, ms: Manuscript, last: bool = False) -> None:
        """Start what prefetch will need for a file just read, in the background, while the next files
        are read and checked offline: its DOIs in batches as soon as a batch is full (the rest when it is
        the `last` file), and the searches no DOI's answer can spare. No request prefetch would not send:
        the cache is asked first, and prefetch waits for these before sending what is left. Requests
        go out in the order the files need them, so that the first files are answered first."""
        if not self.crossref:
            return
        article, own, links = self._dois(ms)
        self._want([article, *own.values(), *links], ms.path, everything=last)
        for reference in ms.references if not links else ():
            query = search_query(reference) if not own[reference.position] else ""
            if query and query not in self._ahead_known:
                self._ahead_known.add(query)
                cached = self.cache.search(query)
                if cached is None:
                    self._in_background(self._search_and_rank, query, ms.path, reference)
                else:
                    self._items[query] = cached

    def _adopt(self, early: Early) -> None:
        """Take over the batches sent before this was built: their answers are kept as prefetch keeps
        its own batches', and send_ahead and prefetch wait for them rather than asking again."""
        self._ahead_known.update(early.dois)
        self._records.update(early.cached)
        for owner, answer in early.sent:
            kept: Future = Future()

            def keep(done: Future, owner: str = owner, kept: Future = kept) -> None:
                try:
                    fetched, failed = done.result()
                    self._keep_batch(fetched, failed, owner)
                except BaseException as error:  # noqa: BLE001 - raised where prefetch waits for it
                    kept.set_exception(error)
                else:
                    kept.set_result(None)

            answer.add_done_callback(keep)
            self._ahead_sent.append(kept)

    def _want(self, found: list[str | None], owner: str, everything: bool) -> None:
        """DOIs to send ahead: those neither known nor cached, in batches as they fill (the rest too
        when `everything`)."""
        new = [d for d in dict.fromkeys(found) if d and d not in self._ahead_known]
        self._ahead_known.update(new)
        new = [d for d in new if d not in self._records]
        self._records.update(self.cache.works(new))
        for doi in new:
            if doi not in self._records:
                self._ahead_dois[doi] = owner
        self._send_batches(everything)

    def _send_batches(self, everything: bool) -> None:
        """The DOIs waiting to be sent ahead, in full batches (and the rest, when `everything`)."""
        size = self.settings.batch_size
        while len(self._ahead_dois) >= size or (everything and self._ahead_dois):
            batch = dict(list(self._ahead_dois.items())[:size])
            for doi in batch:
                del self._ahead_dois[doi]
            self._in_background(self._fetch_works, batch)

    def _in_background(self, task, *arguments) -> None:
        """Requests in the order they were known, as many at once as the pool allows; the limiter
        keeps them within its rate."""
        if self._ahead is None and self.crossref:  # the first request: build the client here and now
            self.crossref.http.ready()  # (importing urllib3 takes a while), so that it leaves before the rules run
        if self._ahead is None:
            workers = self.crossref.limiter.concurrency if self.crossref else 1
            self._ahead = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="citeqa-ahead")
        self._ahead_sent.append(self._ahead.submit(task, *arguments))

    def _search_and_rank(self, query: str, owner: str, reference: Reference) -> None:
        """A search, ranked as soon as it is in: while the next requests wait for the rate limit."""
        self._fetch_searches({query: owner})
        self._search_answer(reference, query)

    def _join_ahead(self) -> None:
        """Send the DOIs still waiting and wait for all that send_ahead started (prefetch then sends
        only what they did not)."""
        if self._ahead is not None:
            self._send_batches(everything=True)
        sent, self._ahead_sent = self._ahead_sent, []
        for future in sent:
            future.result()
        if self._ahead is not None:
            self._ahead.shutdown()
        self._ahead = None

    def prefetch(self, manuscripts: list[Manuscript]) -> None:
        """Fetch what all these manuscripts need in as few requests as possible: their
        DOIs batched together, each distinct search once. Each request is counted
        for the first file that needs it."""
        self._join_ahead()
        self._ahead_dois.clear()
        if not self.crossref:
            return
        wanted: dict[str, str] = {}
        unnumbered: dict[str, str] = {}  # searches no DOI's answer can spare: entries without one, no link block
        for ms in manuscripts:
            article, own, links = self._dois(ms)
            for doi in [article, *own.values(), *links]:
                if doi:
                    wanted.setdefault(doi, ms.path)
            for reference in ms.references if not links else ():
                if not own[reference.position]:
                    unnumbered.setdefault(search_query(reference), ms.path)
        # Those searches go out with the batches, not after them and the work of reading their answers.
        with ThreadPoolExecutor(max_workers=1) as beside:
            searching = beside.submit(self._fetch_searches, unnumbered)
            self._fetch_works(wanted)
            searching.result()
        queries: dict[str, tuple[str, Reference]] = {}
        for ms in manuscripts:
            for reference in self._to_search(ms).values():
                queries.setdefault(search_query(reference), (ms.path, reference))
        self._fetch_searches({q: owner for q, (owner, _) in queries.items()})
        matched: dict[str, str] = {}
        for query, (owner, reference) in queries.items():
            match = self._search_answer(reference, query).match
            if match and match.work.doi.lower() in self._without_notices:
                matched.setdefault(match.work.doi.lower(), owner)
        self._fetch_works(matched)

    @contextmanager
    def prefetching(self, manuscripts: list[Manuscript]) -> Iterator[Answering]:
        """prefetch(manuscripts) in the background, so that each file can be checked as soon as its own
        answers are in while the others' requests are still out; yields an Answering, which says what a
        file still waits for. Leaving waits for prefetch, and raises what it raised."""
        answering = Answering(self)

        def run() -> None:
            try:
                self.prefetch(manuscripts)
            except BaseException as error:  # noqa: BLE001 - handed to the caller's thread below
                answering.error = error
            answering.done = True
            self._notify()

        thread = threading.Thread(target=run, name="citeqa-prefetch", daemon=True)
        thread.start()
        try:
            yield answering
        finally:
            thread.join()
        if answering.error is not None:
            raise answering.error

    def _notify(self) -> None:
        with self._arrived:
            self._generation += 1
            self._arrived.notify_all()

    def _known(self, kind: str, key: str) -> bool:
        where: Mapping = {"work": self._records, "handle": self._registered, "search": self._items}[kind]  # type: ignore[assignment]
        return key in where or (kind, key) in self._failed

    def _missing(self, ms: Manuscript) -> tuple[str, str] | None:
        """The first answer `answer(ms)` would still have to fetch (records, handles, searches, the
        matched works' notices, decided as answer() decides them); None when the run has them all."""
        article, own, links = self._dois(ms)
        wanted = [d for d in dict.fromkeys([article, *own.values(), *links]) if d]
        for doi in wanted:
            if not self._known("work", doi):
                return ("work", doi)
            if self._records.get(doi, 0) is None and not self._known("handle", doi):
                return ("handle", doi)
        works = {d: self._work_answer(d) for d in wanted}
        attached = _attach(ms.references, own, links, works)
        checked = {p: own[p] or attached.get(p) for p in own}
        for reference in self._to_search(ms, works, checked).values():
            query = search_query(reference)
            if not self._known("search", query):
                return ("search", query)
            match = self._search_answer(reference, query).match
            matched = match.work.doi.lower() if match else None
            if matched is not None and matched in self._without_notices and not self._known("work", matched):
                return ("work", matched)
        return None

    def answer(self, ms: Manuscript) -> CrossrefAnswers:
        owner = ms.path
        article_doi, own, links = self._dois(ms)
        wanted = list(dict.fromkeys(d for d in [article_doi, *own.values(), *links] if d))
        self._fetch_works(dict.fromkeys(wanted, owner))
        self._with_deposit(article_doi)
        works = {d: self._work_answer(d) for d in wanted}
        attached = _attach(ms.references, own, links, works)
        checked_doi = {p: own[p] or attached.get(p) for p in own}

        searching = self._to_search(ms, works, checked_doi)
        queries = {p: search_query(r) for p, r in searching.items()}
        self._fetch_searches(dict.fromkeys(queries.values(), owner))
        found_searches = self._complete_matches(
            {p: self._search_answer(searching[p], q) for p, q in queries.items()}, owner
        )

        answers = {
            r.position: ReferenceAnswers(
                doi=doi,
                doi_source=("reference" if own[r.position] else "link block") if doi else None,
                verdict=self._verdict(r, doi, works),
                work=works.get(doi) if doi else None,
                search=found_searches.get(r.position),
            )
            for r in ms.references
            for doi in [checked_doi[r.position]]
        }
        matched = [
            s.match.work.doi.lower()
            for s in found_searches.values()
            if s.match and s.match.work.doi.lower() not in wanted
        ]
        keys = [("work", d) for d in dict.fromkeys(wanted + matched)] + [
            ("handle", d) for d in wanted if self._records.get(d, 0) is None
        ]
        keys += [("search", q) for q in dict.fromkeys(queries.values())]
        return CrossrefAnswers(
            mode=self.mode,
            article=works.get(article_doi) if article_doi else None,
            references=answers,
            requests=self._requests_for(owner),
            cache_hits=self._hits(keys, owner),
        )

    def _with_deposit(self, doi: str | None) -> None:
        """The article's deposited reference list (IN01), from a snapshot store, which keeps reference
        lists apart so that looking up the references' DOIs does not read them."""
        deposited = getattr(self.cache, "deposited", None)
        record = self._records.get(doi) if doi else None
        if doi is None or deposited is None or record is None or "reference" in record:
            return
        with self._lock:
            self._records[doi] = {**record, "reference": deposited(doi)}
            self._works.pop(doi, None)

    def _hits(self, keys: list[tuple[str, str]], owner: str) -> int:
        """Lookups answered without a request made for this file: from the cache, or fetched for an earlier file."""
        known: dict[str, Mapping[str, object]] = {
            "work": self._records,
            "handle": self._registered,
            "search": self._items,
        }
        hits = sum(1 for kind, key in keys if key in known[kind] and self._fetched_for.get((kind, key)) != owner)
        with self._lock:
            for key in keys:
                if self._fetched_for.get(key) == owner:
                    del self._fetched_for[key]
        return hits

    def _to_search(
        self,
        ms: Manuscript,
        works: dict[str, WorkAnswer] | None = None,
        checked: dict[int, str | None] | None = None,
    ) -> dict[int, Reference]:
        """The references that need a search, given their DOIs' answers (and the DOI checked for each)."""
        if works is None or checked is None:
            article, own, links = self._dois(ms)
            works = {d: self._work_answer(d) for d in [article, *own.values(), *links] if d}
            attached = _attach(ms.references, own, links, works)
            checked = {p: own[p] or attached.get(p) for p in own}
        searching = {}
        for reference in ms.references:
            doi = checked[reference.position]
            answer = works.get(doi) if doi else None
            verdict = self._verdict(reference, doi, works)
            # No DOI, another work's, or an unregistered one: search for the right one.
            if (
                answer is None
                or verdict is Verdict.OTHER_WORK
                or (verdict is Verdict.NO_RECORD and answer.registered is False)
            ):
                searching[reference.position] = reference
        return searching

    def _verdict(self, reference: Reference, doi: str | None, works: Mapping[str, WorkAnswer]) -> Verdict:
        """The reference against its DOI's record (matching.verdict). A settled answer's is remembered per
        (entry text, DOI): the same entry in many files, and in prefetch and answer, is judged once."""
        answer = works.get(doi) if doi else None
        if doi is None or answer is None or not answer.settled:
            return matching.verdict(reference, answer)
        key = (search_query(reference), doi)
        if key not in self._verdicts:
            self._verdicts[key] = matching.verdict(reference, answer)
        return self._verdicts[key]

    def _complete_matches(self, searches: dict[int, SearchAnswer], owner: str | None) -> dict[int, SearchAnswer]:
        """Matched works whose search did not carry their notices (cached by an older citeqa), fetched
        whole in one batch so that CR07 sees them; a search made now selects `updated-by` itself."""
        wanted = sorted({s.match.work.doi.lower() for s in searches.values() if s.match} & self._without_notices)
        if not wanted:
            return searches
        self._fetch_works(dict.fromkeys(wanted, owner))
        completed = {}
        for position, search in searches.items():
            match = search.match
            whole = self._work_answer(match.work.doi.lower()).record if match else None
            if match and whole is not None:
                search = replace(search, match=replace(match, work=whole))
            completed[position] = search
        return completed

    def _dois(self, ms: Manuscript) -> tuple[str | None, dict[int, str | None], list[str]]:
        """(the article's DOI, each reference's own DOI, link-block DOIs in no entry), all normalised
        and safe to send; shortDOIs replaced by the DOIs they stand for."""
        article = sendable(ms.doi)
        own = self.expand_short({r.position: sendable(r.fields.doi) for r in ms.references})
        links = [
            d
            for d in dict.fromkeys(sendable(dois.from_url(link.url)) for link in ms.links)
            if d and d not in own.values()
        ]
        return article, own, links

    def expand_short(self, own: dict[int, str | None]) -> dict[int, str | None]:
        """shortDOIs ("10/ggb347") replaced by the DOI doi.org says they stand for; kept (and left
        unchecked) when doi.org cannot say. The answer is kept in the cache as a one-item search
        under "shortdoi 10/..."."""
        for short in {d for d in own.values() if d and dois.is_short(d)} - set(self._aliases):
            cached = self.cache.search(f"shortdoi {short}")
            if cached is None and self.doi_org:
                try:
                    target = self.doi_org.alias(short)
                except (Unavailable, UnsafeDOI):
                    continue
                cached = [{"DOI": target}] if target else []
                self.cache.put_search(f"shortdoi {short}", cached)
            if cached is not None:
                self._aliases[short] = sendable(cached[0]["DOI"]) if cached else None
        return {p: (self._aliases.get(d) or d) if d else d for p, d in own.items()}

    # -- works and handles --

    def works(self, wanted: list[str]) -> dict[str, WorkAnswer]:
        """Answers for DOIs (normalised), fetched if the run does not have them."""
        wanted = list(dict.fromkeys(wanted))
        self._fetch_works(dict.fromkeys(wanted, None))
        return {d: self._work_answer(d) for d in wanted}

    def _fetch_works(self, wanted: Mapping[str, str | None]) -> None:
        """Records for the DOIs the run does not know yet (cache, then batches); then doi.org for those
        Crossref lacks."""
        todo = [d for d in wanted if d not in self._records and ("work", d) not in self._failed]
        if todo:
            self._records.update(self.cache.works(todo))
            missing = [d for d in todo if d not in self._records]
            if missing and self.crossref:
                size = self.settings.batch_size
                batches = [missing[i : i + size] for i in range(0, len(missing), size)]
                self._concurrently(lambda batch: self._fetch_batch(batch, wanted[batch[0]]), batches)
            elif (
                missing and self.doi_org
            ):  # a snapshot store's: not in Crossref as of the snapshot; doi.org tells registered or not
                self._records.update(dict.fromkeys(missing))
        unknown = [
            d
            for d in wanted
            if self._records.get(d, 0) is None and d not in self._registered and ("handle", d) not in self._failed
        ]
        if unknown:
            self._concurrently(lambda doi: self._fetch_handle(doi, wanted[doi]), unknown, "doi.org checks")

    def _fetch_batch(self, batch: list[str], owner: str | None) -> None:
        assert self.crossref is not None, "batches are fetched online only"
        self._keep_batch(*self.crossref.works(batch, owner), owner)

    def _keep_batch(self, fetched: dict[str, dict | None], failed: dict[str, str], owner: str | None) -> None:
        self.cache.put_works(fetched)
        with self._lock:
            self._records.update(fetched)
            self._failed.update({("work", d): why for d, why in failed.items()})
            self._fetched_for.update({("work", d): owner for d in fetched})
        self._notify()

    def _fetch_handle(self, doi: str, owner: str | None) -> None:
        registered = self.cache.handle(doi)
        if registered is None and self.doi_org:
            try:
                registered = self.doi_org.exists(doi, owner)
            except (Unavailable, UnsafeDOI) as error:
                with self._lock:
                    self._failed[("handle", doi)] = str(error)
                self._notify()
                return
            self.cache.put_handle(doi, registered)
            with self._lock:
                self._fetched_for[("handle", doi)] = owner
        if registered is not None:
            with self._lock:
                self._registered[doi] = registered
            self._notify()

    def _work_answer(self, doi: str) -> WorkAnswer:
        if ("work", doi) in self._failed:
            return WorkAnswer(UNAVAILABLE, reason=f"Crossref: {self._failed[('work', doi)]}")
        if doi not in self._records:
            return WorkAnswer(NOT_LOOKED_UP, reason=f"{self.mode}: not in the {self._store}")
        record = self._records[doi]
        if record is not None:
            if doi not in self._works:
                self._works[doi] = from_record(record)
            return WorkAnswer(FOUND, self._works[doi])
        if ("handle", doi) in self._failed:
            return WorkAnswer(UNAVAILABLE, reason=f"not in Crossref; doi.org: {self._failed[('handle', doi)]}")
        registered = self._registered.get(doi)
        return WorkAnswer(
            NOT_FOUND,
            registered=registered,
            reason=None if registered is not None else f"{self.mode}: doi.org not asked",
        )

    @property
    def _store(self) -> str:
        return "snapshot" if self.mode == "snapshot" else "cache"

    # -- searches --

    def searches(self, references: dict[int, Reference]) -> dict[int, SearchAnswer]:
        queries = {p: search_query(r) for p, r in references.items()}
        self._fetch_searches(dict.fromkeys(queries.values(), None))
        return {p: self._search_answer(references[p], q) for p, q in queries.items()}

    def _fetch_searches(self, queries: Mapping[str, str | None]) -> None:
        todo = [q for q in queries if q not in self._items and ("search", q) not in self._failed]
        for query in todo:
            items = self.cache.search(query)
            if items is not None:
                self._items[query] = items
        missing = [q for q in todo if q not in self._items]
        if missing and self.crossref:
            self._concurrently(lambda query: self._fetch_search(query, queries[query]), missing, "Crossref searches")

    def _fetch_search(self, query: str, owner: str | None) -> None:
        assert self.crossref is not None, "searches are sent online only"
        try:
            items = self.crossref.search(query, owner)
        except Unavailable as error:
            with self._lock:
                self._failed[("search", query)] = str(error)
            self._notify()
            return
        self.cache.put_search(query, items)
        with self._lock:
            self._items[query] = items
            self._fetched_for[("search", query)] = owner
        self._notify()

    def _search_answer(self, reference: Reference, query: str) -> SearchAnswer:
        if ("search", query) in self._failed:
            return SearchAnswer(UNAVAILABLE, reason=f"Crossref search: {self._failed[('search', query)]}")
        if query not in self._items:
            return SearchAnswer(NOT_LOOKED_UP, reason=f"{self.mode}: search not in the {self._store}")
        if query not in self._ranked:
            items = self._items[query]
            works = [(from_record(item), item.get("score")) for item in items]
            ranked = tuple(matching.rank(reference, works))
            match = ranked[0] if ranked and ranked[0].similarity >= matching.MATCH_THRESHOLD else None
            if match and any(i["DOI"] == match.work.doi and "updated-by" not in i for i in items):
                self._without_notices.add(match.work.doi.lower())
            self._ranked[query] = SearchAnswer(FOUND, ranked, match)
        return self._ranked[query]

    def _concurrently(self, work, items: list, what: str | None = None) -> list:
        done = [0]
        lock = threading.Lock()

        def counted(item):
            answer = work(item)
            if self.progress and what:
                with lock:
                    done[0] += 1
                    self.progress(what, done[0], len(items))
            return answer

        pool = self.crossref.limiter.concurrency if self.crossref else 1
        if len(items) <= 1 or pool <= 1:
            return [counted(item) for item in items]
        with ThreadPoolExecutor(max_workers=pool) as executor:
            return list(executor.map(counted, items))


class Answering:
    """What Lookups.prefetching yields: the answer a file still waits for, whether it has come, and a
    way to wait for the next one. Once prefetch is done, every file has all its answers."""

    def __init__(self, lookups: Lookups):
        self._lookups = lookups
        self.done = False
        self.error: BaseException | None = None
        self._seen = 0

    def missing(self, ms: Manuscript) -> tuple[str, str] | None:
        return None if self.done else self._lookups._missing(ms)

    def arrived(self, key: tuple[str, str]) -> bool:
        return self.done or self._lookups._known(*key)

    def wait(self) -> None:
        """Until an answer comes in that came in after the last wait (or prefetch is done)."""
        arrived = self._lookups._arrived
        with arrived:
            while not self.done and self._lookups._generation == self._seen:
                arrived.wait()
            self._seen = self._lookups._generation


def search_query(reference: Reference) -> str:
    """The text sent as query.bibliographic: the entry without its label or URLs."""
    _, text = strip_label(reference.raw)
    for url in reference.fields.urls:
        text = text.replace(url, " ")
    return " ".join(text.split())


def _attach(
    references: tuple[Reference, ...], own: dict[int, str | None], links: list[str], works: dict[str, WorkAnswer]
) -> dict[int, str]:
    """Give each link-block DOI to the entry without a DOI that its record matches best."""
    attached: dict[int, str] = {}
    for doi in links:
        answer = works.get(doi)
        work = answer.record if answer else None
        if work is None:
            continue
        free = [r for r in references if not own[r.position] and r.position not in attached]
        scored = sorted(((matching.similarity(r, work), r.position) for r in free), reverse=True)
        if scored and scored[0][0] >= matching.MATCH_THRESHOLD:
            attached[scored[0][1]] = doi
    return attached
