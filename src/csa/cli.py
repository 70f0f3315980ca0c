"""The `csa` command: parse arguments, call the library, print, set the exit code.

Exit codes: 0 success, 1 content problems, 2 usage mistakes (a bad option, or a version or
document that is not there: errors.unknown_value).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from csa import __version__
from csa.atomic import write_file
from csa.build.formats import draft_summary, redline_between, render_diff
from csa.build.jobs import (
    ChangesUnknown,
    all_jobs,
    changed_files,
    jobs_for_changes,
    jobs_github_output,
    jobs_json,
    jobs_text,
)
from csa.build.pipeline import build, load_documents, write_outputs
from csa.build.plan import FORMATS, redline_name
from csa.build.progress import BuildReport
from csa.build.site import render_site
from csa.content.frozen import UNFROZEN
from csa.content.load import find_documents, load_document
from csa.content.schema import NAMES, load_schema
from csa.content.validate import validate as validate_document
from csa.diff.changelog import note_problems
from csa.diff.report import changelog_rows, format_rows
from csa.errors import CsaError, Problem, display_path, unknown_value
from csa.model import Document, version_key
from csa.project import Project, versions_dir
from csa.publish.freeze import freeze
from csa.publish.init import FIRST_NUMBER, ID, Given, check_id, start_document, suggested_id
from csa.publish.new_project import start_project
from csa.publish.new_version import new_version as start_version
from csa.render.env import make_env

if TYPE_CHECKING:
    from csa.publish.read_settings import Merged
    from csa.word.importing.importer import Opened
    from csa.word.importing.reading import Unmapped


class _Context:
    def __init__(self, root: Path, debug: bool) -> None:
        self.project = Project(root)
        self.debug = debug


pass_ctx = click.make_pass_decorator(_Context)


def _out_option(help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:  # noqa: A002 - click's name
    return click.option(
        "--out", type=click.Path(file_okay=False, path_type=Path), default=None, help=f"{help}  [default: ROOT/output]"
    )


def _document_option(help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:  # noqa: A002 - click's name
    return click.option("--document", "-d", "doc_id", metavar="ID", default=None, help=help)


_effective_option = click.option(
    "--effective",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Effective date (YYYY-MM-DD)  [default: first day of --date]",
)

_ONE_DOCUMENT = "Document id (folder under content/); needed only when the version is in several documents."


class _Group(click.Group):
    """Reports content problems (CsaError) as messages with exit status 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except CsaError as exc:
            _print_problems(exc.problems, "text")
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder holding content/ and templates/.",
)
@click.option("--debug", is_flag=True, help="Show Python tracebacks for unexpected errors.")
@click.version_option(__version__, prog_name="csa")
@click.pass_context
def cli(ctx: click.Context, root: Path, debug: bool) -> None:
    """Build Community Safety Agreements from versioned YAML content."""
    ctx.obj = _Context(root, debug)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for Actions annotations.",
)
@pass_ctx
def validate(ctx: _Context, fmt: str) -> None:
    """Check every content file; list all problems with file:line:col (warnings do not fail)."""
    try:
        documents = load_documents(ctx.project)
    except CsaError as exc:
        _print_problems(exc.problems, fmt, exc.warnings)
        sys.exit(1)
    warnings = tuple(w for d in documents for w in d.warnings)
    if fmt == "json":
        _print_problems(warnings, fmt)
    elif fmt == "github":
        _print_problems(warnings, fmt)
    else:
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
        count = sum(len(d.versions) for d in documents)
        found = f"no errors, {len(warnings)} warning(s)" if warnings else "no problems"
        click.echo(f"OK: {len(documents)} document(s), {count} version(s), {found}")


