import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'
import {getGlobalDispatcher, MockAgent, setGlobalDispatcher, type Dispatcher} from 'undici'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ApiError, NetworkError} from '../../../src/lib/client/api-error.js'
import {Authenticator} from '../../../src/lib/client/auth.js'
import {ConductorClient} from '../../../src/lib/client/client.js'
import {detectFlavour, health, serverVersion} from '../../../src/lib/client/system.js'
import {TokenCache} from '../../../src/lib/client/token-cache.js'
import {Transport} from '../../../src/lib/client/transport.js'
import {deleteProfile, readProfileFile, writeProfileFile} from '../../../src/lib/config/profiles.js'
import {isLocalhost, serverRoot, withoutCredentials} from '../../../src/lib/config/server-url.js'
import {isReadableByOthers, writeFileAtomic} from '../../../src/lib/fs-atomic.js'
import {cacheHome, configHome} from '../../../src/lib/paths.js'
import {checkRuntime} from '../../../src/lib/runtime.js'
import {ensureJar, resolveVersion} from '../../../src/lib/server/jar.js'
import {findJavas} from '../../../src/lib/server/java.js'
import {MOCK_ORIGIN, mockServer} from '../../helpers/mock-server.js'

/** The operations side's libraries at their edges: the server played by undici's MockAgent, files in temp dirs. */
const server = mockServer()
const json = {headers: {'content-type': 'application/json'}}
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `conductor-${prefix}-`))
const jwt = (claims: Record<string, unknown>) =>
  ['{"alg":"none"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig'

describe('system probes (doctor)', () => {
  it('health: only a 200 that says healthy', async () => {
    const pool = server.pool()
    pool.intercept({path: '/health', method: 'GET'}).reply(200, {healthy: false}, json)
    pool.intercept({path: '/health', method: 'GET'}).reply(200, 'OK')
    pool.intercept({path: '/health', method: 'GET'}).reply(404, {status: 404}, json)
    const client = server.client()
    expect(await health(client)).toBe(false)
    expect(await health(client)).toBe(false)
    expect(await health(client)).toBe(false)
  })

  it('flavour: 404 on /api/token is OSS, 400/401 is Orkes, 5xx unknown', async () => {
    const pool = server.pool()
    pool.intercept({path: '/api/token', method: 'POST'}).reply(401, {message: 'INVALID_TOKEN'}, json)
    pool.intercept({path: '/api/token', method: 'POST'}).reply(500, {message: 'boom'}, json).times(4)
    const client = server.client()
    expect(await detectFlavour(client)).toBe('orkes')
    expect(await detectFlavour(client)).toBe('unknown')
  })

  it('a version that is not a short text is no version', async () => {
    server.pool().intercept({path: '/api/version', method: 'GET'}).reply(200, '<html>'.padEnd(200, 'x'))
    expect(await serverVersion(server.client())).toBeUndefined()
  })
})

describe('auth (key + secret against /api/token)', () => {
  const transport = () =>
    new Transport({
      root: MOCK_ORIGIN,
      timeoutMs: 2000,
      dispatcher: server.agent,
      retry: {baseDelayMs: 1, maxDelayMs: 2},
    })

  it('a token answer without a token is an auth error', async () => {
    server.pool().intercept({path: '/api/token', method: 'POST'}).reply(200, {tokn: 'x'}, json)
    const auth = new Authenticator({mode: 'key', keyId: 'k', keySecret: 'TESTSECRET-a'}, transport())
    expect(auth.mode).toBe('key')
    await expect(auth.header()).rejects.toThrow('Authentication failed: POST /api/token returned no token')
  })

  it('a cached token is used without asking the server; invalidate() drops it and asks again', async () => {
    const dir = tmp('tokens')
    const cache = new TokenCache(dir)
    const cached = jwt({exp: Math.floor(Date.now() / 1000) + 3600})
    await cache.set(MOCK_ORIGIN, 'k', {token: cached, expiresAt: Date.now() + 3_600_000})
    const fresh = jwt({exp: Math.floor(Date.now() / 1000) + 7200, n: 2})
    let asked = 0
    server
      .pool()
      .intercept({path: '/api/token', method: 'POST'})
      .reply(() => (asked++, {statusCode: 200, data: JSON.stringify({token: fresh}), responseOptions: json}))
    const auth = new Authenticator({mode: 'key', keyId: 'k', keySecret: 'TESTSECRET-b', cache}, transport())
    expect(await auth.header()).toEqual({'x-authorization': cached})
    expect(asked).toBe(0)
    expect(await auth.invalidate()).toBe(true)
    expect(asked).toBe(1)
    expect(await auth.header()).toEqual({'x-authorization': fresh})
    expect((await cache.get(MOCK_ORIGIN, 'k'))?.token).toBe(fresh)
    expect(readdirSync(dir)).toHaveLength(1)
  })

  it('a token (or no auth) has nothing to refresh', async () => {
    expect(await new Authenticator({mode: 'token', token: 'tok-xyz1'}, transport()).invalidate()).toBe(false)
    expect(await new Authenticator({mode: 'none'}, transport()).header()).toEqual({})
  })

  it('the token cache: one 0600 file per server and key, deleted on request', async () => {
    const dir = tmp('cache')
    const cache = new TokenCache(dir)
    await cache.set('http://a', 'k1', {token: 't1', expiresAt: 1})
    const [file] = readdirSync(dir)
    expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dir, file as string), 'utf8')).not.toContain('secret')
    await cache.delete('http://a', 'k1')
    expect(readdirSync(dir)).toEqual([])
    expect(await cache.get('http://a', 'k1')).toBeUndefined()
  })
})

