/**
 * Issue 14 (leaks, unsafe output, give-ups): each case here failed before its fix.
 * Ports: 8151-8159 (the helper's range); the fake Orkes token server and proxies listen on loopback only.
 */
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {FakeOrkes} from '../helpers/fake-orkes.js'
import {FaultProxy} from '../helpers/fault-proxy.js'
import type {CliResult} from '../helpers/run-cli.js'
import {SECRET_MARKER, testSecret} from '../helpers/secrets.js'
import {cli, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

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

describe('terminal escape sequences in names (item 18)', () => {
  // OSC 0 (set the window title), a screen clear, and a bidi override: all must reach the terminal inert
  const evil = uniqueName('esc') + '_\u001b]0;pwned\u0007_\u001b[2J_\u202e'
  // eslint-disable-next-line no-control-regex
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
  let id = ''
  let registered: CliResult
  beforeAll(async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'w.json'),
      JSON.stringify({
        name: evil,
        version: 1,
        schemaVersion: 2,
        ownerEmail: 'cli-tests@example.com',
        description: 'red \u001b[31m text',
        tasks: [{name: 'wait', taskReferenceName: 'wait', type: 'WAIT'}],
      }),
    )
    registered = await cli(['workflow', 'register', dir])
    expect(registered.exitCode, registered.stderr).toBe(0)
    const started = await cli(['run', evil])
    expect(started.exitCode, started.stderr).toBe(0)
    id = started.stdout.trim()
  })
  afterAll(async () => {
    if (id) await cli(['execution', 'terminate', id, '--yes'])
  })

  it('the register report escapes control characters', () => {
    expect(registered.stdout).toContain('\\x1b]0;pwned\\x07')
    expect(registered.stdout + registered.stderr).not.toMatch(raw)
  })

  for (const output of ['table', 'csv'])
    it(`workflow list -o ${output} escapes control characters`, async () => {
      const result = await cli(['workflow', 'list', '--name', evil, '-o', output])
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stdout).toContain('\\x1b]0;pwned\\x07')
      expect(result.stdout).toContain('\\u202e')
      expect(result.stdout).not.toMatch(raw)
    })

  it('text lines (execution get) and error lines escape them too; --json keeps the data exact', async () => {
    const got = await cli(['execution', 'get', id])
    expect(got.exitCode, got.stderr).toBe(0)
    expect(got.stdout).toContain('\\x1b[2J')
    expect(got.stdout).not.toMatch(raw)
    const missing = await cli(['workflow', 'get', evil + '_missing'])
    expect(missing.exitCode).toBe(4)
    expect(missing.stderr).not.toMatch(raw)
    const json = await cli(['execution', 'get', id, '--json'])
    expect((JSON.parse(json.stdout) as {workflowName: string}).workflowName).toBe(evil)
  })
})
