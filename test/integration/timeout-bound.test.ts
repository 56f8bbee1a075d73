/**
 * --timeout bounds the whole exchange (issue 14, item 11): a body that trickles in one byte at a time
 * and a Retry-After longer than the timeout both end within it. Fault proxies on loopback, 8155-8156.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {FaultProxy} from '../helpers/fault-proxy.js'
import {cli, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

const name = uniqueName('timeout_bound')
let trickle: FaultProxy
let slowRetry: FaultProxy

beforeAll(async () => {
  const upstream = new URL(serverUrl().replace(/\/api$/, ''))
  trickle = new FaultProxy(upstream, {trickleMs: 2000})
  trickle.port = 8155
  await trickle.start()
  slowRetry = new FaultProxy(upstream, {retryAfterSeconds: 20})
  slowRetry.port = 8156
  await slowRetry.start()
  const dir = tempDir()
  writeFileSync(
    join(dir, 'w.json'),
    JSON.stringify({
      name,
      version: 1,
      schemaVersion: 2,
      ownerEmail: 'cli-tests@example.com',
      tasks: [{name: 'wait', taskReferenceName: 'wait', type: 'WAIT'}],
    }),
  )
  expect((await cli(['workflow', 'register', dir])).exitCode).toBe(0)
})
afterAll(async () => {
  await trickle?.stop()
  await slowRetry?.stop()
})

describe('--timeout bounds the whole exchange (item 11)', () => {
  it('a body trickling in (1 byte every 2 s) ends with exit 7 within the timeout', async () => {
    trickle.clear().next('trickle')
    const result = await cli(['workflow', 'get', name, '--timeout', '3'], {
      env: {CONDUCTOR_SERVER_URL: trickle.url},
      timeoutMs: 30_000,
    })
    expect(result.exitCode, result.stderr).toBe(7)
    expect(result.stderr).toMatch(/response not complete within 3000 ms/)
    expect(result.ms).toBeLessThan(10_000)
  })

  it('a Retry-After beyond the timeout is not waited for: the error comes within it', async () => {
    slowRetry.clear().next('503')
    const result = await cli(['workflow', 'get', name, '--timeout', '3'], {
      env: {CONDUCTOR_SERVER_URL: slowRetry.url},
      timeoutMs: 40_000,
    })
    expect(result.exitCode, result.stderr).toBe(6)
    expect(result.stderr).toMatch(/HTTP 503/)
    expect(result.ms).toBeLessThan(10_000)
    expect(slowRetry.seen('GET', `/api/metadata/workflow/${name}`)).toHaveLength(1)
  })

  it('a short Retry-After within the timeout is still honoured', async () => {
    const quick = new FaultProxy(new URL(serverUrl().replace(/\/api$/, '')), {retryAfterSeconds: 1})
    quick.port = 8157
    await quick.start()
    try {
      quick.next('503')
      const result = await cli(['workflow', 'get', name, '--timeout', '5'], {env: {CONDUCTOR_SERVER_URL: quick.url}})
      expect(result.exitCode, result.stderr).toBe(0)
      expect(quick.seen('GET', `/api/metadata/workflow/${name}`)).toHaveLength(2)
    } finally {
      await quick.stop()
    }
  })
})
