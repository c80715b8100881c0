#!/usr/bin/env bash
# The benchmark, one command: bench/run.sh   (optional: DURATION=15 WARMUP=30 RESTARTS=5 CONNECTIONS=32 THREADS=2
# PORT=18080 JAVA_OPTS="..." BENCH_JAVA_HOME=/usr/lib/jvm/... CACHE=auto|aot|cds|none REBUILD=1 PROFILE=1
# ACCESS_LOG=on|off). Needs root for apt-get only if wrk/pgbench are missing. ACCESS_LOG=off turns the
# per-call access line off (its cost: run both on one build, one after the other).
#
# 1. builds the production jar if missing; (re)creates the database $BENCH_DB on the local server;
# 2. starts the jar as production does and measures start-to-ready: a first start on an empty database,
#    which migrates, then, after a training restart that writes the start-up cache, $RESTARTS restarts on
#    the migrated one with the cache, the usual case (their median is the figure);
# 3. warms up, then drives signed hotel cancel-order callbacks with wrk at $CONNECTIONS connections for
#    $DURATION s (1/3 need_audit true, distinct cancel_ids, ~7 % redelivered), sampling the JVM's RSS;
# 4. checks in SQL that what was stored is exactly what was sent;
# 5. runs pgbench on the same server: one INSERT ... ON CONFLICT DO NOTHING of a similar row per
#    transaction at the same client count and duration; prints the summary with the ratio.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

: "${DURATION:=15}" "${WARMUP:=30}" "${RESTARTS:=5}" "${CONNECTIONS:=32}" "${THREADS:=2}"
OUT="${OUT:-/tmp/aftersale-bench.$$}"
mkdir -p "$OUT"
trap 'stop_service' EXIT

ensure_tools
ensure_postgres
ensure_jar
recreate_db

# Enough distinct requests that wrk rarely wraps around its file at a few thousand callbacks/s.
per_thread=$(( (DURATION * 10000) / THREADS ))
warm_per_thread=$(( (WARMUP * 10000) / THREADS ))
log "signing $((per_thread * THREADS)) measured + $((warm_per_thread * THREADS)) warm-up requests"
python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/warm" --threads "$THREADS" --per-thread "$warm_per_thread" \
  --prefix "w$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET" --seed 1
python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/load" --threads "$THREADS" --per-thread "$per_thread" \
  --prefix "m$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET" --seed 2

# The first start (empty database: migrations run); then a training restart writes the start-up cache
# (bench/lib.sh: the AOT cache on JDK 25+, a dynamic AppCDS archive before) and the measured restart maps
# it, as a production image build does with one training start on a migrated database (bench/RESULTS.md;
# training on the migrating start instead leaves the restart's own classes out and costs ~200 ms CPU).
# CACHE=none (or the older CDS=0) leaves the cache out.
[[ "${CDS:-1}" == 0 ]] && CACHE=none
BASE_JAVA_OPTS="$JAVA_OPTS"
# The access log (one JSON line per callback, written by the async console handler) is on in production.
: "${ACCESS_LOG:=on}"
[[ "$ACCESS_LOG" == off ]] && BASE_JAVA_OPTS="$BASE_JAVA_OPTS -Dquarkus.log.category.\"aftersale.spi.access\".level=OFF"
# A JFR recording adds the jdk.jfr module, and an AOT cache maps only with the module options it was
# trained with.
[[ "${PROFILE:-0}" == 1 && "$(cache_kind)" == aot ]] && BASE_JAVA_OPTS="$BASE_JAVA_OPTS --add-modules=jdk.jfr"
log "first start (empty database: migrations run)"
start_service "$OUT/service-first.log"
FIRST_READY_MS=$READY_MS FIRST_READY_CPU_MS=$READY_CPU_MS
stop_service
train_cache "$BASE_JAVA_OPTS" "$OUT" "$OUT/service-train.log"
JAVA_OPTS="$BASE_JAVA_OPTS $(cache_use_opts "$OUT")"
if [[ "${PROFILE:-0}" == 1 ]]; then
  # JFR's profile settings, sampling Java stacks every 1 ms instead of 10 (few samples otherwise).
  jfc="$(dirname "$(dirname "$(readlink -f "$JAVA")")")/lib/jfr/profile.jfc"
  sed 's/>10 ms</>1 ms</; s/>20 ms</>1 ms</' "$jfc" >"$OUT/profile.jfc"
  JAVA_OPTS="$JAVA_OPTS -XX:StartFlightRecording=filename=$OUT/load.jfr,settings=$OUT/profile.jfc"
