# A fake Douyin OpenAPI for the drills (sourced after lib.sh): WireMock standalone, the jar the tests use, from
# the local Maven repository (./mvnw verify or package puts it there), on 127.0.0.1:$FAKE_PORT. Its request
# journal (every call with the time it arrived) is what the drills count.
WIREMOCK_JAR="${WIREMOCK_JAR:-$(ls "$HOME"/.m2/repository/org/wiremock/wiremock-standalone/*/wiremock-standalone-*.jar 2>/dev/null | sort -V | tail -1)}"
: "${FAKE_PORT:=$((PORT + 2000))}"
FAKE_URL="http://127.0.0.1:$FAKE_PORT"
FAKE_PID=""

# $1 = folder for its files and log.
start_fake_douyin() {
  [[ -f "$WIREMOCK_JAR" ]] || { log "no wiremock-standalone jar in ~/.m2 (run ./mvnw -B verify once)"; return 1; }
  mkdir -p "$1/wiremock/mappings"
  java -Xmx256m -jar "$WIREMOCK_JAR" --port "$FAKE_PORT" --bind-address 127.0.0.1 --root-dir "$1/wiremock" \
    --disable-banner --async-response-enabled true --container-threads 64 >"$1/wiremock.log" 2>&1 &
  FAKE_PID=$!
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "$FAKE_URL/__admin/mappings" && return 0
    kill -0 "$FAKE_PID" 2>/dev/null || { log "WireMock exited; see $1/wiremock.log"; return 1; }
    sleep 0.1
  done
  log "WireMock did not start"; return 1
}

stop_fake_douyin() {
  if [[ -n "$FAKE_PID" ]] && kill -0 "$FAKE_PID" 2>/dev/null; then
    kill "$FAKE_PID"; wait "$FAKE_PID" 2>/dev/null || true
  fi
  FAKE_PID=""
}

# How the fake answers every OpenAPI call from now on: ok (a token, an after-sale detail for the order asked,
# the decision accepted), busy (error 2119002, "system busy", on every call) or slow (no answer for 10 s, longer
# than the service's 3 s call timeout). Clears the journal.
fake_douyin_answers() {
  local mode="$1" token detail audit
  curl -s -o /dev/null -X POST "$FAKE_URL/__admin/mappings/reset"
  curl -s -o /dev/null -X DELETE "$FAKE_URL/__admin/requests"
  case "$mode" in
    ok)
      token='{"status":200,"headers":{"Content-Type":"application/json"},"jsonBody":{"data":{"access_token":"fake-token","description":"","error_code":0,"expires_in":7200,"log_id":"fake-token-log"},"message":"success"}}'
      detail='{"status":200,"headers":{"Content-Type":"application/json"},"transformers":["response-template"],"body":"{\"extra\":{\"logid\":\"fake-{{randomValue length=8 type='\''ALPHANUMERIC'\''}}\",\"now\":1700000000000,\"error_code\":0,\"description\":\"\",\"sub_error_code\":0,\"sub_description\":\"\"},\"data\":{\"error_code\":0,\"description\":\"\",\"has_more\":false,\"cursor\":\"\",\"after_sale_order_list\":[{\"after_sale_id\":\"as-{{request.query.order_id}}\",\"order_id\":\"{{request.query.order_id}}\",\"status\":50,\"refund_amount\":5000,\"update_time\":1700000000,\"refund_info_list\":[{\"refund_id\":\"rf-{{request.query.order_id}}\",\"certificate_id\":\"c-1\",\"refund_status\":50,\"refund_amount\":5000,\"is_verified\":false}]}]}}"}'
      audit='{"status":200,"headers":{"Content-Type":"application/json"},"jsonBody":{"extra":{"logid":"fake-audit","now":1700000000000,"error_code":0,"description":""},"data":{"error_code":0,"description":"success"}}}'
      ;;
    busy)
      token='{"status":200,"headers":{"Content-Type":"application/json"},"jsonBody":{"data":{"access_token":"","description":"system busy","error_code":2119002},"extra":{"logid":"fake-busy","error_code":2119002,"description":"system busy"},"message":"error"}}'
      detail='{"status":200,"headers":{"Content-Type":"application/json"},"jsonBody":{"extra":{"logid":"fake-busy","now":1700000000000,"error_code":2119002,"description":"system busy","sub_error_code":0,"sub_description":""},"data":{"error_code":0,"description":""}}}'
      audit="$detail"
      ;;
    slow)
      token='{"status":200,"fixedDelayMilliseconds":10000,"headers":{"Content-Type":"application/json"},"jsonBody":{"data":{"access_token":"late","error_code":0,"expires_in":7200}}}'
      detail='{"status":200,"fixedDelayMilliseconds":10000,"headers":{"Content-Type":"application/json"},"jsonBody":{"data":{"error_code":0}}}'
      audit="$detail"
      ;;
    *) log "fake_douyin_answers: unknown mode $mode"; return 1 ;;
  esac
  fake_stub POST /oauth/client_token/ "$token"
  fake_stub GET /goodlife/v1/akte/after_sale/order_detail/get/ "$detail"
  fake_stub POST /goodlife/v1/trip/trade/hotel/cancel/audit/ "$audit"
}

fake_stub() { # $1 = method, $2 = path, $3 = response definition (JSON)
  curl -s -o /dev/null -f -X POST "$FAKE_URL/__admin/mappings" -H 'Content-Type: application/json' \
    -d "{\"request\":{\"method\":\"$1\",\"urlPath\":\"$2\"},\"response\":$3}" \
    || { log "could not stub $1 $2 on the fake Douyin"; return 1; }
}

# The journal as JSON lines {"path", "ms"} (arrival, epoch ms), oldest first. $1 = output file.
fake_douyin_journal() {
  curl -s "$FAKE_URL/__admin/requests" | python3 -c '
import json, sys
rows = [{"path": r["request"]["url"].split("?")[0], "ms": r["request"]["loggedDate"]} for r in json.load(sys.stdin)["requests"]]
for r in sorted(rows, key=lambda r: r["ms"]):
    print(json.dumps(r))' >"$1"
}