describe('transport edges', () => {
  it('a plain-text body is sent as text/plain', async () => {
    let type: unknown
    server
      .pool()
      .intercept({path: '/api/tasks/t1/log', method: 'POST'})
      .reply((opts) => {
        type = (opts.headers as Record<string, string>)['content-type']
        return {statusCode: 200, data: ''}
      })
    const client = server.client()
    const response = await client.raw('POST', '/tasks/t1/log', {textBody: 'a log line'})
    expect(response.status).toBe(200)
    expect(type).toBe('text/plain')
  })

  it('an error body that is not JSON becomes the message, cut at 300 characters', async () => {
    server.pool().intercept({path: '/api/metadata/workflow', method: 'GET'}).reply(400, 'x'.repeat(500))
    const error = await server
      .client()
      .json('GET', '/metadata/workflow')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).serverMessage).toBe('x'.repeat(300) + '…')
  })

  it('no retry that would wait past --timeout', async () => {
    const lines: string[] = []
    server
      .pool()
      .intercept({path: '/api/metadata/workflow', method: 'GET'})
      .reply(503, {message: 'busy'}, {headers: {'content-type': 'application/json', 'retry-after': '20'}})
      .persist()
    const client = new ConductorClient({
      root: MOCK_ORIGIN,
      timeoutMs: 1000,
      auth: {mode: 'none'},
      dispatcher: server.agent,
      log: (l) => lines.push(l),
    })
    const error = await client.json('GET', '/metadata/workflow').catch((e: unknown) => e)
    expect((error as ApiError).status).toBe(503)
    expect(lines.some((l) => /^no retry: waiting \d+ ms would go past the 1000 ms --timeout$/.test(l))).toBe(true)
  })

  it('a certificate the client cannot verify is a network error with a hint about --ca-file', async () => {
    server
      .pool()
      .intercept({path: '/api/version', method: 'GET'})
      .replyWithError(Object.assign(new Error('self-signed certificate'), {code: 'DEPTH_ZERO_SELF_SIGNED_CERT'}))
    const error = await server
      .client()
      .raw('GET', '/version')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).message).toContain('the server certificate is self-signed')
    expect((error as NetworkError).hint).toContain('--ca-file')
  })
})

describe('profiles, paths and URLs', () => {
  it('a profile path that is a directory cannot be read (invalid) nor deleted', async () => {
    const home = tmp('profiles')
    mkdirSync(join(home, 'config-dir.yaml'))
    await expect(readProfileFile(join(home, 'config-dir.yaml'))).rejects.toThrow(/^Cannot read profile file/)
    await expect(deleteProfile('dir', {CONDUCTOR_CLI_HOME: home})).rejects.toThrow()
  })

  it('writing into an empty file creates the map', async () => {
    const file = join(tmp('profiles'), 'c.yaml')
    writeFileSync(file, '')
    await writeProfileFile(file, {server: 'http://h/api', 'auth-key': undefined})
    expect(readFileSync(file, 'utf8')).toBe('server: http://h/api\n')
  })

  it('config and cache homes follow the environment', () => {
    expect(configHome({})).toBe(join(homedir(), '.conductor-cli'))
    expect(cacheHome({XDG_CACHE_HOME: '/xdg'})).toBe('/xdg/conductor-cli')
    expect(cacheHome({CONDUCTOR_CLI_CACHE: '/c', XDG_CACHE_HOME: '/xdg'})).toBe('/c')
  })

  it('URLs: localhost, credentials never repeated', () => {
    expect(isLocalhost(serverRoot('http://127.0.0.1:8080/api'))).toBe(true)
    expect(isLocalhost(serverRoot('http://[::1]:8080'))).toBe(true)
    expect(isLocalhost(serverRoot('https://play.orkes.io/api'))).toBe(false)
    expect(withoutCredentials('https://u:p@h/api')).toBe('https://[redacted]@h/api')
  })
})

