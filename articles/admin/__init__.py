"""The article admin: ``articles`` registers the models; ``forms``, ``mixins`` and ``views``
hold its forms, the mixins the other apps' admins share, and the pages beside the change
form (an action's form, history, compare, revert); ``paging`` the paginator of the lists
that grow with the site."""

from . import articles  # noqa: F401  (registers the models)
from .mixins import ReadOnlyAdminMixin, ServiceErrorsMixin
from .paging import CappedPaginator

__all__ = ["CappedPaginator", "ReadOnlyAdminMixin", "ServiceErrorsMixin"]
