"""The PDF write step's speed-ups (render/pdf.py) change nothing a reader or a byte compare can see."""

from __future__ import annotations

import gc

import pydyf

from csa.render import pdf as render_pdf


def _uncached(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    return tuple(render_pdf._UNCACHED_PAGE_REFERENCES.fget(pdf))


def test_page_references_follow_pages_added_after_a_read() -> None:
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({}))
    first = pdf.page_references
    pdf.add_page(pydyf.Dictionary({}))
    assert first == _uncached(pdf)[:1]
    assert pdf.page_references == _uncached(pdf)
    assert len(pdf.page_references) == 2


def test_page_references_are_read_once_per_page_count() -> None:
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({}))
    assert pdf.page_references is pdf.page_references


def test_the_collector_sees_every_object_again_after_writing() -> None:
    with render_pdf._laid_out_pages_frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
