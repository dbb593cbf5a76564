#!/usr/bin/env bash
# Makes the three bundled fonts from Debian's DejaVu 2.37 (fonts-dejavu-core and
# fonts-dejavu-extra; byte-identical to the upstream release):
#
#   bash src-tauri/core/assets/subset-fonts.sh [/usr/share/fonts/truetype/dejavu]
#
# Why not the whole fonts: a PDF is rendered by subsetting these fonts again, and
# the subsetter (allsorts, inside printpdf) reads every glyph and every character
# mapping of the font it is given, so 6,000 glyphs cost several times what the
# ~2,000 we can actually set do; each binary also carried 1.8 MB of fonts. What is
# kept and why:
# - Characters: Latin (with Sámi, Polish, South Slavic, Vietnamese letters and the
#   combining marks), Greek, Cyrillic, punctuation, currency, letterlike symbols,
#   arrows, mathematical operators, geometric shapes, the ☐ ☒ ✓ boxes and ligatures.
#   Arabic and Hebrew are dropped on purpose: the PDF writer neither joins nor
#   reorders right-to-left text, so they would print garbled; now the form refuses
#   them with a clear message, as it does emoji.
# - No hinting (bytecode, fpgm, prep, cvt): PDF viewers and printers draw outlines
#   at print resolution; it was a quarter of every embedded subset.
# - No GSUB/GPOS/kern: the writer places glyphs by their advance widths only.
# - Name records 0–7, 13, 14 in English: the copyright and trademark notices and
#   the licence (Bitstream Vera licence, see LICENSE-DejaVu.txt), which must stay
#   with every copy. The fonts keep their names: the licence only forbids
#   "Bitstream" and "Vera" in the names of modified fonts.
#
# Needs fontTools (PyPI `fonttools`; 4.68.0 made the committed files).
set -euo pipefail
src="${1:-/usr/share/fonts/truetype/dejavu}"
out="$(cd "$(dirname "$0")" && pwd)"
unicodes="U+0020-007E,U+00A0-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,\
U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,\
U+2610-2612,U+2713-2714,U+FB00-FB06,U+FFFD"
for font in DejaVuSans DejaVuSans-Bold DejaVuSerif-Italic; do
  pyftsubset "$src/$font.ttf" --output-file="$out/$font.ttf" --unicodes="$unicodes" \
    --no-hinting --layout-features='' \
    --drop-tables+=GSUB,GPOS,GDEF,kern,MATH,FFTM,gasp,BASE,JSTF \
    --name-IDs=0,1,2,3,4,5,6,7,13,14 --name-languages=0x0409 \
    --no-glyph-names --notdef-outline
done
cp "$out/DejaVuSerif-Italic.ttf" "$out/../../../ui/fonts/DejaVuSerif-Italic.ttf"  # the window's typed-signature preview
