#!/usr/bin/env bash
# Side-by-side benchmarks of maskedauth against its peers, in one run on one machine.
# Writes docs/bench.md (table, machine facts, the command) and docs/bench.svg (bar chart).
#
#   bench/run.sh            # full run, about 15 minutes on 2 cores
#   bench/run.sh --short    # shorter measurements, about 2 minutes (for CI)
#   bench/run.sh --out DIR  # write bench.md and bench.svg to DIR instead of docs/
#   bench/run.sh --servers mockpool,mockpool-state   # section 2 against these servers only
#       (any of mockpool, mockpool-state, cognito-local, moto; default all four)
#   bench/run.sh --state-label TEXT   # how the report names -state's storage (default:
#       detected from the state file: bbolt, SQLite or the debounced JSON file)
#   bench/run.sh --boring / --no-boring   # section 2c, a GOEXPERIMENT=boringcrypto build of
#       cmd/mockpool (needs cgo and gcc); on by default in the full run, off in --short
#   bench/run.sh --only-servers   # section 2 only (no SRP, middleware or Redis sections)
#
# Needs go, node and npm, moto_server (pip install 'moto[server]') for the moto peer and
# redis-server for section 4 (each skipped with a note without it).
# Installs bench/node_modules from bench/package-lock.json with `npm ci` when it is missing.
# Every server it starts listens on 127.0.0.1 and is stopped when the script exits; every
# loop is bounded in count and time.
set -euo pipefail

short=0
out_dir=docs
servers=mockpool,mockpool-state,cognito-local,moto
state_label=
boring=
only_servers=0
args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --short) short=1 ;;
    --out) shift; out_dir=${1:?--out needs a directory} ;;
    --servers) shift; servers=${1:?--servers needs a list} ;;
    --state-label) shift; state_label=${1:?--state-label needs a text} ;;
    --boring) boring=1 ;;
    --no-boring) boring=0 ;;
    --only-servers) only_servers=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

cd "$(dirname "$0")/.."
repo=$(pwd)

for s in ${servers//,/ }; do
  case "$s" in
    mockpool|mockpool-state|cognito-local|moto) ;;
    *) echo "run.sh: --servers: unknown server $s (want mockpool, mockpool-state, cognito-local, moto)" >&2; exit 2 ;;
  esac
done

# workers: the fixed concurrency of every load in section 2.
# pop_ours / pop_peer: users created for the memory and disk figures (mockpool / the peers),
# each creation bounded by pop_max; the report extrapolates to 100,000 users.
if [ "$short" = 1 ]; then
  mode=short
  duration=2s; rounds=2; warmup=200ms; workers=16; users=32
  pop_ours=1000; pop_peer=200; pop_max=3s; fsync_n=50
  js_logins=10; srp_benchtime=20x; mw_benchtime=5000x; mw_count=3
  redis_benchtime=5000x; redis_count=3
  boring=${boring:-0}
else
  mode=full
  duration=10s; rounds=5; warmup=1s; workers=16; users=64
  pop_ours=100000; pop_peer=10000; pop_max=150s; fsync_n=300
  js_logins=40; srp_benchtime=2s; mw_benchtime=300ms; mw_count=5
  # a p99 needs a few thousand masked calls per run; 300 ms would give about a thousand
  redis_benchtime=1s; redis_count=5
  boring=${boring:-1}
fi
code=123456
loadavg=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "")
started=$(date -u '+%Y-%m-%d %H:%M UTC')
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
# the report's own output files do not count as changes to the measured code
if [ "$rev" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no -- . ":(exclude)$out_dir/bench.md" ":(exclude)$out_dir/bench.svg" 2>/dev/null)" ]; then
  rev="$rev + uncommitted changes"
fi

