#!/usr/bin/env bash
# Drill: Douyin's OpenAPI failing while callbacks keep arriving (bench/drill-douyin-failing.sh; optional BUSY=20
# SLOW=20 CONNECTIONS=8). A fake Douyin (WireMock, bench/douyin-fake.sh) answers every OpenAPI call "system busy"
# (2119002) for BUSY s, then does not answer at all (10 s, beyond the 3 s call timeout) for SLOW s. Meanwhile
# signed hotel cancel-orders (some waiting for an audit) and scenic notices (each queues an after-sale sync job)
# arrive on keep-alive connections, operators decide waiting cancellations (decisions queue for delivery),
# and the workers run every second. Readiness and wellness (management port) are polled throughout. PASS when:
#   * every callback was answered 200 with error_code 0: the SPI needs only PostgreSQL;
#   * readiness answered 200 every time: an OpenAPI outage never takes the replica out of the Service;
#   * wellness (/q/health/well) reported the Douyin circuit open (503, state OPEN) at some point;
#   * nothing Douyin refused was lost: the sync jobs and decisions are still queued (none given up).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$BENCH_DIR/douyin-fake.sh"
: "${BUSY:=20}" "${SLOW:=20}" "${CONNECTIONS:=8}"
OUT="${OUT:-/tmp/aftersale-drill-douyin.$$}"
mkdir -p "$OUT"
poll_pid=""
cleanup() {
  [[ -n "$poll_pid" ]] && kill "$poll_pid" 2>/dev/null
  stop_service
  stop_fake_douyin
}
trap cleanup EXIT

drill_prepare
start_fake_douyin "$OUT"
fake_douyin_answers busy
SERVICE_ENV="DOUYIN_API_URL=$FAKE_URL DOUYIN_ACCOUNT_ID=drill-account AFTER_SALE_SYNC_EVERY=1s HOTEL_AUDIT_EVERY=1s"
start_service "$OUT/service.log"
log "service ready in $READY_MS ms; fake Douyin on $FAKE_PORT answers every call 'system busy'"

DURATION=$((BUSY + SLOW))
python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/cancel" --threads 1 --per-thread $((DURATION * 400)) \
  --prefix "df$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET"
python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/notice" --threads 1 --per-thread $((DURATION * 200)) \
  --kind scenic --prefix "dfn$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET"

# Readiness and wellness, every 200 ms: epoch seconds, readiness status, wellness status, circuit state.
( while true; do
    ready=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$(mgmt_url)/q/health/ready")
    well=$(curl -s -w ' %{http_code}' --max-time 1 "$(mgmt_url)/q/health/well")
    state=$(tr -d ' \n' <<<"${well% *}" | sed -nE 's/.*"douyin-openapi-circuit"[^}]*"state":"([A-Z_]+)".*/\1/p')
    printf '%s %s %s %s\n' "$(date +%s.%N)" "$ready" "${well##* }" "${state:-?}"
    sleep 0.2
  done ) >"$OUT/probes.log" 2>/dev/null &
poll_pid=$!

log "callbacks for ${DURATION}s: cancel-orders on $CONNECTIONS connections, scenic notices on $((CONNECTIONS / 2))"
python3 "$BENCH_DIR/fire.py" stream "$OUT/cancel.0" "$OUT/cancel.answers.jsonl" --port "$PORT" \
  --connections "$CONNECTIONS" --duration "$DURATION" &
cancel_pid=$!
python3 "$BENCH_DIR/fire.py" stream "$OUT/notice.0" "$OUT/notice.answers.jsonl" --port "$PORT" \
  --connections $((CONNECTIONS / 2)) --duration "$DURATION" &
notice_pid=$!

