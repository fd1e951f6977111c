"""Public pages: the list of articles readers may see and a simple article page."""

from django.http import Http404
from django.shortcuts import render

from .selectors import public_article, public_articles, public_view


def article_list(request):
    articles = [public_view(article, with_body=False) for article in public_articles()]
    return render(request, "articles/article_list.html", {"articles": articles})


def article_detail(request, slug: str):
    page = public_article(slug=slug)
    if page is None:
        raise Http404("No published article here.")
    return render(request, "articles/article_detail.html", {"page": page})
