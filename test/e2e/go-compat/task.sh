# `conductor task ...` as the official Go CLI's README shows it: create/update from a file or stdin,
# get, get-all (get_all), list (--json/--csv), poll, update-execution, delete.
T1=$(unique gc_task); T2=$(unique gc_task); WF=$(unique gc_wf)
cat > t1.json <<JSON
{"name": "$T1", "ownerEmail": "gc@example.com", "retryCount": 1, "timeoutSeconds": 60, "responseTimeoutSeconds": 30, "timeoutPolicy": "TIME_OUT_WF"}
JSON

# create from a file: nothing on stdout, exit 0
run conductor task create t1.json; expect_code 0; expect_out ''
# create from stdin: an array works too
run bash -c "echo '[{\"name\": \"$T2\", \"ownerEmail\": \"gc@example.com\", \"timeoutSeconds\": 60, \"responseTimeoutSeconds\": 30}]' | conductor task create"
expect_code 0; expect_out ''

run conductor task get "$T1"; expect_code 0; expect_json
[ "$(json_get j.name)" = "$T1" ] || fail "task get: name"
[ "$(json_get j.retryCount)" = "1" ] || fail "task get: retryCount"

# update from a file: nothing on stdout; the change is on the server
sed 's/"retryCount": 1/"retryCount": 4/' t1.json > t1b.json
run conductor task update t1b.json; expect_code 0; expect_out ''
run conductor task get "$T1"; [ "$(json_get j.retryCount)" = "4" ] || fail "task update did not apply"

# list: the Go CLI's table header and columns
run conductor task list; expect_code 0
HEADER=$(printf '%s\n' "$OUT" | head -1 | tr -s ' ')
[ "$HEADER" = "NAME EXECUTABLE DESCRIPTION OWNER TIMEOUT POLICY TIMEOUT (s) RETRY COUNT RESPONSE TIMEOUT (s)" ] || fail "task list header: $HEADER"
printf '%s\n' "$OUT" | grep -q "^$T1 " || fail "task list has no row for $T1"
run conductor task list --json; expect_code 0; expect_json
[ "$(json_get "j.find(t => t.name === '$T1').timeoutPolicy")" = "TIME_OUT_WF" ] || fail "task list --json: whole definitions"
run conductor task list --csv; expect_code 0
[ "$(printf '%s\n' "$OUT" | head -1)" = "NAME,EXECUTABLE,DESCRIPTION,OWNER,TIMEOUT POLICY,TIMEOUT (s),RETRY COUNT,RESPONSE TIMEOUT (s)" ] || fail "task list --csv header"
printf '%s\n' "$OUT" | grep -q "^$T1,no,,gc@example.com,TIME_OUT_WF,60,4,30$" || fail "task list --csv row: $OUT"
run conductor task list --json --csv; expect_code 2

# get-all and get_all: valid JSON (the Go CLI's is not), filtered by a regex
run conductor task get-all; expect_code 0; expect_json
[ "$(json_get "j.some(t => t.name === '$T2')")" = "true" ] || fail "task get-all misses $T2"
run conductor task get_all "^$T1\$"; expect_code 0; expect_json
[ "$(json_get 'j.map(t => t.name).join()')" = "$T1" ] || fail "task get_all REGEX: $OUT"

# poll with nothing queued
run conductor task poll "$T1"; expect_code 0; expect_out 'No tasks available'

# a workflow whose task is polled and updated by reference name
cat > wf.json <<JSON
{"name": "$WF", "version": 1, "ownerEmail": "gc@example.com", "schemaVersion": 2,
 "tasks": [{"name": "$T1", "taskReferenceName": "step", "type": "SIMPLE"}]}
JSON
run conductor workflow register wf.json; expect_code 0
run conductor run "$WF"; expect_code 0; WID=$OUT
[[ "$WID" =~ ^[0-9a-f-]{36}$ ]] || fail "run printed '$WID'"
run conductor task poll "$T1" --count 1 --worker-id gc-worker --timeout 1000; expect_code 0; expect_json
[ "$(json_get 'j[0].workflowInstanceId')" = "$WID" ] || fail "task poll: $OUT"
[ "$(json_get 'j[0].workerId')" = "gc-worker" ] || fail "task poll: worker id"
TID=$(json_get 'j[0].taskId')

run conductor task update-execution --workflow-id "$WID" --task-ref-name step --status COMPLETED --output '{"answer": 42}'
expect_code 0; expect_out "$TID"
run conductor execution get "$WID" --json; expect_code 0
[ "$(json_get j.status)" = "COMPLETED" ] || fail "workflow not COMPLETED after update-execution: $(json_get j.status)"
[ "$(json_get 'j.tasks[0].outputData.answer')" = "42" ] || fail "task output not set"
# the task is done: nothing pending with that ref is exit 4, with the reason
run conductor task update-execution --workflow-id "$WID" --task-ref-name step --status COMPLETED; expect_code 4
run conductor task update-execution --workflow-id "$WID"; expect_code 2
expect_err_contains '--workflow-id, --task-ref-name, and --status are required'
run conductor task update-execution --workflow-id "$WID" --task-ref-name step --status COMPLETED --output 'nope'; expect_code 2
expect_err_contains 'invalid output JSON'

# delete: asks (so off a terminal it needs -y), then the Go CLI's line
run conductor task delete "$T2"; expect_code 2; expect_err_contains '--yes'
run conductor workflow delete "$WF" 1 --yes; expect_code 0
run conductor task delete "$T1" "$T2" -y; expect_code 0
expect_out "Task '$T1' deleted successfully
Task '$T2' deleted successfully"
run conductor task get "$T1"; expect_code 4
run conductor task delete "$T1" -y; expect_code 4

# bad input: nothing is sent, exit 3, the problem named
echo '{"name": ""}' > bad.json
run conductor task create bad.json; expect_code 3
echo "task.sh: ok"
