# Drives every `workflow` command the way the official Go CLI's README and CLAUDE.md show it,
# checking stdout, stderr and exit codes. Where ours deliberately differs (docs/migrating-from-the-go-cli.md),
# the check says so.
WF=$(unique gocompat_wf)
LONG=$(unique gocompat_long)
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
UUID='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'

cat >"$DIR/workflow.json" <<EOF
{"name": "$WF", "version": 1, "description": "go compat", "schemaVersion": 2, "ownerEmail": "dev@example.com",
 "tasks": [{"name": "pause_a_bit", "taskReferenceName": "pause_a_bit", "type": "WAIT", "inputParameters": {"duration": "1 s"}},
           {"name": "remember", "taskReferenceName": "remember", "type": "SET_VARIABLE", "inputParameters": {"x": "\${workflow.input.x}"}}],
 "outputParameters": {"x": "\${workflow.input.x}"}}
EOF
cat >"$DIR/long.json" <<EOF
{"name": "$LONG", "version": 1, "schemaVersion": 2, "ownerEmail": "dev@example.com",
 "tasks": [{"name": "hold", "taskReferenceName": "hold", "type": "WAIT", "inputParameters": {"duration": "1 h"}},
           {"name": "later", "taskReferenceName": "later", "type": "SET_VARIABLE", "inputParameters": {"y": 1}}]}
EOF

# --- definitions ---------------------------------------------------------------------------------
run conductor workflow create "$DIR/workflow.json" --force
expect_code 0; expect_out "Workflow '$WF' version 1 registered successfully"
run conductor workflow create "$DIR/workflow.json"            # the same content again: a success
expect_code 0; expect_out "Workflow '$WF' version 1 registered successfully"
sed 's/go compat/changed/' "$DIR/workflow.json" >"$DIR/changed.json"
run conductor workflow create "$DIR/changed.json"              # differs: ours refuses without --force (Go: overwrote)
expect_code 5; expect_out ""; expect_err_contains "--force"
run conductor workflow create "$DIR/changed.json" --force
expect_code 0; expect_out "Workflow '$WF' version 1 registered successfully"
run bash -c "cat '$DIR/long.json' | conductor workflow create"  # stdin
[ "$CODE" = 0 ] || fail "create from stdin: exit $CODE: $ERR"
 expect_out "Workflow '$LONG' version 1 registered successfully"
run conductor workflow update "$DIR/workflow.json"             # update prints nothing on stdout
expect_code 0; expect_out ""
run conductor workflow create "$DIR/nope.json"
expect_code 3; expect_out ""

run conductor workflow get "$WF"
expect_code 0; expect_json
[ "$(json_get j.name)/$(json_get j.description)" = "$WF/go compat" ] || fail "get: $OUT"
run conductor workflow get "$WF" 1
expect_code 0; [ "$(json_get j.version)" = 1 ] || fail "get NAME 1: $OUT"
run conductor workflow get "$WF" 7
expect_code 4; expect_out ""; expect_err_contains "does not exist"

run conductor workflow get-all "^${WF}\$"                     # valid JSON with a filter (Go: stray commas)
expect_code 0; expect_json; [ "$(json_get 'j.map((d) => d.name).join()')" = "$WF" ] || fail "get-all: $OUT"
run conductor workflow get_all
expect_code 0; expect_json; [ "$(json_get "j.filter((d) => d.name === '$LONG').length")" = 1 ] || fail "get_all: $OUT"

run conductor workflow list
expect_code 0; expect_out_matches "^NAME +VERSION +"; expect_out_matches "(^|
)$WF +1 "
run conductor workflow list --csv
expect_code 0; [ "$(head -1 <<<"$OUT")" = "NAME,VERSION,DESCRIPTION" ] || fail "list --csv header: $OUT"
expect_out_contains "$WF,1,go compat"
run conductor workflow list --json
expect_code 0; expect_json; [ "$(json_get "j.find((d) => d.name === '$WF').version")" = 1 ] || fail "list --json: $OUT"

# --- executions ----------------------------------------------------------------------------------
run conductor workflow start --workflow "$WF" --input '{"x":"hello"}'
expect_code 0; expect_out_matches "$UUID"; ID=$OUT
run conductor workflow status "$ID"
expect_code 0; expect_out_matches '^(RUNNING|COMPLETED)$'
echo '{"x": "from file"}' >"$DIR/input.json"
run conductor workflow start "$WF" -f "$DIR/input.json" --correlation order-42
expect_code 0; expect_out_matches "$UUID"
run conductor workflow start --workflow "$WF" --sync --version 1 -i '{"x":"sync"}'
expect_code 0; expect_json; [ "$(json_get j.x)" = sync ] || fail "start --sync output: $OUT"
run conductor workflow start -w "$WF" --sync --full -i '{"x":"full"}'
expect_code 0; expect_json
[ "$(json_get j.status)/$(json_get j.output.x)" = "COMPLETED/full" ] || fail "start --sync --full: ${OUT:0:300}"
expect_out_matches "\"workflowId\": \"[0-9a-f-]{36}\""
run conductor workflow start -w "$LONG" --sync -u hold --full --wait 3s
expect_code 13; expect_json                      # hold is a 1 h WAIT: still running at the deadline
run conductor workflow start -w "$WF" --sync -u pause_a_bit --full
expect_code 0; expect_json; [ "$(json_get "j.tasks.find((t) => t.referenceTaskName === 'pause_a_bit').status")" = COMPLETED ] || fail "-u: ${OUT:0:300}"
run conductor workflow status "$ID"
expect_code 0; expect_out COMPLETED
run conductor workflow start -w "no_such_${WF}"
expect_code 4; expect_out ""
run conductor workflow start -w "$WF" -i 'not json'
expect_code 2; expect_out ""

