import {chmodSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/**
 * Stand-ins for initdb, pg_ctl, psql and createdb, behaving as the real tools do for what
 * startPrivatePostgres asks of them: initdb makes PG_VERSION in -D; `pg_ctl start` runs a "postmaster"
 * (a shell loop, detached from the caller's pipes) and writes postmaster.pid with its pid and port
 * (line 4); `pg_ctl stop` ends it and removes the pid file; psql says the database is missing;
 * createdb records that it was asked. Readable by every user (as root the CLI runs them as `postgres`).
 */
export function fakePostgresBin(): string {
  const root = mkdtempSync(join(tmpdir(), 'conductor-fake-pg-'))
  chmodSync(root, 0o755)
  const tool = (name: string, body: string) => {
    writeFileSync(join(root, name), `#!/bin/sh\nPATH=/usr/bin:/bin\n${body}`)
    chmodSync(join(root, name), 0o755)
  }
  tool(
    'pg_ctl',
    `if [ "$1" = "--version" ]; then echo "pg_ctl (PostgreSQL) 99.1"; exit 0; fi
dir=""; opts=""; action=""
while [ $# -gt 0 ]; do
  case "$1" in
    -D) dir="$2"; shift;;
    -o) opts="$2"; shift;;
    -l|-t|-m) shift;;
    start|stop) action="$1";;
  esac
  shift
done
if [ "$action" = "start" ]; then
  port=$(echo "$opts" | sed -n 's/.*-p \\([0-9]*\\).*/\\1/p')
  sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done' </dev/null >/dev/null 2>&1 &
  printf '%s\\n%s\\n1700000000\\n%s\\n' "$!" "$dir" "$port" > "$dir/postmaster.pid"
  echo "server started"
else
  kill "$(head -n 1 "$dir/postmaster.pid")"
  rm -f "$dir/postmaster.pid"
  echo "server stopped"
fi
`,
  )
  tool('initdb', `while [ $# -gt 0 ]; do [ "$1" = "-D" ] && dir="$2"; shift; done\necho 99 > "$dir/PG_VERSION"\n`)
  tool('psql', 'echo ""\n')
  tool('createdb', `echo "$@" > "${root}/createdb.called"\n`)
  chmodSync(root, 0o777)
  return root
}
