#!/usr/bin/env python3
"""Races every pre-built raw request (NUL-separated, as bench/gen_requests.py writes them) to two service
replicas at the same moment: each request goes out on two new connections, one per port, released together.
At most --pairs requests are in flight at once. Records one JSON line per answer: {"i", "port", "status",
"body", "ms"} (status 0 and an "error" when the connection failed). Used by bench/drill-two-replicas.sh.
"""
import argparse
import asyncio
import json

from fire import read_response


async def one(port, req, i, gate, results):
    loop = asyncio.get_running_loop()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        await gate.wait()
        t0 = loop.time()
        writer.write(req)
        await writer.drain()
        status, body = await asyncio.wait_for(read_response(reader), 30)
        writer.close()
        results.append({"i": i, "port": port, "status": status, "body": body.decode(),
                        "ms": round((loop.time() - t0) * 1000, 1)})
    except Exception as e:  # recorded, judged by the drill
        results.append({"i": i, "port": port, "status": 0, "error": repr(e)})


async def race(args, reqs):
    results, limit = [], asyncio.Semaphore(args.pairs)

    async def pair(i, req):
        async with limit:
            gate = asyncio.Event()
            sends = [asyncio.create_task(one(p, req, i, gate, results)) for p in (args.port_a, args.port_b)]
            await asyncio.sleep(0.005)  # both connections open, then both requests go out together
            gate.set()
            await asyncio.gather(*sends)

    await asyncio.gather(*(pair(i, r) for i, r in enumerate(reqs)))
    return results


def main():
    p = argparse.ArgumentParser()
    p.add_argument("requests")
    p.add_argument("out")
    p.add_argument("--port-a", type=int, required=True)
    p.add_argument("--port-b", type=int, required=True)
    p.add_argument("--pairs", type=int, default=16)
    a = p.parse_args()
    reqs = open(a.requests, "rb").read().split(b"\0")[:-1]
    results = asyncio.run(race(a, reqs))
    with open(a.out, "w") as f:
        for r in sorted(results, key=lambda r: (r["i"], r["port"])):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
