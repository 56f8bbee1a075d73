/**
 * Retries need a real socket: undici's MockAgent cannot pause/resume a response the way the
 * retry interceptor does. A loopback server that answers a scripted sequence of statuses
 * plays the faulty network, not Conductor's logic.
 */
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'
import {ConductorClient} from '../../../src/lib/client/client.js'

let server: Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

async function scripted(statuses: number[]): Promise<{root: string; hits: () => number}> {
  let hits = 0
  server = createServer((req, res) => {
    req.resume()
    const status = statuses[Math.min(hits, statuses.length - 1)] as number
    hits++
    res.writeHead(status, {'content-type': 'application/json', ...(status === 503 ? {'retry-after': '0'} : {})})
    res.end(status === 200 ? '["ok"]' : JSON.stringify({status, message: `scripted ${status}`}))
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return {root: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits}
}

function client(root: string, logs: string[]) {
  return new ConductorClient({
    root,
    timeoutMs: 2000,
    auth: {mode: 'none'},
    retry: {baseDelayMs: 1, maxDelayMs: 5},
    log: (l) => logs.push(l),
  })
}

describe('retries against a flaky network', () => {
  it('retries a read on 503/502/429 and succeeds', async () => {
    const {root, hits} = await scripted([503, 502, 429, 200])
    const logs: string[] = []
    const c = client(root, logs)
    expect(await c.json('GET', '/metadata/taskdefs')).toEqual(['ok'])
    expect(hits()).toBe(4)
    expect(logs.filter((l) => l.startsWith('retry'))).toHaveLength(3)
    await c.close()
  })

  it('retries an upsert (safe to repeat) but never a start', async () => {
    const upsert = await scripted([503, 200])
    const c1 = client(upsert.root, [])
    expect(await c1.json('PUT', '/metadata/workflow', {body: [], idempotent: true})).toEqual(['ok'])
    expect(upsert.hits()).toBe(2)
    await c1.close()
    await new Promise<void>((resolve) => server!.close(() => resolve()))
    const start = await scripted([503, 200])
    const c2 = client(start.root, [])
    await expect(c2.text('POST', '/workflow', {body: {name: 'w'}, idempotent: false})).rejects.toMatchObject({
      status: 503,
      kind: 'server',
    })
    expect(start.hits()).toBe(1)
    await c2.close()
  })

  it('gives up after the retry budget with the last status and message', async () => {
    const {root, hits} = await scripted([503])
    const c = client(root, [])
    await expect(c.json('GET', '/metadata/taskdefs')).rejects.toMatchObject({
      status: 503,
      serverMessage: 'scripted 503',
    })
    expect(hits()).toBe(4)
    await c.close()
  })

  it('does not retry a 500 (a server bug, not a transient fault)', async () => {
    const {root, hits} = await scripted([500, 200])
    const c = client(root, [])
    await expect(c.json('GET', '/metadata/taskdefs')).rejects.toMatchObject({status: 500})
    expect(hits()).toBe(1)
    await c.close()
  })

  it('fails fast on a refused connection with the URL and the server start hint', async () => {
    const c = new ConductorClient({root: 'http://127.0.0.1:9', timeoutMs: 2000, auth: {mode: 'none'}})
    const started = Date.now()
    const error = (await c.json('GET', '/metadata/taskdefs').catch((e: unknown) => e)) as Error & {
      kind: string
      hint: string
    }
    expect(Date.now() - started).toBeLessThan(5000)
    expect(error.kind).toBe('network')
    expect(error.message).toBe('GET http://127.0.0.1:9/api/metadata/taskdefs failed: connection refused')
    expect(error.hint).toContain('conductor server start')
    await c.close()
  })
})
