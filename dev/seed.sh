#!/usr/bin/env bash
# Sends the published example callbacks (dev/seeds/, repaired: see dev/seeds/README.md) to a service in dev mode,
# signed as Douyin signs them (x-life-sign, with dev mode's app), so the console has data to show:
#   dev/seed.sh            # BASE=http://localhost:8080 by default
# The hotel example is sent as published (need_audit null: cancelled at once) and three times more with need_audit
# true, refund_type 21 and cancel_ids of their own (waiting for an audit); the scenic notice once.
set -euo pipefail
cd "$(dirname "$0")"
BASE=${BASE:-http://localhost:8080}
CLIENT_KEY=${CLIENT_KEY:-awx1234567890abc}
SECRET=${SECRET:-0123456789abcdef0123456789abcdef}

send() { # path, body file
  local ts sign answer
  ts=$(date +%s%3N)
  sign=$( { printf '%s&client_key=%s&timestamp=%s&http_body=' "$SECRET" "$CLIENT_KEY" "$ts"; cat "$2"; } \
    | sha256sum | cut -d' ' -f1)
  answer=$(curl -sS -w ' (HTTP %{http_code})' -X POST "$BASE$1?client_key=$CLIENT_KEY&timestamp=$ts" \
    -H 'Content-Type: application/json' -H "x-life-sign: $sign" -H "X-Bytedance-Logid: seed-$ts-$RANDOM" \
    --data-binary "@$2")
  echo "$(basename "$2"): $answer"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
send /douyin/spi/hotel/cancel-order seeds/hotel-cancel-order.json
for n in 1 2 3; do
  sed -e "s/\"cancel_id\": \"11111\"/\"cancel_id\": \"seed-audit-$n-$$\"/" \
      -e 's/"need_audit":null/"need_audit":true/' \
      -e "s/\"refund_amount\":25900/\"refund_amount\":$((25900 + n * 1001))/" \
      seeds/hotel-cancel-order.json > "$tmp/audit-$n.json"
  send /douyin/spi/hotel/cancel-order "$tmp/audit-$n.json"
done
send /douyin/spi/scenic/refund-audit-notice seeds/scenic-refund-audit-notice.json
echo "console: $BASE/console (dev accounts: operator / operator-secret, an auditor; viewer / viewer-secret)"
