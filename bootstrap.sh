#!/usr/bin/env bash
# Set up a fresh Debian machine for the report compiler, then build the report.
#   bash bootstrap.sh            # install what is missing, then `.venv/bin/invoke build`
#   bash bootstrap.sh --no-build # install only
# Python packages go into a project virtual environment, .venv/, installed from
# requirements.lock with hashes: Debian's own Python refuses system-wide pip
# installs (PEP 668), and every machine gets the same bytes. PYTHON=/path/to/python3
# chooses the interpreter that makes .venv (default: python3, which must be 3.11 or newer).
set -euo pipefail
cd "$(dirname "$0")"

# System packages: fonts for Chinese and Latin text (and emoji), HarfBuzz's
# subsetter (fast font subsetting in WeasyPrint), Pango for WeasyPrint, Cairo
# for figure bitmaps, venv for Debian's Python. The test suite also opens the
# outputs as readers do: LibreOffice for the DOCX, Chromium for the HTML.
SYSTEM_PACKAGES=(fonts-noto-cjk fonts-noto-core fonts-noto-color-emoji libharfbuzz-subset0
                 libpango-1.0-0 libpangoft2-1.0-0 libcairo2 fontconfig python3-venv
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

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "bootstrap.sh: $PYTHON is missing or older than 3.11 — install Python 3.11+ or set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "creating .venv with $("$PYTHON" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
  "$PYTHON" -m venv .venv
fi

export PIP_DISABLE_PIP_VERSION_CHECK=1
.venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
.venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .

if [ "${1:-}" != "--no-build" ]; then
  .venv/bin/invoke build
fi