fi
# Start-to-ready is the median of RESTARTS restarts (one start swings by +-150 ms on 2 cores); the last one
# takes the load.
ready_all=() cpu_all=()
for ((r = 1; r <= RESTARTS; r++)); do
  ((r > 1)) && stop_service
  log "restart $r/$RESTARTS (migrated database)"
  start_service "$OUT/service.log"
  ready_all+=("$READY_MS") cpu_all+=("$READY_CPU_MS")
done
READY_MS=$(median "${ready_all[@]}") READY_CPU_MS=$(median "${cpu_all[@]}")
log "ready in $READY_MS ms, median of ${ready_all[*]} (first start $FIRST_READY_MS ms); java pid $SERVICE_PID"

URL="http://127.0.0.1:$PORT/douyin/spi/hotel/cancel-order"
log "warm-up ${WARMUP}s"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$BENCH_DIR/spi.lua" "$URL" -- "$OUT/warm" "$OUT/warm.result" >/dev/null

log "load ${DURATION}s at $CONNECTIONS connections"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$BENCH_DIR/spi.lua" "$URL" -- "$OUT/load" "$OUT/load.result" >"$OUT/wrk.out" &
wrk_pid=$!
rss_max=0
java_cpu0=$(proc_cpu_ticks "$SERVICE_PID"); pg_cpu0=$(pg_cpu_ticks)
thread_cpu_ticks "$SERVICE_PID" >"$OUT/threads.before"
while kill -0 "$wrk_pid" 2>/dev/null; do
  rss=$(ps -o rss= -p "$SERVICE_PID" | tr -d ' ')
  ((rss > rss_max)) && rss_max=$rss
  sleep 0.5
done
wait "$wrk_pid"
java_cpu=$(($(proc_cpu_ticks "$SERVICE_PID") - java_cpu0)); pg_cpu=$(($(pg_cpu_ticks) - pg_cpu0))
thread_cpu_ticks "$SERVICE_PID" >"$OUT/threads.after"
sleep 1 # the last in-flight callbacks finish before the counts are taken

# --- What was stored is exactly what was sent -----------------------------------------------------------
read -r completed sent ok retry other sc sr sw to dur p50 p90 p99 pmax per_thread < <(
  sed -E 's/[a-z_0-9]+=//g' "$OUT/load.result")
