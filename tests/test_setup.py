"""setup.sh: a project virtualenv from the active one, $PYTHON or python3, and a plain sentence when it cannot.

The tests run the script a partnership's repository gets (templates/new-project/setup.sh), which this
repository's setup.sh sources, in a folder whose requirements.txt asks for nothing, with apt replaced
by a stub that records what it was asked ($CSA_SETUP_APT_GET).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SETUP = ROOT / "templates" / "new-project" / "setup.sh"
FAIL_ON_ENSUREPIP = '#!/bin/sh\ncase "$*" in *ensurepip*) exit 1 ;; esac\nexec {python} "$@"\n'
PYTHON_3_9 = '#!/bin/sh\ncase "$*" in *"print("*) echo 3.9 ;; *) exit 1 ;; esac\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy2(SETUP, folder / "setup.sh")
    (folder / "requirements.txt").write_text("# nothing to install in these tests\n")
    stub = tmp_path / "apt-get"
    stub.write_text(f'#!/bin/sh\necho "$*" >> {tmp_path / "apt.log"}\n')
    stub.chmod(0o755)
    return folder


def script(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o755)
    return path


def setup(project: Path, path: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHON", "GITHUB_PATH", "PYTHONPATH")}
    base["CSA_SETUP_APT_GET"] = str(project.parent / "apt-get")
    if path is not None:
        base["PATH"] = path
    return subprocess.run(
        ["bash", str(project / "setup.sh")], env={**base, **env}, capture_output=True, text=True, check=False
    )


def apt_calls(project: Path) -> list[str]:
    log = project.parent / "apt.log"
    return log.read_text().splitlines() if log.is_file() else []


def base_prefix(python: Path | str) -> str:
    code = "import sys; print(sys.base_prefix)"
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True).stdout


def test_without_a_virtualenv_it_makes_dot_venv_from_the_python_named(project: Path) -> None:
    result = setup(project, PYTHON=sys.executable)
    assert result.returncode == 0, result.stderr
    venv = project / ".venv"
    assert not venv.is_symlink() and (venv / "pyvenv.cfg").is_file()
    assert base_prefix(venv / "bin/python") == base_prefix(sys.executable)
    made = (venv / "pyvenv.cfg").stat().st_mtime_ns
    again = setup(project)  # later runs keep it
    assert again.returncode == 0 and "remaking" not in again.stderr
    assert (venv / "pyvenv.cfg").stat().st_mtime_ns == made


def test_an_active_virtualenv_is_the_project_s_and_dot_venv_links_to_it(project: Path, tmp_path: Path) -> None:
    active = tmp_path / "active"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", active], check=True)
    result = setup(project, VIRTUAL_ENV=str(active), PATH=f"{active / 'bin'}:{os.environ['PATH']}")
    assert result.returncode == 0, result.stderr
    assert (project / ".venv").is_symlink() and (project / ".venv").resolve() == active.resolve()


def test_on_github_actions_the_later_steps_find_the_virtualenv_on_their_path(project: Path, tmp_path: Path) -> None:
    github_path = tmp_path / "github-path"
    result = setup(project, PYTHON=sys.executable, GITHUB_PATH=str(github_path))
    assert result.returncode == 0, result.stderr
    assert github_path.read_text() == f"{project / '.venv' / 'bin'}\n"


def test_a_python_named_that_does_not_exist_is_said_plainly(project: Path) -> None:
    result = setup(project, PYTHON="/nowhere/python3")
    assert (result.returncode, result.stderr) == (1, "setup.sh: PYTHON=/nowhere/python3: no such interpreter\n")
    assert not (project / ".venv").exists()


def test_a_python_older_than_3_11_is_refused_with_what_to_do(project: Path, tmp_path: Path) -> None:
    old = script(tmp_path / "python3.9", PYTHON_3_9)
    result = setup(project, PYTHON=str(old))
    assert result.returncode == 1
    assert result.stderr == (
        f"setup.sh: csa needs Python 3.11 or later; {old} is 3.9: set PYTHON to a newer one (PYTHON=python3.12 ./setup.sh)\n"
    )


def test_without_the_venv_module_apt_is_asked_for_it_then_the_failure_is_plain(project: Path, tmp_path: Path) -> None:
    python = script(tmp_path / "python", FAIL_ON_ENSUREPIP.format(python=sys.executable))
    nothing_installed = tmp_path / "bin"
    nothing_installed.mkdir()
    script(nothing_installed / "dpkg-query", "#!/bin/sh\nexit 1\n")
    result = setup(project, path=f"{nothing_installed}:{os.environ['PATH']}", PYTHON=str(python))
    version = "{}.{}".format(*sys.version_info[:2])
    # the stub installs nothing, so the module is still missing afterwards
    assert apt_calls(project)[-2:] == ["update -qq", f"install -y -qq python{version}-venv"]
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"setup.sh: {python} has no venv module: install python{version}-venv, or set PYTHON to another interpreter"
    )


def test_without_python3_apt_is_asked_for_it_then_the_failure_is_plain(project: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"  # the few commands the script needs, and no python3
    bin_dir.mkdir()
    for command in ("bash", "dirname", "grep", "env"):
        (bin_dir / command).symlink_to(shutil.which(command) or command)
    script(bin_dir / "dpkg-query", "#!/bin/sh\nexit 1\n")  # nothing is installed
    result = setup(project, path=str(bin_dir))
    assert "install -y -qq python3 python3-venv" in apt_calls(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "setup.sh: python3 not found: install Python 3.11 or later (apt-get install python3 python3-venv),"
        " or set PYTHON to one"
    )


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+)\n```", section)


def test_ci_runs_the_readme_s_two_commands_the_build_in_a_bare_environment() -> None:
    build, test = readme_commands()
    assert (build, test) == (
        "./setup.sh && .venv/bin/python build.py",
        "./setup.sh --test && .venv/bin/python -m pytest",
    )
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.rstrip().splitlines()[-1] == test
    assert "env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" in ci
    assert f"bash -c 'cd \"$1\" && {build}'" in ci


def test_this_repository_s_setup_takes_its_steps_from_the_partnership_s() -> None:
    ours = (ROOT / "setup.sh").read_text()
    assert "source templates/new-project/setup.sh" in ours
    for step in ("apt_install", "project_venv", "venv_pip_install", "venv_on_ci_path"):
        assert f"\n{step}" in ours and f"\n{step}() {{" in SETUP.read_text()
