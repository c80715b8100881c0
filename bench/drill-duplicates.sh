#!/usr/bin/env bash
# Drill: 1,000 parallel deliveries of one callback (bench/drill-duplicates.sh; optional N=1000, KIND=cancel|scenic:
# one hotel cancellation, the default, or one scenic refund audit notice).
# Every delivery is byte-identical (same body, same signature), each on its own connection, all sent at
# once. N is above the SPI's bound on bodies in memory (douyin.spi.max-bodies-in-memory, 512), so the calls
# beyond it are answered error_code 100 at once, unread, as Douyin is told to retry; the drill then redelivers
# those, all at once again, until none is left. PASS when: every answer is HTTP 200, either the one success
# answer or that retry answer; all N deliveries end answered error_code 0, byte-identical; the database holds
# exactly one cancellation for the cancel_id (one notice for the order_id) and an inbox row answered 0 for each
# of the N, exactly one of them HANDLED; the operator API says the same.
set -euo pipefail
: "${BENCH_DB:=aftersale_drill}" # before lib.sh, whose default is the benchmark's database
source "$(dirname "$0")/lib.sh"
: "${N:=1000}"
OUT="${OUT:-/tmp/aftersale-drill-dup.$$}"
mkdir -p "$OUT"
trap 'stop_service' EXIT

ensure_tools
ensure_postgres
ensure_jar
recreate_db
start_service "$OUT/service.log"
log "service ready in $READY_MS ms; warming it up for ${WARMUP:=5} s"
warm_service "$WARMUP" "$OUT"

# One signed request (a cancellation: need_audit true, outside the rules, so the asynchronous answer, cancel_mode 2;
# or a scenic notice) ...
: "${KIND:=cancel}"
python3 "$BENCH_DIR/gen_requests.py" --out "$OUT/one" --threads 1 --per-thread 1 --redeliver-pct 0 \
  --kind "$([[ "$KIND" == scenic ]] && echo scenic || echo audit)" --prefix "dup$$" --host "127.0.0.1:$PORT" \
  --client-key "$CLIENT_KEY" --secret "$SECRET"
key=$(cat "$OUT/one.ids.0") # the inbox's business key: the cancel_id, or the scenic order_id
# ... repeated N times, byte for byte.
python3 -c "import sys; r=open(sys.argv[1],'rb').read(); open(sys.argv[2],'wb').write(r*int(sys.argv[3]))" \
  "$OUT/one.0" "$OUT/all" "$N"
log "sending $N deliveries of $KIND $key at once"
python3 "$BENCH_DIR/fire.py" parallel "$OUT/all" "$OUT/answers.jsonl" --port "$PORT"

fail=0
check() { # $1 = what, $2 = expected, $3 = actual
  if [[ "$2" == "$3" ]]; then log "ok   $1: $3"; else log "FAIL $1: expected $2, got $3"; fail=1; fi
}
RETRY='{"data":{"error_code":100,"description":"system busy, please retry"}}'
# $1 = answers file: prints the count of its answers that are the retry answer.
retries() { python3 -c "import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l).get('body')==sys.argv[2]))" "$1" "$RETRY"; }
check "answers received" "$N" "$(wc -l <"$OUT/answers.jsonl")"
left=$(retries "$OUT/answers.jsonl")
log "answered error_code 100 (retry) in the first round: $left"
round=1
while ((left > 0 && round <= 5)); do
  round=$((round + 1))
  python3 -c "import sys; r=open(sys.argv[1],'rb').read(); open(sys.argv[2],'wb').write(r*int(sys.argv[3]))" \
    "$OUT/one.0" "$OUT/again.$round" "$left"
  python3 "$BENCH_DIR/fire.py" parallel "$OUT/again.$round" "$OUT/answers.$round.jsonl" --port "$PORT"
  cat "$OUT/answers.$round.jsonl" >>"$OUT/answers.jsonl"
  left=$(retries "$OUT/answers.$round.jsonl")
  log "round $round: $(wc -l <"$OUT/answers.$round.jsonl") redeliveries, answered error_code 100 again: $left"