@cli.command("build")
@click.option(
    "--version",
    "versions",
    multiple=True,
    metavar="V",
    help="Build only this version (repeatable).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="Build only this format (repeatable).",
)
@_document_option("Build only this document's outputs.")
@_out_option("Output folder")
@click.option("--force", is_flag=True, help="Rebuild every output, even those the cache says are up to date.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="PDFs rendered at once  [default: one per core]",
)
@pass_ctx
def build_command(
    ctx: _Context,
    versions: tuple[str, ...],
    formats: tuple[str, ...],
    doc_id: str | None,
    out: Path | None,
    force: bool,
    jobs: int | None,
) -> None:
    """Validate, then write HTML and PDF of every changed version into output/."""
    out = out or ctx.project.root / "output"
    _check_versions(ctx.project, versions, doc_id)
    report = BuildReport(interactive=sys.stdout.isatty())
    try:
        with report:
            changed = build(
                ctx.project, out, versions or None, formats or FORMATS, report, force=force, jobs=jobs, document=doc_id
            )
    except CsaError as exc:
        _print_problems(exc.problems, "text")
        if report.rendered_any:  # those listed as rendered were not written: outputs are written only all together
            click.echo(
                f"nothing was written to {out}: a build writes its outputs only when all of them render", err=True
            )
        sys.exit(1)
    click.echo(f"{len(changed)} file(s) written to {out}" if changed else f"{out} is up to date")


@cli.command()
@click.argument("version", required=False)
@click.option("--against", metavar="A", help="Compare with version A instead of the one VERSION supersedes.")
@click.option("--all", "whole", is_flag=True, help="Print the whole table up to VERSION.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Warn about changed chapters that have no change note.")
@_document_option(_ONE_DOCUMENT)
@pass_ctx
def changelog(
    ctx: _Context, version: str | None, against: str | None, whole: bool, fmt: str, strict: bool, doc_id: str | None
) -> None:
    """Print the version-control row of VERSION (default: the latest), written from the diff."""
    document = _load_document(ctx.project, doc_id, {"VERSION": version} if version else {})
    rows = changelog_rows(document, version, against, whole)
    if strict:
        warnings = note_problems(document, strict=True)
        for problem in warnings:
            click.echo(f"warning: {problem}", err=True)
    click.echo(format_rows(rows, fmt))


@cli.command("diff")
@click.argument("old_number", metavar="A")
@click.argument("new_number", metavar="B")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "markdown", "json", "docx"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to FILE instead of standard output (required for pdf; docx: <document>-B-changes-since-A.docx).",
)
@click.option("--author", default=None, help="Who the docx's tracked changes are by (default: the partnership).")
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when what the versions say differs (chapters, dates; not status), 0 when not (as git diff).",
)
@_document_option(_ONE_DOCUMENT)
@pass_ctx
def diff_command(
    ctx: _Context,
    old_number: str,
    new_number: str,
    fmt: str,
    output: Path | None,
    author: str | None,
    exit_code: bool,
    doc_id: str | None,
) -> None:
    """Show what changed from version A to version B: a redline (docx: Word tracked changes) or a summary."""
    if fmt == "pdf" and output is None:
        raise click.UsageError("--format pdf needs -o FILE")
    if author is not None and fmt != "docx":
        raise click.UsageError("--author signs Word's tracked changes: it needs --format docx")
    document = _load_document(ctx.project, doc_id, {"A": old_number, "B": new_number})
    redline = redline_between(document, old_number, new_number)
    data = render_diff(ctx.project, redline, fmt, author)
    if fmt == "docx" and output is None:
        output = Path(Path(redline_name(document, redline.diff.old, redline.diff.new, "docx")).name)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_file(output, data)
        click.echo(f"wrote {output}", err=True)
    if exit_code and redline.diff.content_changed:
        sys.exit(1)


@cli.command()
@click.argument("number", metavar="VERSION")
@_document_option(_ONE_DOCUMENT)
@pass_ctx
def publish(ctx: _Context, number: str, doc_id: str | None) -> None:
    """Mark VERSION published and freeze it: later edits to its files fail validation."""
    chosen = document_for(_versions_by_document(ctx.project), doc_id, {"VERSION": number})
    raw = load_document(ctx.project.document_dir(chosen), ctx.project.root)
    version = next((v for v in raw.versions if v.folder == number), None)
    if version is None:
        raise unknown_value("version", number, [v.folder for v in raw.versions], "VERSION")
    try:
        validate_document(raw)
    except CsaError as exc:  # the version may be marked published by hand, not yet frozen
        blocking = [p for p in exc.problems if p.code != UNFROZEN]
        if blocking:
            raise CsaError(blocking) from None
    frozen = freeze(version)
    write_file(version.path / "version.yaml", frozen.version_yaml.encode("utf-8"))
    click.echo(f"published {raw.id} {number}: {frozen.content}")


