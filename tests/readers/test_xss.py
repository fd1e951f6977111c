"""Known XSS payloads through every field readers or staff see: none survives.

Each payload carries the marker ``xss``. It goes into an article's title, summary and body,
a cited reference's title and journal, a board member's name, bio and disclosure, a
reader's report and a reader's question; then every page showing them is parsed and
checked: no event handler, no script other than the escaped JSON-LD, no
``javascript:``/``data:``/``vbscript:`` URL, no style carrying the payload, no dangerous
element built from it.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from articles import services as article_services
from readers import services as reader_services
from review import services as review_services
from tests.articles.factories import UserFactory
from tests.readers.helpers import approve, clerk
from tests.references.factories import ReferenceFactory

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "<svg onload=alert('xss')>",
    "<svg><script>alert('xss')</script></svg>",
    "<a href=\"javascript:alert('xss')\">x</a>",
    "<a href=\"JaVaScRiPt:alert('xss')\">x</a>",
    "<a href=\"&#106;avascript:alert('xss')\">x</a>",
    "<a href=\" javascript:alert('xss')\">x</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#xss">x</a>',
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<body onload=alert('xss')>",
    "<div style=\"background:url(javascript:alert('xss'))\">x</div>",
    "<style>@import 'http://evil.example/xss.css';</style>",
    '<p style="color:red" onclick="alert(\'xss\')">x</p>',
    "\"><script>alert('xss')</script>",
    "'><img src=x onerror=alert('xss')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>",
    "<object data=\"javascript:alert('xss')\"></object>",
    "<embed src=\"javascript:alert('xss')\">",
    "<form action=\"javascript:alert('xss')\"><button>x</button></form>",
    "<input autofocus onfocus=alert('xss')>",
    "<details open ontoggle=alert('xss')>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss\')">',
    "<base href=\"javascript:alert('xss')//\">",
    "[click me](javascript:alert('xss'))",
    "![picture](javascript:alert('xss'))",
    "<scr<script>ipt>alert('xss')</script>",
    "</script><script>alert('xss')</script>",
    "<a href=\"vbscript:msgbox('xss')\">x</a>",
    "<video><source onerror=\"alert('xss')\"></video>",
    "<a href=\"java\tscript:alert('xss')\">x</a>",
    '<img src="x" style="x:expression(alert(\'xss\'))">',
]
C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster"}
# Attributes that hold text (escaped), not markup or URLs.
TEXT_ATTRS = {"value", "content", "title", "alt", "aria-label", "placeholder"}
# Tags none of our pages emit: any one of them came from a payload.
NEVER_OURS = {"iframe", "object", "embed", "base", "math", "video", "audio", "source", "frame"}
# Tags that may be ours, but never with something the payload wrote in an attribute.
NOT_FROM_PAYLOAD = {"svg", "img", "input", "details", "button", "style"}


class Inspector(HTMLParser):
    """Collects what would execute, load or restyle something the payload controls."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: str | None = None
        self._script_type = ""
        self._style = False

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        for name, value in attrs:
            # As a browser reads a URL: outer spaces and controls dropped, tabs and newlines
            # removed anywhere (so "java\tscript:" is "javascript:").
            plain = value.strip(C0_AND_SPACE)
            plain = plain.replace("\t", "").replace("\n", "").replace("\r", "").lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRS and plain.startswith(BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and ("xss" in plain or "expression(" in plain):
                self.problems.append(f"<{tag} style={value!r}>")
        if tag in NEVER_OURS:
            self.problems.append(f"<{tag}>")
        if tag in NOT_FROM_PAYLOAD and any(
            "xss" in v.lower() for n, v in attrs if n not in TEXT_ATTRS
        ):
            self.problems.append(f"<{tag}> built from the payload")
        if tag == "meta" and "http-equiv" in dict(attrs):
            self.problems.append("<meta http-equiv>")
        if tag == "style":
            self._style = True
        if tag == "script":
            self._script, self._script_type = "", dict(attrs).get("type", "")

    def handle_endtag(self, tag):
        if tag == "style":
            self._style = False
        if tag == "script" and self._script is not None:
            if self._script_type == "application/ld+json":
                if "<" in self._script:
                    self.problems.append("raw < inside JSON-LD")
                json.loads(self._script)
            elif "xss" in self._script:
                self.problems.append(f"script: {self._script[:60]!r}")
            self._script = None

    def handle_data(self, data):
        if self._style and "xss" in data:
            self.problems.append("style element from the payload")
        if self._script is not None:
            self._script += data


def assert_safe(html: str, where: str) -> None:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    assert not inspector.problems, f"{where}: {inspector.problems}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_never_survives_anywhere(client, editor, board_member, payload):
    member = review_services.board_member_create(
        actor=clerk(),
        user=board_member,
        display_name=f"Dr {payload}"[:120],
        credentials="MD",
        bio=f"Bio {payload}",
        conflict_disclosure=f"Disclosure {payload}",
    )
    reference = ReferenceFactory(
        key="xssref", title=f"Trial {payload}", container_title=f"J {payload}"
    )
    article = article_services.article_create(
        actor=editor,
        title=f"Q {payload}"[:255],
        summary=f"Summary {payload}",
        body=f"Body {payload} cited [@{reference.key}].\n\n{payload}\n",
    )
    article = article_services.article_submit(article=article, actor=editor)
    pending_html = client.get(article.get_absolute_url()).text
    assert_safe(pending_html, "pending article page")
    approve(article, board_member)
    reader_services.feedback_submit(
        article=article, kind="other", message=f"Report {payload}", client="9.9.9.9"
    )
    reader_services.question_submit(
        question=f"Question {payload}", asked_on=article, client="9.9.9.8"
    )
    pages = {
        "article page": article.get_absolute_url(),
        "home": "/",
        "search": "/?" + __import__("urllib.parse").parse.urlencode({"q": payload}),
        "board page": "/advisory-board/",
        "sitemap": "/sitemap.xml",
        "sitemap page": "/sitemap-articles.xml",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_safe(response.text, where)
        if where in ("article page", "board page"):
            assert "xss" in response.text  # the payload is there, as harmless text
    staff = UserFactory(username="xss-admin", is_superuser=True)
    client.force_login(staff)
    staff_pages = {
        "reader inbox": "/reader-feedback/",
        "admin reports": "/admin/readers/feedback/",
        "admin questions": "/admin/readers/followupquestion/",
        "admin board member": f"/admin/review/boardmember/{member.pk}/change/",
        "editorial review page": f"/editorial/articles/{article.pk}/",
    }
    from readers.models import Feedback  # noqa: PLC0415

    staff_pages["admin report"] = f"/admin/readers/feedback/{Feedback.objects.get().pk}/change/"
    for where, url in staff_pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_safe(response.text, where)
        if where == "reader inbox":
            assert "Report " in response.text and "Question " in response.text


def test_the_inspector_catches_what_it_must(db):
    """The checker itself: unsanitised versions of the payloads are caught."""
    caught = 0
    for payload in PAYLOADS:
        inspector = Inspector()
        inspector.feed(f"<p>{payload}</p>")
        caught += bool(inspector.problems)
    assert caught >= 25
