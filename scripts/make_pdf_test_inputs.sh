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
#   2019_shanghai-general-office_agency-above-title.pdf   the wrapped page with its title set
#       the way many PDFs set it: the agency on a line of its own above the year and title
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
title="<p style='text-align: center;font-weight: bold;'>2019年上海市人民政府办公厅政府信息公开工作年度报告</p>"
above="<p style='text-align: center;font-size: 22pt;'>上海市人民政府办公厅</p><p style='text-align: center;font-size: 22pt;'>2019年政府信息公开工作年度报告</p>"
sed -e 's/ nowrap="nowrap"//g' -e "s|$title|$above|" "$samples/2019_shanghai-general-office.html" \
    > "$tmp/2019_shanghai-general-office_agency-above-title.html"
grep -q "<p style='text-align: center;font-size: 22pt;'>上海市人民政府办公厅</p>" \
    "$tmp/2019_shanghai-general-office_agency-above-title.html"
cd "$tmp"
for f in *.html; do
    libreoffice --headless --infilter="HTML (StarWriter)" --convert-to "docx:MS Word 2007 XML" "$f" >/dev/null 2>&1
done
for f in *.docx; do
    libreoffice --headless --convert-to pdf "$f" >/dev/null 2>&1
done
cp ./*.pdf "$out/"
ls -l "$out"/*.pdf
