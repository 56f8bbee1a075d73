/**
 * TLS: certificate checks are on by default, a CA bundle makes a private CA trusted, and
 * --insecure skips the check only when asked, with a warning. A TLS-terminating proxy on loopback
 * (self-signed certificate made for the test) sits in front of the real server.
 */
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {FaultProxy} from '../helpers/fault-proxy.js'
import {cli, serverUrl, tempDir} from '../helpers/server-env.js'

let proxy: FaultProxy
let certFile: string

beforeAll(async () => {
  const dir = tempDir()
  certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
    ],
    {stdio: 'ignore'},
  )
  proxy = await new FaultProxy(new URL(serverUrl().replace(/\/api$/, '')), {
    tls: {key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8')},
  }).start()
})
afterAll(async () => proxy?.stop())

describe('TLS', () => {
  it('refuses an untrusted certificate by default, with a hint (exit 7)', async () => {
    const result = await cli(['workflow', 'list'], {env: {CONDUCTOR_SERVER_URL: proxy.url}})
    expect(result.exitCode).toBe(7)
    expect(result.stderr).toMatch(/certificate/)
    expect(result.stderr).toContain('--ca-file')
  })

  it('trusts a private CA given with --ca-file', async () => {
    const result = await cli(['workflow', 'list', '--ca-file', certFile], {env: {CONDUCTOR_SERVER_URL: proxy.url}})
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).not.toContain('Warning')
  })

  it('skips the check only with --insecure, and says so', async () => {
    const result = await cli(['workflow', 'list', '--insecure'], {env: {CONDUCTOR_SERVER_URL: proxy.url}})
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/TLS certificate checks are off/)
  })

  it('names an unreadable --ca-file as a usage error', async () => {
    const result = await cli(['workflow', 'list', '--ca-file', '/nonexistent/ca.pem'], {
      env: {CONDUCTOR_SERVER_URL: proxy.url},
    })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('/nonexistent/ca.pem')
  })
})
