#!/bin/sh
# Rebuild the PDF test inputs in tests/data/annualreport/pdf/ from the real sample pages,
# the way many agencies make their PDFs: the web page opened in a word processor, saved
# as Word, then exported to PDF (LibreOffice here: apt-get install libreoffice-writer-nogui).
#
#   2019_shanghai-general-office_libreoffice.pdf          the page as published: its table
#       cells are nowrap, so table 三 runs off the page and three of its columns are lost
#   2019_shanghai-general-office_libreoffice-wrapped.pdf  the same page without nowrap, so
#       the table fits; many blank cells, a table broken across pages, wrapped labels
#   2021_pingtan_page_libreoffice.pdf                     the whole portal page, menus and
#       all; narrow columns, labels wrapped over up to five lines
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
samples="$root/tests/data/annualreport/samples"
out="$root/tests/data/annualreport/pdf"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$samples/2019_shanghai-general-office.html" "$tmp/2019_shanghai-general-office_libreoffice.html"
sed 's/ nowrap="nowrap"//g' "$samples/2019_shanghai-general-office.html" \
    > "$tmp/2019_shanghai-general-office_libreoffice-wrapped.html"
cp "$samples/2021_pingtan_page.html" "$tmp/2021_pingtan_page_libreoffice.html"
cd "$tmp"
for f in *.html; do
    libreoffice --headless --infilter="HTML (StarWriter)" --convert-to "docx:MS Word 2007 XML" "$f" >/dev/null 2>&1
done
for f in *.docx; do
    libreoffice --headless --convert-to pdf "$f" >/dev/null 2>&1
done
cp ./*.pdf "$out/"
ls -l "$out"/*.pdf
