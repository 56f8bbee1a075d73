import {chmodSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/**
 * A stand-in for a JDK, so `server start` can be tested in a second without the real server: JAVA_HOME's
 * `release` says Java 99 (newer than any installed JDK, so it is the one picked), and `bin/java` is a
 * shell script that behaves as the jar would at start, as FAKE_JAVA_MODE says:
 * - (unset) writes `ready-PORT` in its working directory (the data dir) and runs until SIGTERM;
 * - `exit` prints Spring's failure line and exits 3;
 * - `clash` prints Spring Boot's "Port N was already in use" and keeps running;
 * - `quiet` as unset, printing nothing (a --foreground server writes to the test's terminal).
 * Its /proc cmdline is `/bin/sh …/java -jar …`, which the pid guard accepts as a server.
 */
export function fakeJdk(): {home: string; jar: string} {
  const root = mkdtempSync(join(tmpdir(), 'conductor-fake-jdk-'))
  const home = join(root, 'jdk')
  mkdirSync(join(home, 'bin'), {recursive: true})
  writeFileSync(join(home, 'release'), 'JAVA_VERSION="99.0.1"\n')
  const java = join(home, 'bin', 'java')
  writeFileSync(
    java,
    `#!/bin/sh
PATH=/usr/bin:/bin
if [ "$1" = "-version" ]; then echo 'openjdk version "99.0.1" 2030-01-01' >&2; exit 0; fi
port=""
for a in "$@"; do case "$a" in --server.port=*) port="\${a#--server.port=}";; esac; done
[ "$FAKE_JAVA_MODE" = quiet ] || echo "fake server on port $port: $*"
[ -n "$SPRING_DATASOURCE_USERNAME" ] && echo "datasource user from the environment: $SPRING_DATASOURCE_USERNAME"
case "$FAKE_JAVA_MODE" in
  exit) echo "APPLICATION FAILED TO START"; exit 3;;
  clash) echo "Web server failed to start. Port $port was already in use.";;
  *) touch "ready-$port";;
esac
trap 'echo stopped; exit 0' TERM INT
# short sleeps: a signal is handled between them, and none outlives the script
while :; do sleep 0.1; done
`,
  )
  chmodSync(java, 0o755)
  const jar = join(root, 'conductor-server-boot.jar')
  writeFileSync(jar, 'not really a jar')
  return {home, jar}
}

/** A port nothing listens on (the kernel's choice). */
export function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
