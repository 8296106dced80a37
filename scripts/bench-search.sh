#!/usr/bin/env bash
# Search benchmark: the index's size on disk (raw and gzipped) against the chapters'
# text, what a page loads before the first keystroke, and the time from keystroke to
# results in headless Chromium from file://, for the bundled edition and a generated
# edition of CHAPTERS chapters (default 1000). Needs python3, chromium, chromedriver.
#   scripts/bench-search.sh [CHAPTERS]
set -euo pipefail
cd "$(dirname "$0")/.."
chapters=${1:-1000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --release --quiet
target/release/letopis build --out "$dir/bundled" >/dev/null
python3 scripts/gen-corpus.py "$dir/generated" "$chapters"
target/release/letopis build --root "$dir/generated" --out "$dir/generated/public" >/dev/null

# The index's files, raw and gzipped one by one (as a web server sends them), and the
# chapters' text: their Markdown sources and their pages.
sizes() {
  python3 - "$1" "$2" <<'PY'
import glob, gzip, os, sys
site, sources = sys.argv[1], sys.argv[2]
index = glob.glob(f"{site}/static/search/*.js")
raw = sum(os.path.getsize(f) for f in index)
packed = sum(len(gzip.compress(open(f, "rb").read(), 9)) for f in index)
# The editorial note is a chapter too (its page is indexed like the others).
texts = glob.glob(f"{sources}/*.md") + glob.glob(f"{sources}/../EDITORIAL.md")
markdown = sum(os.path.getsize(f) for f in texts)
chapter_pages = {os.path.splitext(os.path.basename(f))[0].split("-", 1)[-1] for f in glob.glob(f"{sources}/*.md")}
pages = [f for f in glob.glob(f"{site}/*.html") if os.path.basename(f)[:-5] in chapter_pages]
html = sum(os.path.getsize(f) for f in pages)
print(f"index: {len(index)} files, {raw / 1024:.0f} KB raw, {packed / 1024:.0f} KB gzipped")
print(f"chapters' Markdown ({len(texts)} files): {markdown / 1024:.0f} KB -> index is {100 * raw / markdown:.0f} % of it")
print(f"chapters' pages ({len(pages)}): {html / 1024:.0f} KB -> index is {100 * raw / html:.0f} % of them")
PY
}

echo "== the bundled edition"
sizes "$dir/bundled" content/chapters
python3 scripts/search-timing.py "$dir/bundled" стахановец Орджоникидзе инженерам '"декабрьского пленума"' 1936
echo
echo "== a generated edition of $chapters chapters"
sizes "$dir/generated/public" "$dir/generated/content/chapters"
python3 scripts/search-timing.py "$dir/generated/public" инженеров 'Лицо 00017' 'Глава 500' 'Примечание 3' '"советской промышленности"'
