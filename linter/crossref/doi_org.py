"""doi.org's handle API: does a DOI exist at any registration agency?

A DOI unknown to Crossref may be a DataCite, mEDRA or other agency's DOI; only
when doi.org has no handle for it is it unregistered.
"""
from __future__ import annotations

import time
from urllib.parse import quote

import requests
from urllib3.exceptions import NewConnectionError

from .. import __version__
from .client import HTTPStatus, NotFound, Retrying, Settings
from .limiter import DOI_ORG, Limiter


class DoiOrg:
    def __init__(self, settings: Settings, sleep=time.sleep):
        self.settings = settings
        self.session = requests.Session()
        agent = f"citeqa/{__version__}" + (f" (mailto:{settings.mailto})" if settings.mailto else "")
        self.session.headers["User-Agent"] = agent
        self.run = Retrying(settings, Limiter(DOI_ORG), sleep)

    @property
    def requests(self) -> int:
        return self.run.requests

    def alias(self, short: str) -> str | None:
        """The DOI a shortDOI ("10/ggb347") stands for: its handle's HS_ALIAS value; None when
        doi.org has no such handle; Unavailable when it does not answer."""
        url = f"{self.settings.doi_url.rstrip('/')}/api/handles/{quote(short, safe='/')}"

        def ask() -> str:
            try:
                response = self.session.get(url, params={"type": "HS_ALIAS"}, timeout=self.settings.timeout)
            except requests.RequestException as error:
                raise ConnectionError(str(error)) from None
            if response.status_code == 404:
                raise NotFound("no handle")
            if response.status_code != 200:
                raise HTTPStatus(response.status_code, response.headers.get("Retry-After"))
            values = response.json().get("values") or []
            target = next((v.get("data", {}).get("value") for v in values if v.get("type") == "HS_ALIAS"), None)
            if not isinstance(target, str):
                raise NotFound("no alias")
            return target

        try:
            return self.run("single", ask)
        except NotFound:
            return None

    def exists(self, doi: str) -> bool:
        """True when doi.org has a handle for the DOI, False when it has none; Unavailable otherwise."""
        url = f"{self.settings.doi_url.rstrip('/')}/api/handles/{quote(doi, safe='/:;()._-')}"

        def ask() -> bool:
            try:
                response = self.session.get(url, timeout=self.settings.timeout)
            except requests.Timeout as error:
                raise TimeoutError(str(error)) from None
            except requests.ConnectionError as error:
                if isinstance(getattr(error.args[0] if error.args else None, "reason", None), NewConnectionError):
                    raise ConnectionRefusedError(str(error)) from None
                raise ConnectionError(str(error)) from None
            except requests.RequestException as error:
                raise ConnectionError(str(error)) from None
            if response.status_code == 404:
                raise NotFound("no handle")
            if response.status_code != 200:
                raise HTTPStatus(response.status_code, response.headers.get("Retry-After"))
            code = response.json().get("responseCode")
            if code == 1:
                return True
            if code in (100, 200):  # handle not found / no values
                raise NotFound("no handle")
            raise ValueError(f"unexpected responseCode {code}")

        try:
            return self.run("single", ask)
        except NotFound:
            return False

