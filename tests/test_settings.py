"""Document settings (`settings:` in document.yaml): a partnership words and lays out its own document."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from csa.build.pipeline import Project, build, load_documents
from csa.build.site import render_site
from csa.cli import cli
from csa.diff.changelog import row_for
from csa.render.env import make_env

WORDS = """partners: [Demo Police]
settings:
  words:
    partners: Working with
    email: "E-mail:"
    phone: "Telephone:"
    refreshed: "{title} reviewed"
    site_title: Demo partnership plans
"""


def with_settings(root: Path, settings: str) -> Path:
    document = root / "content/demo/document.yaml"
    document.write_text(document.read_text(encoding="utf-8") + settings, encoding="utf-8")
    return root


def page(root: Path) -> str:
    out = root / "output"
    build(Project(root), out, formats=["html"])
    return (out / "demo/1.0/demo-1.0.html").read_text(encoding="utf-8")


def test_the_back_page_prints_the_documents_words(mini: Path) -> None:
    html = page(with_settings(mini, WORDS))
    assert '<h2 class="partners-title">Working with</h2>' in html
    assert "<p>E-mail: <a" in html and "<p>Telephone: 01234 567890</p>" in html
    assert "In partnership with" not in html and "Tel:" not in html


def test_the_defaults_are_the_kent_wording(mini: Path) -> None:
    html = page(with_settings(mini, "partners: [Demo Police]\n"))
    assert '<h2 class="partners-title">In partnership with</h2>' in html
    assert "<p>Email: <a" in html and "<p>Tel: 01234 567890</p>" in html


def test_the_generated_row_and_the_site_use_the_documents_words(mini: Path) -> None:
    with_settings(mini, WORDS)
    result = CliRunner().invoke(cli, ["--root", str(mini), "new-version", "2.0", "--date", "April 2021"])
    assert result.exit_code == 0, result.output
    (document,) = load_documents(Project(mini))
    row = row_for(document, document.version("2.0"))  # type: ignore[arg-type]
    assert row is not None and row.changes[0] == "Demo Safety Agreement reviewed"
    index = render_site(make_env(mini / "templates"), [document])["index.html"].decode()
    assert "<h1>Demo partnership plans</h1>" in index and "Community Safety Agreements" not in index


def test_an_unknown_word_is_refused_with_its_place(mini: Path) -> None:
    with_settings(mini, "settings:\n  words:\n    emial: 'E-mail:'\n")
    result = CliRunner().invoke(cli, ["--root", str(mini), "validate"])
    assert result.exit_code == 1
    assert "content/demo/document.yaml:17:5: unknown key 'emial'" in result.output
    assert "did you mean 'email'?" in result.output
