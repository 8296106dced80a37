#!/usr/bin/env bash
# Builds a synthetic edition of CHAPTERS chapters (default 1000) with the release
# binary and reports wall time and peak memory (from /usr/bin/time -v).
#   scripts/bench.sh [CHAPTERS]
set -euo pipefail
cd "$(dirname "$0")/.."
chapters=${1:-1000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 scripts/gen-corpus.py "$dir" "$chapters"
cargo build --release --quiet
# The first build writes into a new folder; the second replaces it, as an editor's
# rebuilds do. Both are reported.
for run in first second; do
  /usr/bin/time -v target/release/letopis build --root "$dir" --out "$dir/public" 2>"$dir/time.txt" >/dev/null || {
    tail -n 40 "$dir/time.txt"; exit 1; }
  echo "$run build:"
  grep -E "built|Elapsed|Maximum resident" "$dir/time.txt"
done
echo "pages: $(find "$dir/public" -name '*.html' | wc -l), output: $(du -sh "$dir/public" | cut -f1)"
