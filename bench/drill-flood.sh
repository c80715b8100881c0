#!/usr/bin/env bash
# Drill: an unauthenticated flood with the production heap (bench/drill-flood.sh; optional DURATION=30
# CONNECTIONS=4 UNSIGNED=24 CHUNKED=3 SLOW=4 FORGED=4 BENCH_DB=aftersale_drill_flood PORT=18080 JAR=...).
# The production jar runs with the production flags of bench/lib.sh (-Xmx64m, -XX:+ExitOnOutOfMemoryError ...)
# against the local PostgreSQL. For DURATION seconds bench/flood.py sends, in parallel loops, UNSIGNED
# unsigned 1 MiB POSTs, CHUNKED chunked 8 MiB bodies, SLOW slow bodies and FORGED 1 MiB bodies with a wrong
# signature, while CONNECTIONS keep-alive connections send signed cancel-order calls. PASS when:
#   * the service is alive and ready at the end;
#   * at least 90 % of the signed calls were answered error_code 0;
#   * every cancel_id answered 0 is stored exactly once, with one HANDLED inbox row;
#   * every signed call answered otherwise (100, or no answer) gets 0 when redelivered afterwards.
# Prints the signed calls sent / answered 0 / answered 100 / other, the slowest answer, the JVM's largest
# RSS and what the flood's requests got.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${DURATION:=30}" "${CONNECTIONS:=4}" "${UNSIGNED:=24}" "${CHUNKED:=3}" "${SLOW:=4}" "${FORGED:=4}"
[[ "$BENCH_DB" == aftersale_bench ]] && BENCH_DB=aftersale_drill_flood
OUT="${OUT:-/tmp/aftersale-drill-flood.$$}"
mkdir -p "$OUT"
trap 'stop_service' EXIT

ensure_tools
ensure_postgres
ensure_jar
recreate_db
start_service "$OUT/service.log"
log "service ready in $READY_MS ms (pid $SERVICE_PID; JAVA_OPTS: $JAVA_OPTS)"

python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/reqs" --threads 1 --per-thread $((DURATION * 3000)) \
  --prefix "flood$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET"

log "flood for ${DURATION}s: $UNSIGNED unsigned 1 MiB, $CHUNKED chunked 8 MiB, $SLOW slow, $FORGED forged 1 MiB loops; signed calls on $CONNECTIONS connections"
python3 "$BENCH_DIR/flood.py" --port "$PORT" --client-key "$CLIENT_KEY" --duration "$DURATION" \
  --unsigned "$UNSIGNED" --chunked "$CHUNKED" --slow "$SLOW" --forged "$FORGED" >"$OUT/flood.json" &
flood_pid=$!
sleep 1 # the flood is under way before the signed calls start
python3 "$BENCH_DIR/fire.py" stream "$OUT/reqs.0" "$OUT/answers.jsonl" --port "$PORT" \
  --connections "$CONNECTIONS" --duration $((DURATION - 2)) &
signed_pid=$!
rss_max=0
while kill -0 "$flood_pid" 2>/dev/null; do
  if kill -0 "$SERVICE_PID" 2>/dev/null; then
    rss=$(ps -o rss= -p "$SERVICE_PID" | tr -d ' ')
    ((rss > rss_max)) && rss_max=$rss
  fi
  sleep 0.5
done
wait "$flood_pid" || true
wait "$signed_pid" || true

fail=0
alive=yes
if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
  alive="no (exited)"; fail=1
elif ! curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$(mgmt_url)/q/health/ready" | grep -q 200; then
  alive="no (not ready)"; fail=1
fi
oom=$(grep -c "OutOfMemoryError" "$OUT/service.log" || true)
log "service alive and ready: $alive; OutOfMemoryError lines in its log: $oom"

python3 - "$OUT" <<'PY' || fail=1
import json, sys
out = sys.argv[1]
rs = [json.loads(l) for l in open(f"{out}/answers.jsonl")]
ok = [r for r in rs if r["status"] == 200 and '"error_code":0,' in r["body"]]
retry = [r for r in rs if r["status"] == 200 and '"error_code":100,' in r["body"]]
other = [r for r in rs if r not in ok and r not in retry]
share = len(ok) / len(rs) if rs else 0
print(f"signed calls sent: {len(rs)}; answered 0: {len(ok)} ({share:.1%}); answered 100: {len(retry)}; other: {len(other)}")
print(f"signed calls: slowest answer {max([r['ms'] for r in rs], default=0)} ms")
for r in other[:3]:
    print("  other:", r)
print("flood requests, by how they ended:", open(f"{out}/flood.json").read().strip())
with open(f"{out}/retry.idx", "w") as f:
    f.write("".join(f"{r['i']}\n" for r in retry + other))
if share < 0.9:
    print("FAIL fewer than 90 % of the signed calls were answered 0")
    sys.exit(1)
PY
echo "JVM RSS, max: $((rss_max / 1024)) MB"

if [[ "$alive" == yes ]]; then
  log "redelivering every signed call not answered 0"
  python3 "$BENCH_DIR/fire.py" stream "$OUT/reqs.0" "$OUT/redelivered.jsonl" --port "$PORT" \
    --connections "$CONNECTIONS" --duration 60 --only "$OUT/retry.idx"
  python3 "$BENCH_DIR/check_stored.py" "$OUT" "$BENCH_DB" || fail=1
fi
if ((fail)); then echo "drill-flood: FAIL (files in $OUT)"; exit 1; fi
echo "drill-flood: PASS (files in $OUT)"
