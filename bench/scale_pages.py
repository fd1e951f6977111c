"""What bench/scale.py measures: every page through the WSGI handler, and the scans.

Each page is requested ``repeat`` times (after one warm-up request) by Django's test
client, which runs the whole WSGI handler and middleware, signed in as the role that
uses it. Reported: p50 and p95 of the server time and the queries of the last request.
"""

from __future__ import annotations

import random
import statistics
import time

import scale_content as content

PUBLIC = "public"
SEARCH = "search"
STAFF = "staff"
SCAN = "scan"


def _timed(fn, repeat: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up: compiled queries, templates
    times, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"p50": statistics.median(times), "p95": p95, "queries": queries}


def _client(username: str | None):
    """A client signed in as ``username``, past the second factor when the role asks for
    one (a confirmed authenticator, and the session marked as having passed it, as
    entering a code does)."""
    from django.contrib.auth.models import User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.verification import second_factor_required

    client = Client()
    if username:
        user = User.objects.get(username=username)
        client.force_login(user)
        if second_factor_required(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, name="Authenticator app")
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return client


def _get(client, url: str):
    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        return response

    return fetch


def _admin_filters(path: str, model) -> list[tuple[str, str]]:
    """(label, query string) for the first choice of each filter of ``model``'s changelist."""
    from django.contrib import admin
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.user = User.objects.get(username="scale-admin")
    changelist = admin.site._registry[model].get_changelist_instance(request)
    out = []
    for spec in changelist.filter_specs:
        choices = [c for c in spec.choices(changelist) if not c.get("selected")]
        if choices:
            out.append((getattr(spec, "title", "filter"), choices[0]["query_string"]))
    return out


def _page_500_link() -> str:
    """The address the "Older" link of page 499 carries (at a size with fewer articles,
    the link to the list's last full page)."""
    from readers.selectors.home import PAGE_SIZE, home_articles

    listed = home_articles().values_list("pk", flat=True)
    count = listed.count()
    position = max(0, min(499 * PAGE_SIZE, count - PAGE_SIZE - 1) - 1)
    return f"/?page=500&after={listed[position]}"


def pages() -> list[tuple[str, str, object]]:
    """(kind, label, fetch) for every page measured."""
    from api.selectors import encode_cursor
    from articles.models import Article
    from references.models import Reference
    from review.models import BoardMember

    rng = random.Random(5)  # noqa: S311 - repeatable bench data
    slugs = list(
        Article.objects.filter(status="approved", slug__startswith="scale-")
        .order_by("pk")
        .values_list("slug", flat=True)[:2000]
    )
    anonymous, admin = _client(None), _client("scale-admin")
    editor = _client("editor001")
    member_pk, member_name = (
        BoardMember.objects.filter(user__username__startswith="member")
        .order_by("pk")
        .values_list("pk", "user__username")[7]
    )
    member = _client(member_name)
    # The read API's page that starts half-way down the list (the cursor a client paging
    # through would send there: the ids below it).
    middle = Article.objects.order_by("-pk").values_list("pk", flat=True).first() // 2
    words = content.VOCABULARY
    out = [
        (PUBLIC, "home, first page", _get(anonymous, "/")),
        (PUBLIC, "home, page 500 by number", _get(anonymous, "/?page=500")),
        (PUBLIC, "home, page 500 by its link", _get(anonymous, _page_500_link())),
        (PUBLIC, "home, a topic", _get(anonymous, "/?topic=topic-3")),
        (SEARCH, "search, 1 word", _get(anonymous, f"/?q={words[11]}")),
        (SEARCH, "search, 2 words", _get(anonymous, f"/?q={words[11]}+{words[40]}")),
        (
            SEARCH,
            "search, 4 words",
            _get(anonymous, f"/?q={words[11]}+{words[40]}+{words[75]}+{words[130]}"),
        ),
    ]

    def article():
        return _get(anonymous, f"/articles/{rng.choice(slugs)}/")()

    out += [
        (PUBLIC, "article", article),
        (PUBLIC, "advisory board", _get(anonymous, "/advisory-board/")),
        (
            PUBLIC,
            "a board member's page",
            _get(anonymous, f"/advisory-board/{member_pk}/"),
        ),
        (PUBLIC, "sitemap.xml (index)", _get(anonymous, "/sitemap.xml")),
        (PUBLIC, "read API, articles", _get(anonymous, "/api/v1/articles")),
        (
            PUBLIC,
            "read API, articles, a page half-way",
            _get(anonymous, f"/api/v1/articles?cursor={encode_cursor(middle)}"),
        ),
        (STAFF, "sitemap, a page of 5,000 articles", _get(anonymous, "/sitemap-articles.xml")),
    ]
    changelist = "/admin/articles/article/"
    out.append((STAFF, "admin articles", _get(admin, changelist)))
    for title, query in _admin_filters(changelist, Article):
        out.append((STAFF, f"admin articles, by {title}", _get(admin, changelist + query)))
    out.append((STAFF, "admin articles, search", _get(admin, f"{changelist}?q={words[11]}")))
    forty = Article.objects.get(slug="scale-forty-versions")
    out.append(
        (STAFF, "admin article, 40 versions", _get(admin, f"{changelist}{forty.pk}/change/"))
    )
    references = "/admin/references/reference/"
    out.append((STAFF, "admin references", _get(admin, references)))
    for title, query in _admin_filters(references, Reference):
        out.append((STAFF, f"admin references, by {title}", _get(admin, references + query)))
    out += [
        (STAFF, "admin references, search", _get(admin, f"{references}?q={words[11]}")),
        (STAFF, "dashboard (admin)", _get(admin, "/editorial/")),
        (STAFF, "dashboard (editor)", _get(editor, "/editorial/")),
        (STAFF, "my articles (editor)", _get(editor, "/editorial/my-articles/")),
        (STAFF, "my reviews (board member)", _get(member, "/editorial/my-reviews/")),
        (STAFF, "attention queue", _get(editor, "/editorial/attention/")),
        (STAFF, "reader-feedback inbox", _get(editor, "/reader-feedback/")),
    ]
    return out


