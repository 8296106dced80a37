#!/usr/bin/env bash
# Pictures of the default theme, kept in docs/screenshots/: the bundled edition's title
# page, a chapter with notes (mentions highlighted), a person's page and the sessions
# register, 375 and 1280 CSS pixels wide, light and dark, and one chapter printed to PDF.
# Needs chromium and chromedriver (Debian: apt-get install chromium chromium-driver).
#
#   scripts/screenshots.sh
#
# The pictures are taken by the ignored test tests/browser_screenshots.rs, which builds
# the edition and serves it as GitHub Pages would. What the chapter's reader has switched
# on is set before it is photographed, so a theme's switches can be shown:
#
#   SCREENSHOT_STORAGE='key=value;key=value'   put in the site's localStorage first
#   SCREENSHOT_CLICK='CSS selector'            each match clicked on the chapter page
#                                              (default: every highlighting switch that
#                                              is off, so all kinds are highlighted)
#
# When optipng is on the PATH the pictures are recompressed losslessly.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
mkdir -p "$out"
rm -f "$out"/*.png "$out"/*.pdf
LETOPIS_SCREENSHOTS="$PWD/$out" \
LETOPIS_SCREENSHOT_STORAGE="${SCREENSHOT_STORAGE:-}" \
LETOPIS_SCREENSHOT_CLICK="${SCREENSHOT_CLICK-.hl-toggle[aria-pressed=false]}" \
    cargo test --locked --quiet --test browser_screenshots -- --ignored
if command -v optipng >/dev/null; then
    optipng -quiet -o2 "$out"/*.png
fi
ls -l "$out"
