"""The one way the apps above ``articles`` take part in an article's life.

``articles`` never imports the apps that build on it, yet their rules must hold in the
same transaction as the article's own (the citation list follows the body; an approval of
the old text stops counting; a body citing a retracted paper cannot be approved). Each app
writes one subclass of ``ArticleExtension``, overriding what it needs, and the setting
``ARTICLE_EXTENSIONS`` lists them **in the order they run**. Everything that happens on
submit, approve, edit or a transition is therefore answered by that list and this class:

===================  =====================================================  ==============
method               when                                                   may
===================  =====================================================  ==============
submit_problems      before submit *and* before approve (what could not     refuse (read)
                     be submitted cannot be approved)
approve_problems     before approve only (the board's quorum)               refuse (read)
warnings             at submit and at every save (never refuses)            read
substance           what an approval vouches for besides the text (the      read
                     cited sources); part of the content hash
preview              how a text that is not approved is shown (numbered     read
                     citations); the first extension answering wins
after_edit           after create, edit and revert, in the transaction      write
after_transition     after every transition, in the transaction             write
sources_changed      a cited source of the article was corrected, in the    write
                     transaction of that correction
expired              the schedule applied the article's expiry date         write
===================  =====================================================  ==============

The admin's article page takes ``admin_editor_tools`` (templates beside an editable
body), ``admin_panels`` (templates shown whatever the state) and ``admin_columns``
(callables added to the changelist) from the same list.

An in-transaction method that raises rolls the whole action back. After-commit fan-out
(the page cache) uses the signals in ``articles.signals``; no rule depends on those.
A system check (``articles.E001``) refuses to start when a listed path does not import or
is not an ``ArticleExtension``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import checks
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from .models import Article


class ArticleExtension:
    """Every method does nothing: override what your app adds."""

    admin_editor_tools: tuple[str, ...] = ()
    admin_panels: tuple[str, ...] = ()
    admin_columns: tuple[Any, ...] = ()

    def submit_problems(self, article: Article) -> list[str]:
        return []

    def approve_problems(self, article: Article) -> list[str]:
        return []

    def warnings(self, article: Article) -> list[str]:
        return []

    def substance(self, article: Article) -> dict[str, Any]:
        return {}

    def preview(self, article: Article) -> dict | None:
        return None

    def after_edit(self, article: Article, *, actor, substance_changed: bool) -> None:
        return None

    def after_transition(
        self, article: Article, *, actor, transition: str, source: str, target: str, comment: str
    ) -> None:
        return None

    def sources_changed(self, article: Article, *, actor, reference) -> None:
        return None

    def expired(self, article: Article, *, action: str, at) -> None:
        return None


def load(setting: str, base: type) -> tuple:
    """Instances of the classes listed in ``settings.<setting>``, in order (cached)."""
    return _load(setting, base)


@cache
def _load(setting: str, base: type) -> tuple:
    instances = []
    for path in getattr(settings, setting):
        cls = import_string(path)
        if not (isinstance(cls, type) and issubclass(cls, base)):
            raise TypeError(f"{setting}: {path} is not a subclass of {base.__name__}.")
        instances.append(cls())
    return tuple(instances)


def _forget(*, setting: str, **kwargs) -> None:
    if setting.endswith("_EXTENSIONS"):
        _load.cache_clear()


setting_changed.connect(_forget, dispatch_uid="articles.extensions.forget")


def check_listed(setting: str, base: type, check_id: str) -> list[checks.CheckMessage]:
    """System check: every path in ``settings.<setting>`` imports and subclasses ``base``."""
    errors = []
    for path in getattr(settings, setting, ()):
        try:
            cls = import_string(path)
        except ImportError as error:
            errors.append(
                checks.Error(f"{setting}: {path} cannot be imported ({error}).", id=check_id)
            )
            continue
        if not (isinstance(cls, type) and issubclass(cls, base)):
            errors.append(
                checks.Error(f"{setting}: {path} is not an {base.__name__}.", id=check_id)
            )
    return errors


@checks.register()
def check_article_extensions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return check_listed("ARTICLE_EXTENSIONS", ArticleExtension, "articles.E001")


def extensions() -> tuple[ArticleExtension, ...]:
    return load("ARTICLE_EXTENSIONS", ArticleExtension)


# --- what articles.services and the admin call --------------------------------------


def _unique(items: Iterator[str]) -> list[str]:
    """Each problem once, in order: two extensions naming one problem say it once."""
    return list(dict.fromkeys(items))


def submit_problems(article: Article) -> list[str]:
    return _unique(p for ext in extensions() for p in ext.submit_problems(article))


def approve_problems(article: Article) -> list[str]:
    """What refuses an approval: every submit problem, then the approval-only ones."""
    return _unique(
        [
            *submit_problems(article),
            *(p for ext in extensions() for p in ext.approve_problems(article)),
        ]
    )


def warnings(article: Article) -> list[str]:
    return _unique(w for ext in extensions() for w in ext.warnings(article))


def substance(article: Article) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for ext in extensions():
        merged.update(ext.substance(article))
    return dict(sorted(merged.items()))


def preview(article: Article) -> dict | None:
    for ext in extensions():
        data = ext.preview(article)
        if data is not None:
            return data
    return None


def after_edit(article: Article, *, actor, substance_changed: bool) -> None:
    for ext in extensions():
        ext.after_edit(article, actor=actor, substance_changed=substance_changed)


def after_transition(article: Article, **change: Any) -> None:
    for ext in extensions():
        ext.after_transition(article, **change)


def sources_changed(article: Article, *, actor, reference) -> None:
    for ext in extensions():
        ext.sources_changed(article, actor=actor, reference=reference)


def expired(article: Article, *, action: str, at) -> None:
    for ext in extensions():
        ext.expired(article, action=action, at=at)


def admin_editor_tools() -> list[str]:
    return [t for ext in extensions() for t in ext.admin_editor_tools]


def admin_panels() -> list[str]:
    return [t for ext in extensions() for t in ext.admin_panels]


def admin_columns() -> list[Any]:
    return [c for ext in extensions() for c in ext.admin_columns]
