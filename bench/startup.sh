#!/usr/bin/env bash
# Start-up, one command: bench/startup.sh   (optional: N=7 PORT=18090 BENCH_DB=aftersale_startup
# BENCH_JAVA_HOME=/usr/lib/jvm/... CACHE=auto|aot|cds|none TRAIN=restart|first JAVA_OPTS="..." REBUILD=1
# JAR=... OUT=...)
#
# Measures start-to-ready of the production jar as production runs it: process start to the first 200 from
# /q/health/ready, on a migrated database. Like a production image build, it first trains the start-up
# cache once (bench/lib.sh: the AOT cache on JDK 25+, a dynamic AppCDS archive on older JVMs), then
# starts the jar N times with that cache and prints each start, the median and the minimum, with the CPU
# the JVM used until ready (less sensitive than wall time to other work on the machine).
#   1. builds the jar if missing; recreates $BENCH_DB; a first start migrates it (no cache);
#   2. a training start on the migrated database writes the cache when it stops (TRAIN=first: the
#      first start trains instead);
#   3. N measured starts map the cache.
set -euo pipefail
: "${PORT:=18090}" "${BENCH_DB:=aftersale_startup}" "${N:=7}"
source "$(dirname "$0")/lib.sh"
OUT="${OUT:-/tmp/aftersale-startup.$$}"
mkdir -p "$OUT"
trap 'stop_service' EXIT

ensure_tools
ensure_postgres
ensure_jar
recreate_db

log "JVM: $JAVA ($("$JAVA" -version 2>&1 | sed -n 2p)); cache: $(cache_kind)"
BASE_JAVA_OPTS="$JAVA_OPTS"

train="$(cache_train_opts "$OUT")"
# TRAIN=restart (default): the training start runs on the migrated database, like the measured starts.
# TRAIN=first: the first start (migrations) trains, as an image build against an empty database would.
if [[ "${TRAIN:-restart}" == first ]]; then JAVA_OPTS="$BASE_JAVA_OPTS $train"; fi
log "first start (empty database: migrations run)${TRAIN:+, TRAIN=$TRAIN}"
start_service "$OUT/first.log"
first="$READY_MS ms (CPU $READY_CPU_MS ms)"
STOP_WAIT=300 stop_service
[[ "${TRAIN:-restart}" != first ]] && train_cache "$BASE_JAVA_OPTS" "$OUT" "$OUT/train.log"
[[ -n "$train" ]] && log "cache: $(ls -s --block-size=M "$OUT"/app* 2>/dev/null | tr '\n' ' ')"

JAVA_OPTS="$BASE_JAVA_OPTS $(cache_use_opts "$OUT")"
JAVA_OPTS="${JAVA_OPTS% }"
ready=() cpu=()
for i in $(seq 1 "$N"); do
  start_service "$OUT/start-$i.log"
  ready+=("$READY_MS") cpu+=("$READY_CPU_MS")
  log "start $i/$N: ready in $READY_MS ms, CPU $READY_CPU_MS ms, RSS $(($(ps -o rss= -p "$SERVICE_PID") / 1024)) MB"
  stop_service
done
if grep -qiE 'AOT cache|shared archive|\[(warning|error)\]\[(cds|aot)' "$OUT/start-1.log"; then
  log "the JVM said about the cache (see $OUT/start-1.log):"; grep -iE 'AOT cache|shared archive|\[(cds|aot)' "$OUT/start-1.log" | head -5 >&2
fi

stats() { echo "median $(median "$@"), min $(printf '%s\n' "$@" | sort -n | head -1), max $(printf '%s\n' "$@" | sort -n | tail -1)"; }
{
  echo
  echo "aftersale start-up: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "JVM: $JAVA, $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "flags: ${JAVA_OPTS:-(none)}"
  echo "first start (migrations$([[ "${TRAIN:-}" == first ]] && echo ", training" || echo ", no cache")): $first"
  echo "start-to-ready, $N restarts (ms):  $(stats "${ready[@]}")   [${ready[*]}]"
  echo "CPU used until ready (ms):          $(stats "${cpu[@]}")   [${cpu[*]}]"
  echo "files: $OUT"
} | tee "$OUT/summary.txt"
