#!/usr/bin/env bash
# Drill: two replicas on one database, behind no proxy (bench/drill-two-replicas.sh; optional CANCELS=300
# NOTICES=100 PAIRS=16, ports PORT and PORT_B = PORT + 1). A fake Douyin OpenAPI (WireMock, bench/douyin-fake.sh)
# answers both. Every delivery is raced to both replicas at the same moment (bench/race.py): CANCELS hotel
# cancel-orders and NOTICES scenic refund notices; each new notice queues an after-sale sync job, which the two
# replicas' workers (every 1 s) run against the fake, sharing the rate budget and the client token through
# PostgreSQL. PASS when:
#   * both copies of every delivery were answered 200 with error_code 0, with the same answer;
#   * each cancellation and each notice is stored once, with one HANDLED and one DUPLICATE inbox row, and each
#     notice queued one sync job; every job ends DONE;
#   * the fake received at most 10 OpenAPI calls in any rolling second, from both replicas together, exactly one
#     token fetch, and there is one token row.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$BENCH_DIR/douyin-fake.sh"
: "${CANCELS:=300}" "${NOTICES:=100}" "${PAIRS:=16}" "${PORT_B:=$((PORT + 1))}"
PORT_A=$PORT
OUT="${OUT:-/tmp/aftersale-drill-replicas.$$}"
mkdir -p "$OUT"
PID_A="" PID_B=""
cleanup() {
  SERVICE_PID=$PID_A; stop_service
  SERVICE_PID=$PID_B; stop_service
  stop_fake_douyin
}
trap cleanup EXIT

drill_prepare
start_fake_douyin "$OUT"
fake_douyin_answers ok
SERVICE_ENV="DOUYIN_API_URL=$FAKE_URL DOUYIN_ACCOUNT_ID=drill-account AFTER_SALE_SYNC_EVERY=1s"
PORT=$PORT_A start_service "$OUT/service-a.log"; PID_A=$SERVICE_PID
log "replica A ready on $PORT_A in $READY_MS ms"
PORT=$PORT_B start_service "$OUT/service-b.log"; PID_B=$SERVICE_PID
log "replica B ready on $PORT_B in $READY_MS ms; fake Douyin on $FAKE_PORT"

python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/cancel" --threads 1 --per-thread "$CANCELS" --redeliver-pct 0 \
  --prefix "r2$$" --host "127.0.0.1:$PORT_A" --client-key "$CLIENT_KEY" --secret "$SECRET"
python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/notice" --threads 1 --per-thread "$NOTICES" --redeliver-pct 0 \
  --kind scenic --prefix "r2n$$" --host "127.0.0.1:$PORT_A" --client-key "$CLIENT_KEY" --secret "$SECRET"
log "racing $CANCELS cancel-orders and $NOTICES scenic notices to both replicas ($PAIRS pairs at a time)"
started=$(date +%s)
(cd "$BENCH_DIR" && python3 race.py "$OUT/cancel.0" "$OUT/cancel.answers.jsonl" --port-a "$PORT_A" --port-b "$PORT_B" --pairs "$PAIRS")
(cd "$BENCH_DIR" && python3 race.py "$OUT/notice.0" "$OUT/notice.answers.jsonl" --port-a "$PORT_A" --port-b "$PORT_B" --pairs "$PAIRS")

# The sync jobs: 10 OpenAPI calls per second at most, so NOTICES / 10 s and more; bounded wait.
deadline=$(( $(date +%s) + NOTICES / 5 + 60 ))
while (( $(date +%s) < deadline )); do
  left=$(sql "SELECT count(*) FROM after_sale_sync_job WHERE status <> 'DONE'")
  (( left == 0 )) && break
  sleep 1
done
log "sync jobs settled after $(( $(date +%s) - started )) s"
fake_douyin_journal "$OUT/journal.jsonl"
for port in "$PORT_A" "$PORT_B"; do
  curl -s "http://127.0.0.1:$(PORT=$port management_port)/q/metrics" \
    | awk -v p="$port" '/^aftersale_douyin_calls_seconds_count/ { n[$1 ~ /client_token/ ? "token" : "detail"] += $NF }
        END { printf "replica %s: OpenAPI detail calls %d, token calls %d\n", p, n["detail"], n["token"] }'
