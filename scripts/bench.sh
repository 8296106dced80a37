#!/usr/bin/env bash
# The benchmark of issue 11: builds synthetic editions of the given sizes (default 1,000
# and 10,000 chapters, written by scripts/gen-corpus.py) with the release binary and,
# when `hugo` is on the PATH, the same content as a Hugo site (pages plus taxonomy
# pages, written by scripts/hugo-site.py), alternately in one run, and prints the median
# of RUNS builds of each:
#
#   scripts/bench.sh [CHAPTERS...]        e.g. scripts/bench.sh 1000 10000
#   RUNS=5 scripts/bench.sh 1000          more runs per figure (default 3)
#   BASELINE=/tmp/letopis-old scripts/bench.sh 1000
#                                         another letopis binary (a build before a change)
#                                         run alternately with this one, in its own column
#
# Each build replaces the previous output, as an editor's rebuilds do. Peak memory is
# the maximum resident set size from /usr/bin/time. Then the per-stage times and the
# bytes by kind of page of the last letopis build (`letopis build --timings`). With more
# than one size, how letopis's median time grows from each size to the next (issue 11
# asks that 10,000 chapters take at most 11 times what 1,000 take).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --release --quiet
letopis=$PWD/target/release/letopis
hugo=$(command -v hugo || true)
baseline=${BASELINE:-}

# The median of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Runs a command under /usr/bin/time, appending "seconds kilobytes" to $1.
timed() { local log=$1; shift; /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >"$dir/last.out" 2>"$dir/last.err" || {
  cat "$dir/last.err" >&2; exit 1; }; cat "$dir/time" >>"$log"; }

printf '| chapters | letopis | Hugo | letopis / Hugo | letopis peak RSS | Hugo peak RSS | largest page | letopis output | Hugo output |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in "${sizes[@]}"; do
  edition=$dir/edition-$n
  python3 scripts/gen-corpus.py "$edition" "$n"
  [ -z "$hugo" ] || python3 scripts/hugo-site.py "$edition" "$dir/hugo-$n"
  : >"$dir/letopis-$n.log"; : >"$dir/hugo-$n.log"; : >"$dir/baseline-$n.log"
  for _ in $(seq "$runs"); do
    [ -z "$baseline" ] || timed "$dir/baseline-$n.log" "$baseline" build --root "$edition" --out "$edition/public"
    timed "$dir/letopis-$n.log" "$letopis" build --timings --root "$edition" --out "$edition/public"
    cp "$dir/last.err" "$dir/timings-$n.txt"
    [ -z "$hugo" ] || timed "$dir/hugo-$n.log" "$hugo" --quiet -s "$dir/hugo-$n" -d "$dir/hugo-$n/public"
  done
  l=$(cut -d' ' -f1 "$dir/letopis-$n.log" | median)
  lm=$(cut -d' ' -f2 "$dir/letopis-$n.log" | median)
  largest=$(find "$edition/public" -type f -name '*.html' -printf '%s %P\n' | sort -n | tail -1)
  lbytes=$(du -sb "$edition/public" | cut -f1)
  if [ -n "$hugo" ]; then
    h=$(cut -d' ' -f1 "$dir/hugo-$n.log" | median)
    hm=$(cut -d' ' -f2 "$dir/hugo-$n.log" | median)
    hbytes=$(du -sb "$dir/hugo-$n/public" | cut -f1)
    ratio=$(awk -v l="$l" -v h="$h" 'BEGIN { printf "%.2f", l / h }')
    hugo_time="$h s"; hugo_rss="$((hm / 1024)) MB"; hugo_out="$((hbytes / 1000000)) MB"
  else
    ratio="–"; hugo_time="–"; hugo_rss="–"; hugo_out="–"
  fi
  printf '| %s | %s s | %s | %s | %s MB | %s | %s (%s B) | %s MB | %s |\n' "$n" "$l" "$hugo_time" "$ratio" \
    "$((lm / 1024))" "$hugo_rss" "${largest#* }" "${largest%% *}" "$((lbytes / 1000000))" "$hugo_out"
  [ -z "${last:-}" ] || awk -v n="$n" -v l="$l" -v m="${last% *}" -v t="${last#* }" \
    'BEGIN { printf "%s chapters take %.2f times the time of %s (%.1f times the chapters)\n", n, l / t, m, n / m }' >>"$dir/growth"
  last="$n $l"
  { printf '%s chapters:\n' "$n"; sed 's/^/    /' "$dir/timings-$n.txt"; printf '\n'; } >>"$dir/details"
  if [ -n "$baseline" ]; then
    b=$(cut -d' ' -f1 "$dir/baseline-$n.log" | median)
    bm=$(cut -d' ' -f2 "$dir/baseline-$n.log" | median)
    printf '%s chapters, baseline %s: %s s, peak RSS %s MB\n' "$n" "$baseline" "$b" "$((bm / 1024))" >>"$dir/baselines"
  fi
done
[ ! -s "$dir/growth" ] || { printf '\n'; cat "$dir/growth"; }
[ -z "$baseline" ] || { printf '\n'; cat "$dir/baselines"; }
printf '\nlast letopis build of each size (%s runs each; medians above):\n' "$runs"
cat "$dir/details"
