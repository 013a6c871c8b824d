#!/bin/sh
# Install the Debian packages Gongkai's optional features and tests use, when they are missing.
# Without root (or apt) it only says what is missing: the Python parts still work, and the
# features that need a package raise an error naming it.
set -u
need=""
fc-list :lang=zh 2>/dev/null | grep -q . || need="$need fonts-noto-cjk"
command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils"
[ -x /usr/bin/chromium ] || need="$need chromium"
# OCR of scanned attachments and reports (gongkai.ocr): tesseract with Chinese
command -v tesseract >/dev/null 2>&1 || need="$need tesseract-ocr"
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || need="$need tesseract-ocr-chi-sim"
command -v libreoffice >/dev/null 2>&1 || [ "${GONGKAI_WITH_LIBREOFFICE:-0}" = 0 ] || need="$need libreoffice-writer-nogui"
# compiling the engine's hot modules (make compile): a C compiler and Python's headers
command -v cc >/dev/null 2>&1 || need="$need gcc"
[ -f "$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ] || need="$need python3-dev"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing$need"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $need >/dev/null \
        || echo "system-deps: apt-get failed; install$need by hand" >&2
else
    echo "system-deps: missing$need (install them with apt-get as root)" >&2
fi
exit 0