done
check "deliveries still answered error_code 100 after the redeliveries" 0 "$left"
check "answers not HTTP 200" 0 "$(python3 -c "import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)['status']!=200))" "$OUT/answers.jsonl")"
check "distinct answer bodies other than the retry answer" 1 "$(python3 -c "import json,sys; print(len({json.loads(l).get('body') for l in open(sys.argv[1])} - {sys.argv[2]}))" "$OUT/answers.jsonl" "$RETRY")"
body=$(python3 -c "import json,sys; print(next(b for b in (json.loads(l).get('body') for l in open(sys.argv[1])) if b != sys.argv[2]))" "$OUT/answers.jsonl" "$RETRY")
log "the answer: $body"
if [[ "$KIND" == scenic ]]; then
  [[ "$body" == '{"data":{"error_code":0,"description":"success"}}' ]] || { log "FAIL the answer is not success"; fail=1; }
else
  [[ "$body" == *'"error_code":0,'* && "$body" == *'"cancel_mode":2'* ]] || { log "FAIL the answer is not error_code 0 with cancel_mode 2"; fail=1; }
fi
check "answers error_code 0" "$N" "$(python3 -c "import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l).get('body')==sys.argv[2]))" "$OUT/answers.jsonl" "$body")"
if [[ "$KIND" == scenic ]]; then
  check "notices stored for the order_id" 1 "$(sql "SELECT count(*) FROM scenic_refund_notice WHERE order_id = '$key'")"
else
  check "cancellations stored for the cancel_id" 1 "$(sql "SELECT count(*) FROM hotel_cancellation WHERE cancel_id = '$key'")"
fi
check "inbox rows answered 0 for the key" "$N" "$(sql "SELECT count(*) FROM spi_inbox WHERE business_key = '$key' AND error_code = 0")"
check "inbox rows HANDLED" 1 "$(sql "SELECT count(*) FROM spi_inbox WHERE business_key = '$key' AND outcome = 'HANDLED'")"
# The first delivery's row may say 100: its statement outlived the slot's half budget at the storm's start (2 cores
# busy taking 1,000 connections) and committed after its caller was answered 100; its redelivery is then a
# DUPLICATE answered 0. Every other row is a DUPLICATE answered 0.
handled_0=$(sql "SELECT count(*) FROM spi_inbox WHERE business_key = '$key' AND outcome = 'HANDLED' AND error_code = 0")
check "inbox rows DUPLICATE answered 0" $((N - handled_0)) "$(sql "SELECT count(*) FROM spi_inbox WHERE business_key = '$key' AND outcome = 'DUPLICATE' AND error_code = 0")"
check "inbox rows other than HANDLED not answered 0" 0 "$(sql "SELECT count(*) FROM spi_inbox WHERE business_key = '$key' AND outcome <> 'HANDLED' AND error_code <> 0")"
api() { curl -s -u "$BENCH_ADMIN" "http://127.0.0.1:$PORT$1"; }
total() { python3 -c "import json,sys; print(json.load(sys.stdin)['total'])"; }
if [[ "$KIND" == scenic ]]; then
  check "operator API: notices of the order" 1 "$(api "/api/scenic/refund-audit-notices?order_id=$key" | total)"
else
  check "operator API: cancellations of the order" 1 "$(api "/api/hotel/cancellations?order_id=ORD-$key" | total)"
fi
check "operator API: callbacks of the key" "$(sql "SELECT count(*) FROM spi_inbox WHERE business_key = '$key'")" \
  "$(api "/api/callbacks?business_key=$key" | total)"
table=$([[ "$KIND" == scenic ]] && echo scenic_refund_notice || echo hotel_cancellation)
log "write statements (warm-up included): $(curl -s "$(mgmt_url)/q/metrics" | awk -v t="table=\"$table\"" '/^aftersale_db_write_batch_count\{/ && index($0, t) { print $2 }')"
log "slowest answer: $(python3 -c "import json,sys; print(max(json.loads(l)['ms'] for l in open(sys.argv[1])))" "$OUT/answers.jsonl") ms"

if ((fail)); then echo "drill-duplicates: FAIL (files in $OUT)"; exit 1; fi
echo "drill-duplicates: PASS ($N parallel deliveries of one $KIND in $round round(s), one row, one answer)"
