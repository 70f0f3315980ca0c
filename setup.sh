#!/usr/bin/env bash
# Install what the project needs on Debian/Ubuntu: fonts and PDF tools from apt,
# the package (editable) from PyPI. --test adds the test tools.
set -euo pipefail
cd "$(dirname "$0")"

apt_packages=(fonts-open-sans libharfbuzz-subset0 poppler-utils qpdf)
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
[ "${1:-}" = "--test" ] && extras="[test]"
python -m pip install -q --disable-pip-version-check --root-user-action=ignore -e ".${extras}"
