import {spawn} from 'node:child_process'
import {rmSync} from 'node:fs'
import {createServer} from 'node:net'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {runCli} from '../helpers/run-cli.js'
import {tempDir} from '../helpers/server-env.js'

/**
 * scripts/quickstart.sh end to end, on its own server: a free port (8133 unless taken) and a
 * temporary CONDUCTOR_CLI_HOME, so it never meets the suite's server or a developer's.
 * The jar cache is shared (no second download). --no-build: the suite runs on the built CLI.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const home = tempDir('conductor-quickstart-')
let port = 0

function free(candidate: number): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => (candidate === 0 ? resolve(0) : free(0).then(resolve)))
    server.listen(candidate, () => {
      const {port: got} = server.address() as {port: number}
      server.close(() => resolve(got))
    })
  })
}

function script(args: string[], env: NodeJS.ProcessEnv): Promise<{stdout: string; stderr: string; exitCode: number}> {
  return new Promise((resolve) => {
    const child = spawn('bash', [join(ROOT, 'scripts/quickstart.sh'), ...args], {
      cwd: ROOT,
      env: {...process.env, ...env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGTERM'), 400_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({stdout, stderr, exitCode: code ?? 1})
    })
  })
}

afterAll(async () => {
  // a safety net: the script stops its server with --stop-server
  if (port) await runCli(['server', 'stop', '--port', String(port)], {env: {CONDUCTOR_CLI_HOME: home}})
  rmSync(home, {recursive: true, force: true})
})

describe('npm run quickstart', () => {
  it('starts a server, registers the example, runs the worker and the workflow: prints Hello Orkes, then stops what it started', async () => {
    port = await free(Number(process.env.QUICKSTART_TEST_PORT ?? 8133))
    const env = {
      CONDUCTOR_CLI_HOME: home,
      QUICKSTART_PORT: String(port),
      CONDUCTOR_SERVER_URL: 'http://localhost:1/api',
    }
    const result = await script(['--no-build', '--stop-server'], env)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toBe('{\n  "greeting": "Hello Orkes"\n}\n\nHello Orkes\n')
    expect(result.stderr).toContain(`Starting a local Conductor server on port ${port}`)
    expect(result.stderr).toMatch(/greet_ref: COMPLETED in \d+ ms/)
    expect(result.stderr).toContain(`Stopping the server on port ${port}`)
    // nothing answers on the port any more
    const health = await fetch(`http://localhost:${port}/health`).then(
      (r) => r.status,
      () => 'down',
    )
    expect(health).toBe('down')
    port = 0
  }, 420_000)
})
