"""A bracket that starts like a citation but does not parse is refused like an unknown key.

Before, ``Unclosed [@crum2004 marker``, ``[@ mallick2004]`` and ``[@]`` passed submission and
reached readers as raw text.
"""

import pytest

from articles import services as article_services
from articles.exceptions import TransitionRefused
from articles.models import ArticleStatus, StateChange
from references.markers import malformed_markers
from tests.articles.factories import ArticleFactory
from tests.references.factories import ReferenceFactory

HINT = " (write [@key] or [@key1; @key2])"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Unclosed [@crum2004 marker", ["'[@crum2004' in paragraph 1"]),
        ("Intro.\n\nSee [@ mallick2004].", ["'[@ mallick2004]' in paragraph 2"]),
        ("A.\n\nB.\n\nEmpty [@] here.", ["'[@]' in paragraph 3"]),
        ("Locator [@liu2011, p. 3].", ["'[@liu2011, p. 3]' in paragraph 1"]),
    ],
)
def test_malformed_markers_are_found_with_their_paragraph(body, expected):
    found = [m.message for m in malformed_markers(body)]
    assert found == [f"malformed citation marker {e}{HINT}" for e in expected]


@pytest.mark.parametrize(
    "body",
    [
        "Fine [@liu2011] and [@liu2011; @crum2004] and [ @liu2011 ].",
        "A link [@liu2011](https://example.org) and a reference link [@x][1].",
        "Code `[@ not a marker]` and escaped \\[@ literal].",
        "```\n[@ fenced]\n```",
        "Prose [see @liu2011] and mail me@example.org.",
    ],
)
def test_valid_markers_links_and_code_are_not_malformed(body):
    assert malformed_markers(body) == []


def test_submit_refuses_each_malformed_marker_naming_it_and_its_paragraph(editor):
    ReferenceFactory(key="crum2004")
    ReferenceFactory(key="mallick2004")
    article = ArticleFactory(
        author=editor,
        body="Unclosed [@crum2004 marker.\n\nSpaced [@ mallick2004].\n\nEmpty [@].",
    )
    with pytest.raises(TransitionRefused) as refused:
        article_services.article_submit(article=article, actor=editor)
    assert refused.value.problems == [
        f"malformed citation marker '[@crum2004' in paragraph 1{HINT}",
        f"malformed citation marker '[@ mallick2004]' in paragraph 2{HINT}",
        f"malformed citation marker '[@]' in paragraph 3{HINT}",
    ]
    assert refused.value.message.startswith("Cannot submit: malformed citation marker")
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert not StateChange.objects.filter(article=article).exists()
