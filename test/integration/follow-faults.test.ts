/**
 * `run --wait` and `execution watch` keep following through transient failures of the status poll
 * (issue 14, item 10): a 6-second outage or a burst of 503s no longer ends the wait with exit 6/7
 * while the workflow completes. The fault proxy (loopback, port 8154) sits before the real server.
 */
import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {inject} from 'vitest'
import {FaultProxy} from '../helpers/fault-proxy.js'
import {BIN, type CliResult} from '../helpers/run-cli.js'
import {cli, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

const name = uniqueName('follow_faults')
let proxy: FaultProxy
const upstream = () => new URL(serverUrl().replace(/\/api$/, ''))

beforeAll(async () => {
  proxy = new FaultProxy(upstream())
  proxy.port = 8154
  await proxy.start()
  const dir = tempDir()
  writeFileSync(
    join(dir, 'w.json'),
    JSON.stringify({
      name,
      version: 1,
      schemaVersion: 2,
      ownerEmail: 'cli-tests@example.com',
      tasks: [{name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters: {duration: '4 seconds'}}],
    }),
  )
  expect((await cli(['workflow', 'register', dir])).exitCode).toBe(0)
})
afterAll(async () => proxy?.stop())

/** The CLI as a child process through the proxy, so the test can cut the network while it waits. */
function background(args: string[]): Promise<CliResult> {
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        NO_COLOR: '1',
        CI: '1',
        CONDUCTOR_CLI_HOME: inject('cliHome'),
        CONDUCTOR_SERVER_URL: proxy.url,
      },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({stdout, stderr, exitCode: code ?? 128, ms: performance.now() - started})
    })
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('following an execution through faults (item 10)', () => {
  it('run --wait rides out a 6-second outage and reports the completion (exit 0)', async () => {
    proxy.clear()
    const run = background(['run', name, '--wait=40s'])
    // cut the network once the execution is started and followed
    for (let i = 0; i < 200 && proxy.seen('GET', '/api/workflow/').length === 0; i++) await sleep(50)
    await proxy.stop() // connections refused from now on
    await sleep(6000)
    await proxy.start()
    const result = await run
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/status poll failed .*connection refused.*; still following/)
    expect(result.stderr).toMatch(/COMPLETED/)
  })

  it('execution watch rides out a burst of 503s (more than the per-request retries)', async () => {
    const started = await cli(['run', name])
    expect(started.exitCode).toBe(0)
    const id = started.stdout.trim()
    proxy.clear().next(...Array<'503'>(12).fill('503'))
    const result = await cli(['execution', 'watch', id, '--for', '40s'], {env: {CONDUCTOR_SERVER_URL: proxy.url}})
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/status poll failed .*HTTP 503.*; still following/)
    expect(proxy.seen('GET', `/api/workflow/${id}`).length).toBeGreaterThan(12)
  })

  it('gives up with the error when the failures last past the deadline', async () => {
    const started = await cli(['run', name])
    const id = started.stdout.trim()
    proxy.clear().next(...Array<'503'>(200).fill('503'))
    const result = await cli(['execution', 'watch', id, '--for', '3s'], {env: {CONDUCTOR_SERVER_URL: proxy.url}})
    proxy.clear()
    expect(result.exitCode).toBe(6)
    expect(result.stderr).toMatch(/HTTP 503/)
    expect(result.ms).toBeLessThan(10_000)
  })
})
