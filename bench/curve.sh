#!/usr/bin/env bash
# The benchmark curve, one command: bench/curve.sh   (optional: APPS="jvm native" CONNECTIONS="1 8 32 128 512"
# REPLICAS="1 2" REPLICA_CONNECTIONS="8 32 128 512" SCENIC_CONNECTIONS=32 (empty: no scenic load) DURATION=15 WARMUP=20 LEVEL_WARMUP=5
# THREADS=2 PORT=18080 PNG=docs/bench-curve.png WRK_TIMEOUT=5, and bench/lib.sh's JAVA_OPTS, NATIVE_OPTS, ...;
# profiles: PROFILE=1 a JFR recording of the JVM, PG_STATS=1 pg_stat_statements and pg_stat_wal per load, PERF=1
# perf record of the first replica per load, each into the level's folder).
#
# For each build in APPS (the production jar, the native executable) and each replica count in REPLICAS, against
# the same local PostgreSQL:
# 1. a fresh database; one instance (or two on one database: PORT and PORT + 1, each with its own management port),
#    started as bench/lib.sh starts production (the JVM without the start-up cache: start-up is bench/run.sh's);
# 2. a warm-up of WARMUP s at 32 connections (the JIT), then at each level of CONNECTIONS (two replicas:
#    REPLICA_CONNECTIONS): the callback tables emptied, LEVEL_WARMUP s and DURATION s of signed hotel cancel-order
#    callbacks at that many connections in all (two replicas: one wrk each, half the connections each), and
#    run.sh's checks of the stored rows against what was sent and answered (bench/lib.sh measure_load);
# 3. one replica: scenic refund-audit notices at SCENIC_CONNECTIONS the same way (each new notice also queues an
#    after-sale sync job; the sync worker is off, so nothing calls out);
# then pgbench's single-row INSERT ... ON CONFLICT at every level, a table with the ratios, a data file and a
# gnuplot PNG (throughput and p99 against connections, log x axis). Exit code 1 if any check failed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

: "${APPS:=jvm native}" "${CONNECTIONS:=1 8 32 128 512}" "${REPLICAS:=1 2}" "${REPLICA_CONNECTIONS:=8 32 128 512}"
: "${SCENIC_CONNECTIONS=32}" "${DURATION:=15}" "${WARMUP:=20}" "${LEVEL_WARMUP:=5}" "${THREADS:=2}"
: "${PNG=$ROOT/docs/bench-curve.png}"
OUT="${OUT:-/tmp/aftersale-curve.$$}"
mkdir -p "$OUT"
SERVICE_PIDS=()
stop_all() {
  local p
  for p in "${SERVICE_PIDS[@]}"; do SERVICE_PID=$p stop_service; done
  SERVICE_PIDS=()
}
trap stop_all EXIT

ensure_tools
command -v gnuplot >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null; }
ensure_postgres
for APP in $APPS; do ensure_app; done
# 512 connections: wrk's sockets, the service's, pgbench's; and PostgreSQL must accept pgbench's 512 clients.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
max_conn=$(psql -X -At -d postgres -c "SHOW max_connections")
top=$(printf '%s\n' $CONNECTIONS | sort -n | tail -1)
((max_conn > top + 40)) || log "max_connections is $max_conn: pgbench at $top clients will fail (ALTER SYSTEM SET max_connections = 600, restart)"

max_replicas=$(printf '%s\n' $REPLICAS | sort -n | tail -1)
# The connection levels measured with $1 replicas.
levels_for() { if (($1 > 1)); then echo "$REPLICA_CONNECTIONS"; else echo "$CONNECTIONS"; fi; }
log "signing requests"
sign_requests "$OUT/warm-mix" mix $((WARMUP * 8000 / THREADS)) 1 "$max_replicas"
sign_requests "$OUT/load-mix" mix $((DURATION * 10000 / THREADS)) 2 "$max_replicas"
sign_requests "$OUT/warm-scenic" scenic $((LEVEL_WARMUP * 8000 / THREADS)) 3 1
sign_requests "$OUT/load-scenic" scenic $((DURATION * 8000 / THREADS)) 4 1

