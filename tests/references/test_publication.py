"""What readers will see: linked superscript numbers and the numbered AMA reference list."""

from references import selectors, services
from references.data import Kind, organisation, person
from references.models import Citation
from tests.articles.factories import ArticleFactory
from tests.references.factories import ReferenceFactory

SEVEN = [
    person("Stevens", "Dennis L."),
    person("Bisno", "Alan L."),
    person("Chambers", "Henry F."),
    person("Dellinger", "E. Patchen"),
    person("Goldstein", "Ellie J. C."),
    person("Gorbach", "Sherwood L."),
    person("Hirschmann", "Jan V."),
]


def test_body_markers_become_linked_superscripts_with_ranges_and_lists(editor):
    for key in ("a2001", "b2002", "c2003", "d2004"):
        ReferenceFactory(key=key)
    article = ArticleFactory(
        author=editor,
        body="First [@a2001]. Range [@c2003; @a2001; @b2002]. List [@a2001; @d2004].",
    )
    data = services.article_publication_data(article=article)
    html = data["body_html"]
    assert '<sup class="citation"><a href="#ref-1"' in html
    one, three, four = (f'<a href="#ref-{n}" rel="noopener noreferrer">{n}</a>' for n in (1, 3, 4))
    assert f'<sup class="citation">{one}\u2013{three}</sup>' in html
    assert f'<sup class="citation">{one},{four}</sup>' in html
    assert [r["key"] for r in data["references"]] == ["a2001", "c2003", "b2002", "d2004"]
    assert [r["number"] for r in data["references"]] == [1, 2, 3, 4]


def test_reference_list_entries_are_plain_data_in_ama_style(editor):
    ReferenceFactory(
        key="idsa2014",
        kind=Kind.GUIDELINE,
        title="Practice guidelines for the diagnosis and management of skin and soft tissue "
        "infections: 2014 update by the Infectious Diseases Society of America",
        authors=SEVEN,
        container_title="Clinical Infectious Diseases",
        container_title_short="Clin Infect Dis",
        year=2014,
        volume="59",
        issue="2",
        pages="e10-e52",
        doi="https://doi.org/10.1093/CID/ciu296",
        pmid="24973422",
    )
    ReferenceFactory(
        key="vanco2021",
        kind=Kind.DRUG_LABEL,
        title="Vancomycin hydrochloride for injection",
        authors=[organisation("Hospira, Inc.")],
        manufacturer="Hospira, Inc.",
        container_title="",
        volume="",
        issue="",
        pages="",
        year=2021,
    )
    article = ArticleFactory(author=editor, body="Cover MRSA [@idsa2014; @vanco2021].")
    entries = services.article_publication_data(article=article)["references"]
    guideline, label = entries
    assert guideline == {
        "number": 1,
        "key": "idsa2014",
        "kind": "guideline",
        "kind_label": "Guideline",
        "html": guideline["html"],
        "text": "Stevens DL, Bisno AL, Chambers HF, et al. Practice guidelines for the diagnosis "
        "and management of skin and soft tissue infections: 2014 update by the Infectious "
        "Diseases Society of America. Clin Infect Dis. 2014;59(2):e10-e52. "
        "doi:10.1093/cid/ciu296",
        "doi": "10.1093/cid/ciu296",
        "pmid": "24973422",
        "url": "",
        "retracted": False,
    }
    assert "<i>Clin Infect Dis</i>" in guideline["html"]
    assert label["kind"] == "drug_label"
    assert label["text"].startswith(
        "Hospira, Inc. Vancomycin hydrochloride for injection [package insert]."
    )


def test_formatted_output_is_escaped(editor):
    ReferenceFactory(key="evil2020", title="<script>alert(1)</script> & friends")
    article = ArticleFactory(author=editor, body="See [@evil2020].")
    entry = services.article_publication_data(article=article)["references"][0]
    assert "<script>" not in entry["html"]
    assert "&lt;script&gt;" in entry["html"]
    assert "<script>alert(1)</script> & friends" in entry["text"]


def test_attached_but_uncited_references_are_not_published(editor):
    cited, attached = ReferenceFactory(key="a2001"), ReferenceFactory(key="b2002")
    article = ArticleFactory(author=editor, body="Only [@a2001].")
    services.citation_attach(article=article, reference=attached, actor=editor)
    data = services.article_publication_data(article=article)
    assert [r["key"] for r in data["references"]] == [cited.key]


def _article_citing(editor, count: int, prefix: str):
    keys = [f"{prefix}{n:02d}" for n in range(count)]
    for key in keys:
        ReferenceFactory(key=key)
    body = "\n\n".join(f"Statement {n} [@{key}]." for n, key in enumerate(keys))
    return ArticleFactory(author=editor, body=body)


def test_rendering_takes_a_constant_number_of_queries(editor, django_assert_max_num_queries):
    small, large = _article_citing(editor, 5, "s"), _article_citing(editor, 40, "l")
    # First render creates the citation rows; then the steady state: the same small,
    # fixed number of queries for 5 and for 40 citations.
    with django_assert_max_num_queries(7):
        services.article_publication_data(article=small)
    with django_assert_max_num_queries(7):
        services.article_publication_data(article=large)
    with django_assert_max_num_queries(5) as five:
        services.article_publication_data(article=small)
    with django_assert_max_num_queries(5) as forty:
        data = services.article_publication_data(article=large)
    assert len(five.captured_queries) == len(forty.captured_queries)
    assert len(data["references"]) == 40
    assert Citation.objects.filter(article=large, number__isnull=False).count() == 40


def test_preview_matches_publication_without_writing(editor, django_assert_num_queries):
    for key in ("a2001", "b2002"):
        ReferenceFactory(key=key)
    article = ArticleFactory(author=editor, body="B [@b2002]. A [@a2001; @b2002]. [@x1]")
    with django_assert_num_queries(1):
        preview = selectors.article_preview_data(article)
    assert not Citation.objects.filter(article=article).exists()
    assert preview == services.article_publication_data(article=article)
    assert '<sup class="citation citation--unknown">[?x1]</sup>' in preview["body_html"]


def test_pending_public_page_shows_numbered_citations_and_the_list(client, editor):
    """Readers of a submitted article see numbers and references, never raw [@key] markers."""
    from articles import services as article_services

    ReferenceFactory(key="crum2004", title="Pyomyositis in the United States")
    article = ArticleFactory(author=editor, body="Staph aureus is the usual cause [@crum2004].")
    article_services.article_submit(article=article, actor=editor)
    html = client.get(article.get_absolute_url()).text
    assert "[@crum2004]" not in html
    assert '<sup class="citation"><a href="#ref-1"' in html
    assert 'id="ref-1"' in html and "Pyomyositis in the United States" in html
    assert "Research" in html  # labelled by kind