@cli.command()
@_out_option("Output folder")
@click.option(
    "--from-built",
    "built",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Build nothing: index the outputs already in DIR (put there by CI jobs), and write the index there.",
)
@pass_ctx
def site(ctx: _Context, out: Path | None, built: Path | None) -> None:
    """Build every version and the site index (index.html, <document>/latest/) for publishing."""
    if built is not None and out is not None:
        raise click.UsageError("--from-built writes the index beside the outputs it lists: leave out --out")
    out = built or out or ctx.project.root / "output"
    if built is None:
        with BuildReport(interactive=sys.stdout.isatty()) as report:
            build(ctx.project, out, progress=report)
    documents = load_documents(ctx.project)
    present = None if built is None else (lambda name: (built / name).is_file())
    pages = render_site(make_env(ctx.project.templates), documents, present)
    write_outputs(out, pages)
    click.echo(f"site written to {out} (open {out / 'index.html'})")


@cli.command()
@click.option("--since", metavar="REF", default=None, help="Only what changed since git revision REF.  [default: all]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="json: a GitHub Actions matrix; github: lines for $GITHUB_OUTPUT (matrix=..., documents=N).",
)
@pass_ctx
def jobs(ctx: _Context, since: str | None, fmt: str) -> None:
    """List the documents to build, one CI job each, with their versions (those a change touches, with --since)."""
    content = ctx.project.content
    if since is None:
        planned = all_jobs(content)
    else:
        try:
            planned = jobs_for_changes(content, changed_files(ctx.project.root, since))
        except ChangesUnknown as exc:
            raise click.BadParameter(str(exc), param_hint="--since") from None
    writers = {"text": jobs_text, "json": jobs_json, "github": jobs_github_output}
    click.echo(writers[fmt](planned))


@cli.command()
@_document_option("Only this document's drafts.")
@pass_ctx
def summary(ctx: _Context, doc_id: str | None) -> None:
    """Markdown summary of each draft version against the one before it (for a CI job summary)."""
    if doc_id is not None:
        document_for(_versions_by_document(ctx.project), doc_id)
    documents = [d for d in load_documents(ctx.project) if doc_id in (None, d.id)]
    env = make_env(ctx.project.templates)
    parts = [draft_summary(env, d, v) for d in documents for v in d.versions if v.status == "draft"]
    click.echo("\n".join(parts) if parts else "No draft versions: nothing proposed for publication.")


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free one).",
)
@_out_option("Output folder kept up to date in the background")
@pass_ctx
def serve(ctx: _Context, port: int, out: Path | None) -> None:
    """Preview in a browser; pages re-render and reload as you edit content or templates."""
    from csa.serve.server import PreviewServer  # lazy: only this command needs the watcher

    try:
        server = PreviewServer(ctx.project, out or ctx.project.root / "output", port, log=click.echo)
    except OSError as exc:
        raise click.UsageError(f"cannot listen on port {port} ({exc.strerror}): choose another with --port") from exc
    click.echo(f"Previewing at {server.url} (Ctrl+C to stop)")
    server.run()


