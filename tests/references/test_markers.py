import markdown
import pytest

from references.markers import (
    Marker,
    UnknownKey,
    compress_numbers,
    find_markers,
    number_citations,
    render_markers,
    unknown_keys,
)

BODY = """\
Psoas abscess is rare [@mallick2004].
Empirical therapy should cover MRSA [@liu2011; @stevens2014].

Drainage is usually percutaneous [@mallick2004; @crum2004].

```python
refs = "[@not_a_citation]"
```

Inline `[@also_not]` code is skipped [@chiedozi1979].
"""


def sup(*links):
    return f'<sup class="citation">{"".join(links)}</sup>'


def a(n):
    return f'<a href="#ref-{n}">{n}</a>'


def test_find_markers_reports_keys_offsets_and_locations():
    markers = find_markers(BODY)
    assert [m.keys for m in markers] == [
        ("mallick2004",),
        ("liu2011", "stevens2014"),
        ("mallick2004", "crum2004"),
        ("chiedozi1979",),
    ]
    assert [(m.paragraph, m.line) for m in markers] == [(1, 1), (1, 2), (2, 4), (4, 10)]
    first = markers[0]
    assert BODY[first.start : first.end] == "[@mallick2004]"
    assert isinstance(first, Marker)


def test_code_blocks_and_spans_are_ignored():
    keys = {k for m in find_markers(BODY) for k in m.keys}
    assert "not_a_citation" not in keys
    assert "also_not" not in keys


def test_tilde_fences_and_unclosed_fences_are_ignored():
    body = "~~~\n[@a]\n~~~\n\n[@b]\n\n```\n[@c]\n"
    assert [m.keys for m in find_markers(body)] == [("b",)]


def test_double_backtick_code_span():
    assert find_markers("``code with ` and [@a]`` then [@b]")[0].keys == ("b",)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("[@smith2019]", ("smith2019",)),
        ("[ @a ;@b;  @c ]", ("a", "b", "c")),
        ("[@doe:2020.v2]", ("doe:2020.v2",)),
        ("[@who-2023/amr]", ("who-2023/amr",)),
        ("[@_under]", ("_under",)),
        ("[@9lives]", ("9lives",)),
    ],
)
def test_key_syntax(text, keys):
    assert find_markers(text)[0].keys == keys


@pytest.mark.parametrize(
    "text",
    [
        "[see @smith2019]",  # prefixes are not supported
        "[@smith2019, p. 33]",  # nor locators
        "[@smith2019.]",  # trailing punctuation is not part of a key
        "[@link](https://example.org)",  # a Markdown link
        "\\[@escaped]",
        "email me @home",
        "[@]",
        "[-@a]",
    ],
)
def test_not_markers(text):
    assert find_markers(text) == []


def test_number_citations_by_first_appearance():
    assert number_citations(BODY) == {
        "mallick2004": 1,
        "liu2011": 2,
        "stevens2014": 3,
        "crum2004": 4,
        "chiedozi1979": 5,
    }


def test_render_markers_superscript_links():
    numbers = number_citations(BODY)
    rendered = render_markers(BODY, numbers)
    assert f"rare{sup(a(1))}." in rendered
    assert f"MRSA{sup(a(2), ',', a(3))}." in rendered
    assert f"percutaneous{sup(a(1), ',', a(4))}." in rendered
    assert 'refs = "[@not_a_citation]"' in rendered
    assert "`[@also_not]`" in rendered


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("@c; @a; @b", sup(a(1), "\u2013", a(3))),  # 3 consecutive: en dash range, sorted
        ("@a; @b", sup(a(1), ",", a(2))),  # 2 consecutive: a list
        ("@a; @d", sup(a(1), ",", a(4))),
        ("@a; @b; @d; @e; @f; @g", sup(a(1), ",", a(2), ",", a(4), "\u2013", a(7))),
        ("@b; @b", sup(a(2))),  # duplicates collapse
    ],
)
def test_render_group_compression(keys, expected):
    numbers = {k: n for n, k in enumerate("abcdefg", start=1)}
    assert render_markers(f"[{keys}]", numbers) == expected


def test_compress_numbers():
    assert compress_numbers([5, 1, 2, 3, 9, 10]) == [(1, 3), (5, 5), (9, 9), (10, 10)]
    assert compress_numbers([]) == []


def test_render_custom_link_is_escaped():
    out = render_markers("[@a]", {"a": 1}, link=lambda n: f'/refs?n={n}&x="y"')
    assert out == sup('<a href="/refs?n=1&amp;x=&quot;y&quot;">1</a>')


def test_unknown_keys_render_visibly_and_escaped():
    out = render_markers("See [@a; @bad<key>x_y].", {"a": 1})
    assert out == (
        f"See{sup(a(1))}"
        '<sup class="citation citation--unknown">&#91;?bad&lt;key&gt;x&#95;y&#93;</sup>.'
    )


def test_only_unknown_keys():
    out = render_markers("[@ghost]", {})
    assert out == '<sup class="citation citation--unknown">&#91;?ghost&#93;</sup>'


def test_rendered_source_survives_markdown():
    """render_markers runs before Markdown; the raw inline HTML must come through."""
    body = "Cover MRSA [@a; @b; @c] and [@zz_top].\n\n`[@a]` stays code."
    html = markdown.markdown(render_markers(body, {"a": 1, "b": 2, "c": 3}))
    assert (
        '<p>Cover MRSA<sup class="citation"><a href="#ref-1">1</a>\u2013'
        '<a href="#ref-3">3</a></sup> and'
        '<sup class="citation citation--unknown">&#91;?zz&#95;top&#93;</sup>.</p>'
    ) in html
    assert "<code>[@a]</code>" in html


def test_unknown_keys_locations_and_message():
    found = unknown_keys(BODY, {"mallick2004", "liu2011", "crum2004"})
    assert found == [
        UnknownKey("stevens2014", 1, 2),
        UnknownKey("chiedozi1979", 4, 10),
    ]
    key, paragraph, line = found[0]
    assert (key, paragraph, line) == ("stevens2014", 1, 2)
    assert found[1].message == "unknown citation key 'chiedozi1979' in paragraph 4"


def test_unknown_keys_none_when_all_known():
    assert unknown_keys(BODY, number_citations(BODY)) == []


def test_paragraph_counting_with_fence_without_blank_lines():
    body = "Intro [@a]\n```\ncode\n\nmore code\n```\nAfter [@b]\n\n\n\nLast [@c]"
    assert [(m.paragraph, m.line) for m in find_markers(body)] == [(1, 1), (3, 7), (4, 11)]


def test_empty_body():
    assert find_markers("") == []
    assert number_citations("") == {}
    assert render_markers("", {}) == ""


def test_crlf_line_endings():
    body = "One [@a]\r\n\r\n```\r\n[@x]\r\n```\r\nTwo [@b]\r\n"
    assert [(m.keys, m.paragraph, m.line) for m in find_markers(body)] == [
        (("a",), 1, 1),
        (("b",), 3, 6),
    ]


def test_superscript_follows_the_word_without_a_space():
    html = render_markers("caused by S aureus [@a]. Also [@a; @b] here.", {"a": 1, "b": 2})
    assert html.startswith('caused by S aureus<sup class="citation">')
    assert 'Also<sup class="citation">' in html
    assert render_markers("[@a] starts a line", {"a": 1}).startswith("<sup")
