import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles import services
from articles.models import Article, ArticleStatus


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw")
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft written by ``author``; use ``article_in_state`` for other states."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"What is question number {n}?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    summary = "A short answer."
    body = "## From the Research\n\nSome evidence.\n"
    author = factory.SubFactory(UserFactory, role="Editors")


# The walk through the workflow to reach each state, with the role that takes each step.
PATHS = {
    ArticleStatus.DRAFT: [],
    ArticleStatus.SUBMITTED: [("submit", "editor")],
    ArticleStatus.UNDER_REVIEW: [("submit", "editor"), ("start_review", "board")],
    ArticleStatus.CHANGES_REQUESTED: [
        ("submit", "editor"),
        ("start_review", "board"),
        ("request_changes", "board"),
    ],
    ArticleStatus.APPROVED: [("submit", "editor"), ("start_review", "board"), ("approve", "board")],
    ArticleStatus.ARCHIVED: [("archive", "admin")],
}


def approve_through_board(article: Article, board_user):
    """Approve the way the product does: a board member assigned and deciding ``approve``.

    Returns the published version. The member profile is made for ``board_user`` if needed.
    """
    from review import services as review_services
    from review.models import BoardMember

    member = BoardMember.objects.filter(user=board_user).first()
    clerk = UserFactory(username="review-clerk", is_superuser=True)
    if member is None:
        member = review_services.board_member_create(actor=clerk, user=board_user)
    article.refresh_from_db()
    assignment = review_services.review_assign(article=article, reviewer=member, actor=clerk)
    review_services.review_decide(
        assignment=assignment,
        actor=board_user,
        decision="approve",
        evidence_checked=True,
        claims_confirmed=True,
    )
    article.refresh_from_db()
    return article.published_versions.first()


def article_in_state(state, *, editor, board, admin=None, **kwargs) -> Article:
    """An article brought to ``state`` through the real services (approval by the board)."""
    article = ArticleFactory(author=editor, **kwargs)
    actors = {"editor": editor, "board": board, "admin": admin}
    for name, who in PATHS[state]:
        if name == "approve":
            approve_through_board(article, board)
        elif who == "board":
            # The board's own transitions, as the review takes them.
            with services.board_decision():
                services.article_apply_transition(
                    article=article, actor=actors[who], transition=name
                )
        else:
            services.article_apply_transition(article=article, actor=actors[who], transition=name)
        article.refresh_from_db()
    return article
