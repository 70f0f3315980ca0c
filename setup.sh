#!/usr/bin/env bash
# Install what the project needs on Debian/Ubuntu into the project's virtualenv .venv:
# PDF libraries and tools from apt, the package (editable) from PyPI. The fonts are the
# project's own (templates/fonts/). Then `.venv/bin/python build.py`; nobody activates anything.
# .venv is made from $PYTHON if set, else the active virtualenv is used, else python3
# (see templates/new-project/setup.sh: a partnership's repository made by `csa new-project`
# gets that file as its own setup.sh, and this one sources it for the same steps).
# --test adds the test tools: a headless Chromium and Java for the
# accessibility and workflow checkers, which come from npm (tests/node/package-lock.json),
# and pandoc and LibreOffice Writer, which read the .docx files the tests build.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=templates/new-project/setup.sh
source templates/new-project/setup.sh

testing=false
[ "${1:-}" = "--test" ] && testing=true
debian_chromium=true
# shellcheck disable=SC1091
[ -r /etc/os-release ] && [ "$(. /etc/os-release && echo "$ID")" = ubuntu ] && debian_chromium=false

apt_packages=("${CSA_APT_PACKAGES[@]}")
if $testing; then
  apt_packages+=(pandoc libreoffice-writer-nogui)
  # Debian packages the headless Chromium; Ubuntu has Chromium only as a snap, so there the
  # tests use the build of the same shell that Playwright downloads (below).
  $debian_chromium && apt_packages+=(chromium-headless-shell)
  # Node and Java may be installed some other way (nvm, a JDK): only ask apt when they are missing.
  command -v npm >/dev/null || apt_packages+=(nodejs npm)
  command -v java >/dev/null || apt_packages+=(default-jre-headless)
fi
apt_install "${apt_packages[@]}"

project_venv
extras=""
$testing && extras="[test]"
venv_pip_install -e ".${extras}"
venv_on_ci_path

if $testing; then
  # --ignore-scripts: vnu-jar's install script would try to download a Java runtime; Debian's is used.
  (cd tests/node && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  $debian_chromium || (cd tests/node && npx playwright-core install --with-deps chromium-headless-shell)
  # The checkers need Node.js 20 or later; Debian 12's is 18: then a Node.js 22 from npm's own
  # binary package, in tests/node/runtime/, which the tests prefer (tests/helpers.py, NODE).
  if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
    npm install --prefix tests/node/runtime --no-save --no-audit --no-fund --loglevel=error "node-linux-$arch@22"
  fi
fi
