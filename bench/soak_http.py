"""The soak's HTTP side: a tiny browser (cookies, CSRF) and the table of every request."""

from __future__ import annotations

import http.client
import re
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


RETRACTED_DOI = "10.5555/soak.retracted"
TOKEN = re.compile(r"soak-token-[0-9a-f]{12}")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Results:
    """Every HTTP answer the soak got: (time, what, port, status, seconds, cache)."""

    def __init__(self):
        self.rows: list[tuple] = []
        self.lock = threading.Lock()

    def add(self, *row) -> None:
        with self.lock:
            self.rows.append(row)


class Browser:
    """One person's HTTP client: cookies, CSRF token, one port at a time."""

    def __init__(self, results: Results, what: str):
        self.cookies: dict[str, str] = {}
        self.results, self.what = results, what

    def request(self, port, method, path, *, body=None, what=None, record=True):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
            status = response.status
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            cache = response.getheader("X-Page-Cache", "")
        except OSError as error:
            content, status, cache = str(error), None, ""
        finally:
            conn.close()
        self.last_cache = cache  # the page cache's answer (hit, miss, stale) to the last request
        if record:
            self.results.add(
                time.time(), what or self.what, port, status, time.monotonic() - started, cache
            )
        return status, content

    def login(self, port, username) -> bool:
        status, page = self.request(port, "GET", "/admin/login/", record=False)
        match = CSRF_INPUT.search(page)
        if status != 200 or not match:
            return False
        status, _ = self.request(
            port,
            "POST",
            "/admin/login/?next=/editorial/",
            body={
                "csrfmiddlewaretoken": match.group(1),
                "username": username,
                "password": f"{username}-demo",
                "next": "/editorial/",
            },
            record=False,
        )
        return status == 302
