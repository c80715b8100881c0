# Shared by bench/run.sh and the drills: tools, the jar, a dedicated database, starting and stopping the
# production jar. Sourced, not run. Everything talks to 127.0.0.1 only.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
JAR="${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}"

: "${PGHOST:=127.0.0.1}" "${PGPORT:=5432}" "${PGUSER:=postgres}"
export PGHOST PGPORT PGUSER
: "${PORT:=18080}"
# Probes and metrics listen on the management port: MANAGEMENT_PORT, or PORT + 1000 (so each instance a drill
# starts on its own PORT gets its own).
management_port() { echo "${MANAGEMENT_PORT:-$((PORT + 1000))}"; }
mgmt_url() { echo "http://127.0.0.1:$(management_port)"; }
: "${BENCH_DB:=aftersale_bench}"
# The JVM flags production is documented to run with (bench/RESULTS.md says why each is there): the
# serial collector and a heap of 32 MB that may grow to 64 MB, both JIT compilers (C2 halves the CPU per
# callback) with their thresholds raised 6x (start-up CPU 2.0 -> 1.3 s), freed native memory handed back
# every 5 s and at most 2 glibc arenas (RSS), no perf-data file, smaller thread stacks; a JVM that runs out
# of heap exits (Kubernetes restarts it) instead of running on half-dead.
: "${JAVA_OPTS=-XX:+UseSerialGC -Xms32m -Xmx64m -Xss512k -XX:CompileThresholdScaling=6 -XX:TrimNativeHeapInterval=5000 -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# Which build a start runs: APP=jvm, the jar on $JAVA with JAVA_OPTS, or APP=native, the native executable
# (target/*-runner, or NATIVE_BIN) with NATIVE_OPTS.
: "${APP:=jvm}"
NATIVE_BIN="${NATIVE_BIN:-$ROOT/target/aftersale-1.0.0-SNAPSHOT-runner}"
# The native executable's runtime flags, as src/main/docker/Dockerfile.native-micro sets them (bench/RESULTS.md
# says why): a heap of at most 64 MB and, out of heap, an exit (Kubernetes restarts the pod).
: "${NATIVE_OPTS=-Xmx64m -XX:+ExitOnOutOfMemoryError}"
# The JVM production runs the jar on: JDK 25 when installed (its AOT cache, JEP 483/514/515, is what
# brings start-to-ready under 1 s), else the java on PATH. BENCH_JAVA_HOME=/usr/lib/jvm/... picks another.
if [[ -z "${BENCH_JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  BENCH_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ -n "${BENCH_JAVA_HOME:-}" ]]; then JAVA="$BENCH_JAVA_HOME/bin/java"; else JAVA="$(command -v java)"; fi
# The JVM's feature release (17, 25, ...).
java_feature() { "$JAVA" -XshowSettings:properties -version 2>&1 | sed -nE 's/^ *java\.specification\.version = ([0-9]+).*/\1/p'; }
JAVA_FEATURE="$(java_feature)"
CLIENT_KEY="bench-client-key"
SECRET="bench-secret-$(date +%s)"
ADMIN_USER="bench"
ADMIN_PASSWORD="bench-password"
export BENCH_ADMIN="$ADMIN_USER:$ADMIN_PASSWORD"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { date +%s%3N; }

# wrk (load), pgbench (PostgreSQL's own rate), curl, python3 (signing). Installed only when missing.
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v pgbench >/dev/null || missing+=(postgresql-contrib)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v curl >/dev/null || missing+=(curl)
  command -v python3 >/dev/null || missing+=(python3)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_postgres() {
  if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    log "PostgreSQL is down; starting it"
    pg_ctlcluster --skip-systemctl-redirect 15 main start
  fi
  for _ in $(seq 1 50); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && return 0; sleep 0.2; done
  log "PostgreSQL did not become ready"; return 1
}

ensure_jar() {
  if [[ ! -f "$JAR" || "${REBUILD:-0}" == 1 ]]; then
    log "building the production jar"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
  fi
}

# The native executable, built with the lab toolchain when missing (or REBUILD=1): shared/native/ beside the
# checkout, or /work/shared/native/ (README "Native executable").
ensure_native() {
  if [[ -x "$NATIVE_BIN" && "${REBUILD:-0}" != 1 ]]; then return 0; fi
  local toolchain="" candidate graalvm_home
  for candidate in "$(dirname "$ROOT")/shared/native/build-toolchain.sh" /work/shared/native/build-toolchain.sh; do
    if [[ -x "$candidate" ]]; then toolchain="$candidate"; break; fi
  done
  [[ -n "$toolchain" ]] || { log "no native executable ($NATIVE_BIN) and no toolchain to build one"; return 1; }
  log "building the native executable (about 6 min): toolchain $toolchain"
  graalvm_home="$("$toolchain" | sed -n 's/\x1b\[[0-9;]*m//g; s/^GRAALVM_HOME=//p' | tail -n 1)"
  (cd "$ROOT" && GRAALVM_HOME="$graalvm_home" JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 \
    ./mvnw -B -q package -Dnative -DskipTests -Dquarkus.native.native-image-xmx="${NATIVE_IMAGE_XMX:-8g}" \
    -Dquarkus.native.additional-build-args="-H:CCompilerPath=$ROOT/.ci/lab-native-cc")
}

# The build APP names, there: the jar, or the native executable.
ensure_app() {
  if [[ "$APP" == native ]]; then ensure_native; else ensure_jar; fi
}

# What every drill does first: tools, PostgreSQL and the jar there, and a fresh database of its own
# (BENCH_DB when set, else aftersale_drill).
drill_prepare() {
  [[ "$BENCH_DB" == aftersale_bench ]] && BENCH_DB=aftersale_drill
  ensure_tools
  ensure_postgres
  ensure_app
  recreate_db
}

# A fresh database for this run, so counts afterwards are exactly this run's.
recreate_db() {
  psql -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" \
    -c "CREATE DATABASE $BENCH_DB"
}

# The start-up cache production trains once per build and maps on every start. CACHE=auto (default):
# the AOT cache on JDK 25+ (-XX:AOTCacheOutput on the training start, -XX:AOTCache after), a dynamic AppCDS
# archive before (-XX:ArchiveClassesAtExit, -XX:SharedArchiveFile); CACHE=aot|cds forces one, CACHE=none
# neither. $1 = folder the cache file goes to. Each prints the flags to add to JAVA_OPTS.
cache_kind() {
  case "${CACHE:-auto}" in
    auto) if ((JAVA_FEATURE >= 25)); then echo aot; else echo cds; fi ;;
    *) echo "$CACHE" ;;
  esac
}
cache_train_opts() {
  case "$(cache_kind)" in
    aot) echo "-XX:AOTCacheOutput=$1/app.aot" ;;
    cds) echo "-XX:ArchiveClassesAtExit=$1/app-cds.jsa" ;;
  esac
}
cache_use_opts() {
  case "$(cache_kind)" in
    aot) [[ -f "$1/app.aot" ]] && echo "-XX:AOTCache=$1/app.aot" ;;
    cds) [[ -f "$1/app-cds.jsa" ]] && echo "-XX:SharedArchiveFile=$1/app-cds.jsa" ;;
  esac
  return 0
}

