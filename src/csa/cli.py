"""The `csa` command: parse arguments, call the library, print, set the exit code.

Exit codes: 0 success, 1 content problems, 2 usage mistakes (click's own).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__
from .build import FORMATS, Project, build, load_documents
from .errors import CsaError, Problem
from .new_version import new_version as start_version
from .progress import BuildReport


class _Context:
    def __init__(self, root: Path, debug: bool) -> None:
        self.project = Project(root)
        self.debug = debug


pass_ctx = click.make_pass_decorator(_Context)


def _out_option(help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:  # noqa: A002 - click's name
    return click.option(
        "--out", type=click.Path(file_okay=False, path_type=Path), default=None, help=f"{help}  [default: ROOT/output]"
    )


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
    """Check every content file; list all problems with file:line:col."""
    try:
        documents = load_documents(ctx.project)
    except CsaError as exc:
        _print_problems(exc.problems, fmt)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps({"problems": []}))
    elif fmt == "text":
        count = sum(len(d.versions) for d in documents)
        click.echo(f"OK: {len(documents)} document(s), {count} version(s), no problems")


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
    out: Path | None,
    force: bool,
    jobs: int | None,
) -> None:
    """Validate, then write HTML and PDF of every changed version into output/."""
    out = out or ctx.project.root / "output"
    with BuildReport(interactive=sys.stdout.isatty()) as report:
        changed = build(ctx.project, out, versions or None, formats or FORMATS, report, force=force, jobs=jobs)
    click.echo(f"{len(changed)} file(s) written to {out}" if changed else f"{out} is up to date")


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
    from .serve import PreviewServer  # lazy: only this command needs the watcher

    try:
        server = PreviewServer(ctx.project, out or ctx.project.root / "output", port, log=click.echo)
    except OSError as exc:
        raise click.UsageError(f"cannot listen on port {port} ({exc.strerror}): choose another with --port") from exc
    click.echo(f"Previewing at {server.url} (Ctrl+C to stop)")
    server.run()


@cli.command("new-version")
@click.argument("number", metavar="VERSION")
@click.option("--date", "printed", required=True, help='Date as the document prints it, e.g. "April 2021".')
@click.option(
    "--effective",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Effective date (YYYY-MM-DD)  [default: first day of --date]",
)
@click.option(
    "--document",
    "doc_id",
    default=None,
    help="Document id (folder under content/) when there are several.",
)
@pass_ctx
def new_version(ctx: _Context, number: str, printed: str, effective: dt.datetime | None, doc_id: str | None) -> None:
    """Start VERSION as a draft copy of the latest version."""
    documents = load_documents(ctx.project)
    if doc_id is None and len(documents) > 1:
        raise click.UsageError("several documents: choose one with --document")
    chosen = [d for d in documents if doc_id in (None, d.id)]
    if not chosen:
        raise click.BadParameter(f"no document {doc_id!r}", param_hint="--document")
    document = chosen[0]
    folder = start_version(
        document,
        ctx.project.content / document.id,
        number,
        printed,
        effective.date() if effective else None,
    )
    click.echo(f"created {folder} (draft, supersedes {document.latest.number})")


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
    from .schema import NAMES, load_schema  # lazy: keeps `csa build` with nothing to do quick

    out.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(load_schema(name), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        click.echo(f"wrote {path}")


def _print_problems(problems: tuple[Problem, ...], fmt: str) -> None:
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
            click.echo(f"::{p.severity} file={p.where.file},line={p.where.line},col={p.where.col}::{text}")
        else:
            click.echo(str(p), err=True)
    if fmt == "text":
        click.echo(f"{len(problems)} problem(s) found", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: content problems exit 1 with their messages, never a traceback."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="csa", standalone_mode=False)
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
        click.echo(f"error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        sys.exit(1)
