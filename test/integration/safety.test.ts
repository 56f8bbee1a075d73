/**
 * Issue 14 (leaks, unsafe output, give-ups): each case here failed before its fix.
 * Ports: 8151-8159 (the helper's range); the fake Orkes token server and proxies listen on loopback only.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {FakeOrkes} from '../helpers/fake-orkes.js'
import {SECRET_MARKER, testSecret} from '../helpers/secrets.js'
import {cli, tempDir} from '../helpers/server-env.js'

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