@cli.command("new-version")
@click.argument("number", metavar="VERSION")
@click.option("--date", "printed", required=True, help='Date as the document prints it, e.g. "April 2021".')
@_effective_option
@click.option(
    "--as-at",
    "as_at",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="An action plan's: the date its progress is reported as at (YYYY-MM-DD)  [default: the previous year's]",
)
@_document_option("Document id (folder under content/); needed when there are several.")
@pass_ctx
def new_version(
    ctx: _Context,
    number: str,
    printed: str,
    effective: dt.datetime | None,
    as_at: dt.datetime | None,
    doc_id: str | None,
) -> None:
    """Start VERSION as a draft copy of the latest version."""
    document = _load_document(ctx.project, doc_id, {})
    folder = start_version(
        document,
        ctx.project.content / document.id,
        number,
        printed,
        effective.date() if effective else None,
        as_at.date() if as_at else None,
    )
    click.echo(f"created {folder} (draft, supersedes {document.latest.number})")
    plan = document.latest.plan
    if plan is not None and as_at is None:
        click.echo(
            f"progress as at {plan.as_at.isoformat()}, kept from {document.latest.number}: give --as-at to change it"
        )
    elif as_at is not None:
        click.echo(f"progress as at {as_at.date().isoformat()}")


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--version", "number", required=True, metavar="V", help="Number of the new draft version, e.g. 5.0.")
@click.option(
    "--date", "printed", default=None, help="Date as the document prints it  [default: the month the file was saved]"
)
@_effective_option
@_document_option("Document id (folder under content/)  [default: the one the file was exported from]")
@click.option("--accept-changes", "accept", is_flag=True, help="Accept the file's tracked changes.")
@click.option("--reject-changes", "reject", is_flag=True, help="Reject the file's tracked changes.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_ctx
def import_command(
    ctx: _Context,
    file: Path,
    number: str,
    printed: str | None,
    effective: dt.datetime | None,
    doc_id: str | None,
    accept: bool,
    reject: bool,
    fmt: str,
) -> None:
    """Read FILE (.docx) into a new draft version; print reviewers' comments and what could not be imported."""
    from csa.word.importing.importer import import_version, open_for_import  # lazy: only this command reads Word

    if accept and reject:
        raise click.UsageError("give --accept-changes or --reject-changes, not both")
    opened = open_for_import(file, "accept" if accept else "reject" if reject else "refuse")
    held = _versions_by_document(ctx.project)
    if doc_id is not None and doc_id not in held and (ctx.project.document_dir(doc_id) / "document.yaml").is_file():
        held[doc_id] = set()  # document.yaml written by hand, no versions/ folder yet
    if doc_id is not None and doc_id not in held:
        raise click.UsageError(f"no document {doc_id!r} (to start one from this file: csa init {doc_id} --from {file})")
    if doc_id is not None and not held[doc_id]:
        _import_first(
            ctx, doc_id, opened, Given(printed=printed, effective=effective.date() if effective else None), number, fmt
        )
        return
    if doc_id is None and opened.ids is not None and opened.ids.document in held:
        doc_id = opened.ids.document
    document = _load_document(ctx.project, doc_id, {})
    result = import_version(
        opened,
        document,
        ctx.project.document_dir(document.id),
        number,
        printed,
        effective.date() if effective else None,
    )
    where = display_path(result.folder, ctx.project.root)
    summary = (
        f"imported {file.name} as {where} (draft, supersedes {result.supersedes}):"
        f" {result.chapters} chapter(s), {result.blocks} block(s)"
    )
    if fmt == "text":
        if opened.resolved:
            click.echo(f"{opened.resolved} tracked change(s) {'accepted' if accept else 'rejected'}")
        if result.skipped:
            click.echo(f"skipped (the build writes them): {', '.join(result.skipped)}")
        for kept in result.kept:
            click.echo(kept)
        for comment in result.comments:
            click.echo(f"comment: {comment}")
    _report_import(summary, result.unmapped, result.folder / "review.md", ctx.project, fmt)
    _check_imported(ctx.project, document.id, number, quiet=fmt == "json")


def _import_first(ctx: _Context, doc_id: str, opened: Opened, given: Given, number: str, fmt: str) -> None:
    """The first version of a document that has none yet: the Word document as it is, superseding nothing."""
    from csa.publish.adopt import adopt_first_version

    first = adopt_first_version(ctx.project.document_dir(doc_id), opened, given, number)
    body = first.body
    summary = (
        f"imported {opened.path.name} as the first version of {doc_id}, draft {number}:"
        f" {len(body.chapters)} chapter(s), {sum(len(c.blocks) for c in body.chapters)} block(s)"
    )
    _report_import(summary, body.unmapped, ctx.project.version_dir(doc_id, number) / "review.md", ctx.project, fmt)
    if fmt == "text":
        document_yaml = display_path(ctx.project.document_dir(doc_id) / "document.yaml", ctx.project.root)
        _say_settings(first.settings, document_yaml)
        if first.first_row:
            click.echo(f"the version-control table's first row written to {document_yaml}")
    # a first version has no predecessor to list changes from: build it
    _check_imported(ctx.project, doc_id, number, quiet=fmt == "json", then="next: csa validate && csa build")


def _say_settings(merged: Merged, document_yaml: str) -> None:
    """The settings read from the Word document: those written, those the author's document.yaml already gives."""
    if merged.added:
        keys = ", ".join(s.key for s in merged.added)
        click.echo(f"settings read from the Word document written to {document_yaml}: numbering: {keys}")
    for kept in merged.kept:
        click.echo(
            f"kept numbering: {kept.setting.key}: {_yaml_value(kept.written)} as {document_yaml} gives it"
            f" (the Word document shows {_yaml_value(kept.setting.value)}: {kept.setting.source})"
        )
    if merged.unwritten:
        lines = "".join(f"\n  {s.key}: {_yaml_value(s.value)}  # from {s.source}" for s in merged.unwritten)
        click.echo(
            f"add under settings: numbering: in {document_yaml} (written on one line there, so left as is):{lines}"
        )


def _yaml_value(value: object) -> str:
    return yaml.safe_dump(value, default_flow_style=True).splitlines()[0].removesuffix(" ...")


@cli.command()
@click.option("--accept-changes", "accept", is_flag=True, help="Accept the uploads' tracked changes.")
@click.option("--reject-changes", "reject", is_flag=True, help="Reject the uploads' tracked changes.")
@click.option(
    "--summary",
    "summary_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the Markdown summary to FILE instead of standard output.",
)
@pass_ctx
def inbox(ctx: _Context, accept: bool, reject: bool, summary_file: Path | None) -> None:
    """Import each .docx uploaded into inbox/ as the next draft of its document; remove it; summarise in Markdown.

    Tracked changes are resolved as the document's settings.tracked_changes says (default: refuse
    the upload until they are decided), unless an option here says otherwise.
    """
    from csa.publish.inbox import Taken, summary_markdown, take_all  # lazy: only this command reads Word

    if accept and reject:
        raise click.UsageError("give --accept-changes or --reject-changes, not both")
    results = take_all(ctx.project, "accept" if accept else "reject" if reject else None, dt.date.today())
    text = summary_markdown(make_env(ctx.project.templates), ctx.project, results)
    if summary_file is None:
        click.echo(text, nl=False)
    else:
        write_file(summary_file, text.encode("utf-8"))
    refused = [p for r in results if not isinstance(r, Taken) for p in r.problems]
    for result in results:
        if isinstance(result, Taken):
            where = display_path(result.imported.folder, ctx.project.root)
            click.echo(
                f"imported {result.upload} as {where} (draft, supersedes {result.imported.supersedes})", err=True
            )
    if refused:
        _print_problems(tuple(refused), "text")
        sys.exit(1)


def _check_imported(project: Project, doc_id: str, number: str, quiet: bool = False, then: str = "") -> None:
    """Validate the new version: what needs fixing by hand is said now, not at the next build."""
    try:
        documents = load_documents(project)
    except CsaError as exc:
        folder = f"{doc_id}/versions/{number}/"
        mine = [p for p in exc.problems if folder in p.where.file]
        for problem in mine:
            click.echo(f"to fix: {problem}", err=True)
        click.echo(f"the draft was written, but csa validate reports {len(exc.problems)} problem(s)", err=True)
        return
    del documents
    if not quiet:
        click.echo(then or "next: csa validate && csa changelog " + number)


@cli.command()
@click.argument("doc_id", metavar="ID")
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A Word document (.docx) to be the first version  [default: one chapter to fill in]",
)
@click.option(
    "--title", default=None, help='The document\'s title, e.g. "Dover Community Safety Plan"  [--from: its Title]'
)
@click.option(
    "--partnership", default=None, help="The partnership that owns the document  [--from: its Subtitle or Subject]"
)
@click.option(
    "--version",
    "number",
    default=None,
    help="Number of the first version  [default: 1.0; --from: the version its cover prints, else 1.0]",
)
@click.option(
    "--date", "printed", default=None, help="Date as the document prints it  [default: this month; --from: its date]"
)
@_effective_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--type",
    "doc_type",
    type=click.Choice(["agreement", "report"]),
    default="agreement",
    show_default=True,
    help="report: a committee report to the partnership, one version per meeting.",
)
@click.option("--plan", "plan", default=None, help="A report: the id of the action plan it reports on.")
@pass_ctx
def init(
    ctx: _Context,
    doc_id: str,
    source: Path | None,
    title: str | None,
    partnership: str | None,
    number: str | None,
    printed: str | None,
    effective: dt.datetime | None,
    fmt: str,
    doc_type: str,
    plan: str | None,
) -> None:
    """Start document ID: content/ID/ with document.yaml and a draft first version (of one chapter, or --from a .docx)."""
    if plan is not None and doc_type != "report":
        raise click.BadParameter("only a report names a plan (add --type report)", param_hint="--plan")
    if source is not None:
        if doc_type == "report":
            raise click.BadParameter("a report is started with --type report alone, not --from", param_hint="--from")
        _init_from(
            ctx,
            doc_id,
            source,
            Given(title, partnership, printed, effective.date() if effective else None),
            number,
            fmt,
        )
        return
    for value, option in ((title, "--title"), (partnership, "--partnership")):
        if value is None:
            raise click.UsageError(f"Missing option '{option}'.")
    assert title is not None and partnership is not None
    number = number or FIRST_NUMBER
    printed = printed or dt.date.today().strftime("%B %Y")  # "April 2024"; the clock is read here, not in the library
    folder = start_document(
        ctx.project,
        doc_id,
        title,
        partnership,
        number,
        printed,
        effective.date() if effective else None,
        report_on=plan,
        report=doc_type == "report",
    )
    chapter = ctx.project.version_dir(doc_id, number) / "01-introduction.yaml"
    click.echo(f"created {display_path(folder, ctx.project.root)} ({title}, draft {number} of {printed})")
    click.echo(f"next: edit {display_path(chapter, ctx.project.root)}, then run csa validate and csa build")