step() { printf '\n==> %s\n' "$*" >&2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/maskedauth-bench.XXXXXX")
res=$work/results
bin=$work/bin
mkdir -p "$res" "$bin"
pids=()

cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stop PID: SIGTERM, wait up to 10 s, then SIGKILL.
stop() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# wait_for FILE PATTERN SECONDS: until FILE has a line matching PATTERN.
wait_for() {
  local file=$1 pattern=$2 secs=$3 i
  for i in $(seq 1 $((secs * 10))); do
    if grep -q "$pattern" "$file" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "run.sh: timed out waiting for '$pattern' in $file:" >&2
  tail -20 "$file" >&2 || true
  return 1
}

step "tools"
go version >&2
node --version >&2
if [ ! -d bench/node_modules/cognito-local ] || [ ! -d bench/node_modules/amazon-cognito-identity-js ]; then
  (cd bench && timeout 600 npm ci --no-audit --no-fund --loglevel=error)
fi
cl_version=$(node -p "require('./bench/node_modules/cognito-local/package.json').version")
go build -o "$bin/" ./bench/loadgen ./bench/report ./bench/mockpoolprof ./cmd/mockpool
# moto_server through pyenv is a shell shim: start the real script, so that its process id
# is the server's (for /proc CPU and memory)
moto_bin=
if command -v pyenv >/dev/null 2>&1; then moto_bin=$(pyenv which moto_server 2>/dev/null || true); fi
if [ -z "$moto_bin" ]; then moto_bin=$(command -v moto_server || true); fi
moto_version=
if [ -n "$moto_bin" ]; then
  py=$(head -1 "$moto_bin" | sed -n 's/^#! *//p')
  moto_version=$(${py:-python3} -c 'import moto; print(moto.__version__)' 2>/dev/null || echo unknown)
else
  echo "moto_server is not installed (pip install 'moto[server]'); the moto peer is skipped" >"$res/moto-note.txt"
  servers=$(echo ",$servers," | sed 's/,moto,/,/; s/^,//; s/,$//')
fi
echo "moto: ${moto_bin:-none} ${moto_version}" >&2

# start_server NAME DIR: starts server NAME (mockpool, mockpool-state, mockpool-boring,
# cognito-local, moto) on 127.0.0.1 with its files under DIR; sets srv_pid, srv_url and
# srv_state (the directory holding its state on disk, empty for none).
start_server() {
  local name=$1 dir=$2 port
  mkdir -p "$dir"
  srv_state=
  case "$name" in
    mockpool|mockpool-state|mockpool-boring)
      local exe=$bin/mockpool extra=()
      [ "$name" = mockpool-boring ] && exe=$bin/mockpool-boring
      if [ "$name" = mockpool-state ]; then
        srv_state=$dir/state
        mkdir -p "$srv_state"
        extra=(-state "$srv_state/mockpool.db")
      fi
      "$exe" -addr 127.0.0.1:0 -quiet -code "$code" "${extra[@]}" >"$dir/out" 2>"$dir/err" &
      srv_pid=$!
      pids+=("$srv_pid")
      wait_for "$dir/out" '^mockpool listening on ' 30
      srv_url=$(sed -n 's/^mockpool listening on //p' "$dir/out" | head -1)
      ;;
    cognito-local)
      mkdir -p "$dir/.cognito"
      # plain user names, as in the mock pool (cognito-local's default makes the e-mail the user name)
      echo '{"UserPoolDefaults":{"UsernameAttributes":[]}}' >"$dir/.cognito/config.json"
      srv_state=$dir/.cognito
      port=$("$bin/loadgen" -free-port)
      # CODE: cognito-local's fixed confirmation code (lib/services/otp.js reads it)
      (cd "$dir" && HOST=127.0.0.1 PORT="$port" CODE="$code" exec node "$repo/bench/node_modules/cognito-local/lib/bin/start.js") \
        >"$dir/log" 2>&1 &
      srv_pid=$!
      pids+=("$srv_pid")
      wait_for "$dir/log" 'Cognito Local running on' 60
      srv_url=http://127.0.0.1:$port
      ;;
    moto)
      port=$("$bin/loadgen" -free-port)
      (cd "$dir" && exec "$moto_bin" -H 127.0.0.1 -p "$port") >"$dir/log" 2>&1 &
      srv_pid=$!
      pids+=("$srv_pid")
      wait_for "$dir/log" 'Running on http://127.0.0.1' 60
      srv_url=http://127.0.0.1:$port
      ;;
  esac
}

# state_format FILE: what -state wrote, from the file's first bytes.
state_format() {
  local f=$1
  if [ ! -s "$f" ]; then echo "no state file written"
  elif head -c 15 "$f" | grep -qa '^SQLite format 3'; then echo "SQLite"
  elif od -An -tx4 -j16 -N4 "$f" 2>/dev/null | grep -q ed0cdaed; then echo "bbolt"
  elif [ "$(head -c 1 "$f")" = "{" ]; then echo "JSON file, rewritten whole after a debounce"
  else echo "unknown format"
  fi
}

if [ "$only_servers" = 0 ]; then
  step "1. SRP client math: amazon-cognito-identity-js ($js_logins logins)"
  timeout 600 node bench/srp-js.mjs "$js_logins" testdata/srp/vectors.json | tee "$res/srp-js.json" >&2

  step "1. SRP client math: srpauth (go test -bench, benchtime $srp_benchtime)"
  timeout 600 go test -run '^$' -bench '^(BenchmarkSignIn|BenchmarkVariableBaseExp|BenchmarkNaiveSignIn)$' \
    -benchtime "$srp_benchtime" -benchmem ./srpauth | tee "$res/srp-go.txt" >&2
fi