# A training start on the migrated database, as the image build does: starts with $1 (JAVA_OPTS without the
# training flags), calls the probes Kubernetes calls so their code is in the cache too, and stops, which
# writes the cache into $2 (the output folder). $3 = log file. Does nothing if this JVM has no cache.
train_cache() {
  local train t0 p
  train="$(cache_train_opts "$2")"
  [[ -n "$train" ]] || return 0
  JAVA_OPTS="$1 $train"
  log "training start: $train"
  start_service "$3"
  for p in started ready live; do curl -s -o /dev/null "$(mgmt_url)/q/health/$p"; done
  t0=$(now_ms)
  STOP_WAIT=300 stop_service
  log "training start stopped and wrote its cache in $(($(now_ms) - t0)) ms"
  JAVA_OPTS="$1"
}

# The median of integers (the mean of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { printf "%d", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}

sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$BENCH_DB" -c "$1"; }

# The command that starts the build APP names, with its flags.
app_command() {
  # shellcheck disable=SC2086  # the options are lists of flags
  if [[ "$APP" == native ]]; then echo "$NATIVE_BIN" $NATIVE_OPTS; else echo "$JAVA" $JAVA_OPTS -jar quarkus-run.jar; fi
}

# Starts the jar (or with APP=native the native executable) as production does, from the jar's folder (an AppCDS
# archive names the jar by that relative path), with SERVICE_ENV (more VAR=value words, e.g. DOUYIN_API_URL=...)
# in its environment; sets SERVICE_PID and READY_MS (process start -> first 200 from /q/health/ready, polled
# every few ms: one curl and 2 ms apart, about 5 ms). $1 = log file.
start_service() {
  local logfile="$1" t0
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" || curl -s -o /dev/null --max-time 1 "$(mgmt_url)/"; then
    log "something already listens on port $PORT or $(management_port); stop it or set PORT"; return 1
  fi
  t0=$(now_ms)
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
  env DB_HOST="$PGHOST" DB_PORT="$PGPORT" DB_NAME="$BENCH_DB" DB_USER="$PGUSER" DB_PASSWORD="" \
    DOUYIN_CLIENT_KEY="$CLIENT_KEY" DOUYIN_CLIENT_SECRET="$SECRET" DOUYIN_ACCOUNT_ID=bench-account \
    ADMIN_USER="$ADMIN_USER" ADMIN_PASSWORD="$ADMIN_PASSWORD" HTTP_PORT="$PORT" MANAGEMENT_PORT="$(management_port)" \
    ${SERVICE_ENV:-} bash -c 'cd "$1" && shift && exec "$@"' _ "$(dirname "$JAR")" $(app_command) >"$logfile" 2>&1 &
  SERVICE_PID=$!
  local deadline=$((t0 + 60000))
  while (($(now_ms) < deadline)); do
    if curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$(mgmt_url)/q/health/ready" 2>/dev/null | grep -q 200; then
      READY_MS=$(($(now_ms) - t0))
      # CPU the start-up took (ms): unlike READY_MS, it does not grow with the other work on the machine.
      READY_CPU_MS=$(($(awk '{ print $14 + $15 }' "/proc/$SERVICE_PID/stat") * 10))
      return 0
    fi
    kill -0 "$SERVICE_PID" 2>/dev/null || { log "the service exited; see $logfile"; tail -5 "$logfile" >&2; return 1; }
    sleep 0.002
  done
  log "the service was not ready within 60 s; see $logfile"
  return 1
}

