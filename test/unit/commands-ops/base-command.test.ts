import {Errors} from '@oclif/core'
import {appendFileSync, chmodSync, mkdirSync, mkdtempSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import ConfigSave from '../../../src/commands/config/save.js'
import ServerLogs from '../../../src/commands/server/logs.js'
import Whoami from '../../../src/commands/whoami.js'
import {projectConfig, runInProcess, type CommandClass} from '../../helpers/in-process.js'

/**
 * The base command's own paths, through real commands: the client it builds (--insecure, --ca-file,
 * --verbose, a refused connection), secrets in a profile others can read, an unexpected error (a bug,
 * exit 70; DEBUG=1 for the stack) and a reader that went away (EPIPE: exit 0, nothing more said).
 */
let home: string
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'conductor-base-'))
  vi.stubEnv('CONDUCTOR_CLI_HOME', home)
  for (const name of ['CONDUCTOR_PROFILE', 'CONDUCTOR_SERVER_URL', 'CONDUCTOR_AUTH_KEY', 'CONDUCTOR_AUTH_SECRET'])
    vi.stubEnv(name, '')
  vi.stubEnv('CONDUCTOR_AUTH_TOKEN', '')
  vi.stubEnv('DEBUG', '')
  vi.stubEnv('CI', '1')
})
afterEach(() => vi.unstubAllEnvs())

const Who = Whoami as unknown as CommandClass
/** Nothing listens on port 1 of the loopback: connection refused at once. */
const CLOSED = 'http://127.0.0.1:1/api'

describe('the client the base command builds', () => {
  it('a refused connection is a network error (7) with a hint; --insecure warns on stderr even under --json', async () => {
    const run = await runInProcess(Who, [
      ...['--server', CLOSED, '--auth-key', 'key-1', '--auth-secret', 'TESTSECRET-base-1'],
      ...['--insecure', '--timeout', '2s', '--json'],
    ])
    expect(run.exitCode).toBe(7)
    expect((run.doc as {error: {kind: string; message: string; hint: string}}).error).toMatchObject({
      kind: 'network',
      hint: 'Is the server running? Start a local one with `conductor server start`, or point at another with --server.',
    })
    expect(run.stderr).toBe(
      'Warning: TLS certificate checks are off (--insecure): anyone on the network path can read and change this traffic.\n',
    )
    expect(run.stdout).not.toContain('TESTSECRET')
  }, 20_000)

  it('--verbose logs each request and its failure on stderr, never the secret', async () => {
    const run = await runInProcess(Who, [
      ...['--server', CLOSED, '--auth-key', 'key-1', '--auth-secret', 'TESTSECRET-base-2', '--verbose'],
    ])
    expect(run.exitCode).toBe(7)
    expect(run.stderr).toContain('[http] > POST http://127.0.0.1:1/api/token')
    expect(run.stderr).toMatch(/\[http\] ! POST \/api\/token: connection refused/)
    expect(run.stderr).toContain('Error: ')
    expect(run.stderr).not.toContain('TESTSECRET')
  }, 20_000)

  it('--ca-file that cannot be read is a usage error (2) naming it', async () => {
    const run = await runInProcess(Who, [
      ...['--server', 'https://conductor.example.com/api', '--auth-key', 'k', '--auth-secret', 'TESTSECRET-ca'],
      ...['--ca-file', join(home, 'nosuch.pem')],
    ])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain(`Error: Cannot read --ca-file ${join(home, 'nosuch.pem')}: ENOENT`)
  })

  it('a profile holding secrets that others can read is warned about, and its token used', async () => {
    const token =
      ['{"alg":"none"}', '{"name":"Grace"}'].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.x'
    const file = join(home, 'config.yaml')
    writeFileSync(file, `server: http://localhost:8080/api\nauth-token: ${token}\n`)
    chmodSync(file, 0o644)
    const run = await runInProcess(Who, ['--json'])
    expect(run.exitCode).toBe(0)
    expect(run.doc).toEqual({
      server: 'http://localhost:8080/api',
      authentication: 'token',
      name: 'Grace',
      warnings: [`${file} holds secrets and is readable by other users; run: chmod 600 ${file}`],
    })
    chmodSync(file, 0o600)
    expect((await runInProcess(Who, ['--json'])).doc).not.toHaveProperty('warnings')
  })
})

