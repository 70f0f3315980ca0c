#!/usr/bin/env bash
# Install csa and what it needs on Debian or Ubuntu, into this folder's virtualenv .venv:
#
#   ./setup.sh && .venv/bin/csa build
#
# Nobody needs to activate anything. The virtualenv is made from $PYTHON if you set it
# (PYTHON=python3.12 ./setup.sh), else from the virtualenv you have active (.venv becomes a
# link to it), else from python3. apt installs the PDF libraries, and python3 and its venv
# module when they are missing (with sudo, which may ask for your password, unless you are root).
# On GitHub Actions .venv/bin is put on the PATH of the later steps, so they can run `csa`.
#
# csa's own setup.sh sources this file for the same steps: the functions below, then main
# only when this file is run.
set -euo pipefail

# WeasyPrint's libraries (Pango, HarfBuzz's subsetter) and the PDF tools the checks use.
CSA_APT_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils qpdf)

setup_fail() {
  printf 'setup.sh: %s\n' "$*" >&2
  exit 1
}

# apt-get install those of the packages not installed yet ($CSA_SETUP_APT_GET replaces apt-get, for tests).
apt_install() {
  command -v dpkg-query >/dev/null || {
    printf 'setup.sh: not Debian or Ubuntu: make sure these (or their equivalents) are installed: %s\n' "$*" >&2
    return 0
  }
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  local apt=(env DEBIAN_FRONTEND=noninteractive "${CSA_SETUP_APT_GET:-apt-get}")
  if [ -z "${CSA_SETUP_APT_GET:-}" ] && [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || setup_fail "installing ${missing[*]} needs root: run this as root, or install sudo"
    apt=(sudo "${apt[@]}")
  fi
  printf 'setup.sh: installing %s with apt\n' "${missing[*]}" >&2
  "${apt[@]}" update -qq >&2
  "${apt[@]}" install -y -qq "${missing[@]}" >/dev/null
}

python_version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])'; }

# The interpreter to make .venv from: $PYTHON, else python3 (from apt if missing), at least 3.11, with venv.
base_python() {
  local python=${PYTHON:-python3}
  if ! command -v "$python" >/dev/null; then
    [ -n "${PYTHON:-}" ] && setup_fail "PYTHON=$PYTHON: no such interpreter"
    apt_install python3 python3-venv
    command -v python3 >/dev/null ||
      setup_fail "python3 not found: install Python 3.11 or later (apt-get install python3 python3-venv), or set PYTHON to one"
  fi
  local version
  version=$(python_version "$python") || setup_fail "$python does not run"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    setup_fail "csa needs Python 3.11 or later; $python is $version: set PYTHON to a newer one (PYTHON=python3.12 ./setup.sh)"
  if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install "python$version-venv"  # Debian and Ubuntu keep the venv module apart
    "$python" -c 'import ensurepip, venv' 2>/dev/null ||
      setup_fail "$python has no venv module: install python$version-venv, or set PYTHON to another interpreter"
  fi
  printf '%s\n' "$python"
}

# Make or reuse .venv and set VENV_PYTHON to its interpreter.
project_venv() {
  local venv=.venv
  if [ -z "${PYTHON:-}" ] && [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
    use_active_venv "$venv"
  elif [ -z "${PYTHON:-}" ] && "$venv/bin/python" -c '' 2>/dev/null; then
    : # made before (or linked to the virtualenv active then): still the project's
  else
    local python
    python=$(base_python)
    if [ -L "$venv" ]; then
      rm "$venv"
    elif [ -e "$venv" ] && [ "$(python_version "$venv/bin/python" 2>/dev/null)" != "$(python_version "$python")" ]; then
      [ -f "$venv/pyvenv.cfg" ] || setup_fail ".venv is in the way and is not a virtualenv: move it elsewhere"
      printf 'setup.sh: remaking .venv with %s\n' "$python" >&2
      rm -rf "$venv"
    fi
    [ -e "$venv" ] || "$python" -m venv "$venv"
  fi
  VENV_PYTHON=$venv/bin/python
  "$VENV_PYTHON" -m pip --version >/dev/null 2>&1 || "$VENV_PYTHON" -m ensurepip --upgrade >/dev/null
}

# The active virtualenv is the project's: .venv links to it.
use_active_venv() {
  local venv=$1 active
  active=$(cd "$VIRTUAL_ENV" && pwd -P)
  [ "$(cd "$venv" 2>/dev/null && pwd -P)" != "$active" ] || return 0
  [ -L "$venv" ] || [ ! -e "$venv" ] ||
    setup_fail "a virtualenv is active ($VIRTUAL_ENV) but .venv is another one: deactivate it, or remove .venv to use the active one"
  ln -sfn "$VIRTUAL_ENV" "$venv"
}

venv_pip_install() {
  "$VENV_PYTHON" -m pip install -q --disable-pip-version-check "$@"
}

# On GitHub Actions, later steps find csa and python on the PATH.
venv_on_ci_path() {
  [ -z "${GITHUB_PATH:-}" ] || printf '%s\n' "$PWD/.venv/bin" >>"$GITHUB_PATH"
}

main() {
  cd "$(dirname "$0")"
  apt_install "${CSA_APT_PACKAGES[@]}"
  project_venv
  venv_pip_install -r requirements.txt  # the csa version this repository pins
  venv_on_ci_path
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
