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

# --- Load and the stored-rows checks, shared by bench/run.sh and bench/curve.sh ------------------------------
# The services a load drives: SERVICE_PORTS (one wrk per port) and SERVICE_PIDS (their processes), one of each
# for one replica, two for two replicas.

# Signs the requests of one phase: $1 = file prefix, $2 = kind (mix: hotel cancel-orders, scenic: refund-audit
# notices), $3 = requests per wrk thread, $4 = seed, $5 = how many wrk processes (one set each, <prefix>.<k>.<thread>,
# with ids of their own: two replicas never get the same request from the two wrks).
sign_requests() {
  local k
  for ((k = 0; k < ${5:-1}; k++)); do
    python3 "$BENCH_DIR/gen_requests.py" --out "$1.$k" --threads "$THREADS" --per-thread "$3" --kind "$2" \
      --prefix "$(basename "$1")$k-$$" --host "127.0.0.1:$PORT" --client-key "$CLIENT_KEY" --secret "$SECRET" --seed "$4"
  done
}

# The URL path of a kind of callback.
spi_path() { if [[ "$1" == scenic ]]; then echo /douyin/spi/scenic/refund-audit-notice; else echo /douyin/spi/hotel/cancel-order; fi; }

# Starts one wrk per service of SERVICE_PORTS with its share of $1 connections (two replicas: half each; a share
# of none starts no wrk), for $2 s, replaying the request files $3.<k>.<thread> to path $4; results in $5.result.<k>,
# wrk's own output in $5.wrk.<k>. Sets WRK_PIDS. wrk gives up on an answer after WRK_TIMEOUT (default 5 s).
start_wrk() {
  local n=${#SERVICE_PORTS[@]} k c t
  WRK_PIDS=()
  rm -f "$5".result.* "$5".wrk.*
  for ((k = 0; k < n; k++)); do
    c=$(($1 / n + (k < $1 % n ? 1 : 0)))
    ((c > 0)) || continue
    t=$((c < THREADS ? c : THREADS))
    wrk -t"$t" -c"$c" -d"$2s" --timeout "${WRK_TIMEOUT:-5}s" -s "$BENCH_DIR/spi.lua" \
      "http://127.0.0.1:${SERVICE_PORTS[k]}$4" -- "$3.$k" "$5.result.$k" >"$5.wrk.$k" 2>&1 &
    WRK_PIDS+=($!)
  done
}

# The group-commit metric of the services of SERVICE_PORTS, summed: "<statements> <deliveries>".
write_batch_totals() {
  local p
  for p in "${SERVICE_PORTS[@]}"; do curl -s "http://127.0.0.1:$(PORT=$p management_port)/q/metrics"; done | awk '
    /^aftersale_db_write_batch_count/ { c += $NF } /^aftersale_db_write_batch_sum/ { s += $NF }
    END { printf "%d %d\n", c, s }'
}

# One measured load on the running services: a warm-up of $3 s, then $4 s at $2 connections of callbacks of
# kind $1 (mix or scenic), from the request files $OUT/warm-<kind> and $OUT/load-<kind> (sign_requests); RSS
# sampled every 0.5 s; then the stored rows checked against what was sent and answered. Every figure goes to
# R[<figure>.$KEY]. The database must hold none of this kind's rows before (a fresh one, or truncate_spi_tables).
# Files go to $5.
measure_load() {
  local kind=$1 conns=$2 warmup=$3 secs=$4 dir=$5 path k pid
  path=$(spi_path "$kind")
  mkdir -p "$dir"
  if ((warmup > 0)); then
    start_wrk "$conns" "$warmup" "$OUT/warm-$kind" "$path" "$dir/warm"
    wait "${WRK_PIDS[@]}"
  fi
  local batch0 app_cpu0=0 pg_cpu0 rss_max=() rss perf_pid=""
  read -r -a batch0 < <(write_batch_totals)
  [[ "${PG_STATS:-0}" == 1 ]] && pg_stats_reset
  start_wrk "$conns" "$secs" "$OUT/load-$kind" "$path" "$dir/load"
  if [[ "${PERF:-0}" == 1 ]]; then
    perf record -F 499 -g -a -o "$dir/perf.data" -- sleep "$secs" >"$dir/perf.log" 2>&1 &
    perf_pid=$!
  fi
  for pid in "${SERVICE_PIDS[@]}"; do app_cpu0=$((app_cpu0 + $(proc_cpu_ticks "$pid"))); rss_max+=(0); done
  pg_cpu0=$(pg_cpu_ticks)
  thread_cpu_ticks "${SERVICE_PIDS[0]}" >"$dir/threads.before"
  while kill -0 "${WRK_PIDS[@]}" 2>/dev/null; do
    for k in "${!SERVICE_PIDS[@]}"; do
      rss=$(ps -o rss= -p "${SERVICE_PIDS[k]}" | tr -d ' ')
      ((rss > rss_max[k])) && rss_max[k]=$rss
    done
    sleep 0.5
  done
  wait "${WRK_PIDS[@]}"
  [[ "${PG_STATS:-0}" == 1 ]] && pg_stats_dump "$dir" "$(sed -E 's/^completed=([0-9]+) .*/\1/' "$dir"/load.result.* | paste -sd+ | bc)"
  [[ -n "$perf_pid" ]] && { wait "$perf_pid" || true; perf_report "$dir"; }
  local app_cpu=0 pg_cpu
  for pid in "${SERVICE_PIDS[@]}"; do app_cpu=$((app_cpu + $(proc_cpu_ticks "$pid"))); done
  app_cpu=$((app_cpu - app_cpu0)) pg_cpu=$(($(pg_cpu_ticks) - pg_cpu0))
  thread_cpu_ticks "${SERVICE_PIDS[0]}" >"$dir/threads.after"
  sleep 1 # the last in-flight callbacks finish before the counts are taken
  local batch1
  read -r -a batch1 < <(write_batch_totals)
  R[per_statement.$KEY]=$(awk -v c=$((batch1[0] - batch0[0])) -v s=$((batch1[1] - batch0[1])) \
    'BEGIN { if (c > 0) printf "%.1f", s / c; else print "n/a" }')

  # --- The load's figures, over every wrk (two replicas: callbacks/s answered 0 summed, the worse latency) ------
  local f completed=0 cps p50=0 p99=0 pmax=0 retry=0 other=0 sock=0 to=0
  declare -A v
  for f in "$dir"/load.result.*; do
    for kv in $(sed 's/ per_thread=.*//' "$f"); do v[${kv%%=*}]=${kv#*=}; done
    completed=$((completed + v[completed])) retry=$((retry + v[retry100])) other=$((other + v[other]))
    sock=$((sock + v[sock_connect] + v[sock_read] + v[sock_write])) to=$((to + v[timeout]))
    ((v[p50_us] > p50)) && p50=${v[p50_us]}
    ((v[p99_us] > p99)) && p99=${v[p99_us]}
    ((v[max_us] > pmax)) && pmax=${v[max_us]}
    cps=$(awk -v a="${cps:-0}" -v n="${v[ok]}" -v d="${v[duration_us]}" 'BEGIN { printf "%.1f", a + n / (d / 1e6) }')
  done
  R[cps.$KEY]=$(printf '%.0f' "$cps") R[completed.$KEY]=$completed
  R[p50.$KEY]=$(awk -v u="$p50" 'BEGIN { printf "%.1f", u / 1000 }') R[p99.$KEY]=$(awk -v u="$p99" 'BEGIN { printf "%.1f", u / 1000 }')
  R[pmax.$KEY]=$(awk -v u="$pmax" 'BEGIN { printf "%.1f", u / 1000 }') R[p99us.$KEY]=$p99
  R[errors.$KEY]=$((retry + other + sock + to)) R[errdetail.$KEY]="$retry/$other, sockets $sock, t/o $to"
  R[cpu.$KEY]=$(awk -v j="$app_cpu" -v p="$pg_cpu" -v n="$completed" 'BEGIN { printf "%.3f / %.3f", j * 10 / n, p * 10 / n }')
  R[threads.$KEY]=$(thread_cpu_per_call "$dir/threads.before" "$dir/threads.after" "$completed")
  R[rss.$KEY]=$(for r in "${rss_max[@]}"; do echo $((r / 1024)); done | sort -n | tail -1)
  R[rss_each.$KEY]=$(for r in "${rss_max[@]}"; do printf '%s ' $((r / 1024)); done | sed 's/ $//; s/ / + /g')
  check_stored "$kind" "$dir"
  log "$KEY: ${R[cps.$KEY]} $kind callbacks/s at $conns connections, p99 ${R[p99.$KEY]} ms, errors ${R[errors.$KEY]}, RSS ${R[rss_each.$KEY]} MB, checks ${R[checks.$KEY]}"
}

# What was stored is exactly what was sent: $1 = kind, $2 = the folder of measure_load's results (warm-up and load).
# wrk stops at the deadline without waiting for the callbacks in flight (at most one per connection and phase):
# those were sent but never answered, and may or may not have been stored. A callback answered error_code 100 (not
# durable within 2 s: an overload, which Douyin retries) may or may not have been stored too, and its inbox row, if
# any, says 100. Everything else must add up exactly; with no 100s these are run.sh's checks as they were.
check_stored() {
  local kind=$1 dir=$2 sent_all answered0 completed_all distinct_sent retried
  # Sent, answered 0 and completed over every phase and wrk; distinct ids among the requests each wrk thread
  # actually sent (its file's first `sent` records; past the file's end a thread repeats it: nothing new).
  read -r sent_all answered0 completed_all distinct_sent retried < <(python3 - "$OUT" "$dir" "$kind" <<'PY'
import glob, os, re, sys
out, run, kind = sys.argv[1:4]
ids, sent, ok, completed, retried = set(), 0, 0, 0, 0
for res_file in glob.glob(f"{run}/warm.result.*") + glob.glob(f"{run}/load.result.*"):
    phase, k = os.path.basename(res_file).split(".result.")
    res = open(res_file).read()
    f = dict(kv.split("=", 1) for kv in res.split())
    sent += int(f["sent"]); ok += int(f["ok"]); completed += int(f["completed"]); retried += int(f["retry100"])
    for part in f["per_thread"].split(","):
        t, n = map(int, part.split(":"))
        ids.update(open(f"{out}/{phase}-{kind}.{k}.ids.{t}").read().split()[:n])
print(sent, ok, completed, len(ids), retried)
PY
)
  local stored inbox inbox_bad inbox_100 handled unanswered=$((sent_all - completed_all)) checks=PASS
  inbox=$(sql "SELECT count(*) FROM spi_inbox")
  inbox_bad=$(sql "SELECT count(*) FROM spi_inbox WHERE (outcome NOT IN ('HANDLED','DUPLICATE') OR error_code <> 0) AND error_code IS DISTINCT FROM 100")
  inbox_100=$(sql "SELECT count(*) FROM spi_inbox WHERE error_code = 100")
  handled=$(sql "SELECT count(*) FROM spi_inbox WHERE outcome = 'HANDLED'")
  if [[ "$kind" == scenic ]]; then
    # One certificate per notice: one row each, and each new notice queued one after-sale sync job.
    stored=$(sql "SELECT count(*) FROM scenic_refund_notice")
    local orders jobs
    orders=$(sql "SELECT count(DISTINCT order_id) FROM scenic_refund_notice")
    jobs=$(sql "SELECT count(*) FROM after_sale_sync_job")
    [[ "$orders" == "$stored" && "$jobs" == "$stored" ]] || checks=FAIL
    R[extra.$KEY]="sync jobs $jobs"
  else
    local nights
    stored=$(sql "SELECT count(*) FROM hotel_cancellation")
    nights=$(sql "SELECT coalesce(sum(json_array_length(refund_nights)), 0) FROM hotel_cancellation")
    [[ "$nights" == $((2 * stored)) ]] || checks=FAIL
    R[audit.$KEY]=$(sql "SELECT count(*) FILTER (WHERE need_audit) || '/' || count(*) FROM hotel_cancellation")
  fi
  ((stored <= distinct_sent && distinct_sent - stored <= unanswered + retried)) || checks=FAIL
  [[ "$handled" == "$stored" && "$inbox_bad" == 0 ]] || checks=FAIL
  ((inbox >= answered0 && inbox - answered0 <= unanswered + retried && inbox_100 <= retried)) || checks=FAIL
  R[checks.$KEY]=$checks
  R[stored.$KEY]="$stored = $distinct_sent" R[inbox.$KEY]="$inbox / $answered0 / $sent_all ($unanswered in flight, $retried answered 100, $inbox_100 rows say 100)"
}

# Empties what the callbacks store, between two loads on the same running services.
truncate_spi_tables() {
  sql "SET client_min_messages = warning; TRUNCATE spi_inbox, hotel_cancellation, scenic_refund_notice, after_sale_sync_job CASCADE"
}

# PostgreSQL's own rate, the ratio's denominator: pgbench, one INSERT ... ON CONFLICT DO NOTHING of a row like a
# stored cancellation per transaction, into a table like hotel_cancellation, at $1 clients for $2 s ($3 = file
# prefix). Sets PG_TPS, PG_LAT (mean latency, ms), PG_P99 (ms, from pgbench's per-transaction log) and PG_CPU_PER
# (PostgreSQL CPU ms per INSERT). Needs max_connections above $1 (512 clients: bench/RESULTS.md, issue 17).
pgbench_insert() {
  sql "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_cancel; CREATE TABLE bench_cancel (LIKE hotel_cancellation INCLUDING ALL)"
  cat >"$3.sql" <<'SQL'
\set k random(1, 2000000000)
INSERT INTO bench_cancel (cancel_id, order_id, order_out_id, refund_amount, user_refund_amount, penalty, currency,
  cancel_reason, cancel_order_time_unix, cancel_type, biz_type, need_audit, applicant_type, negotiate_refund,
  after_sale_type, refund_type, status, decided_status, answer_cancel_mode, answer_cancel_result,
  answer_refund_fee_amount, answer_reason, decision_rule, log_id, client_key, body_sha256, refund_nights)
VALUES ('pg-' || :k, 'ORD-pg-' || :k, 'OUT-1', 25900, 25800, 10000, 'CNY', 'user cancelled', 1682006400, 2, 2021,
  false, 1, false, 1, 11, 'CANCELLED', 'CANCELLED', 1, 1, NULL, NULL, 'need_audit not true', 'bench-' || :k,
  'bench-client-key', sha256(('pg-' || :k)::bytea),
  '[{"rate_plan_id": "RP-1", "daily_refund_amount": 12900, "period_start_date": "2023-05-01", "period_end_date": "2023-05-02", "period_start_time": null, "period_end_time": null}, {"rate_plan_id": "RP-1", "daily_refund_amount": 13000, "period_start_date": "2023-05-02", "period_end_date": "2023-05-03", "period_start_time": null, "period_end_time": null}]')
ON CONFLICT (cancel_id) DO NOTHING;
SQL
  local cpu0 cpu tx j=$(($1 < THREADS ? $1 : THREADS))
  rm -rf "$3.txlog"; mkdir -p "$3.txlog"
  cpu0=$(pg_cpu_ticks)
  (cd "$3.txlog" && pgbench -n -M prepared -c "$1" -j "$j" -T "$2" -l -f "$3.sql" "$BENCH_DB") >"$3.out" 2>&1
  cpu=$(($(pg_cpu_ticks) - cpu0))
  tx=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$3.out")
  PG_TPS=$(sed -nE 's/^tps = ([0-9.]+) \(without initial connection time\)/\1/p' "$3.out")
  PG_LAT=$(sed -nE 's/^latency average = ([0-9.]+) ms/\1/p' "$3.out")
  PG_FAILED=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$3.out")
  # The per-transaction log's third column is the latency in microseconds.
  PG_P99=$(cat "$3.txlog"/pgbench_log.* | awk '{ print $3 }' | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int(NR * 0.99)] / 1000 }')
  PG_CPU_PER=$(awk -v p="$cpu" -v n="$tx" 'BEGIN { printf "%.3f", p * 10 / n }')
  rm -rf "$3.txlog"
}

# --- Profiles (bench/curve.sh PROFILE=1 PG_STATS=1 PERF=1; PERF records every CPU) ---------------------------------------------------------
# JFR's profile settings, sampling Java stacks every 1 ms instead of 10 (few samples otherwise); prints the JVM flag
# that records into $1/load.jfr. (A JFR recording adds the jdk.jfr module: an AOT cache must be trained with it.)
jfr_opts() {
  local jfc
  jfc="$(dirname "$(dirname "$(readlink -f "$JAVA")")")/lib/jfr/profile.jfc"
  sed 's/>10 ms</>1 ms</; s/>20 ms</>1 ms</' "$jfc" >"$1/profile.jfc"
  echo "-XX:StartFlightRecording=filename=$1/load.jfr,settings=$1/profile.jfc"
}

# PostgreSQL's statements (pg_stat_statements, created in the postgres database) and WAL (pg_stat_wal) during one
# load: reset before, then per callback after. Needs shared_preload_libraries = 'pg_stat_statements' (and
# track_wal_io_timing = on for the sync time); bench/RESULTS.md, issue 17.
pg_stats_reset() {
  psql -X -q -At -d postgres -c "SELECT pg_stat_statements_reset()" -c "SELECT pg_stat_reset_shared('wal')" >/dev/null
}
pg_stats_dump() { # $1 = folder, $2 = callbacks completed
  psql -X -q -d postgres -v n="$2" >"$1/pg_stats.txt" <<'SQL'
\pset pager off
SELECT wal_records, wal_bytes, wal_write, wal_sync, round(wal_sync_time) AS sync_ms,
       round(wal_bytes::numeric / :n) AS wal_bytes_per_callback, round(wal_sync::numeric / :n, 3) AS syncs_per_callback,
       round((wal_sync_time / :n)::numeric, 3) AS sync_ms_per_callback
FROM pg_stat_wal;
SELECT calls, round(total_exec_time) AS total_ms, round((total_exec_time / :n)::numeric, 4) AS ms_per_callback,
       round((total_exec_time / calls)::numeric, 3) AS ms_per_call, rows,
       round(wal_bytes::numeric / :n) AS wal_bytes_per_callback, left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS query
FROM pg_stat_statements
ORDER BY total_exec_time DESC LIMIT 12;
SQL
}

# Where the machine's CPU went in a perf recording of every CPU ($1/perf.data): by process, then the hottest
# symbols (self time), into $1/perf-top.txt. (The JVM's compiled Java shows as perf-<pid>.map or [unknown]: JFR
# names those frames.)
perf_report() {
  { echo "## by process and object"
    perf report -i "$1/perf.data" --no-children --sort comm,dso --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -25
    echo "## hottest symbols"
    perf report -i "$1/perf.data" --no-children --sort comm,dso,symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -40
  } >"$1/perf-top.txt" || true
}

# The head of a summary (bench/run.sh, bench/curve.sh): the machine, then each build of $1 with its flags from
# R[flags.<build>].
builds_header() {
  local app
  echo "aftersale benchmark: $(nproc) cores, $(uname -r); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  for app in $1; do
    if [[ "$app" == jvm ]]; then echo "jvm: $JAVA ($("$JAVA" -version 2>&1 | sed -n 2p)) ${R[flags.jvm]:-}"
    else echo "native: ${R[flags.native]:-} (lab toolchain build: README \"Native executable\")"; fi
  done
}
