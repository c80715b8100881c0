#!/usr/bin/env bash
# Drill: kill -9 under load, then a restart (bench/drill-kill9.sh; optional DURATION=40 KILL_AT=6 DOWN=3
# CONNECTIONS=16). Steady signed cancel-order traffic (~7 % redeliveries) on keep-alive connections; KILL_AT s
# in, the JVM is killed with SIGKILL (no shutdown hook, no draining), left down DOWN s, and started again; the
# load goes on against it (refused connections are recorded as unanswered). PASS when:
#   * every cancel_id answered 0 is stored exactly once, with exactly one HANDLED inbox row, and every answer 0
#     for a cancel_id is the same;
#   * every other request (no answer, a broken connection, or 100), redelivered byte for byte after the
#     restart, is answered 0, and is then stored exactly once too.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${DURATION:=40}" "${KILL_AT:=6}" "${DOWN:=3}" "${CONNECTIONS:=16}"
OUT="${OUT:-/tmp/aftersale-drill-kill9.$$}"
mkdir -p "$OUT"
trap 'stop_service' EXIT

drill_prepare
start_service "$OUT/service-1.log"
log "service ready in $READY_MS ms; warming it up for ${WARMUP:=5} s"
warm_service "$WARMUP" "$OUT"

python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/reqs" --threads 1 --per-thread $((DURATION * 1500)) \
  --prefix "k9$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET"
log "steady load for ${DURATION}s on $CONNECTIONS connections; kill -9 at ${KILL_AT}s, restart ${DOWN}s later"
python3 "$BENCH_DIR/fire.py" stream "$OUT/reqs.0" "$OUT/answers.jsonl" --port "$PORT" \
  --connections "$CONNECTIONS" --duration "$DURATION" &
load_pid=$!
sleep "$KILL_AT"
killed_at=$(date +%s.%N)
kill -9 "$SERVICE_PID"
wait "$SERVICE_PID" 2>/dev/null || true
SERVICE_PID=""
log "killed (SIGKILL) under load"
sleep "$DOWN"
start_service "$OUT/service-2.log"
restarted_at=$(date +%s.%N)
log "restarted; ready in $READY_MS ms"
wait "$load_pid"

fail=0
python3 - "$OUT" "$killed_at" "$restarted_at" <<'PY' || fail=1
import json, sys
out, killed, restarted = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rs = [json.loads(l) for l in open(f"{out}/answers.jsonl")]
ok = [r for r in rs if r["status"] == 200 and '"error_code":0,' in r["body"]]
retry = [r for r in rs if r["status"] == 200 and '"error_code":100,' in r["body"]]
none = [r for r in rs if r["status"] == 0]
other = [r for r in rs if r not in ok and r not in retry and r not in none]
in_flight = [r for r in none if r["sent"] < killed]
after = [r for r in ok if r["sent"] >= restarted]
print(f"answers: {len(rs)}; error_code 0: {len(ok)}; error_code 100: {len(retry)}; no answer: {len(none)} "
      f"({len(in_flight)} of them in flight when the JVM was killed); other: {len(other)}; "
      f"down {restarted - killed:.1f} s until ready again; answered 0 after the restart: {len(after)}")
with open(f"{out}/retry.idx", "w") as f:
    f.write("".join(f"{r['i']}\n" for r in rs if r not in ok))
bad = False
if other: print("FAIL answers other than error_code 0 or 100:", other[:3]); bad = True
if not in_flight: print("FAIL no request was in flight at the kill: it did not hit the load"); bad = True
if not after: print("FAIL the load ended before the restarted service answered (raise DURATION)"); bad = True
sys.exit(1 if bad else 0)
PY
log "redelivering every request not answered 0"
python3 "$BENCH_DIR/fire.py" stream "$OUT/reqs.0" "$OUT/redelivered.jsonl" --port "$PORT" \
  --connections "$CONNECTIONS" --duration 300 --only "$OUT/retry.idx"
python3 "$BENCH_DIR/check_stored.py" "$OUT" "$BENCH_DB" || fail=1
if ((fail)); then echo "drill-kill9: FAIL (files in $OUT)"; exit 1; fi
echo "drill-kill9: PASS"
