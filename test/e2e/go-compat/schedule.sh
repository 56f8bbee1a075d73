# The schedule commands as the Go CLI's README and examples show them, against a real server.
# Needs WF (a registered workflow, version 1). Every name is unique to this run.
S=$(unique sched)

# create with flags (README: -n, -c, -w, -i, -p, --version): prints nothing
run conductor schedule create -n "$S" -c "0 0 * ? * *" -w "$WF" -i '{"key":"value"}' -p
expect_code 0; expect_out ""

# a second create of the same name is refused
run conductor schedule create -n "$S" -c "0 0 * ? * *" -w "$WF"
expect_code 5; expect_err_contains "already exists"

# flag-based create needs all three of -n, -c, -w
run conductor schedule create -n "$(unique x)" -w "$WF"
expect_code 2; expect_err_contains "--cron is required"

# Spring cron has six fields: a crontab line is refused before anything is sent (the Go CLI sends it)
run conductor schedule create -n "$(unique x)" -c "0 0 * * *" -w "$WF"
expect_code 3; expect_err_contains "six fields"

# get prints the schedule as JSON
run conductor schedule get "$S"
expect_code 0; expect_json
[ "$(json_get 'j.paused')" = "true" ] || fail "created with -p but not paused"
[ "$(json_get 'j.startWorkflowRequest.input.key')" = "value" ] || fail "input not kept"

# list: a table with the Go CLI's headers; --csv; --json
run conductor schedule list
expect_code 0; expect_out_contains "NAME"; expect_out_contains "CRON"; expect_out_contains "CREATED TIME"
expect_out_matches "$S +0 0 \\* \\? \\* \\* +$WF +paused"
run conductor schedule list "$WF" --csv
expect_code 0; expect_out_contains "NAME,CRON,WORKFLOW,STATUS,CREATED TIME"; expect_out_contains "$S,0 0 * ? * *,$WF,paused,"
run conductor schedule list --json
expect_code 0; expect_json
[ "$(json_get "j.some(s => s.name === '$S')")" = "true" ] || fail "list --json lacks $S"

# resume and pause print nothing; resuming a running schedule is not an error
run conductor schedule resume "$S"; expect_code 0; expect_out ""
run conductor schedule resume "$S"; expect_code 0
run conductor schedule get "$S"; [ "$(json_get 'j.paused')" = "false" ] || fail "not resumed"
run conductor schedule pause "$S"; expect_code 0; expect_out ""
run conductor schedule get "$S"; [ "$(json_get 'j.paused')" = "true" ] || fail "not paused"

# update from a file, and from stdin
F=$(mktemp --suffix .json)
cat > "$F" <<JSON
{"name": "$S", "cronExpression": "0 0 12 ? * *", "startWorkflowRequest": {"name": "$WF", "version": 1}, "paused": true}
JSON
run conductor schedule update "$F"; expect_code 0; expect_out ""
run conductor schedule get "$S"; [ "$(json_get 'j.cronExpression')" = "0 0 12 ? * *" ] || fail "file update not applied"
sed 's/0 0 12/0 15 12/' "$F" | { run conductor schedule update; expect_code 0; }
run conductor schedule get "$S"; [ "$(json_get 'j.cronExpression')" = "0 15 12 ? * *" ] || fail "stdin update not applied"

# update with flags; update of a missing schedule fails
run conductor schedule update -n "$S" -c "0 0 * ? * *" -w "$WF" -i '{"updated":"data"}' -p
expect_code 0
run conductor schedule update -n "$(unique missing)" -c "0 0 * ? * *" -w "$WF"
expect_code 4

# create from a file
S2=$(unique sched2)
sed "s/\"name\": \"$S\"/\"name\": \"$S2\"/" "$F" > "$F.2.json"
run conductor schedule create "$F.2.json"; expect_code 0
run conductor schedule get "$S" "$S2"; expect_code 0; expect_out_contains "\"name\": \"$S2\""

# search: header-less comma lines (nothing has run yet for these schedules); --json gives the records
run conductor schedule search -w "$WF" -c 5; expect_code 0
run conductor schedule search -s FAILED -c 5 --json; expect_code 0; expect_json

# delete: asks unless -y; prints the Go CLI's line
run conductor schedule delete "$S" -y
expect_code 0; expect_out "Schedule '$S' deleted successfully"
run conductor schedule delete "$S2" -y; expect_code 0
run conductor schedule get "$S"; expect_code 4
echo ALL-PASSED
