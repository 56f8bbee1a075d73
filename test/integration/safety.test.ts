/**
 * Issue 14 (leaks, unsafe output, give-ups): each case here failed before its fix.
 * Ports: 8151-8159 (the helper's range); the fake Orkes token server and proxies listen on loopback only.
 */
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {FakeOrkes} from '../helpers/fake-orkes.js'
import {FaultProxy} from '../helpers/fault-proxy.js'
import {SECRET_MARKER, testSecret} from '../helpers/secrets.js'
import {cli, serverUrl, tempDir} from '../helpers/server-env.js'

describe('secrets in error output (item 15)', () => {
  let orkes: FakeOrkes
  const secret = testSecret('keysecret')
  beforeAll(async () => {
    orkes = await new FakeOrkes(testSecret('issued-token'), 8152).start()
  })
  afterAll(async () => orkes.stop())

  const args = (extra: string[]) => [
    'workflow',
    'get',
    'anything',
    '--server',
    orkes.url,
    '--auth-key',
    'key-id-1',
    '--auth-secret',
    secret,
    ...extra,
  ]

  it('--json error output redacts the issued token and the key secret', async () => {
    const home = tempDir()
    const result = await cli(args(['--json']), {env: {CONDUCTOR_CLI_HOME: home}})
    expect(result.exitCode).toBe(8)
    // the server did echo both: the test is only meaningful if they were there to leak
    expect(orkes.seen.some((s) => s.auth === orkes.token)).toBe(true)
    const parsed = JSON.parse(result.stdout) as {error: {details: {serverMessage: string}}}
    expect(parsed.error.details.serverMessage).toContain('[redacted]')
    expect(result.stdout + result.stderr).not.toContain(SECRET_MARKER)
  })

  it('human output redacts both too, --verbose included', async () => {
    const home = tempDir()
    const result = await cli(args(['--verbose']), {env: {CONDUCTOR_CLI_HOME: home}})
    expect(result.exitCode).toBe(8)
    expect(result.stderr).toContain('[redacted]')
    expect(result.stdout + result.stderr).not.toContain(SECRET_MARKER)
  })
})

describe('server URL, --insecure and --ca-file (item 17)', () => {
  let proxy: FaultProxy
  let dir: string
  const cert = (name: string) => {
    const certFile = join(dir, `${name}.pem`)
    const keyFile = join(dir, `${name}.key`)
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext'].concat([
        'subjectAltName=DNS:localhost',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
      ]),
      {stdio: 'ignore'},
    )
    return {certFile, keyFile}
  }
  let trusted: {certFile: string; keyFile: string}
  let other: {certFile: string; keyFile: string}
  beforeAll(async () => {
    dir = tempDir()
    trusted = cert('trusted')
    other = cert('other')
    proxy = new FaultProxy(new URL(serverUrl().replace(/\/api$/, '')), {
      tls: {key: readFileSync(trusted.keyFile, 'utf8'), cert: readFileSync(trusted.certFile, 'utf8')},
    })
    proxy.port = 8153
    await proxy.start()
  })
  afterAll(async () => proxy?.stop())

  it('an invalid server URL with credentials never echoes the password', async () => {
    const password = testSecret('url-password')
    for (const json of [[], ['--json']]) {
      const result = await cli(['workflow', 'list', '--server', `http://user:${password}@localhost:99999/api`, ...json])
      expect(result.exitCode).toBe(2)
      expect(result.stdout + result.stderr).toMatch(/Invalid server URL/)
      expect(result.stdout + result.stderr).not.toContain(SECRET_MARKER)
    }
  })

  it('--insecure still warns on stderr under --json, and stdout stays JSON', async () => {
    const result = await cli(['workflow', 'list', '--insecure', '--json'], {env: {CONDUCTOR_SERVER_URL: proxy.url}})
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/TLS certificate checks are off \(--insecure\)/)
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow()
  })

  it('--ca-file adds to the trusted CAs instead of replacing them', async () => {
    // the proxy's CA is trusted through the default store (NODE_EXTRA_CA_CERTS); --ca-file names another CA
    const env = {CONDUCTOR_SERVER_URL: proxy.url, NODE_EXTRA_CA_CERTS: trusted.certFile}
    expect((await cli(['workflow', 'list'], {env})).exitCode).toBe(0)
    const result = await cli(['workflow', 'list', '--ca-file', other.certFile], {env})
    expect(result.exitCode, result.stderr).toBe(0)
  })
})
