#!/usr/bin/env python3
"""The drills' final check (bench/drill-db-restart.sh, bench/drill-flood.sh): nothing lost, nothing doubled.

  check_stored.py OUT DB

Reads, in OUT, the requests' cancel_ids (reqs.ids.0), the answers of the drill (answers.jsonl), the indexes
that were redelivered (retry.idx) and their answers (redelivered.jsonl), as bench/fire.py wrote them. Passes
when every redelivery was answered error_code 0, every cancel_id answered 0 got one same answer every time,
and each is stored exactly once in hotel_cancellation with exactly one HANDLED inbox row.
"""
import collections
import json
import subprocess
import sys

out, db = sys.argv[1], sys.argv[2]
ids = open(f"{out}/reqs.ids.0").read().split()
first = [json.loads(l) for l in open(f"{out}/answers.jsonl")]
again = [json.loads(l) for l in open(f"{out}/redelivered.jsonl")]
to_redeliver = len(open(f"{out}/retry.idx").read().split())
ok = lambda r: r["status"] == 200 and '"error_code":0,' in r["body"]
bad = 0
not_zero = [r for r in again if not ok(r)]
print(f"redelivered: {len(again)} of {to_redeliver}; answered 0 now: {len(again) - len(not_zero)}")
if not_zero or len(again) != to_redeliver:
    print("FAIL some redeliveries did not get error_code 0:", not_zero[:3]); bad = 1
answers = collections.defaultdict(set)
for r in first + again:
    if ok(r):
        answers[ids[r["i"]]].add(r["body"])
differing = {k: v for k, v in answers.items() if len(v) > 1}
if differing:
    print("FAIL a cancel_id got different answers:", list(differing.items())[:2]); bad = 1
q = lambda sql: subprocess.run(["psql", "-X", "-At", "-d", db, "-c", sql], check=True, capture_output=True,
                               text=True).stdout.split()
stored = collections.Counter(q("SELECT cancel_id FROM hotel_cancellation"))
handled = collections.Counter(q("SELECT business_key FROM spi_inbox WHERE outcome = 'HANDLED'"))
missing = [k for k in answers if stored[k] != 1 or handled[k] != 1]
extra = [k for k in stored if k not in answers]
print(f"cancel_ids answered 0: {len(answers)}; stored: {len(stored)}; answered 0 but not stored exactly once: "
      f"{len(missing)}; stored but never answered 0: {len(extra)}")
if missing:
    print("FAIL", missing[:5]); bad = 1
sys.exit(bad)
