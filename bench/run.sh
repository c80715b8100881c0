#!/usr/bin/env bash
# The benchmark, one command: bench/run.sh   (optional: APPS="jvm native" DURATION=15 WARMUP=30 RESTARTS=5
# CONNECTIONS=32 THREADS=2 PORT=18080 JAVA_OPTS="..." NATIVE_OPTS="..." BENCH_JAVA_HOME=/usr/lib/jvm/...
# CACHE=auto|aot|cds|none REBUILD=1 PROFILE=1 ACCESS_LOG=on|off). Needs root for apt-get only if wrk/pgbench are
# missing. ACCESS_LOG=off turns the per-call access line off (its cost: run both on one build, one after the other).
#
# The same measurement for each build in APPS, one after the other, against the same PostgreSQL (by default the
# production jar, then the native executable, built with the lab toolchain when missing), then PostgreSQL's own
# rate, and one table with the builds side by side:
# 1. builds what is missing; (re)creates the database $BENCH_DB on the local server for each build;
# 2. starts the build as production does and measures start-to-ready: a first start on an empty database,
#    which migrates, then (the jar only) a training restart that writes the start-up cache, then $RESTARTS
#    restarts on the migrated database, the usual case (their median is the figure); the idle RSS of the last;
# 3. warms up, then drives signed hotel cancel-order callbacks with wrk at $CONNECTIONS connections for
#    $DURATION s (1/3 need_audit true, distinct cancel_ids, ~7 % redelivered), sampling the RSS;
# 4. checks in SQL that what was stored is exactly what was sent;
# 5. after every build: pgbench on the same server, one INSERT ... ON CONFLICT DO NOTHING of a similar row per
#    transaction at the same client count and duration; the ratio of each build's callbacks/s to it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

: "${DURATION:=15}" "${WARMUP:=30}" "${RESTARTS:=5}" "${CONNECTIONS:=32}" "${THREADS:=2}" "${APPS:=jvm native}"
OUT="${OUT:-/tmp/aftersale-bench.$$}"
mkdir -p "$OUT"
trap 'stop_service' EXIT

ensure_tools
ensure_postgres
for APP in $APPS; do ensure_app; done

# Enough distinct requests that wrk rarely wraps around its file at a few thousand callbacks/s. Each build gets a
# fresh database, so both send the same requests.
per_thread=$(( (DURATION * 10000) / THREADS ))
warm_per_thread=$(( (WARMUP * 10000) / THREADS ))
log "signing $((per_thread * THREADS)) measured + $((warm_per_thread * THREADS)) warm-up requests"
python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/warm" --threads "$THREADS" --per-thread "$warm_per_thread" \
  --prefix "w$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET" --seed 1
python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/load" --threads "$THREADS" --per-thread "$per_thread" \
  --prefix "m$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET" --seed 2

[[ "${CDS:-1}" == 0 ]] && CACHE=none
BASE_JAVA_OPTS="$JAVA_OPTS" BASE_NATIVE_OPTS="$NATIVE_OPTS"
# The access log (one JSON line per callback, written by the async console handler) is on in production.
: "${ACCESS_LOG:=on}"
if [[ "$ACCESS_LOG" == off ]]; then
  BASE_JAVA_OPTS="$BASE_JAVA_OPTS -Dquarkus.log.category.\"aftersale.spi.access\".level=OFF"
  BASE_NATIVE_OPTS="$BASE_NATIVE_OPTS -Dquarkus.log.category.\"aftersale.spi.access\".level=OFF"
fi
# A JFR recording adds the jdk.jfr module, and an AOT cache maps only with the module options it was
# trained with.
[[ "${PROFILE:-0}" == 1 && "$(cache_kind)" == aot ]] && BASE_JAVA_OPTS="$BASE_JAVA_OPTS --add-modules=jdk.jfr"

declare -A R # R[<figure>.<app>]: every figure of every build, for the table at the end
URL="http://127.0.0.1:$PORT/douyin/spi/hotel/cancel-order"

