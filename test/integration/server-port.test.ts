/**
 * `server start` on a port another program holds (issue 14, item 12): exit 5 (conflict) at once,
 * as the README promises, instead of waiting out --wait and exiting 6. Ports 8158-8159, loopback.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/run-cli.js'
import {tempDir} from '../helpers/server-env.js'

/** Another program on the port: it answers HTTP with a 404 (not a Conductor server). */
const hold = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      socket.on('error', () => {})
      socket.destroy()
    })
    server.once('error', reject)
    server.listen({port}, () => resolve(server))
  })
const release = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()))

describe('server start on a port another program holds (item 12)', () => {
  it('exits 5 at once, naming the port, without starting Java', async () => {
    const holder = await hold(8159)
    try {
      const home = tempDir()
      const result = await runCli(
        ['server', 'start', '--port', '8159', '--data-dir', join(home, 'data'), '--wait', '60'],
        {env: {CONDUCTOR_CLI_HOME: home}, timeoutMs: 90_000},
      )
      expect(result.exitCode, result.stderr).toBe(5)
      expect(result.stderr).toMatch(/Port 8159 is already in use/)
      expect(result.stderr).toMatch(/--port/)
      expect(result.ms).toBeLessThan(10_000)
    } finally {
      await release(holder)
    }
  })

  it('exits 5 as soon as the server log says the port is taken, and stops the lingering process', async () => {
    // A stand-in JVM that does what Conductor does when its port was taken after our check: logs
    // Spring Boot's line and stays alive (a real JVM takes minutes to reach that point on a busy machine).
    const home = tempDir()
    const jdk = join(home, 'jdk')
    mkdirSync(join(jdk, 'bin'), {recursive: true})
    writeFileSync(join(jdk, 'release'), 'JAVA_VERSION="99.0.1"\n')
    const pidFile = join(home, 'java.pid')
    writeFileSync(
      join(jdk, 'bin', 'java'),
      [
        '#!/bin/sh',
        `echo $$ > ${pidFile}`,
        'echo "APPLICATION FAILED TO START"',
        'echo "Description: Web server failed to start. Port 8158 was already in use."',
        'exec sleep 300',
      ].join('\n') + '\n',
      {mode: 0o755},
    )
    const jar = join(home, 'fake.jar')
    writeFileSync(jar, 'not a jar')
    const result = await runCli(
      ['server', 'start', '--port', '8158', '--jar', jar, '--data-dir', join(home, 'data'), '--wait', '60'],
      {env: {CONDUCTOR_CLI_HOME: home, JAVA_HOME: jdk}, timeoutMs: 90_000},
    )
    expect(result.exitCode, result.stderr).toBe(5)
    expect(result.stderr).toMatch(/Port 8158 is already in use/)
    expect(result.ms).toBeLessThan(15_000)
    const pid = Number(readFileSync(pidFile, 'utf8'))
    expect(() => process.kill(pid, 0), 'the stand-in JVM was stopped').toThrow()
  })
})
