"""The package carries its templates, stylesheets and fonts; a project overrides one file with its own copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import csa
from csa.cli import cli

from .conftest import MINI, ROOT
from .test_publishing import actionlint

OWN_BACK_PAGE = '<footer class="back-page">Our own back page for {{ document.title }}</footer>\n'
OWN_COVER = '<header class="cover"><h1 class="cover-title">{{ document.title }}</h1><p>Our own cover</p></header>\n'
FONTS = ("Regular", "Italic", "Bold", "BoldItalic")


def embeds_the_fonts(html: str) -> bool:
    return html.count('src: url("data:font/woff2;base64,') == len(FONTS)


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """The demo content and nothing else: no templates/ of its own."""
    shutil.copytree(MINI, tmp_path / "project")
    return tmp_path / "project"


def build_html(project: Path) -> tuple[int, str, str]:
    """Exit code, output and the built page."""
    result = CliRunner().invoke(cli, ["--root", str(project), "build", "--format", "html"], prog_name="csa")
    page = project / "output/demo/1.0/demo-1.0.html"
    return result.exit_code, result.output, page.read_text("utf-8") if page.is_file() else ""


def test_a_project_without_templates_is_built_with_the_packaged_ones(bare: Path) -> None:
    code, output, html = build_html(bare)
    assert (code, output) == (0, f"rendered demo/1.0/demo-1.0.html\n1 file(s) written to {bare / 'output'}\n")
    assert embeds_the_fonts(html) and '<header class="cover">' in html


def test_one_template_in_the_project_replaces_the_packaged_one_and_the_rest_still_come(bare: Path) -> None:
    (bare / "templates").mkdir()
    (bare / "templates/back-page.html.j2").write_text(OWN_BACK_PAGE)
    code, _, html = build_html(bare)
    assert code == 0
    assert '<footer class="back-page">Our own back page for Demo Safety Agreement</footer>' in html
    assert 'aria-label="Contact and partners"' not in html  # the packaged back page
    assert embeds_the_fonts(html) and '<header class="cover">' in html


def test_the_build_cache_notices_an_overriding_template_come_change_and_go(bare: Path) -> None:
    out = bare / "output"
    rebuilt = (0, f"rendered demo/1.0/demo-1.0.html\n1 file(s) written to {out}\n")
    assert build_html(bare)[:2] == rebuilt
    (bare / "templates").mkdir()
    override = bare / "templates/back-page.html.j2"
    override.write_text(OWN_BACK_PAGE)
    assert build_html(bare)[:2] == rebuilt
    override.write_text(OWN_BACK_PAGE.replace("Our own", "Our edited"))
    code, output, html = build_html(bare)
    assert (code, output, "Our edited back page" in html) == (*rebuilt, True)
    assert build_html(bare)[:2] == (0, f"{out} is up to date\n")
    override.unlink()
    code, output, html = build_html(bare)
    assert (code, output, 'aria-label="Contact and partners"' in html) == (*rebuilt, True)


# --- a real wheel, installed where this checkout cannot be seen ---

SOURCES = ("pyproject.toml", "README.md", "src", "templates")  # what a wheel is built from


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A command without this checkout's src/ on the path, so an installed csa is the one that runs."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout, built from a copy of it (setuptools writes build/ and egg-info beside the sources)."""
    work = tmp_path_factory.mktemp("wheel")
    (work / "src-copy").mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            # symlinks=True: src/csa/templates stays the link to templates/ that the wheel must resolve
            shutil.copytree(
                ROOT / name, work / "src-copy" / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(ROOT / name, work / "src-copy" / name)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", work / "dist", work / "src-copy")
    (built,) = (work / "dist").glob("csa_publisher-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path) -> Path:
    """A fresh venv with the wheel installed; its dependencies are those of the interpreter running the tests.

    `venv --system-site-packages` would see the base interpreter's packages, not those of a virtualenv
    the tests run in: a .pth file names the running interpreter's own site-packages instead.
    """
    venv = wheel.parent.parent / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)  # pip: this one's, below
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = Path(run(venv / "bin/python", "-c", code).stdout.strip())
    running = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
    (purelib / "running-interpreter.pth").write_text("".join(f"{p}\n" for p in running))
    run(sys.executable, "-m", "pip", "--python", venv / "bin/python", "install", "--no-deps", "--quiet", wheel)
    return venv


def test_the_wheel_carries_the_templates_fonts_and_metrics_as_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.removeprefix("csa/templates/") for n in names if n.startswith("csa/templates/")}
    in_repository = {
        p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()
    }
    assert shipped == in_repository
    assert {"csa/render/atkinson-hyperlegible-metrics.json", "csa/content/schema/chapter.schema.json"} <= names


def test_the_installed_csa_builds_a_project_of_content_alone_and_takes_its_own_cover(
    installed: Path, tmp_path: Path
) -> None:
    where = run(installed / "bin/python", "-c", "import csa; print(csa.__file__)").stdout
    assert Path(where).is_relative_to(installed)  # the wheel's copy, not this checkout
    project = tmp_path / "partnership"
    shutil.copytree(ROOT / "content", project / "content")
    run(installed / "bin/csa", "build", "--format", "html", cwd=project)
    page = project / "output/kent-csa/4.0/kent-csa-4.0.html"
    html = page.read_text("utf-8")
    assert embeds_the_fonts(html) and "<svg" in html and "Our own cover" not in html

    (project / "templates").mkdir()
    (project / "templates/cover.html.j2").write_text(OWN_COVER)
    run(installed / "bin/csa", "build", "--format", "html", cwd=project)
    html = page.read_text("utf-8")
    assert '<h1 class="cover-title">Kent Community Safety Agreement</h1><p>Our own cover</p>' in html
    assert embeds_the_fonts(html) and 'aria-label="Contact and partners"' in html  # the rest from the package


def test_the_installed_csa_reports_the_version_its_metadata_has(installed: Path, wheel: Path) -> None:
    """One version everywhere: the source's __version__, the wheel's name and metadata, `csa --version`."""
    metadata = run(
        installed / "bin/python", "-c", "import importlib.metadata as m; print(m.version('csa-publisher'))"
    ).stdout
    assert (wheel.name.split("-")[1], metadata.strip()) == (csa.__version__, csa.__version__)
    assert run(installed / "bin/csa", "--version").stdout == f"csa, version {csa.__version__}\n"


def test_the_package_description_speaks_of_any_partnerships_documents() -> None:
    description = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["description"]
    assert "Kent" not in description
    assert "partnership" in description
    assert all(output in description for output in ("HTML", "PDF", "Word"))


def test_the_installed_csa_starts_a_partnership_repository_that_validates_builds_and_lints(
    installed: Path, tmp_path: Path
) -> None:
    title = ("--title", "Dover Community Safety Plan", "--partnership", "Dover CSP", "--date", "April 2025")
    run(installed / "bin/csa", "new-project", "dover-csp", *title, cwd=tmp_path)
    project = tmp_path / "dover-csp"
    assert (
        run(installed / "bin/csa", "validate", cwd=project).stdout == "OK: 1 document(s), 1 version(s), no problems\n"
    )
    run(installed / "bin/csa", "build", cwd=project)
    assert {p.name for p in (project / "output/dover-csp/1.0").iterdir()} >= {
        f"dover-csp-1.0.{f}" for f in ("html", "pdf", "docx")
    }
    workflows = sorted((project / ".github/workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["publish.yml", "pull-request.yml"]
    result = actionlint(*workflows)
    assert (result.returncode, result.stdout) == (0, "")
