#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the "Surveys at scale" measurement,
# started as .ci/with-postgres starts its own (as the unprivileged user
# coopdx-ci when run by root), but durable (fsync on) and sized for the
# 2-core, 24 GiB bench machine. Prints the URL to fill and time.
#
#   bash benches/summary_scale_pg.sh start DIR [PORT]   # then SCALE_DB=URL …
#   bash benches/summary_scale_pg.sh stop DIR           # stops, deletes DIR
set -euo pipefail
bindir="${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}"
action="$1"
dir="$(realpath -m "$2")"
port="${3:-25433}"
run_as=()
if [ "$(id -u)" -eq 0 ]; then run_as=(runuser -u coopdx-ci --); fi
pg() { (cd /tmp && "${run_as[@]}" "$@"); }
case "$action" in
start)
  mkdir -p "$dir"
  if [ ${#run_as[@]} -gt 0 ]; then chown coopdx-ci "$dir"; fi
  pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --no-locale -E UTF8 >"$dir/initdb.log"
  # A quarter of the memory for shared buffers, the rest left to the
  # page cache; both cores for parallel scans; SSD-like page costs; WAL
  # bounded for the fill (wal_level minimal, no replication).
  pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "-p $port -k $dir \
    -c listen_addresses=127.0.0.1 -c shared_buffers=6GB -c effective_cache_size=16GB \
    -c work_mem=64MB -c maintenance_work_mem=1GB -c max_worker_processes=4 \
    -c max_parallel_workers=2 -c max_parallel_workers_per_gather=2 \
    -c random_page_cost=1.1 -c effective_io_concurrency=200 -c max_wal_size=4GB \
    -c checkpoint_timeout=15min -c wal_level=minimal -c max_wal_senders=0" start >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/postgres" ;;
stop)
  pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  rm -rf "$dir" ;;
*)
  echo "usage: summary_scale_pg.sh start|stop DIR [PORT]" >&2
  exit 2 ;;
esac
