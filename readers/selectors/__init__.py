"""Reads for the public site: which articles readers may see, and everything a page shows.

Every page's queries are decided here, once, and do not grow with the number of versions,
reviewers, comments or citations an article has: the article page reads the newest frozen
``PublishedVersion`` (one row), its related questions, topics and the approving members'
current board entries, each in one query.

Who sees what (defined once in ``articles.visibility``; ``ARTICLES_SHOW_PENDING``, on):
- an article with an approved version: that version, whatever the working copy is doing;
- submitted / under review, never approved: its text, with the caution banner, when the
  setting is on;
- sent back for changes after having been public: still at its URL, with the banner and
  the "Under Review" step, showing the text as it was last submitted (never a 404, never
  the editors' work in progress);
- drafts (never approved): not found; archived: gone (410).
"""

from .article import (
    Approver,
    ArticlePage,
    Gone,
    approved_page,
    archive_record,
    article_page,
    link_citations,
    pending_page,
    preview_page,
    version_page,
)
from .board import CREDENTIALS, board_member, board_members, explain_credentials, policy_page
from .home import (
    PAGE_SIZE,
    HomePage,
    home_articles,
    home_page,
    page_number,
    pending_articles,
    topics,
    with_public_versions,
)
from .visibility import (
    PENDING_PUBLIC_STATES,
    PENDING_STATES,
    STEP_OF_STATE,
    STEPS,
    article_is_public,
    show_pending,
    visible_articles,
)

__all__ = [
    "CREDENTIALS",
    "PAGE_SIZE",
    "PENDING_PUBLIC_STATES",
    "PENDING_STATES",
    "STEPS",
    "STEP_OF_STATE",
    "Approver",
    "ArticlePage",
    "Gone",
    "HomePage",
    "approved_page",
    "archive_record",
    "article_is_public",
    "article_page",
    "board_member",
    "board_members",
    "explain_credentials",
    "home_articles",
    "home_page",
    "link_citations",
    "page_number",
    "pending_articles",
    "pending_page",
    "policy_page",
    "preview_page",
    "show_pending",
    "topics",
    "version_page",
    "visible_articles",
    "with_public_versions",
]
