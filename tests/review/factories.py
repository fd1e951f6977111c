import factory

from review.models import BoardMember
from tests.articles.factories import UserFactory


class BoardMemberFactory(factory.django.DjangoModelFactory):
    """A board member profile; by default for a new user with the Advisory Board role."""

    class Meta:
        model = BoardMember

    user = factory.SubFactory(UserFactory, role="Advisory Board")
    display_name = factory.LazyAttribute(lambda m: m.user.get_full_name() or m.user.get_username())
    credentials = "MD, FACP"
    specialties = "rheumatology, infectious diseases"
    bio = "Consultant physician."