run conductor workflow search --workflow "$WF" --status COMPLETED --count 50 --json
expect_code 0; expect_json
[ "$(json_get "j.totalHits >= 3 && j.results.every((r) => r.workflowType === '$WF' && r.status === 'COMPLETED')")" = true ] || fail "search --json: ${OUT:0:300}"
run conductor workflow search -w "$WF" -s COMPLETED -c 2
expect_code 0; expect_out_matches "^START TIME +WORKFLOW ID +WORKFLOW NAME +END TIME +STATUS"
[ "$(wc -l <<<"$OUT")" = 3 ] || fail "search -c 2: $OUT"
expect_out_contains " $WF "
run conductor workflow search -w "$WF" --csv --start-time-after "2020-01-01 00:00:00"
expect_code 0; [ "$(head -1 <<<"$OUT")" = "START TIME,WORKFLOW ID,WORKFLOW NAME,END TIME,STATUS" ] || fail "search --csv: $OUT"
run conductor workflow search -w "$WF" --start-time-before 01/01/2020 --json
expect_code 0; [ "$(json_get j.results.length)" = 0 ] || fail "search --start-time-before: $OUT"

run conductor workflow get-execution "$ID"
expect_code 0; expect_json; [ "$(json_get "j.workflowId === '$ID' && !('workflowDefinition' in j)")" = true ] || fail "get-execution: ${OUT:0:300}"
run conductor workflow get-execution -c "$ID"
expect_code 0; [ "$(json_get j.tasks.length)" = 2 ] || fail "get-execution -c: ${OUT:0:300}"

# --- control -------------------------------------------------------------------------------------
L=$(conductor workflow start -w "$LONG")
run conductor workflow pause "$L"
expect_code 0; expect_out "workflow $L paused successfully"
run conductor workflow status "$L"; expect_out PAUSED
run conductor workflow resume "$L"
expect_code 0; expect_out "workflow $L resumed successfully"
run conductor workflow terminate "$L"
expect_code 0; expect_out "$L"
run conductor workflow status "$L"; expect_out TERMINATED
run conductor workflow retry "$L"
expect_code 0; expect_out "workflow $L retry initiated successfully"
run conductor workflow status "$L"; expect_out RUNNING
conductor workflow terminate "$L" >/dev/null || fail "terminate"
run conductor workflow restart --use-latest "$L"
expect_code 0; expect_out "workflow $L restarted successfully"
conductor workflow terminate "$L" >/dev/null || fail "terminate"
run conductor workflow rerun "$L"
expect_code 0; expect_out "$L"
run conductor workflow status "$L"; expect_out RUNNING
S=$(conductor workflow start -w "$LONG")
run conductor workflow skip-task "$S" later --task-output '{"z":"q"}'
expect_code 0; expect_out "task later in workflow $S skipped successfully"
run conductor workflow get-execution -c "$S"                    # the output reaches the server (Go: ignored)
[ "$(json_get "JSON.stringify(j.tasks.find((t) => t.referenceTaskName === 'later').outputData)")" = '{"z":"q"}' ] || fail "skip-task output: ${OUT:0:300}"
run conductor workflow terminate "$L" "$S"                      # several ids: one line each
expect_code 0; expect_out "$L
$S"
run conductor workflow delete-execution "$L"                    # no terminal and no -y: nothing deleted
expect_code 2; expect_out ""; expect_err_contains "--yes"
run conductor workflow delete-execution "$L" -y
expect_code 0; expect_out "workflow execution $L deleted successfully"
run conductor workflow delete-execution --archive -y "$S"
expect_code 0; expect_out "workflow execution $S deleted successfully"

# failures end non-zero (the Go CLI printed them on stdout and exited 0)
run conductor workflow status "$L"
expect_code 4; expect_out ""
run conductor workflow status "$ID" "$L"
expect_code 4; expect_out COMPLETED
run conductor workflow pause "$L"
expect_code 4; expect_out ""; expect_err_contains "error pausing workflow $L"
run conductor workflow terminate "$L"
expect_code 4; expect_out ""
run conductor workflow get-execution "$L"
expect_code 4; expect_out ""

# --- deleting definitions ------------------------------------------------------------------------
run conductor workflow delete "$WF" 1 -y
expect_code 0; expect_out "Workflow '$WF' version 1 deleted successfully"
sed 's/"version": 1/"version": 2/' "$DIR/workflow.json" >"$DIR/v2.json"
conductor workflow create "$DIR/v2.json" >/dev/null || fail "create v2"
run bash -c "printf '%s 2\n%s 1\n' '$WF' '$LONG' | conductor workflow delete"   # piped lines: no -y needed
expect_code 0; expect_out "Workflow '$WF' version 2 deleted successfully
Workflow '$LONG' version 1 deleted successfully"
run conductor workflow get "$LONG"
expect_code 4
echo "workflow.sh: all passed"