@cli.command("new-project")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default=None, help='The first document\'s title, e.g. "Dover Community Safety Plan".')
@click.option("--partnership", default=None, help="The partnership whose repository it is.")
@click.option("--document", "doc_id", metavar="ID", default=None, help="The first document's id  [default: DIR's name]")
@click.option(
    "--version",
    "number",
    default=None,
    help="Number of the first version  [default: 1.0; --from: the version its cover prints, else 1.0]",
)
@click.option("--date", "printed", default=None, help="Date as the document prints it  [default: this month]")
@_effective_option
@click.option(
    "--from",
    "from_docx",
    metavar="FILE.docx",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Start from the partnership's Word document: its first version (title, partnership and date from it).",
)
def new_project(
    folder: Path,
    title: str | None,
    partnership: str | None,
    doc_id: str | None,
    number: str | None,
    printed: str | None,
    effective: dt.datetime | None,
    from_docx: str | None,
) -> None:
    """Start a partnership's repository DIR: its first document, README, workflows and csa pinned."""
    if from_docx is not None:
        given = Given(title, partnership, printed, effective.date() if effective else None)
        _new_project_from(folder, Path(from_docx), doc_id, given, number)
        return
    for value, option in ((title, "--title"), (partnership, "--partnership")):
        if value is None:
            raise click.UsageError(f"Missing option '{option}'.")
    assert title is not None and partnership is not None  # for mypy: checked just above
    number = number or FIRST_NUMBER
    doc_id = _first_document_id(folder, doc_id)
    printed = printed or dt.date.today().strftime("%B %Y")  # the clock is read here, not in the library
    start_project(folder, doc_id, title, partnership, number, printed, effective.date() if effective else None)
    click.echo(f"created {folder} ({partnership}: {title}, draft {number} of {printed}; csa {__version__} pinned)")
    click.echo(f"next: cd {folder} && ./setup.sh && .venv/bin/csa build  (see its README.md)")


