"""Markdown never becomes markup: if raw HTML or a bad link got past validation, it would still print as text."""

from __future__ import annotations

import pytest

from csa.inline import render_inline

CASES = [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('<iframe src="https://example.org"></iframe>', '&lt;iframe src="https://example.org"&gt;&lt;/iframe&gt;'),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ('<span style="color:red">red</span>', '&lt;span style="color:red"&gt;red&lt;/span&gt;'),
    ("<!-- hidden -->", "&lt;!-- hidden --&gt;"),
    ("[x](javascript:alert(1))", "<a>x</a>"),
    ("[x](JaVaScRiPt:alert(1))", "<a>x</a>"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "<a>x</a>"),
    ("![secret](file:///etc/passwd)", ""),
    ('[x](#a" onmouseover="alert(1))', '<a href="#a&quot; onmouseover=&quot;alert(1">x</a>)'),
    (
        "[web](https://kent.gov.uk), [mail](mailto:a@kent.gov.uk), [ref](#leads)",
        '<a href="https://kent.gov.uk">web</a>, <a href="mailto:a@kent.gov.uk">mail</a>, <a href="#leads">ref</a>',
    ),
]


@pytest.mark.parametrize("text,html", CASES, ids=[c[0] for c in CASES])
def test_markdown_is_sanitised(text: str, html: str) -> None:
    assert render_inline(text).html == html
