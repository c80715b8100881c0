#!/usr/bin/env python3
"""Pre-generates signed hotel cancel-order callbacks as raw HTTP/1.1 requests for wrk (bench/spi.lua).

wrk's Lua cannot compute SHA-256 cheaply, so every request is signed here (PROTOCOL.md section 3:
x-life-sign = hex SHA-256 of "<secret>&client_key=<ck>&timestamp=<ts>&http_body=<raw body>").

One file per wrk thread (<out>.<thread>), records separated by a NUL byte. In each file:
  * every request has its own cancel_id, except the redeliveries;
  * about a third have need_audit true (half of those outside the rules -> PENDING_AUDIT);
  * about REDELIVER_PCT % are byte-identical repeats of a recent earlier request of the same file
    (Douyin's redelivery), close enough behind it that some arrive while the first is still in flight.
A manifest <out>.ids.<thread> lists the cancel_id of each record in order, so that after the run the
number of distinct cancel_ids actually sent can be computed from how many requests each thread sent.
"""
import argparse
import hashlib
import random

BODY = ('{"order_id":"%s","cancel_id":"%s","order_out_id":"OUT-%d","refund_amount":25900,'
        '"user_refund_amount":25800,"penalty":10000,"currency":"CNY","cancel_reason":"用户取消",'
        '"cancel_order_time_unix":1682006400,"cancel_type":2,"biz_type":2021,"need_audit":%s,'
        '"applicant_type":1,"negotiate_refund":false,"after_sale_type":1,"refund_type":%d,'
        '"refund_order_detail":[{"rate_plan_id":"1849817620554776","daily_refund_amount":12900,'
        '"period_start_date":"2025-11-27","period_end_date":"2025-11-28"},'
        '{"rate_plan_id":"1849817620554777","daily_refund_amount":13000,'
        '"period_start_date":"2025-11-28","period_end_date":"2025-11-29",'
        '"period_start_time":"2025-11-28T15:00:00","period_end_time":"2025-11-28T18:00:00"}]}')


# A scenic refund-audit notice (PROTOCOL.md 1b) with one certificate; a new one queues an after-sale sync job.
SCENIC_BODY = ('{"order_id":"%s","after_sale_type":1,"notice_list":[{"certificate_id":"c-1","code":"k",'
               '"total_count":1,"verify_count":0,"refund_count":1,"origin_amount":5000,"refund_amount":5000,'
               '"deduct_fee_amount":0,"apply_time":1700000000000,"audit_time":1700000005000,"audit_result":1,'
               '"voucher":""}]}')


def signed_request(host, client_key, secret, order_id, cancel_id, seq, need_audit, refund_type, ts):
    body = (BODY % (order_id, cancel_id, seq, need_audit, refund_type)).encode()
    return signed(host, client_key, secret, "/douyin/spi/hotel/cancel-order", body, cancel_id, ts)


def signed(host, client_key, secret, path, body, log_key, ts):
    text = ("%s&client_key=%s&timestamp=%d&http_body=" % (secret, client_key, ts)).encode() + body
    sign = hashlib.sha256(text).hexdigest()
    head = ("POST %s?client_key=%s&timestamp=%d HTTP/1.1\r\n"
            "Host: %s\r\n"
            "Content-Type: application/json\r\n"
            "X-Bytedance-Logid: bench-%s\r\n"
            "x-life-clientkey: %s\r\n"
            "x-life-sign: %s\r\n"
            "Content-Length: %d\r\n\r\n") % (path, client_key, ts, host, log_key, client_key, sign, len(body))
    return head.encode() + body


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True, help="file prefix; writes <out>.<t> and <out>.ids.<t>")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--per-thread", type=int, required=True)
    p.add_argument("--prefix", required=True, help="cancel_id prefix, distinct per run phase")
    p.add_argument("--host", default="127.0.0.1:8080")
    p.add_argument("--client-key", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--redeliver-pct", type=float, default=7.0)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--kind", choices=["mix", "audit", "scenic"], default="mix",
                   help="audit: every request need_audit true outside the rules (answered cancel_mode 2); "
                        "scenic: refund-audit notices, one order each (the manifest lists order_ids)")
    a = p.parse_args()
    rnd = random.Random(a.seed)
    ts = 1760000000000
    for t in range(a.threads):
        records, ids = [], []
        for i in range(a.per_thread):
            if records and rnd.random() * 100 < a.redeliver_pct:
                j = max(0, len(records) - 1 - rnd.randrange(64))  # a recent one: some still in flight
                records.append(records[j])
                ids.append(ids[j])
                continue
            cancel_id = "%s-%d-%d" % (a.prefix, t, i)
            if a.kind == "scenic":
                order_id = "ORD-%s" % cancel_id
                records.append(signed(a.host, a.client_key, a.secret, "/douyin/spi/scenic/refund-audit-notice",
                                      (SCENIC_BODY % order_id).encode(), order_id, ts + i))
                ids.append(order_id)
                continue
            kind = rnd.randrange(6) if a.kind == "mix" else 1  # 0,1: need_audit true (11 agree / 21 audit); 2..5: need_audit false
            need_audit = "true" if kind < 2 else "false"
            refund_type = 21 if kind == 1 else 11
            records.append(signed_request(a.host, a.client_key, a.secret, "ORD-%s" % cancel_id, cancel_id, i,
                                          need_audit, refund_type, ts + i))
            ids.append(cancel_id)
        with open("%s.%d" % (a.out, t), "wb") as f:
            f.write(b"\0".join(records) + b"\0")
        with open("%s.ids.%d" % (a.out, t), "w") as f:
            f.write("\n".join(ids) + "\n")


if __name__ == "__main__":
    main()
