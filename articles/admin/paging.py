"""The admin's paginator for lists that grow with the site (articles, references).

Django's admin counts the matching rows of every filtered or searched list to number its
pages, and a count reads every match: half a second for "cited references" in a library
of 200,000. This paginator counts at most ``CAP`` matches (a count over a ``LIMIT``), so
a page costs the same whatever the size of the site.

Decisions: past ``CAP`` matches the list says "More than 10,000 …" and pages through the
first ``CAP`` only (narrow the list with a filter or a search to reach the rest); and
"select all across pages" is not offered, because an action would then apply to rows
nobody counted (select rows on the page, or narrow the list first).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    CAP = 10_000
    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list[: self.CAP + 1].count()
        self.capped = counted > self.CAP
        return min(counted, self.CAP)

    @property
    def cap_label(self) -> str:
        return f"{self.CAP:,}"
