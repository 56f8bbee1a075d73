/**
 * Faults between the CLI and the real server (test/helpers/fault-proxy.ts), per command family:
 * reads recover from transient faults; safe writes (definition upserts) recover and converge;
 * starts are never duplicated; permanent faults give the documented exit code within the timeout.
 * The table in docs/faults.md records these outcomes.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {FaultProxy} from '../helpers/fault-proxy.js'
import {cli, serverGet, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

const owner = 'cli-tests@example.com'
const name = uniqueName('faults')
let proxy: FaultProxy

beforeAll(async () => {
  proxy = await new FaultProxy(new URL(serverUrl().replace(/\/api$/, '')), {stallMs: 8000}).start()
  const dir = tempDir()
  writeFileSync(
    join(dir, 'w.json'),
    JSON.stringify({
      name,
      version: 1,
      schemaVersion: 2,
      ownerEmail: owner,
      tasks: [{name: 'wait', taskReferenceName: 'wait', type: 'WAIT'}],
    }),
  )
  expect((await cli(['workflow', 'register', dir])).exitCode).toBe(0)
})
afterAll(async () => proxy.stop())
beforeEach(() => {
  proxy.clear()
})

const via = (args: string[]) => cli(args, {env: {CONDUCTOR_SERVER_URL: proxy.url}})

async function startsWithCorrelation(correlationId: string): Promise<number> {
  const query = encodeURIComponent(`correlationId="${correlationId}"`)
  const {body} = await serverGet<{totalHits: number}>(`/workflow/search?query=${query}&size=10`)
  return body.totalHits
}

describe('reads (workflow get)', () => {
  for (const faults of [['503', '503'], ['reset'], ['truncate'], ['refuse']] as const) {
    it(`succeed after ${faults.join(', ')}`, async () => {
      proxy.next(...faults)
      const result = await via(['workflow', 'get', name])
      expect(result.exitCode, result.stderr).toBe(0)
      expect(JSON.parse(result.stdout)).toMatchObject({name, version: 1})
      // each fault costs one request (a reset mid-body two: undici's own retry cannot resume a 200)
      expect(proxy.seen('GET', `/api/metadata/workflow/${name}`).length).toBeGreaterThan(faults.length)
    })
  }

  it('a permanent 503 gives exit 6 with the server message, after bounded retries', async () => {
    proxy.next(...Array(20).fill('503'))
    const result = await via(['workflow', 'get', name])
    expect(result.exitCode).toBe(6)
    expect(result.stderr).toContain('HTTP 503: injected: service unavailable')
    expect(result.ms).toBeLessThan(10_000)
  })

  it('a stalled server gives exit 7 within the --timeout', async () => {
    proxy.next('stall')
    const result = await via(['workflow', 'get', name, '--timeout', '2'])
    expect(result.exitCode).toBe(7)
    expect(result.stderr).toMatch(/no response within 2000 ms/)
    expect(result.ms).toBeLessThan(6000)
  })
})

describe('safe writes (register)', () => {
  for (const faults of [
    ['pass', '503'],
    ['pass', 'reset'],
  ] as const) {
    it(`converge after ${faults.join(', ')} on the upsert`, async () => {
      const dir = tempDir()
      const wf = uniqueName('faultreg')
      writeFileSync(
        join(dir, 'w.json'),
        JSON.stringify({
          name: wf,
          version: 1,
          schemaVersion: 2,
          ownerEmail: owner,
          tasks: [{name: 's', taskReferenceName: 's', type: 'SET_VARIABLE', inputParameters: {a: 1}}],
        }),
      )
      proxy.next(...faults) // the first request (read of the server state) passes; the upsert meets the fault
      const result = await via(['workflow', 'register', dir])
      expect(result.exitCode, result.stderr).toBe(0)
      expect(proxy.seen('PUT', '/api/metadata/workflow').length).toBeGreaterThanOrEqual(2)
      expect((await serverGet(`/metadata/workflow/${wf}`)).status).toBe(200)
      const again = await via(['workflow', 'register', dir])
      expect(again.stderr).toContain('1 unchanged')
    })
  }
})

describe('starts (run)', () => {
  it('are not repeated after a reset mid-response: one workflow on the server, a clear error', async () => {
    const correlation = uniqueName('corr')
    proxy.next('reset')
    const result = await via(['run', name, '--correlation-id', correlation])
    expect(result.exitCode).toBe(7)
    expect(proxy.seen('POST', '/api/workflow').length).toBe(1)
    expect(await startsWithCorrelation(correlation)).toBe(1)
  })

  it('are not repeated after a 503, and nothing was started', async () => {
    const correlation = uniqueName('corr')
    proxy.next('503')
    const result = await via(['run', name, '--correlation-id', correlation])
    expect(result.exitCode).toBe(6)
    expect(proxy.seen('POST', '/api/workflow').length).toBe(1)
    expect(await startsWithCorrelation(correlation)).toBe(0)
  })

  it('are retried when the connection was refused before anything was sent', async () => {
    const correlation = uniqueName('corr')
    proxy.next('refuse')
    const result = await via(['run', name, '--correlation-id', correlation])
    // a connection closed by the peer after accept is a reset, not a refusal: not repeated
    expect([0, 7]).toContain(result.exitCode)
    expect(await startsWithCorrelation(correlation)).toBeLessThanOrEqual(1)
  })
})

describe('a server that is gone', () => {
  it('every family fails fast with exit 7, the URL and a hint', async () => {
    const gone = 'http://127.0.0.1:9/api'
    for (const args of [
      ['workflow', 'list'],
      ['run', name],
      ['execution', 'get', 'x'],
    ]) {
      const result = await cli(args, {env: {CONDUCTOR_SERVER_URL: gone}})
      expect(result.exitCode, args.join(' ')).toBe(7)
      expect(result.stderr).toContain('127.0.0.1:9')
      expect(result.ms).toBeLessThan(5000)
    }
  })
})
