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
        self.run = Retrying(settings, Limiter(DOI_ORG), budget or Budget(settings.budget), sleep, self.http.ready)

    @property
    def requests(self) -> int:
        return self.run.requests

    def _answer(self, response, handle: str) -> tuple[int, dict]:
        """(responseCode, body) of the handle API's own JSON answer about `handle`; a Fault otherwise."""
        if response.status_code not in (200, 404):
            raise _status(response)
        try:
            body = _json(response)
        except Fault:
            if response.status_code == 404:
                raise Fault("HTTP 404 that is not the handle API's answer", status=404, retryable=False) from None
            raise
        code, named = body.get("responseCode"), body.get("handle")
        if not isinstance(code, int) or (named is not None and str(named).lower() != handle.lower()):
            raise Fault("malformed handle API answer", fault="malformed")
        if code in (HANDLE_NOT_FOUND, VALUES_NOT_FOUND):
            raise NotFound("no handle")
        if code != HANDLE_FOUND or response.status_code != 200:
            raise Fault(f"handle API responseCode {code}", fault="malformed", retryable=False)
        return code, body

    def alias(self, short: str, owner=None) -> str | None:
        """The DOI a shortDOI ("10/ggb347") stands for: its handle's HS_ALIAS value; None when
        doi.org has no such handle; Unavailable when it does not answer."""
        url = f"{self.settings.doi_url.rstrip('/')}/api/handles/{encode_doi(short)}"

        def ask(timeout: float) -> str:
            _, body = self._answer(self.http.get(url, {"type": "HS_ALIAS"}, timeout), short)
            values = body.get("values")
            if not isinstance(values, list):
                values = []
            target = next(
                (
                    v.get("data", {}).get("value")
                    for v in values
                    if isinstance(v, dict) and v.get("type") == "HS_ALIAS" and isinstance(v.get("data"), dict)
                ),
                None,
            )
            if not isinstance(target, str):
                raise NotFound("no alias")
            return target

        try:
            return self.run("single", ask, owner)
        except NotFound:
            return None

    def exists(self, doi: str, owner=None) -> bool:
        """True when doi.org has a handle for the DOI, False when it has none; Unavailable otherwise."""
        url = f"{self.settings.doi_url.rstrip('/')}/api/handles/{encode_doi(doi)}"

        def ask(timeout: float) -> bool:
            self._answer(self.http.get(url, None, timeout), doi)
            return True

        try:
            return self.run("single", ask, owner)
        except NotFound:
            return False