# SIGTERM, then SIGKILL after STOP_WAIT s (default 10). A training start writes its cache while it exits
# (the JDK 25 AOT cache takes several seconds to assemble): give it STOP_WAIT=120.
stop_service() {
  if [[ -n "${SERVICE_PID:-}" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"
    for _ in $(seq 1 $((${STOP_WAIT:-10} * 10))); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
}

# Signs one body the way Douyin does (PROTOCOL.md section 3); prints the x-life-sign header value.
sign() { # $1 = timestamp, $2 = body file
  { printf '%s&client_key=%s&timestamp=%s&http_body=' "$SECRET" "$CLIENT_KEY" "$1"; cat "$2"; } \
    | sha256sum | cut -d' ' -f1
}

# CPU time in clock ticks (1/100 s) used so far by a process ($1 = pid).
proc_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# CPU ticks used so far by each thread of a process ($1 = pid): "tid name ticks" lines.
thread_cpu_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    printf '%s %s %s\n' "${t##*/}" "$(tr ' ' '_' <"$t/comm")" "$(awk '{ print $14 + $15 }' "$t/stat")"
  done 2>/dev/null
}

# The threads that used the most CPU between two thread_cpu_ticks files ($1, $2), grouped by name without
# its number (vert.x-eventloop-thread-0 and -1 together), in ms per call ($3 calls).
thread_cpu_per_call() {
  awk -v n="$3" 'FNR == NR { before[$1] = $3; next }
    { name = $2; sub(/-?[0-9]+$/, "", name); used[name] += $3 - before[$1] }
    END { for (k in used) if (used[k] > 0) printf "%s %.4f\n", k, used[k] * 10 / n }' "$1" "$2" \
    | sort -k2 -g -r | head -4 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }'
}

# CPU ticks used so far by the whole PostgreSQL server: the postmaster with the children it has reaped
# (pgbench's backends exit before the end), plus every live child. The busy machine makes rates noisy;
# CPU per callback is the figure that compares runs fairly.
pg_cpu_ticks() {
  local pm
  pm=$(head -1 /var/lib/postgresql/15/main/postmaster.pid)
  { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat"
    for c in $(pgrep -P "$pm"); do awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || true; done
  } | awk '{ s += $1 } END { print s }'
}

# Warms the JVM up with $1 seconds of signed traffic (distinct cancel_ids, prefix "warm"), as a service that
# has been running a while is. $2 = work folder.
warm_service() {
  python3 "$BENCH_DIR/gen_requests.py" --out "$2/warm" --threads 2 --per-thread $(($1 * 2500)) \
    --prefix "warm$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET"
  wrk -t2 -c16 -d"$1s" --timeout 5s -s "$BENCH_DIR/spi.lua" "http://127.0.0.1:$PORT/" -- "$2/warm" "$2/warm.result" >/dev/null
}