loadgen=("$bin/loadgen" -workers "$workers" -duration "$duration" -warmup "$warmup" -users "$users" -code "$code")

step "2. ${servers//,/, } under the same load ($workers workers, $duration per workload and server)"
urls=() names=() spids=()
for s in ${servers//,/ }; do
  start_server "$s" "$work/load-$s"
  urls+=("$srv_url"); names+=("$s"); spids+=("$srv_pid")
done
join() { local IFS=,; echo "$*"; }
# One load generator for every server: each workload's time is cut into rounds in which the
# servers take turns, so that a change in the machine's load hits all alike. Only the server
# under load is busy; the others idle.
timeout 1200 "${loadgen[@]}" -rounds "$rounds" \
  -endpoint "$(join "${urls[@]}")" -server "$(join "${names[@]}")" -pid "$(join "${spids[@]}")" >>"$res/load.jsonl"
for pid in "${spids[@]}"; do stop "$pid"; done
if [ -z "$state_label" ] && [[ ",$servers," == *,mockpool-state,* ]]; then
  state_label=$(state_format "$work/load-mockpool-state/state/mockpool.db")
fi

step "2b. memory and disk per user: $pop_ours users for mockpool, $pop_peer for the peers (each at most $pop_max)"
# the file system every server kept its state on: how long one small durable write takes
timeout 120 "$bin/loadgen" -fsync "$work" -fsync-n "$fsync_n" >"$res/fsync.json"
state_fs=$(stat -f -c %T "$work" 2>/dev/null || echo unknown)
for s in ${servers//,/ }; do
  n=$pop_peer
  case "$s" in mockpool*) n=$pop_ours ;; esac
  start_server "$s" "$work/pop-$s"
  sd=()
  [ -n "$srv_state" ] && sd=(-state-dir "$srv_state")
  timeout 900 "$bin/loadgen" -workers "$workers" -endpoint "$srv_url" -server "$s" -pid "$srv_pid" \
    -populate "$n" -populate-max "$pop_max" "${sd[@]}" >>"$res/populate.jsonl"
  stop "$srv_pid"
done

if [ "$boring" = 1 ]; then
  step "2c. cmd/mockpool built with GOEXPERIMENT=boringcrypto: logins against the normal build"
  if GOEXPERIMENT=boringcrypto CGO_ENABLED=1 timeout 900 go build -o "$bin/mockpool-boring" ./cmd/mockpool 2>"$work/boring-build.err"; then
    start_server mockpool "$work/boring-normal"; n_url=$srv_url; n_pid=$srv_pid
    start_server mockpool-boring "$work/boring-boring"; b_url=$srv_url; b_pid=$srv_pid
    timeout 600 "${loadgen[@]}" -rounds "$rounds" -workloads login \
      -endpoint "$n_url,$b_url" -server mockpool,mockpool-boring -pid "$n_pid,$b_pid" >"$res/boring.jsonl"
    stop "$n_pid"; stop "$b_pid"
  else
    echo "the GOEXPERIMENT=boringcrypto build failed: $(head -c 300 "$work/boring-build.err" | tr '\n' ' ')" >"$res/boring-note.txt"
  fi
fi

step "2. where mockpool's time goes: CPU profile under the login load"
"$bin/mockpoolprof" -addr 127.0.0.1:0 -code "$code" -cpuprofile "$work/cpu.pprof" -max 5m >"$work/prof.out" 2>"$work/prof.err" &
prof_pid=$!
pids+=("$prof_pid")
wait_for "$work/prof.out" '^mockpool listening on ' 30
prof_url=$(sed -n 's/^mockpool listening on //p' "$work/prof.out" | head -1)
timeout 300 "${loadgen[@]}" -endpoint "$prof_url" -server mockpool-profiled -workloads login >"$work/prof-load.jsonl"
stop "$prof_pid"
{
  go tool pprof -top -nodecount 20 "$bin/mockpoolprof" "$work/cpu.pprof" 2>/dev/null || true
  printf '\n# the same profile by cumulative time: go tool pprof -top -cum\n'
  go tool pprof -top -cum -nodecount 25 "$bin/mockpoolprof" "$work/cpu.pprof" 2>/dev/null | sed -n '/flat%/,$p' || true
} >"$res/cpu-top.txt"
head -20 "$res/cpu-top.txt" >&2

if [[ ",$servers," == *,mockpool-state,* ]]; then
  step "2. where cmd/mockpool -state's time goes: perf record under the SignUp + ConfirmSignUp and the login load"
  # perf sees the real binary, kernel included (fsync, write): what pprof inside the process would
  # not show without a flag in cmd/mockpool
  perf_secs=${duration%s}
  if ! command -v perf >/dev/null 2>&1; then
    echo "perf is not installed (apt-get install linux-perf)" >"$res/perf-note.txt"
  else
    for w in signup login; do
      start_server mockpool-state "$work/perf-$w"
      timeout 120 perf record -q -F 499 -g -p "$srv_pid" -o "$work/perf-$w.data" -- sleep "$((perf_secs + 1))" >"$work/perf-$w.log" 2>&1 &
      perf_pid=$!
      sleep 0.2
      timeout 300 "$bin/loadgen" -workers "$workers" -duration "$duration" -warmup 0 -users 8 -code "$code" \
        -endpoint "$srv_url" -server mockpool-state-perf -pid "$srv_pid" -workloads "$w" >"$work/perf-$w.jsonl" || true
      wait "$perf_pid" || true
      stop "$srv_pid"
      if [ -s "$work/perf-$w.data" ] && perf report -i "$work/perf-$w.data" --stdio --no-children --sort dso -g none 2>/dev/null |
        grep -v '^#' | grep '%' >"$res/perf-$w-dso.txt"; then
        perf report -i "$work/perf-$w.data" --stdio --children --sort sym -g none --percent-limit 2 2>/dev/null |
          grep -v '^#' | grep '%' | head -45 >"$res/perf-$w-cum.txt" || true
        perf report -i "$work/perf-$w.data" --stdio --no-children --sort dso,sym -g none --percent-limit 1 2>/dev/null |
          grep -v '^#' | grep '%' | head -25 >"$res/perf-$w-self.txt" || true
        head -12 "$res/perf-$w-cum.txt" >&2
      else
        echo "perf record did not work here: $(head -c 300 "$work/perf-$w.log" | tr '\n' ' ')" >"$res/perf-note.txt"
        break
      fi
    done
  fi
fi

if [ "$only_servers" = 1 ]; then
  echo "not run (bench/run.sh --only-servers)" >"$res/middleware-note.txt"
  echo "not run (bench/run.sh --only-servers)" >"$res/redisstore-note.txt"
else
  step "3. middleware cost per call"
  if grep -qs '^func BenchmarkMiddleware(' middleware/*_test.go; then
    if ! timeout 600 go test -run '^$' -bench '^(BenchmarkMiddleware|BenchmarkHandlers)' -benchmem \
      -benchtime "$mw_benchtime" -count "$mw_count" ./middleware \
      >"$res/middleware.txt" 2>&1; then
      echo "the middleware benchmark did not run cleanly: $(grep -m1 -v '^\s*$' "$res/middleware.txt" | cut -c1-200)" >"$res/middleware-note.txt"
    fi
    cat "$res/middleware.txt" >&2
  else
    echo "middleware/ has no BenchmarkMiddleware yet" >"$res/middleware-note.txt"
  fi

  step "4. middleware with the Redis store"
  if ! grep -qs '^func BenchmarkMaskedFailure(' middleware/redisstore/*_test.go; then
    echo "middleware/redisstore has no BenchmarkMaskedFailure yet" >"$res/redisstore-note.txt"
  elif ! command -v redis-server >/dev/null 2>&1; then
    echo "redis-server is not installed (apt-get install redis-server); the benchmark starts its own on 127.0.0.1" >"$res/redisstore-note.txt"
  else
    if ! timeout 600 go test -run '^$' -bench '^(BenchmarkMaskedFailure|BenchmarkStoreHit)$' -benchmem \
      -benchtime "$redis_benchtime" -count "$redis_count" ./middleware/redisstore \
      >"$res/redisstore.txt" 2>&1; then
      # the first test failure message (file.go:N: ...), else the first line after go test's header
      why=$(grep -m1 -E '\.go:[0-9]+(:[0-9]+)?: ' "$res/redisstore.txt" || grep -m1 -v -E '^\s*$|^(goos|goarch|pkg|cpu):' "$res/redisstore.txt" || true)
      echo "the Redis store benchmark did not run cleanly: $(echo "$why" | sed 's/^\s*//' | cut -c1-200)" >"$res/redisstore-note.txt"
    fi
    cat "$res/redisstore.txt" >&2
  fi

fi

step "report"
loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "")
mkdir -p "$out_dir"
"$bin/report" -dir "$res" -md "$out_dir/bench.md" -svg "$out_dir/bench.svg" \
  -command "bench/run.sh${args[*]:+ ${args[*]}}" -mode "$mode" -go "$(go version | cut -d' ' -f3-)" \
  -cognito-local "$cl_version" -moto "$moto_version" -state-label "$state_label" -workers "$workers" \
  -state-fs "${state_fs:-}" \
  -loadavg "$loadavg" -loadavg-end "$loadavg_end" -date "$started" -rev "$rev"
echo "wrote $out_dir/bench.md and $out_dir/bench.svg" >&2
