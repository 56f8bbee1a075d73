import {mkdtempSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {MockAgent} from 'undici'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ConductorClient} from '../../../src/lib/client/client.js'
import {TokenCache, jwtExpiry} from '../../../src/lib/client/token-cache.js'

const ORIGIN = 'https://orkes.test'
const SECRET = 'sup3r-s3cret-value'
let agent: MockAgent

function jwt(expSeconds: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${part({alg: 'none'})}.${part({exp: expSeconds, sub: 'app'})}.sig`
}

beforeEach(() => {
  agent = new MockAgent()
  agent.disableNetConnect()
})
afterEach(async () => agent.close())

describe('Orkes authentication', () => {
  it('exchanges key + secret for a token, sends X-Authorization, caches it 0600 without the secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tok-'))
    const token = jwt(Math.floor(Date.now() / 1000) + 3600)
    const pool = agent.get(ORIGIN)
    pool
      .intercept({path: '/api/token', method: 'POST', body: JSON.stringify({keyId: 'k1', keySecret: SECRET})})
      .reply(200, {token})
    pool
      .intercept({path: '/api/metadata/workflow/names', method: 'GET', headers: {'x-authorization': token}})
      .reply(200, ['w'])
      .times(2)
    const make = () =>
      new ConductorClient({
        root: ORIGIN,
        timeoutMs: 1000,
        dispatcher: agent,
        auth: {mode: 'key', keyId: 'k1', keySecret: SECRET, cache: new TokenCache(dir)},
      })
    expect(await make().json('GET', '/metadata/workflow/names')).toEqual(['w'])
    // a second process reuses the cached token: no second POST /api/token is intercepted
    expect(await make().json('GET', '/metadata/workflow/names')).toEqual(['w'])
    const [file] = readdirSync(dir)
    expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dir, file as string), 'utf8')).not.toContain(SECRET)
  })

  it('refreshes once after a 401 and repeats the request', async () => {
    const old = jwt(Math.floor(Date.now() / 1000) + 3600)
    const fresh = jwt(Math.floor(Date.now() / 1000) + 7200)
    const pool = agent.get(ORIGIN)
    pool.intercept({path: '/api/token', method: 'POST'}).reply(200, {token: old})
    pool
      .intercept({path: '/api/metadata/taskdefs', method: 'GET', headers: {'x-authorization': old}})
      .reply(401, {error: 'EXPIRED_TOKEN'})
    pool.intercept({path: '/api/token', method: 'POST'}).reply(200, {token: fresh})
    pool.intercept({path: '/api/metadata/taskdefs', method: 'GET', headers: {'x-authorization': fresh}}).reply(200, [])
    const c = new ConductorClient({
      root: ORIGIN,
      timeoutMs: 1000,
      dispatcher: agent,
      auth: {mode: 'key', keyId: 'k', keySecret: SECRET},
    })
    expect(await c.json('GET', '/metadata/taskdefs')).toEqual([])
  })

  it('treats a 404 from /api/token as an OSS server without auth', async () => {
    const pool = agent.get(ORIGIN)
    pool
      .intercept({path: '/api/token', method: 'POST'})
      .reply(404, {status: 404, message: 'No static resource api/token.'})
    pool.intercept({path: '/api/version', method: 'GET'}).reply(200, '3.32.1')
    const c = new ConductorClient({
      root: ORIGIN,
      timeoutMs: 1000,
      dispatcher: agent,
      auth: {mode: 'key', keyId: 'k', keySecret: SECRET},
    })
    expect(await c.text('GET', '/version')).toBe('3.32.1')
    expect(c.auth.serverHasNoAuth).toBe(true)
  })

  it('fails with an auth error naming the key (never the secret) when credentials are refused', async () => {
    agent.get(ORIGIN).intercept({path: '/api/token', method: 'POST'}).reply(401, {message: 'bad credentials'})
    const c = new ConductorClient({
      root: ORIGIN,
      timeoutMs: 1000,
      dispatcher: agent,
      auth: {mode: 'key', keyId: 'key-7', keySecret: SECRET},
    })
    const error = (await c.json('GET', '/metadata/taskdefs').catch((e: unknown) => e)) as Error & {kind: string}
    expect(error.kind).toBe('auth')
    expect(error.message).toContain('key-7')
    expect(error.message).not.toContain(SECRET)
  })

  it('reads the expiry of a JWT', () => {
    expect(jwtExpiry(jwt(100))).toBe(100_000)
    expect(jwtExpiry('opaque-token')).toBeUndefined()
  })
})
