#!/bin/sh
# Plain `pdftotext` output (poppler-utils) of the PDF test inputs in ../pdf: the text
# a person gets by copying a PDF, with a table's cells one per line and its labels in
# whatever order the PDF drew them. Run by hand; the outputs are committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for name in 2019_shanghai-general-office_libreoffice 2021_pingtan_page_libreoffice; do
    pdftotext "$here/../pdf/$name.pdf" "$here/$name.pdftotext.txt"
done
# -layout keeps each line of a wrapped label where it stands: the numbers of a row sit
# on one line in the middle of its label's lines
pdftotext -layout "$here/../pdf/2021_pingtan_page_libreoffice.pdf" \
    "$here/2021_pingtan_page_libreoffice.pdftotext-layout.txt"
