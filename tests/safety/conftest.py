import pytest

from articles.models import Topic
from review import services
from safety.models import ReviewPolicy
from tests.review.factories import BoardMemberFactory

DOSING_BODY = "Give vancomycin 15 mg/kg every 8 hours.[@a]\n"


@pytest.fixture
def pharmacist(board_member2):
    return BoardMemberFactory(
        user=board_member2, display_name="Sam Smith", specialties="Clinical pharmacology"
    )


@pytest.fixture
def generalist(board_member):
    return BoardMemberFactory(
        user=board_member, display_name="Jane Roe", specialties="General practice"
    )


@pytest.fixture
def dosing_policy(db):
    return ReviewPolicy.objects.create(
        name="Dosing needs a pharmacist",
        on_dosing=True,
        required_specialties="Clinical pharmacology, Pharmacist",
    )


@pytest.fixture
def paediatrics(db):
    return Topic.objects.create(name="Paediatrics", slug="paediatrics")


@pytest.fixture
def assign(admin_user):
    def run(article, member):
        article.refresh_from_db()
        return services.review_assign(article=article, reviewer=member, actor=admin_user)

    return run


@pytest.fixture(autouse=True)
def reference_a(db):
    """The library knows ``[@a]``, so bodies citing it can be submitted."""
    from tests.references.factories import ReferenceFactory

    return ReferenceFactory(key="a")
