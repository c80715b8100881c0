#!/usr/bin/env python3
"""Sends pre-built raw HTTP/1.1 requests (NUL-separated, as bench/gen_requests.py writes them) to the
service and records every answer, one JSON line per request: {"i", "status", "body", "ms", "sent"} (status 0
and an "error" when the connection failed; "sent" is the wall-clock time the request went out, in epoch
seconds). Used by the drills, where every single answer matters.

  parallel: every request on its own connection, all sent at once (the duplicate drill);
  stream:   N keep-alive connections working through the file in order until it ends or --duration
            passes (the database-restart drill). A request whose connection failed is recorded with
            status 0, then the connection is reopened.
"""
import argparse
import asyncio
import json
import sys
import time


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
    else:
        body = await reader.read()
    return status, body


async def one_shot(host, port, req, i, ready, start_gate, results):
    t0 = time.monotonic()
    try:
        try:
            reader, writer = await asyncio.open_connection(host, port)
        finally:
            ready.append(i)
        await start_gate.wait()  # every connection opens first, then every request goes out at once
        t0 = time.monotonic()
        writer.write(req)
        await writer.drain()
        status, body = await asyncio.wait_for(read_response(reader), 30)
        writer.close()
        results[i] = {"i": i, "status": status, "body": body.decode(), "ms": round((time.monotonic() - t0) * 1000, 1)}
    except Exception as e:  # recorded, judged by the drill
        results[i] = {"i": i, "status": 0, "error": repr(e), "ms": round((time.monotonic() - t0) * 1000, 1)}


async def parallel(args, reqs):
    results, ready, gate = [None] * len(reqs), [], asyncio.Event()
    tasks = [asyncio.create_task(one_shot(args.host, args.port, r, i, ready, gate, results))
             for i, r in enumerate(reqs)]
    deadline = time.monotonic() + 20
    while len(ready) < len(reqs) and time.monotonic() < deadline:  # bounded wait for the connections
        await asyncio.sleep(0.01)
    gate.set()
    await asyncio.gather(*tasks)
    return results


async def stream(args, reqs):
    results = [None] * len(reqs)
    next_index = 0
    deadline = time.monotonic() + args.duration

    async def worker():
        nonlocal next_index
        reader = writer = None
        while time.monotonic() < deadline and next_index < len(reqs):
            i = next_index
            next_index += 1
            t0 = time.monotonic()
            sent = time.time()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(args.host, args.port)
                writer.write(reqs[i])
                await writer.drain()
                status, body = await asyncio.wait_for(read_response(reader), 30)
                results[i] = {"i": i, "status": status, "body": body.decode(),
                              "ms": round((time.monotonic() - t0) * 1000, 1), "sent": sent}
            except Exception as e:
                results[i] = {"i": i, "status": 0, "error": repr(e), "ms": round((time.monotonic() - t0) * 1000, 1),
                              "sent": sent}
                if writer is not None:
                    writer.close()
                reader = writer = None
                await asyncio.sleep(0.05)
        if writer is not None:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(args.connections)))
    return results[:next_index]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["parallel", "stream"])
    p.add_argument("requests", help="NUL-separated raw requests")
    p.add_argument("out", help="JSON lines, one per request sent")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=18080)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--duration", type=float, default=20)
    p.add_argument("--only", help="file of request indexes to send (one a line), e.g. the ones to redeliver")
    a = p.parse_args()
    reqs = open(a.requests, "rb").read().split(b"\0")[:-1]
    index = list(range(len(reqs)))
    if a.only:
        index = [int(x) for x in open(a.only).read().split()]
        reqs = [reqs[i] for i in index]
    results = asyncio.run(parallel(a, reqs) if a.mode == "parallel" else stream(a, reqs))
    with open(a.out, "w") as f:
        for r in results:
            r["i"] = index[r["i"]]
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(results), "answers recorded", file=sys.stderr)


if __name__ == "__main__":
    main()
