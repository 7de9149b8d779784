#!/usr/bin/env bash
# Times `coopdx summary --db DB -o out.md`, national and one province, as
# whole processes: RUNS runs each (default 3), wall time and peak RSS, then
# min/median/max. Fill the database first with benches/summary_scale.rs.
#
#   bash benches/summary_scale.sh DB [PROVINCE]
set -euo pipefail
db="$1"
province="${2:-son_la}"
runs="${RUNS:-3}"
bin="${COOPDX:-target/release/coopdx}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for scope in national "$province"; do
  args=(summary --db "$db" -o "$out/out.md")
  if [ "$scope" != national ]; then args+=(--province "$scope"); fi
  times=()
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time" "$bin" "${args[@]}" 2>"$out/err" || {
      cat "$out/err" >&2
      exit 1
    }
    read -r wall rss <"$out/time"
    times+=("$wall")
    echo "$scope: ${wall} s, peak RSS $((rss / 1024)) MiB; $(tail -n 1 "$out/err")"
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  echo "$scope min/median/max: ${sorted[0]} / ${sorted[$((runs / 2))]} / ${sorted[$((runs - 1))]} s"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
