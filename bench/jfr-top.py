#!/usr/bin/env python3
"""Where a JFR recording's Java CPU samples went (bench/curve.sh PROFILE=1 and bench/run.sh PROFILE=1 write
load.jfr): by thread, by the library doing the work (the top frame's, or for a JDK frame the first caller's
outside the JDK), the hottest frames by self time, and the service's own methods (com.provider) by inclusive
time; only samples between --from and --to (HH:MM:SS UTC, as bench/curve.sh logs), if given.
Usage: bench/jfr-top.py load.jfr [--from 18:45:39 --to 18:45:54] [--jfr .../bin/jfr] (takes a minute or two)"""
import argparse, collections, json, re, subprocess

LIBS = [("com.provider", "the service (com.provider)"), ("io.netty", "netty"), ("io.vertx.pgclient", "vertx pg client"),
        ("io.vertx.sqlclient", "vertx pg client"), ("io.vertx", "vert.x core/web"), ("io.quarkus.vertx.http", "quarkus http"),
        ("org.jboss.resteasy", "resteasy reactive"), ("io.quarkus.resteasy", "resteasy reactive"),
        ("com.fasterxml.jackson", "jackson"), ("io.smallrye.context", "smallrye context propagation"),
        ("io.smallrye.mutiny", "mutiny"), ("io.quarkus.arc", "arc (CDI)"), ("org.jboss.logmanager", "logging"),
        ("org.jboss.logging", "logging"), ("io.quarkus.logging", "logging"), ("io.micrometer", "micrometer"),
        ("io.opentelemetry", "opentelemetry"), ("io.quarkus.opentelemetry", "opentelemetry"), ("io.quarkus", "quarkus other"),
        ("io.smallrye", "smallrye other")]

def lib(name):
    for prefix, label in LIBS:
        if name.startswith(prefix):
            return label
    return None

p = argparse.ArgumentParser()
p.add_argument("recording")
p.add_argument("--from", dest="start")
p.add_argument("--to", dest="end")
p.add_argument("--jfr", default="/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr")
p.add_argument("--top", type=int, default=15)
a = p.parse_args()
out = subprocess.run([a.jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", a.recording],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(out)["recording"]["events"]
self_t, libs, incl, threads = (collections.Counter() for _ in range(4))
n = 0
name = lambda f: re.sub(r"\$\$Lambda.*", "$$Lambda", f["method"]["type"]["name"].replace("/", ".")) + "." + f["method"]["name"]
for e in events:
    v = e["values"]
    t = v["startTime"][11:19]
    if (a.start and t < a.start) or (a.end and t > a.end) or not v.get("stackTrace"):
        continue
    frames = [name(f) for f in v["stackTrace"]["frames"]]
    if not frames:
        continue
    n += 1
    self_t[frames[0]] += 1
    libs[next((lib(f) for f in frames if lib(f)), "JDK only") if frames[0].startswith(("java.", "jdk.", "sun.")) or not lib(frames[0])
         else lib(frames[0])] += 1
    threads[re.sub(r"[-#]?\d+$", "", (v.get("sampledThread") or {}).get("javaName", "?"))] += 1
    for m in {f for f in frames if f.startswith("com.provider")}:
        incl[m] += 1
pct = lambda c: "%5.1f%%" % (100.0 * c / n) if n else "-"
print(f"{n} samples" + (f" between {a.start} and {a.end}" if a.start else ""))
for title, counter in (("threads", threads), ("by library (JDK frames counted to their caller's)", libs),
                       ("top frames, self", self_t), ("the service's methods, inclusive", incl)):
    print("## " + title)
    for k, c in counter.most_common(a.top):
        print(pct(c), k)
