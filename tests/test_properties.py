"""Random YAML and Markdown: the only outcomes are a clean result or a reported problem.

Never a crash (any other exception) and never a hang (hypothesis deadlines).
Profiles are registered in conftest.py; CI uses the same ~200 examples per property.
"""

from __future__ import annotations

import dataclasses
import re

import yaml
from hypothesis import given
from hypothesis import strategies as st

from csa.content.load import RawDocument, load_document, load_text
from csa.content.validate import validate
from csa.errors import CsaError, Mark, Problem
from csa.inline import render_inline
from csa.nodes import Map, to_plain

from .conftest import MINI

CHAPTER = "content/demo/versions/1.0/03-plans.yaml"
RAW = load_document(MINI / "content/demo", MINI)

# Characters that matter to YAML's grammar, mixed with words, so the parser is reached in all its states.
YAML_PIECES = st.sampled_from(
    [":", ": ", "-", "- ", "[", "]", "{", "}", ",", "&a", "*a", "!", "!!python/object", "|", ">", "'", '"', "#",
     "\t", "\n", "  ", "?", "%", "@", "`", "kind", "title", "blocks", "paragraph", "x", "1.0", "2020-13-45",
     "\ufeff", "\x07", "\u2028", "é", "~", "null", "<b>", "[x](#y)"]
)  # fmt: skip
yaml_like = st.lists(YAML_PIECES, max_size=60).map("".join)

scalars = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates().map(str),
)
plain_data = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=20,
)

markdown_text = st.lists(
    st.one_of(
        st.text(max_size=10),
        st.sampled_from(
            [
                "*",
                "**",
                "_",
                "^",
                "[",
                "]",
                "(",
                ")",
                "<",
                ">",
                "!",
                "#",
                "`",
                "\\",
                "&",
                ";",
                "\n",
                "\n\n",
                "<script>",
                "</script>",
                "<img src=x onerror=alert(1)>",
                "<a href='javascript:x'>",
                "javascript:",
                "data:text/html,",
                "file:///etc/passwd",
                "#anchor",
                "https://kent.gov.uk",
                "mailto:a@b",
                "&lt;",
                "<!--",
                "-->",
                "<![CDATA[",
                "]]>",
                "1^st^",
                "    ",
                "1. ",
                "- ",
                "> ",
            ]
        ),  # fmt: skip
    ),
    max_size=30,
).map("".join)


texts = markdown_text.filter(str.strip)  # wrong types come from plain_data below
items = st.lists(
    st.one_of(texts, st.fixed_dictionaries({"text": texts}, optional={"bullets": st.lists(texts, min_size=1)})),
    min_size=1,
    max_size=3,
)
cell = st.one_of(
    texts,
    texts,
    st.fixed_dictionaries(
        {},
        optional={
            "text": texts,
            "paragraphs": st.lists(texts, min_size=1, max_size=2),
            "bullets": items,
            "numbers": items,
            "span": st.integers(min_value=1, max_value=3),
        },
    ),
)
cells = st.lists(cell, min_size=1, max_size=4)
header_count = st.integers(min_value=0, max_value=3)
FIGURE_SOURCES = ["figures/chart.svg", "figures/none.png", "../x.svg", "/etc/passwd", "http://127.0.0.1/x.png", ""]
# Each block type with a value of roughly the right shape (so validation gets past the schema
# into the block reader), or now and then anything at all.
BLOCK_VALUES = {
    "numbered": texts,
    "paragraph": texts,
    "heading": texts,
    "bullets": items,
    "numbers": items,
    "table": st.fixed_dictionaries(
        {"rows": st.lists(cells, min_size=1, max_size=3)},
        optional={"header": cells, "caption": texts, "header_rows": header_count, "header_columns": header_count},
    ),
    "note": st.one_of(texts, st.fixed_dictionaries({}, optional={"title": texts, "text": texts, "bullets": items})),
    "figure": st.fixed_dictionaries(
        {"src": st.sampled_from(FIGURE_SOURCES), "alt": texts}, optional={"caption": texts}
    ),
    "signature": st.fixed_dictionaries({"name": texts}, optional={"roles": st.lists(texts)}),
}
blocks = st.sampled_from(sorted(BLOCK_VALUES)).flatmap(
    lambda kind: st.fixed_dictionaries(
        {kind: st.one_of(BLOCK_VALUES[kind], BLOCK_VALUES[kind], BLOCK_VALUES[kind], plain_data)},
        optional={"id": st.sampled_from(["a", "leads", "Bad Id", "introduction", "plans-1"])},
    )
)
chapters = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["foreword", "chapter", "chapter", "appendix", "appendix", "other"]),
        "title": st.one_of(texts, texts, texts, plain_data),
        "blocks": st.lists(blocks, max_size=6),
    }
)


