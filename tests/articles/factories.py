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


def article_in_state(state, *, editor, board, admin=None, **kwargs) -> Article:
    """An article brought to ``state`` through the real services."""
    article = ArticleFactory(author=editor, **kwargs)
    actors = {"editor": editor, "board": board, "admin": admin}
    for name, who in PATHS[state]:
        services.article_apply_transition(article=article, actor=actors[who], transition=name)
        article.refresh_from_db()
    return article