describe('errors nobody expected', () => {
  // a file system error the command does not translate: reported as a bug, never with a raw stack by default
  const unwritable = () => {
    writeFileSync(join(home, 'file'), '')
    return ['--config', join(home, 'file', 'conductor.yaml'), '--server', 'http://localhost:8080']
  }

  it('are bugs (70): one line and a hint, the stack only with DEBUG=1', async () => {
    const run = await runInProcess(ConfigSave as unknown as CommandClass, unwritable())
    expect(run.exitCode).toBe(70)
    const lines = run.stderr.trim().split('\n')
    expect(lines[0]).toMatch(/^Error: Unexpected error: (EEXIST|ENOTDIR)\b/)
    expect(lines[1]).toBe('Hint: This is a bug in conductor; run again with DEBUG=1 for the stack trace and report it.')
    expect(lines).toHaveLength(2)
    vi.stubEnv('DEBUG', '1')
    const debug = await runInProcess(ConfigSave as unknown as CommandClass, unwritable())
    expect(debug.exitCode).toBe(70)
    expect(debug.stderr).toMatch(/\n\s+at /)
  })

  it('under --json: the error document with kind bug', async () => {
    const run = await runInProcess(ConfigSave as unknown as CommandClass, [...unwritable(), '--json'])
    expect(run.exitCode).toBe(70)
    expect((run.doc as {error: {kind: string; exitCode: number}}).error).toMatchObject({kind: 'bug', exitCode: 70})
  })
})

describe('server logs --follow', () => {
  /** Runs the command with a stdout whose reader goes away (EPIPE) once `lines` lines were written. */
  async function followUntil(lines: number, whileRunning: (printed: string) => void) {
    const config = await projectConfig()
    let stdout = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      // the reader took `lines` lines and went away (`| head -n 4`): the next write fails
      if (stdout.split('\n').length > lines) throw Object.assign(new Error('write EPIPE'), {code: 'EPIPE'})
      stdout += chunk.toString()
      return true
    })
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const timer = setInterval(() => whileRunning(stdout), 50)
    let exitCode = -1
    try {
      await (ServerLogs as unknown as CommandClass).run(['--port', '8328', '-f', '-n', '1'], config)
      exitCode = 0
    } catch (error) {
      if (error instanceof Errors.ExitError) exitCode = error.oclif.exit ?? 1
      else throw error
    } finally {
      clearInterval(timer)
      vi.restoreAllMocks()
    }
    return {stdout, exitCode}
  }

  it('prints the last lines, then what is appended, then what a restart writes anew; a closed pipe ends it (0)', async () => {
    const dir = join(home, 'server', '8328')
    mkdirSync(dir, {recursive: true})
    const file = join(dir, 'server.log')
    writeFileSync(file, 'old 1\nold 2\n')
    // each change once the command has printed the one before (so it has seen it)
    const done = new Set<string>()
    const once = (key: string, change: () => void) => {
      if (done.has(key)) return
      done.add(key)
      change()
    }
    const {stdout, exitCode} = await followUntil(4, (printed) => {
      if (printed === 'old 2\n') once('append', () => appendFileSync(file, 'new 3\n'))
      // a restart rotates the log: the file starts again, shorter
      if (printed.endsWith('new 3\n'))
        once('rotate', () => {
          truncateSync(file, 0)
          appendFileSync(file, 'boot\n')
        })
      if (printed.endsWith('boot\n')) once('after', () => appendFileSync(file, 'after boot\n'))
      if (printed.endsWith('after boot\n')) once('unread', () => appendFileSync(file, 'unread\n'))
    })
    expect(exitCode).toBe(0)
    expect(stdout).toBe('old 2\nnew 3\nboot\nafter boot\n')
  }, 20_000)
})