def with_chapter(text: str) -> RawDocument:
    """The demo document with 03-plans.yaml replaced by `text`."""
    version = RAW.versions[0]
    plans, problems = load_text(text, CHAPTER)
    chapters = tuple((cid, plans if cid == "plans" else f) for cid, f in version.chapters)
    return dataclasses.replace(
        RAW, versions=(dataclasses.replace(version, chapters=chapters),), problems=(*RAW.problems, *problems)
    )


# YAML ends a line at each of these; the problem for a control character counts "\n" alone.
# Either way, the place named must be one an editor can go to.
YAML_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def is_inside(mark: Mark, text: str) -> bool:
    """True if line and column name a character of `text`, or the end of a line (1-based)."""
    if not mark.line:
        return mark.col == 0  # the whole file
    for lines in (YAML_LINE_BREAK.split(text), text.split("\n")):
        if 1 <= mark.line <= len(lines) and 1 <= mark.col <= len(lines[mark.line - 1]) + 1:
            return True
    return False


def assert_reported_in(problems: list[Problem] | tuple[Problem, ...], text: str) -> None:
    """Each problem has words to read, and one in the edited chapter points inside it."""
    for problem in problems:
        assert isinstance(problem, Problem) and problem.message.strip(), problem
        if problem.where.file == CHAPTER:
            assert is_inside(problem.where, text), f"{problem} is outside the text {text!r}"


def validates_or_reports(text: str) -> None:
    """The demo with `text` as its plans chapter either validates, keeping the chapter, or says what is wrong."""
    try:
        document = validate(with_chapter(text))
    except CsaError as exc:
        assert exc.problems, "a CsaError must say what is wrong"
        assert_reported_in(exc.problems, text)
    else:
        assert [c.id for c in document.versions[0].chapters] == ["foreword", "introduction", "leads", "plans"]


def loads_or_reports(text: str) -> None:
    """Loading never raises; whatever it refuses is reported inside the file it read."""
    loaded, problems = load_text(text, CHAPTER)
    assert loaded.intact == (not problems)
    assert {problem.where.file for problem in problems} <= {CHAPTER}
    assert_reported_in(problems, text)


@given(yaml_like)
def test_loader_reports_yaml_like_text_inside_the_file(text: str) -> None:
    loads_or_reports(text)


@given(st.text(max_size=200))
def test_loader_reports_any_text_inside_the_file(text: str) -> None:
    loads_or_reports(text)


@given(plain_data)
def test_loader_reads_back_what_yaml_writes(data: object) -> None:
    """Any plain data PyYAML writes loads cleanly to the same data: the refusals only hit what authors never mean."""
    # Escaped, not allow_unicode: PyYAML would write U+0085 raw, and then read it as a line break.
    loaded, problems = load_text(yaml.safe_dump(data), CHAPTER)
    assert problems == []
    assert to_plain(loaded.root) == data


@given(yaml_like)
def test_validator_reports_or_accepts_yaml_like_text(text: str) -> None:
    validates_or_reports(text)


@given(plain_data)
def test_validator_reports_or_accepts_any_data(data: object) -> None:
    validates_or_reports(yaml.safe_dump(data))


@given(chapters)
def test_validator_reports_or_accepts_chapter_shaped_data(chapter: dict[str, object]) -> None:
    validates_or_reports(yaml.safe_dump(chapter))


ALLOWED_TAG = re.compile(r"</?(em|strong|sup|br|p|code)>|<a>|<a href=\"([^\"]*)\">|</a>")


@given(markdown_text)
def test_markdown_never_becomes_markup(text: str) -> None:
    html = render_inline(text).html
    for tag in re.findall(r"<[^>]*>", html):
        match = ALLOWED_TAG.fullmatch(tag)
        assert match, tag
        href = match.group(2)
        assert href is None or re.match(r"(https?:|mailto:|#|[^:]*$)", href), href


@given(markdown_text)
def test_markdown_in_a_paragraph_is_accepted_or_reported(text: str) -> None:
    validates_or_reports(yaml.safe_dump({"kind": "appendix", "title": "Plans", "blocks": [{"paragraph": text}]}))


def test_the_demo_itself_is_valid() -> None:
    """Without this, every property above could pass by reporting a problem in the fixture."""
    assert isinstance(RAW.versions[0].chapters[3][1].root, Map)
    assert validate(with_chapter((MINI / CHAPTER).read_text())).versions
