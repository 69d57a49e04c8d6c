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
VENV="${VENV:-.venv}"
REQUIREMENTS="${REQUIREMENTS:-requirements.lock}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "bootstrap.sh: $PYTHON is missing or older than 3.11 — install Python 3.11+ or set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
# A venv left half-made by an interrupted run (no interpreter, or no pip in it) is made anew.
if [ -d "$VENV" ] && ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  echo "removing the incomplete $VENV"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV with $("$PYTHON" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
  "$PYTHON" -m venv "$VENV"
fi

# The lock names every package, pip and setuptools included, each with its hashes, and is
# installed as it stands, with --no-deps: pip resolves nothing, so no newer release on the
# package index can change or refuse the set-up (Debian's pip 23.0 otherwise looks up an extra
# a package asks for, fonttools[woff], on the index and fails the hash check). The locked pip,
# setuptools and wheel go first, so that a source-only package (jieba) is built with them rather
# than with tools fetched for its build; `pip check` then proves the lock complete. Each step
# can simply be run again after a failure.
locked_blocks() {  # the lock's entries (pin and hashes) of the packages named
  awk -v names=" $* " '/^[^ #]/ { keep = index(names, " " substr($0, 1, index($0, "==") - 1) " ") > 0 }
                       keep' "$REQUIREMENTS"
}
export PIP_DISABLE_PIP_VERSION_CHECK=1
"$VENV/bin/python" -m pip install --quiet --no-deps --require-hashes --only-binary=:all: \
  -r <(locked_blocks pip setuptools wheel)
"$VENV/bin/python" -m pip install --no-deps -r "${REQUIREMENTS:-requirements.lock}" --require-hashes --no-build-isolation --quiet
"$VENV/bin/python" -m pip check
"$VENV/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
# invoke never writes bytecode (no --write-pyc), so the engine, installed editable, would be
# compiled from source on every `invoke build`: a tenth of a second of a build with nothing to do.
"$VENV/bin/python" -m compileall -q src

if [ "${1:-}" != "--no-build" ]; then
  "$VENV/bin/invoke" build
fi
