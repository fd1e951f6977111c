"""References made through the real service, so the cached AMA output is filled in."""

from __future__ import annotations

import factory

from references import services
from references.data import Kind, ReferenceData, person
from references.models import Reference
from tests.articles.factories import UserFactory


def librarian():
    """A superuser who records test references in the history."""
    return UserFactory(username="librarian", is_superuser=True)


class ReferenceFactory(factory.Factory):
    """``ReferenceFactory(key="liu2011", doi=...)``: any ReferenceData field, plus ``key``."""

    class Meta:
        model = ReferenceData

    kind = Kind.RESEARCH
    title = factory.Sequence(lambda n: f"Pyomyositis in temperate climates, part {n}")
    authors = factory.LazyFunction(lambda: [person("Crum", "Nancy F.")])
    container_title = "The American Journal of Medicine"
    container_title_short = "Am J Med"
    year = factory.Sequence(lambda n: 1950 + n % 70)
    volume = "117"
    issue = "6"
    pages = "420-428"

    @classmethod
    def _create(cls, model_class, *args, key: str = "", actor=None, **kwargs) -> Reference:
        data = model_class(*args, **kwargs)
        reference, _ = services.reference_create(actor=actor or librarian(), data=data, key=key)
        return reference
