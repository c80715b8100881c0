#!/usr/bin/env bash
# Trains the JDK 25 AOT cache (JEP 483/514/515) of the packaged service, once per build, as
# src/main/docker/Dockerfile.jvm does in its image build:
#   1. a first start migrates the database;
#   2. a training start on the migrated database (the usual start) writes the cache when it stops.
# Usage: train-aot-cache.sh [quarkus-app folder, default .] [cache file, default app.aot]
# Run it with the JVM (JAVA, default java) and JAVA_OPTS production uses, on the very files production
# runs: the cache records the class path (`-jar quarkus-run.jar` from that folder) and the jars' sizes and
# times, and a JVM that does not match ignores the cache with a warning (the service still starts).
# Needs a throwaway PostgreSQL through DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD; the Douyin credentials
# default to placeholders (nothing is called at start); HTTP_PORT defaults to 8080, MANAGEMENT_PORT (the probes)
# to 9000.
set -euo pipefail
cd "${1:-.}"
cache="${2:-app.aot}"
: "${JAVA:=java}" "${HTTP_PORT:=8080}" "${MANAGEMENT_PORT:=9000}"
export HTTP_PORT MANAGEMENT_PORT DOUYIN_CLIENT_KEY="${DOUYIN_CLIENT_KEY:-aot-training}" \
  DOUYIN_CLIENT_SECRET="${DOUYIN_CLIENT_SECRET:-aot-training}"
pid=""

start() { # $@ = extra JVM flags; returns once /q/health/ready answers 200
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
  "$JAVA" ${JAVA_OPTS:-} "$@" -jar quarkus-run.jar &
  pid=$!
  for _ in $(seq 1 600); do
    curl -s -f -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "train-aot-cache: the service exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "train-aot-cache: not ready within 60 s" >&2; kill "$pid"; exit 1
}
stop() { kill -TERM "$pid"; wait "$pid" || true; }

start
stop
rm -f "$cache"
start -XX:AOTCacheOutput="$cache"
# The probes Kubernetes calls, so their code is in the cache too.
for p in started ready live; do curl -s -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/q/health/$p"; done
stop # the JVM writes the cache as it exits
[[ -s "$cache" ]] || { echo "train-aot-cache: no cache written" >&2; exit 1; }
echo "train-aot-cache: wrote $cache ($(du -h "$cache" | cut -f1))"
