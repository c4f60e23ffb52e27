"""Plan and make the lookups one manuscript needs, cheapest first.

1. Every DOI (the article's, the references', the link block's) from the cache,
   the rest in batches of up to 50 a request.
2. DOIs Crossref does not know: doi.org's handle API, to tell another agency's
   DOI from an unregistered one.
3. Link-block DOIs attached to the entry their record matches.
4. One search per reference still without a verified work: no DOI, a DOI of
   another work, or an unregistered DOI (to suggest the right one).
Requests within a step run concurrently up to the pool's limit.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from .. import doi as dois
from .. import matching
from ..model import Manuscript, Reference
from ..readers.reference_fields import strip_label
from .answers import (
    FOUND,
    NOT_FOUND,
    NOT_LOOKED_UP,
    UNAVAILABLE,
    CrossrefAnswers,
    ReferenceAnswers,
    SearchAnswer,
    WorkAnswer,
)
from .cache import Cache
from .client import CrossrefClient, Settings, Unavailable
from .doi_org import DoiOrg
from .records import from_record


@dataclass
class Lookups:
    """One run's way to Crossref: settings, cache, clients. `mode` is online, offline or snapshot."""

    settings: Settings
    cache: Cache
    mode: str = "online"
    progress: object = None  # called as progress(what, done, total) while lookups run (a terminal's status line)

    def __post_init__(self):
        online = self.mode == "online"
        self.crossref = CrossrefClient(self.settings) if online else None
        self.doi_org = DoiOrg(self.settings) if online else None

    @property
    def requests(self) -> int:
        return (self.crossref.requests if self.crossref else 0) + (self.doi_org.requests if self.doi_org else 0)

    def answer(self, ms: Manuscript) -> CrossrefAnswers:
        requests, hits = self.requests, self.cache.hits
        article_doi = _valid(ms.doi)
        own = self.expand_short({r.position: _valid(r.fields.doi) for r in ms.references})
        links = [d for d in dict.fromkeys(_valid(dois.from_url(link.url)) for link in ms.links) if d and d not in own.values()]

        works = self.works([d for d in [article_doi, *own.values(), *links] if d])
        attached = _attach(ms.references, own, links, works)
        checked_doi = {p: own[p] or attached.get(p) for p in own}

        searches = {}
        for reference in ms.references:
            answer = works.get(checked_doi[reference.position]) if checked_doi[reference.position] else None
            if answer is None or _needs_search(reference, answer):
                searches[reference.position] = reference
        found_searches = self._complete_matches(self.searches(searches))

        answers = {
            r.position: ReferenceAnswers(
                doi=checked_doi[r.position],
                doi_source=("reference" if own[r.position] else "link block") if checked_doi[r.position] else None,
                work=works.get(checked_doi[r.position]) if checked_doi[r.position] else None,
                search=found_searches.get(r.position),
            )
            for r in ms.references
        }
        return CrossrefAnswers(
            mode=self.mode,
            article=works.get(article_doi) if article_doi else None,
            references=answers,
            requests=self.requests - requests,
            cache_hits=self.cache.hits - hits,
        )

    def _complete_matches(self, searches: dict[int, SearchAnswer]) -> dict[int, SearchAnswer]:
        """A search's `select` leaves out `updated-by` (Crossref's select list does not take it):
        the whole records of the works matched, in one batch, so that CR07 sees their notices."""
        wanted = sorted({s.match.work.doi.lower() for s in searches.values() if s.match})
        if not wanted:
            return searches
        full = self.works(wanted)
        completed = {}
        for position, search in searches.items():
            match = search.match
            answer = full.get(match.work.doi.lower()) if match else None
            if match and answer is not None and answer.status == FOUND:
                search = replace(search, match=replace(match, work=answer.work))
            completed[position] = search
        return completed

    def expand_short(self, own: dict[int, str | None]) -> dict[int, str | None]:
        """shortDOIs ("10/ggb347") replaced by the DOI doi.org says they stand for, so that
        Crossref is asked about the work itself; kept (and left unchecked) when doi.org cannot say.
        The answer is kept in the cache as a one-item search under "shortdoi 10/...". """
        short = {d for d in own.values() if d and dois.is_short(d)}
        if not short:
            return own
        resolved: dict[str, str] = {}
        for doi in short:
            cached = self.cache.search(f"shortdoi {doi}")
            if cached is None and self.doi_org:
                try:
                    target = self.doi_org.alias(doi)
                except Unavailable:
                    continue
                cached = [{"DOI": target}] if target else []
                self.cache.put_search(f"shortdoi {doi}", cached)
            if cached:
                resolved[doi] = dois.normalise(cached[0]["DOI"])
        return {p: resolved.get(d, d) if d else d for p, d in own.items()}

    def works(self, wanted: list[str]) -> dict[str, WorkAnswer]:
        wanted = list(dict.fromkeys(wanted))
        cached = self.cache.works(wanted)
        missing = [d for d in wanted if d not in cached]
        answers: dict[str, WorkAnswer] = {}
        if missing and self.crossref:
            fetched, failed = self.crossref.works(missing)
            answers.update({d: WorkAnswer(UNAVAILABLE, reason=f"Crossref: {why}") for d, why in failed.items()})
            self.cache.put_works(fetched)
            cached.update(fetched)
        for doi in wanted:
            if doi in answers:
                continue
            if doi not in cached:
                answers[doi] = WorkAnswer(NOT_LOOKED_UP, reason=f"{self.mode}: not in the {'snapshot' if self.mode == 'snapshot' else 'cache'}")
            elif cached[doi] is not None:
                answers[doi] = WorkAnswer(FOUND, from_record(cached[doi]))
        unknown = [d for d in wanted if d not in answers]
        answers.update(self._handles(unknown))
        return answers

    def _handles(self, unknown: list[str]) -> dict[str, WorkAnswer]:
        """Crossref has no record: does doi.org know the DOI at all?"""
        def ask(doi: str) -> WorkAnswer:
            registered = self.cache.handle(doi)
            if registered is None and self.doi_org:
                try:
                    registered = self.doi_org.exists(doi)
                except Unavailable as error:
                    return WorkAnswer(UNAVAILABLE, reason=f"not in Crossref; doi.org: {error}")
                self.cache.put_handle(doi, registered)
            reason = None if registered is not None else f"{self.mode}: doi.org not asked"
            return WorkAnswer(NOT_FOUND, registered=registered, reason=reason)

        return dict(zip(unknown, self._concurrently(ask, unknown, "doi.org checks")))

    def searches(self, references: dict[int, Reference]) -> dict[int, SearchAnswer]:
        def ask(reference: Reference) -> SearchAnswer:
            query = search_query(reference)
            items = self.cache.search(query)
            if items is None:
                if not self.crossref:
                    return SearchAnswer(NOT_LOOKED_UP, reason=f"{self.mode}: search not in the {'snapshot' if self.mode == 'snapshot' else 'cache'}")
                try:
                    items = self.crossref.search(query)
                except Unavailable as error:
                    return SearchAnswer(UNAVAILABLE, reason=f"Crossref search: {error}")
                self.cache.put_search(query, items)
            works = [(from_record(item), item.get("score")) for item in items if item.get("DOI")]
            ranked = tuple(matching.rank(reference, works))
            match = ranked[0] if ranked and ranked[0].similarity >= matching.MATCH_THRESHOLD else None
            return SearchAnswer(FOUND, ranked, match)

        wanted = list(references.values())
        return dict(zip(references, self._concurrently(ask, wanted, "Crossref searches")))

    def _concurrently(self, work, items: list, what: str = "lookups") -> list:
        done = [0]
        lock = threading.Lock()

        def counted(item):
            answer = work(item)
            if self.progress:
                with lock:
                    done[0] += 1
                    self.progress(what, done[0], len(items))
            return answer

        pool = self.crossref.pool.concurrency if self.crossref else 1
        if len(items) <= 1 or pool <= 1:
            return [counted(item) for item in items]
        with ThreadPoolExecutor(max_workers=pool) as executor:
            return list(executor.map(counted, items))


def search_query(reference: Reference) -> str:
    """The text sent as query.bibliographic: the entry without its label or URLs."""
    _, text = strip_label(reference.raw)
    for url in reference.fields.urls:
        text = text.replace(url, " ")
    return " ".join(text.split())


def _valid(doi: str | None) -> str | None:
    if not doi:
        return None
    doi = dois.normalise(doi)
    return doi if dois.is_valid(doi) else None


def _needs_search(reference: Reference, answer: WorkAnswer) -> bool:
    if answer.status == FOUND:
        return matching.is_other_work(reference, answer.work)
    return answer.status == NOT_FOUND and answer.registered is False


def _attach(references, own: dict[int, str | None], links: list[str], works: dict[str, WorkAnswer]) -> dict[int, str]:
    """Give each link-block DOI to the entry without a DOI that its record matches best."""
    attached: dict[int, str] = {}
    for doi in links:
        answer = works.get(doi)
        if not answer or answer.status != FOUND:
            continue
        free = [r for r in references if not own[r.position] and r.position not in attached]
        scored = sorted(((matching.similarity(r, answer.work), r.position) for r in free), reverse=True)
        if scored and scored[0][0] >= matching.MATCH_THRESHOLD:
            attached[scored[0][1]] = doi
    return attached

