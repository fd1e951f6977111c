"""Audience versions are substance: one approval covers both; an edit of either voids it."""

from django.urls import reverse

from articles.models import ArticleStatus
from articles.substance import content_hash_of
from review import services
from review.models import Decision
from tests.review.helpers import edit

S = ArticleStatus


def test_editing_only_the_plain_language_version_voids_the_approval(
    assigned, member2, admin_user, board_member, board_member2, editor, run_on_commit
):
    article = assigned.article
    services.review_set_quorum(article=article, actor=admin_user, required_approvals=2)
    second = services.review_assign(article=article, reviewer=member2, actor=admin_user)
    article.refresh_from_db()
    before = (content_hash_of(article), article.content_updated_at)
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)

    run_on_commit(edit, article, editor, alt_body="In plain words: rest and antibiotics.\n")

    article.refresh_from_db()
    assigned.refresh_from_db()
    assert assigned.is_stale  # the approval was for the text without this version
    assert content_hash_of(article) != before[0]
    assert article.content_updated_at > before[1]  # "Last updated" moves
    services.review_decide(assignment=second, actor=board_member2, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW  # one counting approval of the new text, not two


def test_an_approval_freezes_every_audience_version_with_shared_citations(
    assigned, board_member, editor, run_on_commit
):
    article = assigned.article
    run_on_commit(
        edit,
        article,
        editor,
        alt_summary="Usually rest and medicine.",
        alt_body="Doctors treat it with **antibiotics**.\n",
    )
    assigned.refresh_from_db()
    again = article.assignments.pending().get()
    services.review_decide(assignment=again, actor=board_member, decision=Decision.APPROVE)
    article.refresh_from_db()
    version = article.published_versions.get()
    assert article.status == S.APPROVED
    assert version.alt_summary == "Usually rest and medicine."
    assert "<strong>antibiotics</strong>" in version.alt_body_html
    assert version.body == article.body and version.audience == "clinician"
    assert version.content_hash == content_hash_of(article)


def test_the_review_page_shows_both_versions_side_by_side(
    assigned, board_member, editor, client, run_on_commit
):
    article = assigned.article
    run_on_commit(edit, article, editor, alt_body="Plain words for patients.\n")
    client.force_login(board_member)
    html = client.get(reverse("review:article", args=[article.pk])).text
    assert "audience-versions--two" in html
    assert "For patients and caregivers (plain language)" in html
    assert "Plain words for patients." in html and "For clinicians" in html


def test_the_review_page_says_when_there_is_no_other_version(assigned, board_member, client):
    client.force_login(board_member)
    html = client.get(reverse("review:article", args=[assigned.article.pk])).text
    assert "No version for patients and caregivers" in html


def test_the_dashboard_lists_missing_versions_and_the_schedule(
    client, editor, board_member, run_on_commit
):
    import datetime as dt  # noqa: PLC0415

    from django.utils import timezone  # noqa: PLC0415

    from articles import services as article_services  # noqa: PLC0415
    from tests.articles.factories import ArticleFactory  # noqa: PLC0415

    without = ArticleFactory(author=editor, title="Which has no plain version?")
    article_services.article_submit(article=without, actor=editor)  # public, pending review
    ArticleFactory(author=editor, title="Which is a draft?")  # no readers: not listed
    with_both = ArticleFactory(author=editor, title="Which has both?", alt_body="Plain.")
    soon = timezone.now() + dt.timedelta(days=3)
    article_services.article_update(
        article=with_both,
        actor=editor,
        expected_lock_version=with_both.lock_version,
        expires_at=soon,
    )
    client.force_login(editor)
    html = client.get(reverse("review:dashboard")).text
    missing = html[html.index('id="missing-audience"') :]
    assert "Which has no plain version?" in missing and "Which has both?" not in missing
    assert "Which is a draft?" not in missing
    scheduled = html[html.index('id="scheduled"') : html.index('id="missing-audience"')]
    assert "Which has both?" in scheduled and soon.strftime("%Y-%m-%d") in scheduled
    assert without.title not in scheduled


def test_the_missing_versions_list_is_the_visible_articles_by_title_and_bounded(
    editor, board_member, admin_user
):
    from articles import services as article_services  # noqa: PLC0415
    from articles import visibility  # noqa: PLC0415
    from articles.selectors import articles_missing_audience_version  # noqa: PLC0415
    from tests.articles.factories import ArticleFactory  # noqa: PLC0415
    from tests.readers.helpers import approved_article  # noqa: PLC0415

    approved_article(editor, board_member, title="B: approved, clinicians only", prefix="b")
    gone = approved_article(editor, board_member, title="A: approved then archived", prefix="a")
    article_services.article_archive(article=gone, actor=admin_user, comment="Merged.")
    pending = ArticleFactory(author=editor, title="C: pending review")
    article_services.article_submit(article=pending, actor=editor)
    ArticleFactory(author=editor, title="D: a draft")
    listed = [a.title for a in articles_missing_audience_version(20)]
    assert listed == ["B: approved, clinicians only", "C: pending review"]
    expected = visibility.visible_articles().filter(alt_body="").order_by("title")
    assert listed == [a.title for a in expected]
    assert [a.title for a in articles_missing_audience_version(1)] == listed[:1]