def scans(repeat: int) -> list[tuple[str, str, dict]]:
    """The stale scan (first, daily, resolving) and the reference status batch selection."""
    from django.db import connection

    from freshness.checking import run as checking
    from freshness.models import StaleFlag
    from freshness.scan import stale_scan
    from references.models import Reference

    with connection.cursor() as cursor:  # a first scan: nothing raised yet
        if connection.vendor == "postgresql":
            # Empty tables, as on a new site: a DELETE would leave the last run's 70,000
            # dead rows in the flags' indexes for the first scan to step over.
            cursor.execute("TRUNCATE freshness_historicalstaleflag, freshness_staleflag")
        else:
            cursor.execute("DELETE FROM freshness_historicalstaleflag")
            cursor.execute("DELETE FROM freshness_staleflag")
    out = [(SCAN, "stale scan, first", _once(stale_scan))]
    open_flags = StaleFlag.objects.filter(resolved_at__isnull=True).count()
    out.append((SCAN, "stale scan, daily", _timed(stale_scan, max(3, repeat // 5))))
    retracted = list(Reference.objects.filter(retracted=True).values_list("pk", flat=True))
    Reference.objects.filter(pk__in=retracted[::2]).update(retracted=False)
    out.append((SCAN, "stale scan, resolving", _once(stale_scan)))
    Reference.objects.filter(pk__in=retracted[::2]).update(retracted=True)
    stale_scan()  # back to the seeded state: the flags open again

    def selection():  # which references one status-check run takes (no network)
        refs, _ = checking.due_references()
        return list(refs.values_list("pk", flat=True)[: checking.max_per_run()])

    out.append((SCAN, "reference status batch selection", _timed(selection, 3)))
    print(f"  open stale flags: {open_flags:,}", flush=True)
    return out


def _once(fn) -> dict:
    figures = _timed(lambda: None, 1)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        fn()
        elapsed = (time.perf_counter() - start) * 1000
    figures.update(p50=elapsed, p95=elapsed, queries=len(captured))
    return figures


def measure_all(repeat: int) -> dict:
    results = {}
    for kind, label, fetch in pages():
        results[label] = {"kind": kind, **_timed(fetch, repeat)}
        print(f"  {label:<44} {results[label]['p50']:8.1f} ms", flush=True)
    for kind, label, figures in scans(repeat):
        results[label] = {"kind": kind, **figures}
        print(f"  {label:<44} {results[label]['p50']:8.1f} ms", flush=True)
    return results


TARGETS = {PUBLIC: 30, SEARCH: 50, STAFF: 150}


def print_table(results: dict) -> None:
    """One row per page: p50 / p95 / queries per size, the ratio and the target."""
    sizes = sorted(results)
    labels = list(results[sizes[-1]])
    head = " | ".join(f"{s:,}: p50 / p95 ms, queries" for s in sizes)
    print(f"\n| page | {head} | p50 ratio | same queries | target |")
    print("|---|" + "---|" * len(sizes) + "---|---|---|")
    for label in labels:
        cells, rows = [], [results[s].get(label) for s in sizes]
        for row in rows:
            cells.append(f"{row['p50']:.1f} / {row['p95']:.1f}, {row['queries']}" if row else "–")
        ratio = rows[-1]["p50"] / rows[0]["p50"] if rows[0] and rows[0]["p50"] else 0
        same = "yes" if rows[0] and rows[0]["queries"] == rows[-1]["queries"] else "no"
        kind = rows[-1]["kind"]
        target = TARGETS.get(kind)
        met = f"< {target} ms: {'met' if rows[-1]['p50'] < target else 'NOT met'}" if target else ""
        print(f"| {label} | {' | '.join(cells)} | {ratio:.2f} | {same} | {met} |")
