"""A redline in each format `csa diff` writes: html, pdf, markdown, json or docx (Word tracked changes)."""

from __future__ import annotations

import json

from jinja2 import Environment

from csa.build.plan import previous_in_repository
from csa.diff.compare import compare_versions
from csa.diff.jsonform import diff_to_json
from csa.diff.redline import Redline, build_redline
from csa.diff.report import require_version
from csa.model import Document, Version
from csa.project import Project


def redline_between(document: Document, old_number: str, new_number: str) -> Redline:
    """The redline of two versions given by number; unknown numbers are reported as problems."""
    old, new = require_version(document, old_number, "A"), require_version(document, new_number, "B")
    return build_redline(document, compare_versions(old, new))


def render_diff(project: Project, redline: Redline, fmt: str, author: str | None = None) -> bytes:
    """A redline as html, pdf, markdown, json or docx bytes; `author` signs a docx's tracked changes."""
    from csa.render.env import make_env  # lazy: the renderers (WeasyPrint) cost more to import than a diff
    from csa.render.html import (
        part_css,
        redline_styles,
        render_redline,
        render_redline_parts,
        render_redline_print_css,
        render_summary,
    )
    from csa.render.pdf import render_paged_pdf

    env = make_env(project.templates)
    if fmt == "docx":
        from csa.word.redline import redline_docx

        document, diff = redline.document, redline.diff
        folders = (project.version_dir(document.id, diff.old.folder), project.version_dir(document.id, diff.new.folder))
        return redline_docx(env, redline, author or document.partnership, folders)
    if fmt == "json":
        return (json.dumps(diff_to_json(redline), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "markdown":
        return render_summary(env, redline).encode("utf-8")
    if fmt == "html":
        return render_redline(env, redline).encode("utf-8")
    new = redline.diff.new
    base = project.version_dir(redline.document.id, new.folder)
    roots = [project.content, project.templates]
    styles = [redline_styles(env), *render_redline_print_css(env)]  # as the build's redline PDF is made
    return render_paged_pdf(
        render_redline_parts(env, redline), base, roots, "redline", new.effective, styles, part_css(env)
    )


def draft_summary(env: Environment, document: Document, version: Version) -> str:
    """`csa summary`'s Markdown for one draft: against the version before it in the repository."""
    from csa.render.html import render_summary  # lazy, as above

    previous = previous_in_repository(document, version)
    if previous is None:
        return (
            f"{document.id} {version.number} is a draft with no earlier version in the repository:"
            " nothing to compare yet (the version-control table starts with this version)."
        )
    return render_summary(env, redline_between(document, previous.number, version.number))