# Start-up, load and the stored-rows checks for the build APP names; its files go to $OUT/$APP.
measure() {
  local dir="$OUT/$APP"
  mkdir -p "$dir"
  recreate_db
  JAVA_OPTS="$BASE_JAVA_OPTS" NATIVE_OPTS="$BASE_NATIVE_OPTS"
  log "$APP: first start (empty database: migrations run)"
  start_service "$dir/service-first.log"
  R[first.$APP]="$READY_MS ms (CPU $READY_CPU_MS ms)"
  stop_service
  if [[ "$APP" == jvm ]]; then
    # The training restart writes the start-up cache (bench/lib.sh: the AOT cache on JDK 25+, a dynamic AppCDS
    # archive before) and the measured restarts map it, as a production image build does with one training
    # start on a migrated database (bench/RESULTS.md). CACHE=none (or CDS=0) leaves the cache out.
    train_cache "$BASE_JAVA_OPTS" "$dir" "$dir/service-train.log"
    JAVA_OPTS="$BASE_JAVA_OPTS $(cache_use_opts "$dir")"
    if [[ "${PROFILE:-0}" == 1 ]]; then
      # JFR's profile settings, sampling Java stacks every 1 ms instead of 10 (few samples otherwise).
      jfc="$(dirname "$(dirname "$(readlink -f "$JAVA")")")/lib/jfr/profile.jfc"
      sed 's/>10 ms</>1 ms</; s/>20 ms</>1 ms</' "$jfc" >"$dir/profile.jfc"
      JAVA_OPTS="$JAVA_OPTS -XX:StartFlightRecording=filename=$dir/load.jfr,settings=$dir/profile.jfc"
    fi
  fi
  # Start-to-ready is the median of RESTARTS restarts (one start swings by +-150 ms on 2 cores); the last one
  # takes the load.
  local ready_all=() cpu_all=() r
  for ((r = 1; r <= RESTARTS; r++)); do
    ((r > 1)) && stop_service
    log "$APP: restart $r/$RESTARTS (migrated database)"
    start_service "$dir/service.log"
    ready_all+=("$READY_MS") cpu_all+=("$READY_CPU_MS")
  done
  R[ready.$APP]=$(median "${ready_all[@]}") R[ready_cpu.$APP]=$(median "${cpu_all[@]}") R[ready_all.$APP]="${ready_all[*]}"
  sleep 3
  R[rss_idle.$APP]=$(($(ps -o rss= -p "$SERVICE_PID") / 1024))
  R[flags.$APP]="$(app_command | cut -d' ' -f2-)"
  log "$APP: ready in ${R[ready.$APP]} ms, median of ${ready_all[*]}; idle RSS ${R[rss_idle.$APP]} MB; pid $SERVICE_PID"

  log "$APP: warm-up ${WARMUP}s"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$BENCH_DIR/spi.lua" "$URL" -- "$OUT/warm" "$dir/warm.result" >/dev/null

  log "$APP: load ${DURATION}s at $CONNECTIONS connections"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$BENCH_DIR/spi.lua" "$URL" -- "$OUT/load" "$dir/load.result" >"$dir/wrk.out" &
  local wrk_pid=$! rss rss_max=0 app_cpu0 pg_cpu0
  app_cpu0=$(proc_cpu_ticks "$SERVICE_PID"); pg_cpu0=$(pg_cpu_ticks)
  thread_cpu_ticks "$SERVICE_PID" >"$dir/threads.before"
  while kill -0 "$wrk_pid" 2>/dev/null; do
    rss=$(ps -o rss= -p "$SERVICE_PID" | tr -d ' ')
    ((rss > rss_max)) && rss_max=$rss
    sleep 0.5
  done
  wait "$wrk_pid"
  local app_cpu=$(($(proc_cpu_ticks "$SERVICE_PID") - app_cpu0)) pg_cpu=$(($(pg_cpu_ticks) - pg_cpu0))
  thread_cpu_ticks "$SERVICE_PID" >"$dir/threads.after"
  sleep 1 # the last in-flight callbacks finish before the counts are taken

  # --- What was stored is exactly what was sent ---------------------------------------------------------
  local completed sent ok retry other sc sr sw to dur p50 p90 p99 pmax sent_per_thread
  read -r completed sent ok retry other sc sr sw to dur p50 p90 p99 pmax sent_per_thread < <(
    sed -E 's/[a-z_0-9]+=//g' "$dir/load.result")
  local warm_sent warm_ok distinct_sent
  warm_sent=$(sed -E 's/.* sent=([0-9]+) .*/\1/' "$dir/warm.result")
  warm_ok=$(sed -E 's/.* ok=([0-9]+) .*/\1/' "$dir/warm.result")
  # Distinct cancel_ids among the requests each wrk thread actually sent (its file's first `sent` records).
  distinct_sent=$(python3 - "$OUT" "$dir" <<'PY'
import sys, re
out, run = sys.argv[1], sys.argv[2]
ids = set()
for phase in ("warm", "load"):
    res = open(f"{run}/{phase}.result").read()
    for part in re.search(r"per_thread=(\S+)", res).group(1).split(","):
        t, n = map(int, part.split(":"))
        lines = open(f"{out}/{phase}.ids.{t}").read().split()
        ids.update(lines[:n])  # past the file's end a thread repeats it: nothing new
print(len(ids))
PY
)
  local stored nights inbox inbox_bad handled
  stored=$(sql "SELECT count(*) FROM hotel_cancellation")
  nights=$(sql "SELECT coalesce(sum(json_array_length(refund_nights)), 0) FROM hotel_cancellation")
  inbox=$(sql "SELECT count(*) FROM spi_inbox")
  inbox_bad=$(sql "SELECT count(*) FROM spi_inbox WHERE outcome NOT IN ('HANDLED','DUPLICATE') OR error_code <> 0")
  handled=$(sql "SELECT count(*) FROM spi_inbox WHERE outcome = 'HANDLED'")
  R[audit.$APP]=$(sql "SELECT count(*) FILTER (WHERE need_audit) || '/' || count(*) FROM hotel_cancellation")
  # Group commit: deliveries written per statement, over warm-up and load.
  R[per_statement.$APP]=$(curl -s "$(mgmt_url)/q/metrics" | awk '
    /^aftersale_db_write_batch_count/ { c += $NF } /^aftersale_db_write_batch_sum/ { s += $NF }
    END { if (c > 0) printf "%.1f", s / c; else print "n/a" }')
  local answered0=$((warm_ok + ok)) all_sent=$((warm_sent + sent))
  R[log_mb.$APP]=$(($(stat -c %s "$dir/service.log") / 1024 / 1024))
  stop_service

  # wrk stops at the deadline without waiting for the callbacks in flight (at most one per connection and
  # phase): those were sent but never answered, and may or may not have been stored. Everything else
  # must add up exactly.
  local all_completed=$(( $(sed -E 's/^completed=([0-9]+) .*/\1/' "$dir/warm.result") + completed ))
  local unanswered=$((all_sent - all_completed)) checks=PASS
  ((stored <= distinct_sent && distinct_sent - stored <= unanswered)) || checks=FAIL
  [[ "$handled" == "$stored" && "$nights" == $((2 * stored)) && "$inbox_bad" == 0 ]] || checks=FAIL
  ((inbox >= answered0 && inbox - answered0 <= unanswered)) || checks=FAIL

  R[checks.$APP]=$checks R[completed.$APP]=$completed
  R[cps.$APP]=$(awk -v n="$completed" -v d="$dur" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
  R[cpu.$APP]=$(awk -v j="$app_cpu" -v p="$pg_cpu" -v n="$completed" 'BEGIN { printf "%.3f / %.3f", j * 10 / n, p * 10 / n }')
  R[threads.$APP]=$(thread_cpu_per_call "$dir/threads.before" "$dir/threads.after" "$completed")
  R[p50.$APP]=$(awk -v u="$p50" 'BEGIN { printf "%.1f", u / 1000 }') R[p99.$APP]=$(awk -v u="$p99" 'BEGIN { printf "%.1f", u / 1000 }')
  R[pmax.$APP]=$(awk -v u="$pmax" 'BEGIN { printf "%.1f", u / 1000 }') R[p99us.$APP]=$p99
  R[errors.$APP]=$((retry + other + sc + sr + sw + to)) R[errdetail.$APP]="$retry/$other, c/r/w $sc/$sr/$sw, t/o $to"
  R[rss.$APP]=$((rss_max / 1024))
  R[stored.$APP]="$stored = $distinct_sent" R[inbox.$APP]="$inbox / $answered0 / $all_sent ($unanswered in flight)"
  log "$APP: ${R[cps.$APP]} callbacks/s, p99 ${R[p99.$APP]} ms, RSS ${R[rss.$APP]} MB, checks $checks"
}

for APP in $APPS; do measure; done

# --- PostgreSQL's own rate: one INSERT ... ON CONFLICT DO NOTHING of a similar row per transaction ----------
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

# --- Summary: the builds side by side -------------------------------------------------------------------------
verdict() { if awk "BEGIN { exit !($1) }"; then echo ok; else echo MISSED; fi; }
all_checks=PASS
for APP in $APPS; do
  R[ratio.$APP]=$(awk -v a="${R[cps.$APP]}" -v b="$pg_tps" 'BEGIN { printf "%.2f", a / b }')
  [[ "${R[checks.$APP]}" == PASS ]] || all_checks=FAIL
done
row() { # $1 label, $2 figure key, $3 goal, $4 verdict expression with X for the value (optional)
  local line app v
  line=$(printf '%-36s' "$1")
  for app in $APPS; do
    v="${R[$2.$app]}"
    [[ -n "${4:-}" ]] && v="$v $(verdict "${4//X/${R[${5:-$2}.$app]}}")"
    line+=$(printf ' %-24s' "$v")
  done
  printf '%s %s\n' "$line" "$3"
}
{
  echo
  echo "aftersale benchmark: $(nproc) cores, $(uname -r); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$CONNECTIONS connections, $THREADS wrk threads, ${WARMUP}s warm-up, ${DURATION}s load; access log: $ACCESS_LOG"
  for app in $APPS; do
    if [[ "$app" == jvm ]]; then echo "jvm: $JAVA ($("$JAVA" -version 2>&1 | sed -n 2p)) ${R[flags.jvm]}"
    else echo "native: ${R[flags.native]} (lab toolchain build: README \"Native executable\")"; fi
  done
  printf '%-36s' "figure"; for app in $APPS; do printf ' %-24s' "$app"; done; echo " goal"
  row "callbacks/s (answered 0)" cps ">= pgbench/2"
  row "ratio callbacks/s / pgbench tps" ratio ">= 0.50" "X >= 0.5"
  row "CPU ms per callback: app / pg" cpu ""
  row "deliveries per statement (mean)" per_statement ""
  row "latency p50 (ms)" p50 ""
  row "latency p99 (ms)" p99 "<= 50" "X <= 50000" p99us
  row "latency max (ms)" pmax ""
  row "errors" errors "0" "X == 0"
  row "  error_code 100/other, sockets" errdetail ""
  row "RSS under load, max (MB)" rss "<= 200" "X <= 200"
  row "RSS idle after start (MB)" rss_idle "native <= 64"
  row "start-to-ready, median (ms)" ready "native <= 100, jvm <= 500"
  row "  restarts (ms)" ready_all ""
  row "  CPU used until ready (ms)" ready_cpu ""
  row "start-to-ready, first start" first "migrations run"
  row "stored = distinct cancel_ids sent" stored ""
  row "inbox rows / answered 0 / sent" inbox ""
  row "consistency checks" checks ""
  for app in $APPS; do echo "$app CPU ms per callback by thread: ${R[threads.$app]}"; done
  echo "PostgreSQL INSERT tps (pgbench): $pg_tps, avg latency $pg_lat ms, $(awk -v p="$pgb_cpu" -v n="$pgb_tx" 'BEGIN { printf "%.3f", p * 10 / n }') pg CPU ms per INSERT"
  echo "files: $OUT"
} | tee "$OUT/summary.txt"
[[ "$all_checks" == PASS ]]