decide_some() { # operators agree to up to 20 cancellations waiting for an audit: decisions queue for Douyin
  local id n=0
  for id in $(sql "SELECT cancel_id FROM hotel_cancellation WHERE status = 'PENDING_AUDIT' LIMIT 20"); do
    curl -s -o /dev/null -w '%{http_code}\n' -u "$BENCH_ADMIN" -H 'Content-Type: application/json' \
      -d '{"result":"agree"}' "http://127.0.0.1:$PORT/api/hotel/cancellations/$id/audit" | grep -q 202 && n=$((n + 1))
  done
  log "operators decided $n cancellations"
}
sleep 3; decide_some
sleep $((BUSY - 3))
fake_douyin_answers slow
log "fake Douyin now leaves every call unanswered for 10 s"
sleep 3; decide_some
wait "$cancel_pid" "$notice_pid"
kill "$poll_pid" 2>/dev/null; poll_pid=""
curl -s "$(mgmt_url)/q/health/well" >"$OUT/well.json"
curl -s "$(mgmt_url)/q/metrics" | grep -E '^aftersale_(douyin_circuit_state|queue_depth|douyin_calls_seconds_count)' >"$OUT/metrics.txt" || true
fake_douyin_journal "$OUT/journal.jsonl"
sql "SELECT status || ' ' || count(*) || ' (attempts ' || min(attempts) || '-' || max(attempts) || ')' FROM after_sale_sync_job GROUP BY status" >"$OUT/jobs.txt"
sql "SELECT delivery_status || ' ' || count(*) || ' (attempts ' || min(attempts) || '-' || max(attempts) || ')' FROM hotel_cancel_audit GROUP BY delivery_status" >"$OUT/decisions.txt"

fail=0
python3 - "$OUT" <<'PY' || fail=1
import json, sys
out = sys.argv[1]
bad = False
for kind in ("cancel", "notice"):
    rs = [json.loads(l) for l in open(f"{out}/{kind}.answers.jsonl")]
    ok = [r for r in rs if r["status"] == 200 and '"error_code":0,' in r["body"]]
    print(f"{kind} callbacks: {len(rs)}; answered 0: {len(ok)}; slowest {max([r['ms'] for r in rs], default=0):.0f} ms")
    if len(ok) != len(rs) or not rs:
        print("FAIL", [r for r in rs if r not in ok][:3]); bad = True
probes = [l.split() for l in open(f"{out}/probes.log") if len(l.split()) == 4]
not_ready = [p for p in probes if p[1] != "200"]
states = {}
for p in probes:
    states[p[3]] = states.get(p[3], 0) + 1
open_seen = [p for p in probes if p[3] == "OPEN" and p[2] == "503"]
print(f"readiness probes: {len(probes)}, not 200: {len(not_ready)}; wellness samples by circuit state: {states}")
if not_ready: print("FAIL readiness was not 200:", not_ready[:3]); bad = True
if not open_seen: print("FAIL wellness never reported the circuit open"); bad = True
calls = [json.loads(l) for l in open(f"{out}/journal.jsonl")]
print(f"fake Douyin: {len(calls)} OpenAPI calls answered in the silent phase (one is journaled when its late answer goes out)")
jobs = open(f"{out}/jobs.txt").read().split("\n")
decisions = open(f"{out}/decisions.txt").read().split("\n")
print("sync jobs:", "; ".join(j for j in jobs if j), "| decisions:", "; ".join(d for d in decisions if d))
if any(j.startswith("GAVE_UP") for j in jobs) or any(d.startswith("FAILED") for d in decisions):
    print("FAIL work was given up during a transient outage"); bad = True
if not any(j.startswith(("QUEUED", "RUNNING")) for j in jobs): print("FAIL no sync job was waiting"); bad = True
if not any(d.startswith("PENDING") for d in decisions): print("FAIL no decision was waiting"); bad = True
sys.exit(1 if bad else 0)
PY
cat "$OUT/metrics.txt"
if ((fail)); then echo "drill-douyin-failing: FAIL (files in $OUT)"; exit 1; fi
echo "drill-douyin-failing: PASS"
