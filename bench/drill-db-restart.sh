#!/usr/bin/env bash
# Drill: PostgreSQL stopped and started under load (bench/drill-db-restart.sh; optional DURATION=20
# CONNECTIONS=16 DOWN=4). Steady signed traffic (~7 % redeliveries) on keep-alive connections; after a
# few seconds the database server is stopped (fast), left down DOWN seconds, started again. Every answer
# is recorded. PASS when:
#   * every request was answered HTTP 200 with error_code 0 or 100, and every 100 came within 3 s;
#   * each request answered 100, redelivered byte for byte once the service is ready, now gets 0;
#   * every cancel_id ever answered 0 is stored exactly once, with exactly one HANDLED inbox row, and
#     every answer 0 for a cancel_id is the same.
# The server is ALWAYS started again at the end, even when the drill fails (trap).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${DURATION:=20}" "${CONNECTIONS:=16}" "${DOWN:=4}"
BENCH_DB=aftersale_drill
OUT="${OUT:-/tmp/aftersale-drill-db.$$}"
mkdir -p "$OUT"
cleanup() {
  pg_ctlcluster --skip-systemctl-redirect 15 main start 2>/dev/null || true
  stop_service
}
trap cleanup EXIT

ensure_tools
ensure_postgres
ensure_jar
recreate_db
start_service "$OUT/service.log"
log "service ready in $READY_MS ms"

python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/reqs" --threads 1 --per-thread $((DURATION * 1500)) \
  --prefix "db$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET"
log "steady load for ${DURATION}s on $CONNECTIONS connections"
python3 "$BENCH_DIR/fire.py" stream "$OUT/reqs.0" "$OUT/answers.jsonl" --port "$PORT" \
  --connections "$CONNECTIONS" --duration "$DURATION" &
load_pid=$!
sleep 5
log "stopping PostgreSQL (fast)"
pg_ctlcluster --skip-systemctl-redirect 15 main stop -m fast
sleep "$DOWN"
log "starting PostgreSQL"
pg_ctlcluster --skip-systemctl-redirect 15 main start
wait "$load_pid"

# The service must be ready again on its own (the pool reconnects); bounded wait.
for _ in $(seq 1 300); do
  curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$(mgmt_url)/q/health/ready" | grep -q 200 && break
  sleep 0.1
done

fail=0
python3 - "$OUT" <<'PY' || fail=1
import json, sys
out = sys.argv[1]
rs = [json.loads(l) for l in open(f"{out}/answers.jsonl")]
ids = open(f"{out}/reqs.ids.0").read().split()
ok = [r for r in rs if r["status"] == 200 and '"error_code":0,' in r["body"]]
retry = [r for r in rs if r["status"] == 200 and '"error_code":100,' in r["body"]]
other = [r for r in rs if r not in ok and r not in retry]
slow = [r for r in retry if r["ms"] > 3000]
print(f"answers: {len(rs)}; error_code 0: {len(ok)}; error_code 100: {len(retry)} (slowest {max([r['ms'] for r in retry], default=0)} ms); other: {len(other)}")
for r in other[:5]:
    print("  other:", r)
with open(f"{out}/retry.idx", "w") as f:
    f.write("".join(f"{r['i']}\n" for r in retry))
bad = bool(other) or bool(slow) or not retry
if not retry:
    print("FAIL no request was answered 100: the outage did not hit the load")
if slow:
    print(f"FAIL {len(slow)} answers 100 came after more than 3 s")
sys.exit(1 if bad else 0)
PY
log "redelivering every request answered 100"
python3 "$BENCH_DIR/fire.py" stream "$OUT/reqs.0" "$OUT/redelivered.jsonl" --port "$PORT" \
  --connections "$CONNECTIONS" --duration 60 --only "$OUT/retry.idx"

python3 "$BENCH_DIR/check_stored.py" "$OUT" "$BENCH_DB" || fail=1
if ((fail)); then echo "drill-db-restart: FAIL (files in $OUT)"; exit 1; fi
echo "drill-db-restart: PASS"