warm_sent=$(sed -E 's/.* sent=([0-9]+) .*/\1/' "$OUT/warm.result")
warm_ok=$(sed -E 's/.* ok=([0-9]+) .*/\1/' "$OUT/warm.result")
# Distinct cancel_ids among the requests each wrk thread actually sent (its file's first `sent` records).
distinct_sent=$(python3 - "$OUT" <<'PY'
import sys, re
out = sys.argv[1]
ids = set()
for phase in ("warm", "load"):
    res = open(f"{out}/{phase}.result").read()
    for part in re.search(r"per_thread=(\S+)", res).group(1).split(","):
        t, n = map(int, part.split(":"))
        lines = open(f"{out}/{phase}.ids.{t}").read().split()
        ids.update(lines[:n])  # past the file's end a thread repeats it: nothing new
print(len(ids))
PY
)
stored=$(sql "SELECT count(*) FROM hotel_cancellation")
nights=$(sql "SELECT coalesce(sum(json_array_length(refund_nights)), 0) FROM hotel_cancellation")
inbox=$(sql "SELECT count(*) FROM spi_inbox")
inbox_bad=$(sql "SELECT count(*) FROM spi_inbox WHERE outcome NOT IN ('HANDLED','DUPLICATE') OR error_code <> 0")
handled=$(sql "SELECT count(*) FROM spi_inbox WHERE outcome = 'HANDLED'")
audit=$(sql "SELECT count(*) FILTER (WHERE need_audit) || '/' || count(*) FROM hotel_cancellation")
# Group commit: deliveries written per statement, over warm-up and load.
per_statement=$(curl -s "$(mgmt_url)/q/metrics" | awk '
  /^aftersale_db_write_batch_count/ { c += $NF } /^aftersale_db_write_batch_sum/ { s += $NF }
  END { if (c > 0) printf "%.1f", s / c; else print "n/a" }')
answered0=$((warm_ok + ok))
all_sent=$((warm_sent + sent))
stop_service

# wrk stops at the deadline without waiting for the callbacks in flight (at most one per connection and
# phase): those were sent but never answered, and may or may not have been stored. Everything else
# must add up exactly.
all_completed=$(( $(sed -E 's/^completed=([0-9]+) .*/\1/' "$OUT/warm.result") + completed ))
unanswered=$((all_sent - all_completed))
checks=PASS
((stored <= distinct_sent && distinct_sent - stored <= unanswered)) || checks=FAIL
[[ "$handled" == "$stored" && "$nights" == $((2 * stored)) && "$inbox_bad" == 0 ]] || checks=FAIL
((inbox >= answered0 && inbox - answered0 <= unanswered)) || checks=FAIL

# --- PostgreSQL's own rate: one INSERT ... ON CONFLICT DO NOTHING of a similar row per transaction ----
sql "DROP TABLE IF EXISTS bench_cancel; CREATE TABLE bench_cancel (LIKE hotel_cancellation INCLUDING ALL)"
cat >"$OUT/pgbench.sql" <<'SQL'
\set k random(1, 2000000000)
INSERT INTO bench_cancel (cancel_id, order_id, order_out_id, refund_amount, user_refund_amount, penalty, currency,
  cancel_reason, cancel_order_time_unix, cancel_type, biz_type, need_audit, applicant_type, negotiate_refund,
  after_sale_type, refund_type, status, decided_status, answer_cancel_mode, answer_cancel_result,
  answer_refund_fee_amount, answer_reason, decision_rule, log_id, client_key, body_sha256, refund_nights)
VALUES ('pg-' || :k, 'ORD-pg-' || :k, 'OUT-1', 25900, 25800, 10000, 'CNY', 'user cancelled', 1682006400, 2, 2021,
  false, 1, false, 1, 11, 'CANCELLED', 'CANCELLED', 1, 1, NULL, NULL, 'need_audit not true', 'bench-' || :k,
  'bench-client-key', sha256(('pg-' || :k)::bytea),
  '[{"rate_plan_id": "RP-1", "daily_refund_amount": 12900, "period_start_date": "2023-05-01", "period_end_date": "2023-05-02", "period_start_time": null, "period_end_time": null}, {"rate_plan_id": "RP-1", "daily_refund_amount": 13000, "period_start_date": "2023-05-02", "period_end_date": "2023-05-03", "period_start_time": null, "period_end_time": null}]')
ON CONFLICT (cancel_id) DO NOTHING;
SQL
log "pgbench ${DURATION}s at $CONNECTIONS clients"
pg_cpu0=$(pg_cpu_ticks)
pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "$OUT/pgbench.sql" "$BENCH_DB" >"$OUT/pgbench.out" 2>&1
pgb_cpu=$(($(pg_cpu_ticks) - pg_cpu0))
pgb_tx=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$OUT/pgbench.out")
pg_tps=$(sed -nE 's/^tps = ([0-9.]+) \(without initial connection time\)/\1/p' "$OUT/pgbench.out")
pg_lat=$(sed -nE 's/^latency average = ([0-9.]+) ms/\1/p' "$OUT/pgbench.out")

# --- Summary --------------------------------------------------------------------------------------------
errors=$((retry + other + sc + sr + sw + to))
cps=$(awk -v n="$completed" -v d="$dur" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
ratio=$(awk -v a="$cps" -v b="$pg_tps" 'BEGIN { printf "%.2f", a / b }')
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo ok; else echo MISSED; fi; }
{
  echo
  echo "aftersale benchmark: $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "java: $JAVA; JAVA_OPTS: ${JAVA_OPTS:-(none)}; $CONNECTIONS connections, $THREADS wrk threads, ${WARMUP}s warm-up, ${DURATION}s load"
  echo "access log: $ACCESS_LOG ($(($(stat -c %s "$OUT/service.log") / 1024 / 1024)) MB of log written by the measured start)"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-34s %14s  %-10s %s\n' "figure" "value" "goal" ""
  printf '%-34s %14s  %-10s %s\n' "callbacks/s (answered 0)" "$cps" ">= $(awk -v t="$pg_tps" 'BEGIN{printf "%.0f", t/2}')" "$(verdict "$ratio >= 0.5")"
  printf '%-34s %14s  %-10s %s\n' "PostgreSQL INSERT tps (pgbench)" "$pg_tps" "" "avg latency ${pg_lat} ms"
  printf '%-34s %14s  %-10s %s\n' "ratio callbacks/s / pgbench tps" "$ratio" ">= 0.50" "$(verdict "$ratio >= 0.5")"
  printf '%-34s %14s  %-10s %s\n' "CPU ms per callback: java / pg" "$(awk -v j="$java_cpu" -v p="$pg_cpu" -v n="$completed" 'BEGIN { printf "%.3f / %.3f", j * 10 / n, p * 10 / n }')" "" "pgbench: $(awk -v p="$pgb_cpu" -v n="$pgb_tx" 'BEGIN { printf "%.3f", p * 10 / n }') pg CPU ms per INSERT"
  printf '%-34s %14s  %-10s %s\n' "deliveries per statement (mean)" "$per_statement" "" "group commit"
  # CPU time per thread does not grow with the other work on the machine: the log writer's share is the
  # access log's cost off the event loops (the JBoss async handler's thread, "pool-N-thread-1").
  printf '%-34s %s\n' "JVM CPU ms per callback, by thread" "$(thread_cpu_per_call "$OUT/threads.before" "$OUT/threads.after" "$completed")"
  printf '%-34s %14s  %-10s %s\n' "latency p50 (ms)" "$(ms "$p50")" "" ""
  printf '%-34s %14s  %-10s %s\n' "latency p99 (ms)" "$(ms "$p99")" "<= 50" "$(verdict "$p99 <= 50000")"
  printf '%-34s %14s  %-10s %s\n' "latency max (ms)" "$(ms "$pmax")" "" ""
  printf '%-34s %14s  %-10s %s\n' "errors" "$errors" "0" "$(verdict "$errors == 0")"
  printf '%-34s %14s  %-10s %s\n' "  of which error_code 100 / other" "$retry / $other" "" "socket c/r/w $sc/$sr/$sw, timeouts $to"
  printf '%-34s %14s  %-10s %s\n' "RSS under load, max (MB)" "$((rss_max / 1024))" "<= 200" "$(verdict "$rss_max <= 204800")"
  printf '%-34s %14s  %-10s %s\n' "start-to-ready, restart (ms)" "$READY_MS" "<= 1000" "$(verdict "$READY_MS <= 1000") median of $RESTARTS: ${ready_all[*]} (CPU used: $READY_CPU_MS ms)"
  printf '%-34s %14s  %-10s %s\n' "start-to-ready, first start (ms)" "$FIRST_READY_MS" "" "empty database: migrations run (CPU used: $FIRST_READY_CPU_MS ms)"
  printf '%-34s %14s  %-10s %s\n' "stored = distinct cancel_ids sent" "$stored = $distinct_sent" "" "need_audit true: $audit"
  printf '%-34s %14s  %-10s %s\n' "inbox rows / answered 0 / sent" "$inbox / $answered0 / $all_sent" "" "$unanswered in flight when wrk stopped"
  printf '%-34s %14s\n' "consistency checks" "$checks"
  echo "files: $OUT"
} | tee "$OUT/summary.txt"
[[ "$checks" == PASS ]]
