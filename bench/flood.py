#!/usr/bin/env python3
"""Hostile traffic for bench/drill-flood.sh, against 127.0.0.1 only, for --duration seconds, then stops.

Each kind runs as N parallel loops; each loop opens a connection, sends one request, reads the answer (or
notes that the connection was closed or reset), closes, and starts again:
  unsigned: POST of a 1 MiB body with no x-life-sign (the issue's flood: two dozen of them);
  chunked:  a chunked body of up to 8 MiB, with a (wrong) x-life-sign, so the head alone cannot refuse it;
  slow:     a 4 KiB body sent 16 bytes every 250 ms, with a (wrong) x-life-sign;
  forged:   a whole 1 MiB body with a wrong x-life-sign: read, then refused by the signature check.
Prints one JSON object: per kind, how many requests were made and how each ended (HTTP status, "closed",
"reset", "timeout").
"""
import argparse
import asyncio
import collections
import json
import time

MIB = 1024 * 1024
PATH = "/douyin/spi/hotel/cancel-order"


def head(client_key, extra, length_header):
    return ("POST %s?client_key=%s&timestamp=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/json\r\nX-Bytedance-Logid: flood\r\n%s%s\r\n\r\n"
            % (PATH, client_key, extra, length_header)).encode()


async def read_status(reader, limit):
    try:
        line = await asyncio.wait_for(reader.readline(), limit)
    except asyncio.TimeoutError:
        return "timeout"
    except (ConnectionResetError, BrokenPipeError):
        return "reset"
    if not line:
        return "closed"
    parts = line.split(b" ")
    return parts[1].decode() if len(parts) > 1 else "garbage"


async def one(kind, args):
    reader, writer = await asyncio.open_connection(args.host, args.port)
    try:
        sign = "x-life-sign: %s\r\n" % ("0" * 64)
        if kind == "unsigned":
            writer.write(head(args.client_key, "", "Content-Length: %d" % MIB))
            writer.write(b"x" * MIB)
        elif kind == "forged":
            writer.write(head(args.client_key, sign, "Content-Length: %d" % (MIB - 1024)))
            writer.write(b"x" * (MIB - 1024))
        elif kind == "chunked":
            writer.write(head(args.client_key, sign, "Transfer-Encoding: chunked"))
            piece = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
            for _ in range(8 * MIB // 0x10000):
                writer.write(piece)
                await writer.drain()
            writer.write(b"0\r\n\r\n")
        elif kind == "slow":
            writer.write(head(args.client_key, sign, "Content-Length: 4096"))
            for _ in range(4096 // 16):
                writer.write(b"x" * 16)
                await writer.drain()
                await asyncio.sleep(0.25)
        await writer.drain()
    except (ConnectionResetError, BrokenPipeError):
        pass  # the server answered and closed while the body was still being sent: read what it said
    status = await read_status(reader, 10)
    writer.close()
    return status


async def loop(kind, args, deadline, counts):
    while time.monotonic() < deadline:
        try:
            status = await one(kind, args)
        except (ConnectionResetError, BrokenPipeError):
            status = "reset"
        except OSError as e:
            status = "connect-failed"
            await asyncio.sleep(0.1)
        counts[kind][status] += 1


async def main(args):
    deadline = time.monotonic() + args.duration
    counts = collections.defaultdict(collections.Counter)
    loops = []
    for kind, n in (("unsigned", args.unsigned), ("chunked", args.chunked), ("slow", args.slow),
                    ("forged", args.forged)):
        loops += [loop(kind, args, deadline, counts) for _ in range(n)]
    await asyncio.gather(*loops)
    print(json.dumps({k: dict(v) for k, v in counts.items()}))


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--client-key", required=True)
    p.add_argument("--duration", type=float, default=30)
    p.add_argument("--unsigned", type=int, default=24)
    p.add_argument("--chunked", type=int, default=3)
    p.add_argument("--slow", type=int, default=4)
    p.add_argument("--forged", type=int, default=4)
    asyncio.run(main(p.parse_args()))
