"""A person's browser installing the app: the app's install URL, Slack's approval page,
and back to the app's redirect URL with a code, one hop at a time.

    browser = InstallBrowser(install_url=f"{app}/slack/install")
    done = browser.install(team_id="T1")
    assert done.status == 200 and done.code is not None

The state cookie the app sets is sent back as a browser would (it is ``Secure``, so a
cookie jar would keep it from plain-HTTP test servers).
"""

import http.client
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit


@dataclass(frozen=True, slots=True)
class Hop:
    """One answer the browser got."""

    url: str
    status: int
    location: str | None
    cookie: str | None
    body: str


@dataclass(frozen=True, slots=True)
class Installed:
    """How the install ended: the app's last answer and what travelled on the way."""

    hops: tuple[Hop, ...]
    state: str | None
    code: str | None

    @property
    def status(self) -> int:
        return self.hops[-1].status

    @property
    def body(self) -> str:
        return self.hops[-1].body


class InstallBrowser:
    def __init__(self, *, install_url: str, timeout: float = 10.0) -> None:
        self.install_url = install_url
        self._timeout = timeout

    def install(
        self, *, team_id: str | None = None, user_id: str | None = None, approve: bool = True
    ) -> Installed:
        """Install into ``team_id`` as ``user_id`` (or click "Cancel" with ``approve=False``)."""
        start = self.install_url + (f"?{urlencode({'team': team_id})}" if team_id else "")
        hops = [self.get(start)]
        slack_page = hops[-1].location
        if slack_page is None:
            return Installed(hops=tuple(hops), state=None, code=None)
        extra = {"user": user_id} if user_id else {}
        if not approve:
            extra["deny"] = "1"
        hops.append(self.get(_with_query(slack_page, extra)))
        back = hops[-1].location
        if back is None:
            return Installed(hops=tuple(hops), state=_query(slack_page, "state"), code=None)
        hops.append(self.get(back, cookie=hops[0].cookie))
        return Installed(hops=tuple(hops), state=_query(back, "state"), code=_query(back, "code"))

    def get(self, url: str, *, cookie: str | None = None) -> Hop:
        """GET ``url`` (plain HTTP) without following a redirect, sending ``cookie``."""
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError(f"the install browser speaks plain HTTP only, not {url!r}")
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port or 80, timeout=self._timeout
        )
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", path or "/", headers={"Cookie": cookie} if cookie else {})
            answer = connection.getresponse()
            set_cookie = answer.getheader("Set-Cookie")
            return Hop(
                url=url,
                status=answer.status,
                location=answer.getheader("Location"),
                # What a browser sends back: the name=value before the attributes.
                cookie=set_cookie.split(";", 1)[0].strip() if set_cookie else None,
                body=answer.read().decode("utf-8", "replace"),
            )
        finally:
            connection.close()


def _with_query(url: str, extra: Mapping[str, str]) -> str:
    if not extra:
        return url
    return f"{url}{'&' if urlsplit(url).query else '?'}{urlencode(extra)}"


def _query(url: str, name: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None
