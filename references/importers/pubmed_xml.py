"""PubMed XML (``PubmedArticleSet`` as returned by E-utilities efetch or saved from PubMed).

Parsed with defusedxml (the file comes from users: no entity expansion, no external
entities). Each ``PubmedArticle`` / ``PubmedBookArticle`` is one entry. Journal
abbreviation: the NLM ``MedlineTA`` ("Clin Infect Dis"), which is what AMA prints,
falling back to ``ISOAbbreviation``. Titles may hold inline markup (``<i>``, ``<sup>``):
its text is kept, the tags dropped.
"""

from __future__ import annotations

from datetime import date
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from references.data import Author, Kind, ReferenceData, organisation, person
from references.identifiers import clean_doi, clean_pmid
from references.importers.common import (
    EntryError,
    ImportResult,
    collect,
    expand_page_range,
    kind_from_publication_types,
    parse_loose_date,
    strip_final_period,
)


def looks_like(text: str) -> bool:
    head = text[:2000]
    return "<PubmedArticleSet" in head or "<!DOCTYPE PubmedArticleSet" in head


def parse(text: str) -> ImportResult:
    result = ImportResult(format="pubmed_xml")
    try:
        root = SafeET.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        result.errors.append(EntryError(None, line, f"the XML is not well formed ({error})"))
        return result
    except DefusedXmlException as error:
        result.errors.append(EntryError(None, None, f"the XML was refused as unsafe ({error})"))
        return result
    for number, article in enumerate(articles(root), start=1):
        collect(result, article_to_reference(article), number)
    return result


def articles(root: Element) -> list[Element]:
    return [child for child in root if child.tag in {"PubmedArticle", "PubmedBookArticle"}]


def article_to_reference(article: Element) -> ReferenceData:
    if article.tag == "PubmedBookArticle":
        return _book_to_reference(article)
    citation = article.find("MedlineCitation")
    if citation is None:
        return ReferenceData()
    art = citation.find("Article")
    if art is None:
        return ReferenceData(pmid=clean_pmid(_text(citation.find("PMID"))))
    journal = art.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None
    year, published = _pub_date(issue.find("PubDate") if issue is not None else None)
    types = [_text(t) for t in art.findall("PublicationTypeList/PublicationType")]
    return ReferenceData(
        kind=kind_from_publication_types(types),
        title=strip_final_period(_text(art.find("ArticleTitle"))),
        authors=_authors(art.find("AuthorList")),
        container_title=_text(journal.find("Title")) if journal is not None else "",
        container_title_short=_text(citation.find("MedlineJournalInfo/MedlineTA"))
        or (_text(journal.find("ISOAbbreviation")) if journal is not None else ""),
        year=year,
        published=published,
        volume=_text(issue.find("Volume")) if issue is not None else "",
        issue=_text(issue.find("Issue")) if issue is not None else "",
        pages=_pages(art),
        doi=_doi(article, art),
        pmid=clean_pmid(_text(citation.find("PMID"))),
    )


def _book_to_reference(article: Element) -> ReferenceData:
    document = article.find("BookDocument")
    if document is None:
        return ReferenceData(kind=Kind.BOOK)
    book = document.find("Book")
    year, published = _pub_date(book.find("PubDate") if book is not None else None)
    if book is None:
        book = Element("Book")
    author_list = document.find("AuthorList")
    return ReferenceData(
        kind=Kind.BOOK,
        title=strip_final_period(
            _text(document.find("ArticleTitle")) or _text(book.find("BookTitle"))
        ),
        authors=_authors(author_list if author_list is not None else book.find("AuthorList")),
        publisher=_text(book.find("Publisher/PublisherName")),
        publisher_place=_text(book.find("Publisher/PublisherLocation")),
        year=year,
        published=published,
        edition=_text(book.find("Edition")),
        pmid=clean_pmid(_text(document.find("PMID"))),
    )


def _text(node: Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _authors(author_list: Element | None) -> list[Author]:
    if author_list is None:
        return []
    authors = []
    for author in author_list.findall("Author"):
        if author.get("ValidYN", "Y") != "Y":
            continue
        collective = _text(author.find("CollectiveName"))
        if collective:
            authors.append(organisation(collective))
        elif author.find("LastName") is not None:
            given = _text(author.find("ForeName")) or _text(author.find("Initials"))
            authors.append(person(_text(author.find("LastName")), given))
    return authors


def _pub_date(node: Element | None) -> tuple[int | None, date | None]:
    if node is None:
        return None, None
    medline_date = _text(node.find("MedlineDate"))
    if medline_date:
        return parse_loose_date(medline_date)[0], None
    parts = [_text(node.find(tag)) for tag in ("Year", "Month", "Day")]
    return parse_loose_date(" ".join(p for p in parts if p))


def _pages(art: Element) -> str:
    medline = _text(art.find("Pagination/MedlinePgn"))
    if medline:
        return expand_page_range(medline)
    start, end = _text(art.find("Pagination/StartPage")), _text(art.find("Pagination/EndPage"))
    return expand_page_range(f"{start}-{end}" if start and end else start)


def _doi(article: Element, art: Element) -> str:
    for node in art.findall("ELocationID"):
        if node.get("EIdType") == "doi":
            return clean_doi(_text(node))
    for node in article.findall("PubmedData/ArticleIdList/ArticleId"):
        if node.get("IdType") == "doi":
            return clean_doi(_text(node))
    return ""
