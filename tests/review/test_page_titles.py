"""One style of page title across the workspace: "<the page's heading> | Editorial workspace"."""

import re

import pytest
from django.urls import reverse


def title_and_heading(page):
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    heading = re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)).strip()
    return title, heading


@pytest.mark.parametrize("name", ["dashboard", "my_reviews", "my_articles", "article", "assign"])
def test_each_title_is_the_heading_then_the_workspace(client, assigned, admin_user, name):
    client.force_login(admin_user)
    args = [assigned.article.pk] if name in {"article", "assign"} else []
    page = client.get(reverse(f"review:{name}", args=args)).content.decode()
    title, heading = title_and_heading(page)
    assert title == f"{heading} | Editorial workspace"
    assert "<style" not in page.split("<main", 1)[1]  # styles live in the stylesheet
