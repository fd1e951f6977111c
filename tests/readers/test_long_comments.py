"""Found by the XSS run on PostgreSQL: a long name or comment must not break a transition."""

from articles import services as article_services
from tests.articles.factories import article_in_state


def test_a_long_transition_comment_is_kept_whole_and_the_history_reason_fits(editor, board_member):
    article = article_in_state("under_review", editor=editor, board=board_member)
    comment = "Please cite the 2024 guideline for the dosing table. " * 6
    with article_services.board_decision():
        article_services.article_request_changes(
            article=article, actor=board_member, comment=comment
        )
    assert article.state_changes.last().comment.strip() == comment.strip()
    reason = article.history.first().history_change_reason
    assert len(reason) <= 100 and reason.startswith("article.request_changes")
