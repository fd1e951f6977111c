"""The staff's article search (the admin's search box and its article pickers).

Run on SQLite and on PostgreSQL (where the words come from the stored vectors a trigger
keeps current): the same articles must be found either way.
"""

import pytest
from django.db import connection
from django.urls import reverse

from articles import services
from tests.articles.factories import ArticleFactory

CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def library(editor):
    return {
        "abscess": ArticleFactory(
            author=editor,
            title="How is a psoas abscess drained?",
            slug="psoas-abscess-drainage",
            body="Drainage under ultrasound guidance, with antibiotics for infections.",
        ),
        "fever": ArticleFactory(
            author=editor,
            title="When is a fever dangerous in children?",
            summary="Most fevers pass within three days.",
            alt_body="Clinicians: consider bacteraemia when the temperature persists.",
        ),
        "sleep": ArticleFactory(
            author=editor, title="How much sleep do teenagers need?", body="Eight to ten hours."
        ),
    }


def found(client, term):
    response = client.get(CHANGELIST, {"q": term})
    assert response.status_code == 200
    listed = response.context["cl"].result_list
    return {article.title for article in listed}


def titles(library, *keys):
    return {library[key].title for key in keys}


@pytest.mark.parametrize(
    ("term", "keys"),
    [
        ("psoas", ["abscess"]),  # a word of the title
        ("abscess drain", ["abscess"]),  # part of a title
        ("drainage-", ["abscess"]),  # part of the slug
        ("infect", ["abscess"]),  # the beginning of a word of the body
        ("bacteraemia", ["fever"]),  # the other audience's body
        ("fevers", ["fever"]),  # the summary
        ("ultrasound antibiotics", ["abscess"]),  # every word, anywhere in the text
        ("ultrasound teenagers", []),  # two words of two different articles
        ("HOURS", ["sleep"]),  # whatever the case
        ("pyomyositis", []),
    ],
)
def test_search_finds_titles_slugs_and_the_words_of_the_text(client, editor, library, term, keys):
    client.force_login(editor)
    assert found(client, term) == titles(library, *keys)


def test_an_empty_search_lists_every_article(client, editor, library):
    client.force_login(editor)
    assert found(client, "   ") == titles(library, "abscess", "fever", "sleep")


def test_an_edit_is_found_by_its_new_words_and_no_longer_by_the_old(client, editor, library):
    article = library["sleep"]
    services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body="Melatonin is rarely needed.",
    )
    client.force_login(editor)
    assert found(client, "melatonin") == titles(library, "sleep")
    assert found(client, "eight hours") == set()


def test_a_search_punctuated_like_a_query_language_finds_plain_words(client, editor, library):
    client.force_login(editor)
    assert found(client, "psoas & (abscess | !drain):*") == titles(library, "abscess")
    assert found(client, "'") == set()


def test_the_related_questions_picker_finds_an_article_by_a_word_of_its_body(
    client, editor, library
):
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "related_articles",
            "term": "ultrasound",
        },
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == [library["abscess"].title]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming: PostgreSQL only")
def test_on_postgresql_a_word_finds_its_other_forms(client, editor, library):
    client.force_login(editor)
    assert found(client, "drains") == titles(library, "abscess")  # "drained", "Drainage"
    assert found(client, "infecting") == titles(library, "abscess")  # "infections"
    assert found(client, "sleeping teenager") == titles(library, "sleep")
