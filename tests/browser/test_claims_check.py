"""The clinical claims check as a board member and an editor see it in the browser."""

import pytest

from articles.models import ArticleStatus
from review import services
from safety.models import ReviewPolicy
from tests.articles.factories import article_in_state
from tests.references.factories import ReferenceFactory
from tests.review.factories import BoardMemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BODY = (
    "## Treatment\n\n"
    "Empirical therapy covers *S. aureus*, e.g. with vancomycin [@stevens2014].\n\n"
    "- Vancomycin 15–20 mg/kg i.v. every 8–12 hours.\n"
    "- Drainage is recommended for abscesses over 3 cm.[@stevens2014]\n\n"
    "Mortality is 2–20% depending on the cause. Most people recover completely.\n"
)


def test_a_generalist_approves_dosing_advice_and_is_told_what_is_missing(
    page, live_server, login, shoot, editor, admin_user, board_member
):
    ReferenceFactory(key="stevens2014", title="Practice guidelines for skin infections")
    ReviewPolicy.objects.create(
        name="Dosing needs a pharmacist",
        on_dosing=True,
        required_specialties="Clinical pharmacology, Pharmacist",
    )
    article = article_in_state(
        ArticleStatus.SUBMITTED,
        editor=editor,
        board=board_member,
        body=BODY,
        title="How is psoas abscess treated?",
    )
    member = BoardMemberFactory(
        user=board_member, display_name="Jane Roe", specialties="General practice"
    )
    services.review_assign(article=article, reviewer=member, actor=admin_user)

    login(page, board_member)
    page.goto(f"{live_server.url}/editorial/articles/{article.pk}/")
    panel = page.locator("#claims-check")
    assert "Clinical claims: 1 of 3 claims cited" in panel.locator("h2").first.inner_text()
    uncited = panel.locator(".body .claim--uncovered")
    assert uncited.count() == 2  # the dosing item and the mortality figure
    assert "Vancomycin 15–20 mg/kg i.v. every 8–12 hours." in uncited.first.inner_text()
    page.get_by_label("Approve").check()
    page.get_by_label("I checked the cited evidence").check()
    # The two uncited claims are listed in the decision box, to be confirmed.
    assert page.locator("#my-decision ul.claims-to-confirm li").count() == 2
    page.get_by_label("I checked each claim listed above").check()
    page.get_by_role("button", name="Record decision").click()
    assert "Your decision was recorded." in page.content()
    missing = page.locator(".quorum-missing").inner_text()
    assert "no approval of the current text yet from a member with the specialty" in missing
    assert "Clinical pharmacology or Pharmacist" in missing
    shoot(page, "claims-check-review-page")

    page.context.clear_cookies()  # sign out, then in as the admin who assigns
    login(page, admin_user)
    page.goto(f"{live_server.url}/editorial/articles/{article.pk}/assign/")
    assert "Nobody on the board who can be assigned has the specialty" in page.content()
    shoot(page, "claims-check-assign-page")