declare -A R
all_checks=PASS
BASE_PORT=$PORT
for APP in $APPS; do
  for N in $REPLICAS; do
    dir="$OUT/$APP-$N"
    mkdir -p "$dir"
    recreate_db
    SERVICE_PORTS=() SERVICE_PIDS=()
    # PROFILE=1: a JFR recording of the first JVM replica (bench/lib.sh jfr_opts), in $dir/load.jfr.
    saved_opts=$JAVA_OPTS
    for ((k = 0; k < N; k++)); do
      JAVA_OPTS=$saved_opts
      [[ "${PROFILE:-0}" == 1 && "$APP" == jvm && $k == 0 ]] && JAVA_OPTS="$JAVA_OPTS $(jfr_opts "$dir")"
      PORT=$((BASE_PORT + k))
      SERVICE_ENV="AFTER_SALE_SYNC_EVERY=off" start_service "$dir/service-$k.log"
      SERVICE_PORTS+=("$PORT") SERVICE_PIDS+=("$SERVICE_PID")
      log "$APP: replica $((k + 1)) of $N ready on port $PORT in $READY_MS ms (pid $SERVICE_PID)"
    done
    PORT=$BASE_PORT JAVA_OPTS=$saved_opts
    R[flags.$APP]="$(app_command | cut -d' ' -f2-)"
    log "$APP x$N: JIT warm-up ${WARMUP}s at 32 connections"
    start_wrk 32 "$WARMUP" "$OUT/warm-mix" "$(spi_path mix)" "$dir/jit"
    wait "${WRK_PIDS[@]}"
    for C in $(levels_for "$N"); do
      truncate_spi_tables
      KEY="$APP.$N.$C"
      measure_load mix "$C" "$LEVEL_WARMUP" "$DURATION" "$dir/c$C"
      [[ "${R[checks.$KEY]}" == PASS ]] || all_checks=FAIL
    done
    if ((N == 1)) && [[ -n "$SCENIC_CONNECTIONS" ]]; then
      truncate_spi_tables
      KEY="$APP.scenic.$SCENIC_CONNECTIONS"
      measure_load scenic "$SCENIC_CONNECTIONS" "$LEVEL_WARMUP" "$DURATION" "$dir/scenic"
      [[ "${R[checks.$KEY]}" == PASS ]] || all_checks=FAIL
    fi
    for k in "${!SERVICE_PIDS[@]}"; do
      R[log_mb.$APP.$N]+="$(($(stat -c %s "$dir/service-$k.log") / 1024 / 1024)) "
    done
    stop_all
  done
done

# --- PostgreSQL's own rate at every level ------------------------------------------------------------------------
levels_used=$CONNECTIONS
((max_replicas > 1)) && levels_used+=" $REPLICA_CONNECTIONS"
all_levels=$(printf '%s\n' $levels_used $SCENIC_CONNECTIONS | sort -n -u)
# On the last build's database (migrated: pgbench_insert copies hotel_cancellation's shape), emptied.
truncate_spi_tables
for C in $all_levels; do
  log "pgbench ${DURATION}s at $C clients"
  pgbench_insert "$C" "$DURATION" "$OUT/pgbench-$C"
  R[pg_tps.$C]=$(printf '%.0f' "$PG_TPS") R[pg_p99.$C]=$PG_P99 R[pg_lat.$C]=$PG_LAT R[pg_cpu.$C]=$PG_CPU_PER
  R[pg_failed.$C]=${PG_FAILED:-0}
  log "pgbench at $C clients: $PG_TPS tps, p99 $PG_P99 ms, failed ${PG_FAILED:-0}"
done

