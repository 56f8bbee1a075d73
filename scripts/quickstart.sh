#!/usr/bin/env bash
# Quick start (`npm run quickstart`, after `npm ci`): builds the CLI, starts a local Conductor with
# `conductor server start` (or uses the one already answering on the port), registers the
# examples/greetings workflow and task, runs the `greet` worker for one task with `worker exec`, and
# runs the workflow with `run --wait`, which prints {"greeting": "Hello Orkes"}.
#
#   scripts/quickstart.sh [--port N] [--name NAME] [--no-build] [--stop-server]
#
#   --port N        server port (env QUICKSTART_PORT; default 8080)
#   --name NAME     who to greet (default Orkes)
#   --no-build      use the CLI as built (dist/)
#   --stop-server   stop the server at the end if this script started it (default: leave it running)
#
# The worker is always stopped on exit; the server too when --stop-server is given, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${QUICKSTART_PORT:-8080}
NAME=Orkes
BUILD=1
STOP_SERVER=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT=$2; shift 2 ;;
    --port=*) PORT=${1#*=}; shift ;;
    --name) NAME=$2; shift 2 ;;
    --name=*) NAME=${1#*=}; shift ;;
    --no-build) BUILD=0; shift ;;
    --stop-server) STOP_SERVER=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "quickstart: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

export CONDUCTOR_SERVER_URL="http://localhost:$PORT/api"
export NO_COLOR=${NO_COLOR:-1}
CLI=(node ./bin/run.js)
STARTED_SERVER=0
WORKER_PID=

step() { printf '\n==> %s\n' "$*" >&2; }

cleanup() {
  local status=$?
  if [ -n "$WORKER_PID" ] && kill -0 "$WORKER_PID" 2>/dev/null; then
    kill -TERM "$WORKER_PID" 2>/dev/null || true
    wait "$WORKER_PID" 2>/dev/null || true
  fi
  if [ "$STARTED_SERVER" = 1 ] && [ "$STOP_SERVER" = 1 ]; then
    step "Stopping the server on port $PORT"
    "${CLI[@]}" server stop --port "$PORT" >&2 || true
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

healthy() {
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://localhost:$PORT/health"
}

if [ "$BUILD" = 1 ]; then
  step "Building the CLI"
  # tsc and the manifest, as `npm run build` does, without first deleting dist/
  npx tsc -p tsconfig.build.json
  npx oclif manifest >/dev/null
fi

if healthy; then
  step "Using the Conductor server already running on port $PORT"
else
  step "Starting a local Conductor server on port $PORT (the first run downloads the server jar, about 450 MB)"
  "${CLI[@]}" server start --port "$PORT" >&2
  STARTED_SERVER=1
fi

step "Registering examples/greetings (task greet, workflow greetings)"
"${CLI[@]}" workflow register examples/greetings >&2

step "Starting the greet worker for one task: conductor worker exec greet --count 1 -- node examples/greetings/greet.mjs"
"${CLI[@]}" worker exec greet --count 1 -- node examples/greetings/greet.mjs &
WORKER_PID=$!

step "Running the workflow: conductor run greetings --input name=$NAME --wait"
OUTPUT=$("${CLI[@]}" run greetings --input "name=$NAME" --wait=60s)
printf '%s\n' "$OUTPUT"

# The worker exits by itself after its one task.
wait "$WORKER_PID"
WORKER_PID=

GREETING=$(printf '%s' "$OUTPUT" | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).greeting))')
printf '\n%s\n' "$GREETING"
if [ "$STARTED_SERVER" = 1 ] && [ "$STOP_SERVER" = 0 ]; then
  echo "The server keeps running on port $PORT; stop it with: ./bin/run.js server stop --port $PORT" >&2
fi
