#!/usr/bin/env bash
# Drill: every table locked for 20 s while callbacks keep arriving (bench/drill-table-lock.sh; optional
# LOCK=20 BEFORE=5 AFTER=10 CONNECTIONS=16). Steady signed cancel-order traffic (~7 % redeliveries) on
# keep-alive connections; BEFORE s in, one transaction takes ACCESS EXCLUSIVE locks on every table of the
# schema and holds them LOCK s; readiness (management port) is polled every 100 ms throughout. PASS when:
#   * every request was answered HTTP 200 with error_code 0 or 100, each within 3 s;
#   * readiness answered 200 throughout (the probe's SELECT 1 needs no table), and in any case was 200 again
#     within 5 s of the release;
#   * a request sent after the release was answered 0 within 5 s of the release (storing again);
#   * each request answered 100, redelivered byte for byte, now gets 0; every cancel_id answered 0 is stored
#     exactly once with exactly one HANDLED inbox row, and every answer 0 for a cancel_id is the same.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${LOCK:=20}" "${BEFORE:=5}" "${AFTER:=10}" "${CONNECTIONS:=16}"
OUT="${OUT:-/tmp/aftersale-drill-lock.$$}"
mkdir -p "$OUT"
poll_pid=""
cleanup() {
  [[ -n "$poll_pid" ]] && kill "$poll_pid" 2>/dev/null
  stop_service
}
trap cleanup EXIT

drill_prepare
start_service "$OUT/service.log"
log "service ready in $READY_MS ms; warming it up for ${WARMUP:=5} s"
warm_service "$WARMUP" "$OUT"

DURATION=$((BEFORE + LOCK + AFTER))
python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/reqs" --threads 1 --per-thread $((DURATION * 1500)) \
  --prefix "lock$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET"

# Readiness, every 100 ms: epoch seconds and HTTP status, one line each.
( while true; do
    printf '%s %s\n' "$(date +%s.%N)" "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$(mgmt_url)/q/health/ready")"
    sleep 0.1
  done ) >"$OUT/ready.log" 2>/dev/null &
poll_pid=$!

log "steady load for ${DURATION}s on $CONNECTIONS connections; every table locked from ${BEFORE}s for ${LOCK}s"
python3 "$BENCH_DIR/fire.py" stream "$OUT/reqs.0" "$OUT/answers.jsonl" --port "$PORT" \
  --connections "$CONNECTIONS" --duration "$DURATION" &
load_pid=$!
sleep "$BEFORE"
tables=$(sql "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables WHERE schemaname = 'public'")
# One transaction: the times it got the locks and released them (epoch seconds), printed by PostgreSQL itself.
psql -X -q -At -v ON_ERROR_STOP=1 -d "$BENCH_DB" >"$OUT/lock.times" <<SQL
BEGIN;
LOCK TABLE $tables IN ACCESS EXCLUSIVE MODE;
SELECT extract(epoch FROM clock_timestamp());
SELECT pg_sleep($LOCK);
SELECT extract(epoch FROM clock_timestamp());
COMMIT;
SQL
log "locks released"
wait "$load_pid"
kill "$poll_pid" 2>/dev/null; poll_pid=""

fail=0
python3 - "$OUT" <<'PY' || fail=1
import json, sys
out = sys.argv[1]
locked, released = [float(x) for x in open(f"{out}/lock.times").read().split() if x.strip()]
rs = [json.loads(l) for l in open(f"{out}/answers.jsonl")]
ok = [r for r in rs if r["status"] == 200 and '"error_code":0,' in r["body"]]
retry = [r for r in rs if r["status"] == 200 and '"error_code":100,' in r["body"]]
other = [r for r in rs if r not in ok and r not in retry]
late = [r for r in ok + retry if r["ms"] > 3000]
during = [r for r in rs if locked <= r["sent"] < released]
after_ok = sorted(r["sent"] + r["ms"] / 1000 for r in ok if r["sent"] >= released)
storing_again = after_ok[0] - released if after_ok else None
ready = [(float(t), c) for t, c in (l.split() for l in open(f"{out}/ready.log") if len(l.split()) == 2)]
not_ready = [(t, c) for t, c in ready if c != "200" and locked <= t < released + 5]
ready_after = [t for t, c in ready if t >= released and c == "200"]
ready_again = (ready_after[0] - released) if ready_after else None
print(f"lock held {released - locked:.1f} s; answers: {len(rs)} ({len(during)} sent during the lock); "
      f"error_code 0: {len(ok)}; error_code 100: {len(retry)}; other: {len(other)}")
print(f"slowest answer: {max([r['ms'] for r in rs], default=0):.0f} ms (100s: {max([r['ms'] for r in retry], default=0):.0f} ms); "
      f"readiness probes during the lock: {sum(1 for t, c in ready if locked <= t < released)}, not 200: {len(not_ready)}")
print(f"ready again {0 if ready_again is None else ready_again:.2f} s after the release; "
      f"storing again (first answer 0 to a request sent after the release) {storing_again if storing_again is None else round(storing_again, 2)} s after it")
for r in other[:5]:
    print("  other:", r)
with open(f"{out}/retry.idx", "w") as f:
    f.write("".join(f"{r['i']}\n" for r in retry))
bad = False
if other: print("FAIL answers other than HTTP 200 with error_code 0 or 100"); bad = True
if late: print(f"FAIL {len(late)} answers took more than 3 s"); bad = True
if not retry: print("FAIL no request was answered 100: the lock did not hit the load"); bad = True
if not_ready: print(f"FAIL readiness was not 200 {len(not_ready)} times during the lock"); bad = True
if ready_again is None or ready_again > 5: print("FAIL not ready within 5 s of the release"); bad = True
if storing_again is None or storing_again > 5: print("FAIL not storing again within 5 s of the release"); bad = True
sys.exit(1 if bad else 0)
PY
log "redelivering every request answered 100"
python3 "$BENCH_DIR/fire.py" stream "$OUT/reqs.0" "$OUT/redelivered.jsonl" --port "$PORT" \
  --connections "$CONNECTIONS" --duration 120 --only "$OUT/retry.idx"
python3 "$BENCH_DIR/check_stored.py" "$OUT" "$BENCH_DB" || fail=1
if ((fail)); then echo "drill-table-lock: FAIL (files in $OUT)"; exit 1; fi
echo "drill-table-lock: PASS"
