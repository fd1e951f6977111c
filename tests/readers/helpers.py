"""Articles with citations, approved through the real services, for the public-site tests."""

from __future__ import annotations

from articles import services as article_services
from review import services as review_services
from review.models import BoardMember
from tests.articles.factories import UserFactory
from tests.references.factories import ReferenceFactory


def clerk():
    return UserFactory(username="site-clerk", is_superuser=True)


def member_for(user, **profile) -> BoardMember:
    member = BoardMember.objects.filter(user=user).first()
    if member is None:
        member = review_services.board_member_create(
            actor=clerk(),
            user=user,
            display_name=profile.pop("display_name", "Jane Roe"),
            credentials=profile.pop("credentials", "MD, FACP"),
            conflict_disclosure=profile.pop("conflict_disclosure", "Speaker fees from Acme."),
            **profile,
        )
    return member


def cited_body(keys: list[str]) -> str:
    paragraphs = [f"Paragraph {i} says something [@{key}]." for i, key in enumerate(keys, 1)]
    return "## From the research\n\n" + "\n\n".join(paragraphs) + "\n"


def references(n: int, *, prefix: str = "ref") -> list[str]:
    keys = []
    for i in range(n):
        reference = ReferenceFactory(
            key=f"{prefix}{i}", doi=f"10.1000/{prefix}.{i}", pmid=str(1000 + i)
        )
        keys.append(reference.key)
    return keys


def approve(article, board_user) -> None:
    member = member_for(board_user)
    article.refresh_from_db()
    assignment = review_services.review_assign(article=article, reviewer=member, actor=clerk())
    review_services.review_decide(
        assignment=assignment,
        actor=board_user,
        decision="approve",
        evidence_checked=True,
        claims_confirmed=True,
    )
    article.refresh_from_db()


def approved_article(editor, board_user, *, n_refs: int = 2, prefix: str = "ref", **fields):
    keys = references(n_refs, prefix=prefix)
    article = article_services.article_create(
        actor=editor,
        title=fields.pop("title", "What is the treatment for psoas myositis?"),
        summary=fields.pop("summary", "Antibiotics, and drainage of any abscess."),
        body=fields.pop("body", cited_body(keys)),
        **fields,
    )
    article = article_services.article_submit(article=article, actor=editor)
    approve(article, board_user)
    return article


def choose(client, audience: str, *, next: str = "/", origin: str = "http://testserver"):
    """ "Which best describes you?" as the site's own form posts it."""
    from django.urls import reverse

    return client.post(
        reverse("readers:set_audience", args=[audience]), {"next": next}, HTTP_ORIGIN=origin
    )
