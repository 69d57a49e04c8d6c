#!/usr/bin/env bash
# Set up a fresh Debian machine for the report compiler, then build the report.
#   bash bootstrap.sh            # install what is missing, then `invoke build`
#   bash bootstrap.sh --no-build # install only
set -euo pipefail
cd "$(dirname "$0")"

# System packages: fonts for Chinese and Latin text, HarfBuzz's subsetter (fast
# font subsetting in WeasyPrint), Pango for WeasyPrint, Cairo for figure bitmaps.
# The test suite also opens the outputs as readers do: LibreOffice for the DOCX,
# Chromium for the HTML.
SYSTEM_PACKAGES=(fonts-noto-cjk fonts-noto-core libharfbuzz-subset0 libpango-1.0-0
                 libpangoft2-1.0-0 libcairo2 fontconfig
                 libreoffice-writer-nogui chromium)
missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

if [ "${1:-}" != "--no-build" ]; then
  invoke build
fi