def _first_document_id(folder: Path, doc_id: str | None) -> str:
    """--document, else the folder's name when it can be an id; a name that cannot is said to be the folder's
    (the user typed no --document), with the id it would make."""
    if doc_id is not None:
        check_id(doc_id, "--document")
        return doc_id
    name = folder.resolve().name
    if not ID.fullmatch(name):
        raise click.UsageError(
            f"the folder name {name!r} cannot be used as a document id (lower-case letters, digits and hyphens:"
            f" it names the document's folder and every output file): give one with --document, e.g."
            f" --document {suggested_id(name)}"
        )
    return name


def _new_project_from(folder: Path, source: Path, doc_id: str | None, given: Given, number: str | None) -> None:
    from csa.publish.new_project import start_project_from_word

    doc_id = _first_document_id(folder, doc_id)
    adopted = start_project_from_word(folder, doc_id, source, given, number)
    summary = (
        f"created {folder} from {source.name} ({adopted.partnership}: {adopted.title}, draft {adopted.number} of"
        f" {adopted.printed}; {adopted.chapters} chapter(s); csa {__version__} pinned)"
    )
    _report_import(summary, adopted.unmapped, adopted.version_folder / "review.md", Project(folder), "text")
    for note in adopted.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"next: cd {folder} && ./setup.sh && .venv/bin/csa build  (see its README.md)")


