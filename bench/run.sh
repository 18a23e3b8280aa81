#!/usr/bin/env bash
# Side-by-side benchmarks of maskedauth against its peers, in one run on one machine.
# Writes docs/bench.md (table, machine facts, the command) and docs/bench.svg (bar chart).
#
#   bench/run.sh            # full run, about 2 minutes on 2 cores
#   bench/run.sh --short    # shorter measurements, about 1 minute (for CI)
#   bench/run.sh --out DIR  # write bench.md and bench.svg to DIR instead of docs/
#
# Needs go, node and npm, and redis-server for section 4 (skipped with a note without it).
# Installs bench/node_modules from bench/package-lock.json with `npm ci` when it is missing.
# Every server it starts listens on 127.0.0.1 and is stopped when the script exits; every
# loop is bounded in count and time.
set -euo pipefail

short=0
out_dir=docs
args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --short) short=1 ;;
    --out) shift; out_dir=${1:?--out needs a directory} ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

cd "$(dirname "$0")/.."
repo=$(pwd)

if [ "$short" = 1 ]; then
  mode=short
  duration=3s; rounds=3; warmup=500ms; workers=8; users=32
  js_logins=10; srp_benchtime=20x; mw_benchtime=5000x; mw_count=3
  redis_benchtime=5000x; redis_count=3
else
  mode=full
  duration=10s; rounds=5; warmup=1s; workers=8; users=64
  js_logins=40; srp_benchtime=2s; mw_benchtime=300ms; mw_count=5
  # a p99 needs a few thousand masked calls per run; 300 ms would give about a thousand
  redis_benchtime=1s; redis_count=5
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

step "1. SRP client math: amazon-cognito-identity-js ($js_logins logins)"
timeout 600 node bench/srp-js.mjs "$js_logins" testdata/srp/vectors.json | tee "$res/srp-js.json" >&2

step "1. SRP client math: srpauth (go test -bench, benchtime $srp_benchtime)"
timeout 600 go test -run '^$' -bench '^(BenchmarkSignIn|BenchmarkVariableBaseExp|BenchmarkNaiveSignIn)$' \
  -benchtime "$srp_benchtime" -benchmem ./srpauth | tee "$res/srp-go.txt" >&2

loadgen=("$bin/loadgen" -workers "$workers" -duration "$duration" -warmup "$warmup" -users "$users" -code "$code")

step "2. cmd/mockpool and cognito-local $cl_version under the same load ($workers workers, $duration per workload)"
"$bin/mockpool" -addr 127.0.0.1:0 -quiet -code "$code" >"$work/mockpool.out" 2>"$work/mockpool.err" &
mp_pid=$!
pids+=("$mp_pid")
wait_for "$work/mockpool.out" '^mockpool listening on ' 30
mp_url=$(sed -n 's/^mockpool listening on //p' "$work/mockpool.out" | head -1)

cl_dir=$work/cognito-local
mkdir -p "$cl_dir/.cognito"
# plain user names, as in the mock pool (cognito-local's default makes the e-mail the user name)
echo '{"UserPoolDefaults":{"UsernameAttributes":[]}}' >"$cl_dir/.cognito/config.json"
cl_port=$("$bin/loadgen" -free-port)
(cd "$cl_dir" && HOST=127.0.0.1 PORT="$cl_port" CODE="$code" exec node "$repo/bench/node_modules/cognito-local/lib/bin/start.js") \
  >"$work/cognito-local.log" 2>&1 &
cl_pid=$!
pids+=("$cl_pid")
wait_for "$work/cognito-local.log" 'Cognito Local running on' 60

# One load generator for both servers: each workload's time is cut into rounds in which the
# servers take turns, so that a change in the machine's load hits both alike. Only the server
# under load is busy; the other one idles.
timeout 600 "${loadgen[@]}" -rounds "$rounds" \
  -endpoint "$mp_url,http://127.0.0.1:$cl_port" -server mockpool,cognito-local -pid "$mp_pid,$cl_pid" >>"$res/load.jsonl"
stop "$mp_pid"
stop "$cl_pid"

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

step "report"
mkdir -p "$out_dir"
"$bin/report" -dir "$res" -md "$out_dir/bench.md" -svg "$out_dir/bench.svg" \
  -command "bench/run.sh${args[*]:+ ${args[*]}}" -mode "$mode" -go "$(go version | cut -d' ' -f3-)" \
  -cognito-local "$cl_version" -loadavg "$loadavg" -date "$started" -rev "$rev"
echo "wrote $out_dir/bench.md and $out_dir/bench.svg" >&2
