#!/usr/bin/env python3
"""After a drill: every cancel_id answered 0 is stored exactly once, with exactly one HANDLED inbox row, and
every answer 0 for one cancel_id is the same; every request the first pass did not answer 0 (no answer, or
100) was redelivered and answered 0. Used by the drills after their redelivery pass.

  check_stored_once.py <ids file> <database> <first answers.jsonl> <redelivered.jsonl>
"""
import collections
import json
import subprocess
import sys


def main():
    ids_file, db, first_file, again_file = sys.argv[1:5]
    ids = open(ids_file).read().split()
    first = [json.loads(l) for l in open(first_file)]
    again = [json.loads(l) for l in open(again_file)]
    ok = lambda r: r["status"] == 200 and '"error_code":0,' in r.get("body", "")
    bad = 0
    not_zero = [r for r in again if not ok(r)]
    needed = {r["i"] for r in first if not ok(r)}
    print(f"redelivered: {len(again)} of {len(needed)} not answered 0 at first; answered 0 now: {len(again) - len(not_zero)}")
    if not_zero or {r["i"] for r in again} != needed:
        print("FAIL some requests not answered 0 were not redelivered, or not answered 0 when redelivered:",
              not_zero[:3])
        bad = 1
    answers = collections.defaultdict(set)
    for r in first + again:
        if ok(r):
            answers[ids[r["i"]]].add(r["body"])
    differing = {k: v for k, v in answers.items() if len(v) > 1}
    if differing:
        print("FAIL a cancel_id got different answers:", list(differing.items())[:2])
        bad = 1
    q = lambda sql: subprocess.run(["psql", "-X", "-At", "-d", db, "-c", sql], check=True, capture_output=True,
                                   text=True).stdout.split()
    stored = collections.Counter(q("SELECT cancel_id FROM hotel_cancellation"))
    handled = collections.Counter(q("SELECT business_key FROM spi_inbox WHERE outcome = 'HANDLED' AND spi = 'hotel.cancel-order'"))
    sent = set(ids[r["i"]] for r in first)
    missing = [k for k in answers if stored[k] != 1 or handled[k] != 1]
    never = [k for k in sent if k not in answers]
    print(f"cancel_ids sent: {len(sent)}; answered 0: {len(answers)}; not stored exactly once with one HANDLED row: "
          f"{len(missing)}; sent but never answered 0: {len(never)}")
    if missing:
        print("FAIL", missing[:5])
        bad = 1
    if never:
        print("FAIL", never[:5])
        bad = 1
    sys.exit(bad)


if __name__ == "__main__":
    main()