# --- The table, the data file, the plot ----------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b }'; }
fig() { echo "${R[$1]:--}"; }
{
  echo
  builds_header "$APPS"
  echo "curve: ${LEVEL_WARMUP}s warm-up and ${DURATION}s load per level after a ${WARMUP}s JIT warm-up; $THREADS wrk threads per wrk; wrk timeout ${WRK_TIMEOUT:-5}s"
  echo
  printf '| build | replicas | connections | callbacks/s | pgbench tps | ratio | p50 ms | p99 ms | pgbench p99 ms | errors | RSS MB (each) | CPU ms/callback app / pg | per statement | checks |\n'
  printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
  for app in $APPS; do
    for N in $REPLICAS; do
      for C in $(levels_for "$N"); do
        k="$app.$N.$C"
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$app" "$N" "$C" "$(fig cps.$k)" \
          "$(fig pg_tps.$C)" "$(ratio "${R[cps.$k]:-}" "${R[pg_tps.$C]:-}")" "$(fig p50.$k)" "$(fig p99.$k)" "$(fig pg_p99.$C)" \
          "$(fig errors.$k)" "$(fig rss_each.$k)" "$(fig cpu.$k)" "$(fig per_statement.$k)" "$(fig checks.$k)"
      done
    done
    k="$app.scenic.$SCENIC_CONNECTIONS"
    [[ -z "${R[cps.$k]:-}" ]] || printf '| %s scenic | 1 | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | - | %s |\n' "$app" \
      "$SCENIC_CONNECTIONS" "$(fig cps.$k)" "$(fig pg_tps.$SCENIC_CONNECTIONS)" \
      "$(ratio "${R[cps.$k]}" "${R[pg_tps.$SCENIC_CONNECTIONS]:-}")" "$(fig p50.$k)" "$(fig p99.$k)" \
      "$(fig pg_p99.$SCENIC_CONNECTIONS)" "$(fig errors.$k)" "$(fig rss_each.$k)" "$(fig cpu.$k)" "$(fig checks.$k)"
  done
  echo
  for k in "${!R[@]}"; do
    case "$k" in errdetail.*) [[ "${R[$k]}" == "0/0, sockets 0, t/o 0" ]] || echo "errors ${k#errdetail.}: error_code 100/other ${R[$k]}" ;; esac
  done | sort
  for k in "${!R[@]}"; do case "$k" in threads.*) echo "CPU ms per callback by thread, ${k#threads.} (first replica): ${R[$k]}" ;; esac; done | sort -V
  for k in "${!R[@]}"; do case "$k" in stored.*) echo "stored = distinct sent ${k#stored.}: ${R[$k]}; inbox rows / answered 0 / sent: ${R[inbox.${k#stored.}]}" ;; esac; done | sort -V
  for C in $all_levels; do echo "pgbench $C clients: ${R[pg_tps.$C]} tps, mean ${R[pg_lat.$C]} ms, p99 ${R[pg_p99.$C]} ms, failed ${R[pg_failed.$C]}, pg CPU ${R[pg_cpu.$C]} ms per INSERT"; done
  echo "service log MB: $(for k in "${!R[@]}"; do case "$k" in log_mb.*) printf '%s: %s ' "${k#log_mb.}" "${R[$k]}" ;; esac; done)"
  echo "files: $OUT"
} | tee "$OUT/summary.txt"

# One row per connection count: pgbench, then callbacks/s and p99 of every build and replica count ("-": not run).
{
  printf '# connections pgbench_tps pgbench_p99'
  for app in $APPS; do for N in $REPLICAS; do printf ' %s%s_cps %s%s_p99' "$app" "$N" "$app" "$N"; done; done
  echo
  for C in $all_levels; do
    [[ " $levels_used " == *" $C "* ]] || continue
    printf '%s %s %s' "$C" "${R[pg_tps.$C]:--}" "${R[pg_p99.$C]:--}"
    for app in $APPS; do for N in $REPLICAS; do printf ' %s %s' "${R[cps.$app.$N.$C]:--}" "${R[p99.$app.$N.$C]:--}"; done; done
    echo
  done
} >"$OUT/curve.dat"

"$BENCH_DIR/plot-curve.sh" "$OUT/curve.dat" "$OUT/curve.png" "$APPS" "$REPLICAS"
[[ -n "$PNG" ]] && cp "$OUT/curve.png" "$PNG" && log "plot: $PNG"
[[ "$all_checks" == PASS ]]