def _init_from(ctx: _Context, doc_id: str, source: Path, given: Given, number: str | None, fmt: str) -> None:
    from csa.publish.adopt import adopt_document  # lazy: only starting from Word reads Word
    from csa.word.importing.importer import open_for_import

    adopted = adopt_document(ctx.project, doc_id, open_for_import(source, "refuse"), given, number)
    where = display_path(adopted.folder, ctx.project.root)
    summary = (
        f"created {where} from {source.name} ({adopted.title}, {adopted.partnership}, draft {adopted.number} of"
        f" {adopted.printed}): {adopted.chapters} chapter(s), {adopted.blocks} block(s)"
    )
    _report_import(summary, adopted.unmapped, adopted.version_folder / "review.md", ctx.project, fmt)
    for note in adopted.notes:
        click.echo(f"note: {note}", err=True)
    _check_imported(ctx.project, doc_id, adopted.number, quiet=fmt == "json", then="next: csa validate && csa build")


def _report_import(summary: str, losses: Sequence[Unmapped], review: Path, project: Project, fmt: str) -> None:
    """What arrived, then one line per loss saying what to do, and their count (the same in JSON, for CI)."""
    if fmt == "json":
        lines = [{"place": str(item.place), "what": item.what} for item in losses]
        click.echo(json.dumps({"imported": summary, "to_check": lines, "count": len(lines)}, indent=2))
        return
    click.echo(summary)
    for item in losses:
        click.echo(f"to check: {item}", err=True)
    if losses:
        click.echo(f"{len(losses)} thing(s) to check, listed in {display_path(review, project.root)}", err=True)
    else:
        click.echo("nothing was lost: every paragraph, list and table arrived as it was")


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder to write the JSON Schema files into.",
)
def schema(out: Path) -> None:
    """Write JSON Schemas of the content files, for editors."""

    for name in NAMES:
        path = out / f"{name}.schema.json"
        try:
            out.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(load_schema(name), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(
                f"cannot write the schema files into {out} ({exc.strerror or exc}): give a folder you may write to",
                param_hint="--out",
            ) from None
        click.echo(f"wrote {path}")


def document_for(held: Mapping[str, set[str]], doc_id: str | None, versions: Mapping[str, str] | None = None) -> str:
    """The one document a command works on: the one --document names, the only one, or the only one holding `versions`.

    `held` gives each document's version numbers; `versions` the numbers the command was given, by
    parameter ({"VERSION": "1.0"}). Anything else is a usage mistake that lists the documents.
    """
    known = sorted(held)
    if not known:
        raise click.UsageError("no documents found (expected content/<document>/versions/): is --root right?")
    if doc_id is not None:
        if doc_id not in held:
            raise unknown_value("document", doc_id, known, "--document")
        return doc_id
    if len(known) == 1:
        return known[0]  # a version it does not have is named by the command, as with no --document
    numbers = dict(versions or {})
    holding = [d for d in known if set(numbers.values()) <= held[d]]
    if len(holding) == 1:
        return holding[0]
    for param, number in numbers.items():
        if not any(number in held[d] for d in known):
            raise unknown_value("version", number, sorted(set().union(*held.values()), key=version_key), param)
    raise click.UsageError(f"{_in_several(list(numbers.values()), holding, known)}: choose one with --document")


def _in_several(numbers: list[str], holding: list[str], known: list[str]) -> str:
    """Why no one document could be chosen, naming the documents to choose from."""
    distinct = list(dict.fromkeys(numbers))
    named = f"version {distinct[0]} is" if len(distinct) == 1 else f"versions {' and '.join(distinct)} are"
    if not numbers:
        return f"several documents ({', '.join(known)})"
    if not holding:
        return f"no one document has versions {' and '.join(distinct)} ({', '.join(known)})"
    return f"{named} in several documents ({', '.join(holding)})"


def _versions_by_document(project: Project) -> dict[str, set[str]]:
    """Each document's version numbers, from the folders alone (validation checks that folder and number agree)."""
    folders = find_documents(project.content) if project.content.is_dir() else []
    return {f.name: {v.name for v in versions_dir(f).iterdir() if v.is_dir()} for f in folders}


def _load_document(project: Project, doc_id: str | None, versions: Mapping[str, str]) -> Document:
    """The document a command works on (see document_for), validated with all the others."""
    chosen = document_for(_versions_by_document(project), doc_id, versions)
    return next(d for d in load_documents(project) if d.id == chosen)


def _check_versions(project: Project, versions: tuple[str, ...], doc_id: str | None) -> None:
    """Every --version must be a version folder (read from the folders: a build with nothing to do parses no YAML)."""
    held = _versions_by_document(project)
    if doc_id is not None:
        held = {document_for(held, doc_id): held[doc_id]}
    known = sorted(set().union(*held.values()), key=version_key)
    for number in versions:
        if known and number not in known:  # with no content at all, the build says so
            raise unknown_value("version", number, known, "--version")


def _print_problems(errors: tuple[Problem, ...], fmt: str, warnings: tuple[Problem, ...] = ()) -> None:
    """Errors and the warnings found with them, in file order; the text form ends with their count."""
    problems = sorted((*errors, *warnings), key=lambda p: p.where)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "problems": [
                        {
                            "file": p.where.file,
                            "line": p.where.line,
                            "col": p.where.col,
                            "message": p.message,
                            "hint": p.hint,
                            "severity": p.severity,
                        }
                        for p in problems
                    ]
                },
                indent=2,
            )
        )
        return
    for p in problems:
        if fmt == "github":
            text = p.message + (f" ({p.hint})" if p.hint else "")
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            place = f",line={p.where.line},col={p.where.col}" if p.where.line else ""
            click.echo(f"::{p.severity} file={p.where.file}{place}::{text}")
        else:
            click.echo(f"warning: {p}" if p.severity == "warning" else str(p), err=True)
    if fmt == "text":
        also = f", and {len(warnings)} warning(s)" if warnings else ""
        click.echo(f"{len(errors)} problem(s) found{also}", err=True)


def _plainly(exc: Exception) -> str:
    """An unexpected failure in a sentence: a file the machine refused is named with what to check."""
    if isinstance(exc, OSError) and exc.filename is not None:
        return (
            f"cannot use {exc.filename}: {exc.strerror or exc} (check that the folder exists and that you may"
            " write there, or choose another path)"
        )
    return f"{type(exc).__name__}: {exc} (run with --debug for the traceback)"


def main(argv: list[str] | None = None) -> None:
    """Entry point: content problems exit 1 with their messages, never a traceback."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        # Outside standalone mode click *returns* the code given to ctx.exit() instead of exiting.
        code = cli.main(args=argv, prog_name="csa", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug or an environment fault: say so plainly
        if debug:
            raise
        click.echo(f"error: {_plainly(exc)}", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
