# `conductor server ...` and `doctor` answering as the official Go CLI's do. SERVER_HOME and
# SERVER_PORT name the running integration server; every other call uses this script's own home.

# status of a running server: the Go CLI's lines
run env CONDUCTOR_CLI_HOME="$SERVER_HOME" conductor server status --port "$SERVER_PORT"; expect_code 0
expect_out_matches '^Conductor server is running \(PID: [0-9]+\)'
expect_out_contains "Status: healthy
  API: http://localhost:$SERVER_PORT/api
  UI:  http://localhost:$SERVER_PORT"
run env CONDUCTOR_CLI_HOME="$SERVER_HOME" conductor server logs --port "$SERVER_PORT" -n 3; expect_code 0
[ "$(printf '%s\n' "$OUT" | wc -l)" = "3" ] || fail "server logs -n 3 printed: $OUT"

# nothing running here: status says so (exit 6: not healthy), stop is a no-op (exit 0), no log (exit 4)
run conductor server status; expect_code 6; expect_out_contains 'Conductor server is not running'
run conductor server stop; expect_code 0; expect_out 'Conductor server is not running'
run conductor server logs -f -n 10; expect_code 4
run conductor server start --orkes; expect_code 2; expect_err_contains 'not yet available'
# the Go CLI's short flags exist with its meanings
run conductor server start --help; expect_out_contains '-f, --foreground'
run conductor server logs --help; expect_out_contains '-f, --follow'; expect_out_contains '-n, --lines'

# doctor: the local runtime as the Go CLI checks it, then the server
run conductor doctor; expect_code 0
expect_out_contains 'Runtime'
expect_out_matches '  (ok  Java [0-9]|--  Java not found)'
expect_out_matches '  (ok  Python|--  Python not found)'
expect_out_contains '✓ reachable'
run conductor doctor --json; expect_code 0; expect_json
[ "$(json_get 'typeof j.runtime')" = "object" ] || fail "doctor --json has no runtime"
# a server that is down: the runtime is still reported, the exit code says what failed
run conductor --server http://localhost:9/api doctor; expect_code 7; expect_out_contains 'Runtime'
echo "server.sh: ok"
