# Assertions for the scripts that drive `conductor` the way the official Go CLI's users do.
# Sourced by test/helpers/shell-script.ts before each script. Each failure names what differed.
set -uo pipefail

fail() { echo "ASSERTION FAILED: $*" >&2; exit 99; }

# run CMD...: runs it, keeping stdout in $OUT, stderr in $ERR and the exit code in $CODE (never exits)
run() {
  local out err
  out=$(mktemp); err=$(mktemp)
  "$@" >"$out" 2>"$err"; CODE=$?
  OUT=$(cat "$out"); ERR=$(cat "$err"); rm -f "$out" "$err"
}

expect_code() { [ "$CODE" = "$1" ] || fail "exit code $CODE, expected $1 (stdout: ${OUT:0:300}) (stderr: ${ERR:0:300})"; }
expect_out() { [ "$OUT" = "$1" ] || fail "stdout '${OUT:0:300}', expected '$1'"; }
expect_out_contains() { [[ "$OUT" == *"$1"* ]] || fail "stdout does not contain '$1': ${OUT:0:500}"; }
expect_out_matches() { [[ "$OUT" =~ $1 ]] || fail "stdout does not match /$1/: ${OUT:0:500}"; }
expect_err_contains() { [[ "$ERR" == *"$1"* ]] || fail "stderr does not contain '$1': ${ERR:0:500}"; }
expect_json() { printf '%s' "$OUT" | node -e 'JSON.parse(require("fs").readFileSync(0, "utf8"))' || fail "stdout is not JSON: ${OUT:0:300}"; }
# json_get EXPR: evaluates a JavaScript expression on the parsed stdout (`j`), prints the result
json_get() { printf '%s' "$OUT" | node -e "const j = JSON.parse(require('fs').readFileSync(0, 'utf8')); const v = ($1); process.stdout.write(typeof v === 'string' ? v : JSON.stringify(v))"; }
unique() { echo "${1}_$(date +%s%N | tail -c 9)_$RANDOM"; }
