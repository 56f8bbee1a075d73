# `conductor config ...`, `whoami` and the global flags as the official Go CLI's README shows them;
# configuration resolved as it resolves it: --config/--profile file, else environment, else config.yaml.
DIR="$HOME/.conductor-cli"
URL="$CONDUCTOR_SERVER_URL"

# non-interactive save with global flags (the README's form), Go's success line, a 0600 file
run conductor --server "$URL" --server-type OSS --profile dev config save
expect_code 0; expect_out "✓ Configuration saved to $DIR/config-dev.yaml"
[ "$(stat -c %a "$DIR/config-dev.yaml")" = "600" ] || fail "config-dev.yaml is not 0600"
grep -q "server-type: OSS" "$DIR/config-dev.yaml" || fail "server-type not saved"
# the questions answered from piped stdin (profile: empty = default, URL, type)
run bash -c "printf '\nhttp://other.example:8080\nEnterprise\n2\ntok-1\n' | conductor config save"
expect_code 0; expect_out "✓ Configuration saved to $DIR/config.yaml"
grep -q 'server: http://other.example:8080/api' "$DIR/config.yaml" || fail "default profile server"
grep -q 'auth-token: tok-1' "$DIR/config.yaml" || fail "default profile token"

run conductor config list; expect_code 0; expect_out "default
dev"

# an explicit profile beats the environment (flag and CONDUCTOR_PROFILE)
run conductor --profile dev config show; expect_code 0
expect_out_contains "Source: $DIR/config-dev.yaml"
printf '%s\n' "$OUT" | grep -Eq "^server +${URL} +config-dev.yaml$" || fail "config show --profile dev: $OUT"
run env CONDUCTOR_SERVER_URL=http://env.example:1 CONDUCTOR_PROFILE=dev conductor config show; expect_code 0
expect_out_contains "Source: $DIR/config-dev.yaml"
# the environment beats config.yaml, and then config.yaml is not read at all (its token is not used)
run env CONDUCTOR_SERVER_URL=http://env.example:1 conductor config show; expect_code 0
expect_out_contains 'Source: environment variables'
printf '%s\n' "$OUT" | grep -Eq '^server +http://env.example:1 +env CONDUCTOR_SERVER_URL$' || fail "env server: $OUT"
printf '%s\n' "$OUT" | grep -Eq '^auth-token +- +default$' || fail "config.yaml token leaked into an env run: $OUT"
# without the environment: config.yaml, secrets masked
run env -u CONDUCTOR_SERVER_URL conductor config show; expect_code 0
expect_out_contains "Source: $DIR/config.yaml"
printf '%s\n' "$OUT" | grep -Eq '^auth-token +\*\*\*\* +config.yaml$' || fail "masked token: $OUT"
[[ "$OUT" != *tok-1* ]] || fail "config show printed the token"
# flags win over all
run conductor --profile dev --server http://flag.example:2 --server-type Enterprise config show --json; expect_code 0; expect_json
[ "$(json_get "j.values.find(v => v.key === 'server').source")" = "flag --server" ] || fail "flag source"
[ "$(json_get "j.values.find(v => v.key === 'server-type').value")" = "Enterprise" ] || fail "server-type flag"
run conductor --server-type cloud config show; expect_code 2

# --config FILE: that file, the environment ignored
printf 'server: %s\n' "$URL" > my-config.yaml
run env CONDUCTOR_SERVER_URL=http://env.example:1 conductor --config my-config.yaml task list; expect_code 0
run conductor --config missing.yaml config show; expect_code 4

# a profile that does not exist: the Go CLI's message
run conductor --profile nonexistent task list; expect_code 4
expect_err_contains "Profile 'nonexistent' doesn't exist (expected file: $DIR/config-nonexistent.yaml)"
# a profile drives commands against the server
run env -u CONDUCTOR_SERVER_URL conductor --profile dev task list --json; expect_code 0; expect_json

# whoami: no auth on OSS; a token's claims otherwise (read, not sent)
run conductor --profile dev whoami; expect_code 0
expect_out "Server:         $URL
Authentication: none (OSS Conductor)"
CLAIMS=$(printf '{"name":"Ada Lovelace","email":"ada@example.com","sub":"u1"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')
run conductor --server http://token.example/api --auth-token "e30.$CLAIMS.sig" whoami; expect_code 0
expect_out "http://token.example/api
Ada Lovelace
ada@example.com"

# delete: confirmation needs -y off a terminal; positional or --profile
run conductor config delete dev; expect_code 2
run conductor config delete dev -y; expect_code 0; expect_out "✓ Configuration deleted: $DIR/config-dev.yaml"
run conductor config delete --profile dev -y; expect_code 4
run conductor config delete default -y; expect_code 0
run conductor config list; expect_code 0; expect_out 'No configuration files found'
echo "config.sh: ok"
