"""doi.org's handle API: does a DOI exist at any registration agency?

A DOI unknown to Crossref may be a DataCite, mEDRA or other agency's DOI; only
when doi.org has no handle for it is it unregistered. Only the handle API's own
JSON answer counts (its responseCode, for the handle asked): a bare 404 or any
other page is a failure, never "not registered".
"""
from __future__ import annotations

import time

from .client import Budget, Fault, Http, NotFound, Retrying, Settings, _json, _status, encode_doi
from .limiter import DOI_ORG, Limiter

HANDLE_FOUND, HANDLE_NOT_FOUND, VALUES_NOT_FOUND = 1, 100, 200


class DoiOrg:
    def __init__(self, settings: Settings, http: Http | None = None, budget: Budget | None = None, sleep=time.sleep):
        self.settings = settings
        self.http = http or Http(settings)
        self.run = Retrying(settings, Limiter(DOI_ORG), budget or Budget(settings.budget), sleep)

    @property
    def requests(self) -> int:
        return self.run.requests

    def exists(self, doi: str, owner=None) -> bool:
        """True when doi.org has a handle for the DOI, False when it has none; Unavailable otherwise."""
        url = f"{self.settings.doi_url.rstrip('/')}/api/handles/{encode_doi(doi)}"

        def ask(timeout: float) -> bool:
            response = self.http.get(url, None, timeout)
            if response.status_code not in (200, 404):
                raise _status(response)
            try:
                body = _json(response)
            except Fault:
                if response.status_code == 404:
                    raise Fault("HTTP 404 that is not the handle API's answer", status=404, retryable=False) from None
                raise
            code, handle = body.get("responseCode"), body.get("handle")
            if not isinstance(code, int) or (handle is not None and str(handle).lower() != doi.lower()):
                raise Fault("malformed handle API answer", fault="malformed")
            if code == HANDLE_FOUND and response.status_code == 200:
                return True
            if code in (HANDLE_NOT_FOUND, VALUES_NOT_FOUND):
                raise NotFound("no handle")
            raise Fault(f"handle API responseCode {code}", fault="malformed", retryable=False)

        try:
            return self.run("single", ask, owner)
        except NotFound:
            return False