done | tee "$OUT/per-replica.txt"

fail=0
python3 - "$OUT" "$BENCH_DB" "$CANCELS" "$NOTICES" <<'PY' || fail=1
import collections, json, subprocess, sys
out, db, cancels, notices = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
q = lambda sql: subprocess.run(["psql", "-X", "-At", "-F", "|", "-d", db, "-c", sql], check=True,
                               capture_output=True, text=True).stdout.split()
bad = False
for kind, ids_file, expected in (("cancel", "cancel.ids.0", cancels), ("notice", "notice.ids.0", notices)):
    ids = open(f"{out}/{ids_file}").read().split()
    rs = [json.loads(l) for l in open(f"{out}/{kind}.answers.jsonl")]
    by = collections.defaultdict(list)
    for r in rs:
        by[r["i"]].append(r)
    wrong = [i for i in range(expected) if len(by[i]) != 2
             or any(r["status"] != 200 or '"error_code":0,' not in r["body"] for r in by[i])
             or by[i][0]["body"] != by[i][1]["body"]]
    print(f"{kind}: {expected} deliveries raced to both replicas, {len(rs)} answers; pairs not both answered 0 "
          f"with the same answer: {len(wrong)}; slowest {max(r.get('ms', 0) for r in rs):.0f} ms")
    if wrong:
        print("FAIL", [by[i] for i in wrong[:2]]); bad = True
    table, key = ("hotel_cancellation", "cancel_id") if kind == "cancel" else ("scenic_refund_notice", "order_id")
    stored = collections.Counter(q(f"SELECT {key} FROM {table}"))
    inbox = collections.Counter(q("SELECT business_key || '|' || outcome FROM spi_inbox"))
    not_once = [k for k in ids if stored[k] != 1 or inbox[k + "|HANDLED"] != 1 or inbox[k + "|DUPLICATE"] != 1]
    print(f"{kind}: stored once with one HANDLED and one DUPLICATE inbox row: {len(ids) - len(not_once)} of {len(ids)}")
    if not_once:
        print("FAIL", not_once[:5]); bad = True
jobs = collections.Counter(q("SELECT order_id || '|' || status FROM after_sale_sync_job"))
notice_ids = open(f"{out}/notice.ids.0").read().split()
not_done = [k for k in notice_ids if jobs[k + "|DONE"] != 1 or sum(v for j, v in jobs.items() if j.startswith(k + "|")) != 1]
print(f"sync jobs: {sum(jobs.values())}; one per notice and DONE: {len(notice_ids) - len(not_done)} of {len(notice_ids)}")
if not_done:
    print("FAIL", not_done[:5], "statuses:", collections.Counter(j.split("|")[1] for j in jobs)); bad = True
calls = [json.loads(l) for l in open(f"{out}/journal.jsonl")]
ms = [c["ms"] for c in calls]
worst, j = 0, 0
for i in range(len(ms)):  # the most calls that arrived within any 1,000 ms
    while ms[i] - ms[j] >= 1000:
        j += 1
    worst = max(worst, i - j + 1)
tokens = sum(1 for c in calls if c["path"].startswith("/oauth/client_token"))
rows = int(q("SELECT count(*) FROM douyin_client_token")[0])
span = (ms[-1] - ms[0]) / 1000 if len(ms) > 1 else 0
print(f"fake Douyin: {len(calls)} OpenAPI calls over {span:.1f} s ({len(calls) / span if span else 0:.1f}/s), "
      f"at most {worst} in any rolling second; token fetches: {tokens}; token rows: {rows}")
if worst > 10: print("FAIL more than 10 OpenAPI calls in one second"); bad = True
if tokens != 1 or rows != 1: print("FAIL not exactly one token fetch and one token row"); bad = True
if len(calls) < notices: print("FAIL fewer OpenAPI calls than sync jobs"); bad = True
sys.exit(1 if bad else 0)
PY
if ((fail)); then echo "drill-two-replicas: FAIL (files in $OUT)"; exit 1; fi
echo "drill-two-replicas: PASS"
