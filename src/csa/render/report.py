"""The report to the partnership as an HTML page (also the PDF's source). Pure, like render/html.py."""

from __future__ import annotations

from jinja2 import Environment

from csa import __version__
from csa.content.report import PartnershipReport
from csa.render.references import references_to

REPORT = "report/report.html.j2"


def render_report(env: Environment, report: PartnershipReport, plan_href: str | None) -> str:
    """The report as one self-contained page; `plan_href` links the attached plan (its page beside the report).

    None for the PDF's source: a relative link would be written into the PDF as the absolute
    path it was built in, and two builds in different folders would differ.
    """
    with references_to(report.document, report.version):
        return env.get_template(REPORT).render(
            report=report,
            document=report.document,
            version=report.version,
            part=None,
            generator_version=__version__,
            plan_href=plan_href,
        )
