#!/usr/bin/env bash
# Writes the Kobo submissions export that benches/README.md times `coopdx
# import` with: ROWS rows (default 10,000; the shipped examples in turn,
# each with its own instance id), `;`-separated, one column per question,
# as the round trip of tests/fieldtool.rs writes them.
#
#   bash benches/kobo_rows.sh OUT.csv [ROWS]
set -euo pipefail
out="$(realpath -m "$1")"
KOBO_OUT="$out" KOBO_ROWS="${2:-10000}" cargo test --test integration \
  fieldtool::write_kobo_rows_for_the_import_bench -- --ignored --exact >/dev/null
echo "$out: $(($(wc -l <"$out") - 1)) rows, $(head -n 1 "$out" | tr ';' '\n' | wc -l) columns"