describe('atomic files', () => {
  it('a failed write leaves neither the target changed nor a temp file behind', async () => {
    const dir = tmp('atomic')
    mkdirSync(join(dir, 'target'))
    await expect(writeFileAtomic(join(dir, 'target'), 'x')).rejects.toThrow()
    expect(readdirSync(dir)).toEqual(['target'])
    expect(statSync(join(dir, 'target')).isDirectory()).toBe(true)
  })

  it('modes: 0600 is private; a missing file is not readable by others', async () => {
    const file = join(tmp('atomic'), 'a', 'secret.yaml')
    await writeFileAtomic(file, 'k: v\n', 0o600)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(await isReadableByOthers(file)).toBe(false)
    chmodSync(file, 0o640)
    expect(await isReadableByOthers(file)).toBe(true)
    expect(await isReadableByOthers(join(tmp('atomic'), 'none'))).toBe(false)
  })
})

describe('Java and the runtime', () => {
  /** A JDK without a release file: its version comes from `java -version`. */
  const jdkWithoutRelease = (version: string) => {
    const home = tmp('jdk')
    mkdirSync(join(home, 'bin'))
    writeFileSync(join(home, 'bin', 'java'), `#!/bin/sh\necho 'openjdk version "${version}" 2024-01-16' >&2\n`)
    chmodSync(join(home, 'bin', 'java'), 0o755)
    return home
  }

  it('reads the version from `java -version` when the JDK has no release file', async () => {
    const home = jdkWithoutRelease('22.0.1')
    expect(await findJavas({JAVA_HOME: home, PATH: ''}, join(home, 'no-jvm'))).toEqual([
      {path: join(home, 'bin', 'java'), major: 22, version: '22.0.1', source: 'JAVA_HOME'},
    ])
  })

  it('a JAVA_HOME too old for a server: doctor looks in /usr/lib/jvm as server start does', async () => {
    const home = jdkWithoutRelease('17.0.9')
    const report = await checkRuntime({JAVA_HOME: home, PATH: ''})
    // the newest of what JAVA_HOME and /usr/lib/jvm hold: never older than JAVA_HOME's
    expect(report.java?.major).toBeGreaterThanOrEqual(17)
    expect(report.python).toBeUndefined()
  })
})

describe('jar downloads that fail', () => {
  let agent: MockAgent
  let previous: Dispatcher
  beforeEach(() => {
    previous = getGlobalDispatcher()
    agent = new MockAgent()
    agent.disableNetConnect()
    setGlobalDispatcher(agent)
  })
  afterEach(async () => {
    setGlobalDispatcher(previous)
    await agent.close()
  })
  const env = () => ({CONDUCTOR_MAVEN_REPO: 'http://maven.test/m2', CONDUCTOR_CLI_CACHE: tmp('jars')})

  it('an unreachable repository is a network error with a hint', async () => {
    agent
      .get('http://maven.test')
      .intercept({path: /maven-metadata/, method: 'GET'})
      .replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND maven.test'), {code: 'ENOTFOUND'}))
    await expect(resolveVersion('latest', env())).rejects.toMatchObject({
      kind: 'network',
      hint: expect.stringContaining('--jar PATH'),
    })
  })

  it('metadata without a release is a network error naming the status', async () => {
    agent
      .get('http://maven.test')
      .intercept({path: /maven-metadata/, method: 'GET'})
      .reply(503, 'down')
    await expect(resolveVersion('latest', env())).rejects.toThrow(/Cannot read the latest version .* \(HTTP 503\)/)
  })

  it('a jar that answers 500 is not kept', async () => {
    const e = env()
    const pool = agent.get('http://maven.test')
    pool.intercept({path: /\.jar\.sha256$/, method: 'GET'}).reply(200, 'a'.repeat(64))
    pool.intercept({path: /\.jar$/, method: 'GET'}).reply(500, 'oops')
    await expect(ensureJar('3.32.8', {env: e})).rejects.toThrow(/Download of .* failed with HTTP 500/)
    expect(readdirSync(join(e.CONDUCTOR_CLI_CACHE, 'jars'))).toEqual([])
  })

  it('a download cut off mid-way is a network error; no .part file is left', async () => {
    const e = env()
    const pool = agent.get('http://maven.test')
    pool.intercept({path: /\.jar\.sha1$/, method: 'GET'}).reply(200, 'b'.repeat(40))
    pool.intercept({path: /\.jar\.sha256$/, method: 'GET'}).reply(404, '')
    pool
      .intercept({path: /\.jar$/, method: 'GET'})
      .replyWithError(Object.assign(new Error('other side closed'), {code: 'UND_ERR_SOCKET'}))
    await expect(ensureJar('3.32.7', {env: e})).rejects.toMatchObject({
      kind: 'network',
      message: expect.stringMatching(/^Download of .* failed: /),
    })
    expect(readdirSync(join(e.CONDUCTOR_CLI_CACHE, 'jars'))).toEqual([])
  })
})
