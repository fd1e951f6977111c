"""The project's URLs plus a bare Django view, for bench/public_pages.py."""

import os

from django.http import HttpResponse
from django.urls import include, path

_BARE = ("x" * int(os.environ.get("BENCH_BARE_BYTES", "50000"))).encode()


def bare(request):
    """The floor: a Django view returning a string as long as the article page."""
    return HttpResponse(_BARE, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("config.urls")),
]
