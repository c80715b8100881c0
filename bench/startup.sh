#!/usr/bin/env bash
# Start-up, one command: bench/startup.sh   (optional: APPS="jvm native" N=7 PORT=18090 BENCH_DB=aftersale_startup
# BENCH_JAVA_HOME=/usr/lib/jvm/... CACHE=auto|aot|cds|none TRAIN=restart|first JAVA_OPTS="..." NATIVE_OPTS="..."
# IDLE=3 REBUILD=1 JAR=... NATIVE_BIN=... OUT=...)
#
# Measures start-to-ready of each build as production runs it: process start to the first 200 from
# /q/health/ready, on a migrated database (migrations are a Kubernetes Job's work, not a pod's), and the
# resident memory (RSS) of the idle service IDLE seconds after it was ready. The measured starts run as a pod
# does, with Flyway off (QUARKUS_FLYWAY_ACTIVE=false: readiness reads the schema version instead);
# FLYWAY_AT_START=1 measures them as `java -jar` alone runs, validating every migration at each start.
# For each build in APPS (default: the jar, then the native executable, built with the lab toolchain when missing):
#   1. recreates $BENCH_DB; a first start migrates it (for the jar: no cache);
#   2. the jar only: a training start on the migrated database writes the start-up cache when it stops
#      (bench/lib.sh: the AOT cache on JDK 25+, a dynamic AppCDS archive before; TRAIN=first: the first start
#      trains instead), as a production image build does;
#   3. N measured starts (with the jar's cache), each stopped after its idle RSS was read.
# Prints each start, then the median, minimum and maximum of start-to-ready, the CPU used until ready (less
# sensitive than wall time to other work on the machine) and the idle RSS, the builds side by side.
set -euo pipefail
: "${PORT:=18090}" "${BENCH_DB:=aftersale_startup}" "${N:=7}" "${IDLE:=3}" "${APPS:=jvm native}"
source "$(dirname "$0")/lib.sh"
OUT="${OUT:-/tmp/aftersale-startup.$$}"
mkdir -p "$OUT"
trap 'stop_service' EXIT

ensure_tools
ensure_postgres
BASE_JAVA_OPTS="$JAVA_OPTS"
stats() { echo "median $(median "$@"), min $(printf '%s\n' "$@" | sort -n | head -1), max $(printf '%s\n' "$@" | sort -n | tail -1)"; }
summary=()

for APP in $APPS; do
  ensure_app
  recreate_db
  JAVA_OPTS="$BASE_JAVA_OPTS"
  if [[ "$APP" == jvm ]]; then
    log "JVM: $JAVA ($("$JAVA" -version 2>&1 | sed -n 2p)); cache: $(cache_kind)"
    train="$(cache_train_opts "$OUT")"
    # TRAIN=restart (default): the training start runs on the migrated database, like the measured starts.
    # TRAIN=first: the first start (migrations) trains, as an image build against an empty database would.
    if [[ "${TRAIN:-restart}" == first ]]; then JAVA_OPTS="$BASE_JAVA_OPTS $train"; fi
  else
    log "native: $NATIVE_BIN ($(($(stat -c %s "$NATIVE_BIN") / 1024 / 1024)) MB)"
  fi
  log "$APP: first start (empty database: migrations run)"
  start_service "$OUT/$APP-first.log"
  first="$READY_MS ms (CPU $READY_CPU_MS ms)"
  STOP_WAIT=300 stop_service
  # After the first start (which migrated), as the Kubernetes pods run: the Job migrates, the pods do not.
  BASE_SERVICE_ENV="${SERVICE_ENV:-}"
  [[ "${FLYWAY_AT_START:-0}" == 1 ]] || SERVICE_ENV="$BASE_SERVICE_ENV QUARKUS_FLYWAY_ACTIVE=false"
  if [[ "$APP" == jvm ]]; then
    [[ "${TRAIN:-restart}" != first ]] && train_cache "$BASE_JAVA_OPTS" "$OUT" "$OUT/train.log"
    [[ -n "$train" ]] && log "cache: $(ls -s --block-size=M "$OUT"/app* 2>/dev/null | tr '\n' ' ')"
    JAVA_OPTS="$BASE_JAVA_OPTS $(cache_use_opts "$OUT")"
    JAVA_OPTS="${JAVA_OPTS% }"
  fi

  ready=() cpu=() rss=()
  for i in $(seq 1 "$N"); do
    start_service "$OUT/$APP-start-$i.log"
    ready+=("$READY_MS") cpu+=("$READY_CPU_MS")
    sleep "$IDLE"
    rss+=("$(($(ps -o rss= -p "$SERVICE_PID") / 1024))")
    log "$APP start $i/$N: ready in $READY_MS ms, CPU $READY_CPU_MS ms, RSS after ${IDLE}s idle ${rss[-1]} MB"
    stop_service
  done
  SERVICE_ENV="$BASE_SERVICE_ENV"
  if [[ "$APP" == jvm ]] && grep -qiE 'AOT cache|shared archive|\[(warning|error)\]\[(cds|aot)' "$OUT/jvm-start-1.log"; then
    log "the JVM said about the cache (see $OUT/jvm-start-1.log):"; grep -iE 'AOT cache|shared archive|\[(cds|aot)' "$OUT/jvm-start-1.log" | head -5 >&2
  fi
  if [[ "$APP" == jvm ]]; then
    how="$JAVA, $("$JAVA" -version 2>&1 | sed -n 2p); flags: ${JAVA_OPTS:-(none)}"
  else
    how="$NATIVE_BIN; flags: ${NATIVE_OPTS:-(none)}"
  fi
  summary+=(
    "$APP: $how"
    "  first start (migrations$([[ "$APP" == jvm ]] && { [[ "${TRAIN:-}" == first ]] && echo ", training" || echo ", no cache"; })): $first"
    "  start-to-ready, $N starts (ms):  $(stats "${ready[@]}")   [${ready[*]}]"
    "  CPU used until ready (ms):       $(stats "${cpu[@]}")   [${cpu[*]}]"
    "  RSS after ${IDLE} s idle (MB):      $(stats "${rss[@]}")   [${rss[*]}]"
  )
done

{
  echo
  echo "aftersale start-up: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); goals: native ready <= 100 ms"
  echo "and RSS <= 64 MB idle, the jar ready <= 500 ms (on a migrated database)"
  echo "measured starts: $([[ "${FLYWAY_AT_START:-0}" == 1 ]] && echo "Flyway validates at each start (java -jar alone)" || echo "Flyway off, as the pods run (QUARKUS_FLYWAY_ACTIVE=false)")"
  printf '%s\n' "${summary[@]}"
  echo "files: $OUT"
} | tee "$OUT/summary.txt"
