import {Config, Errors, type Command} from '@oclif/core'
import {mkdtempSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import ConfigDelete from '../../../src/commands/config/delete.js'
import ConfigList from '../../../src/commands/config/list.js'
import ConfigSave from '../../../src/commands/config/save.js'
import ConfigShow from '../../../src/commands/config/show.js'

/** The config commands in process, on a temporary CONDUCTOR_CLI_HOME: save, list, show, delete under --json. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
let config: Config

beforeAll(async () => {
  config = await Config.load(ROOT)
  vi.stubEnv('CONDUCTOR_CLI_HOME', mkdtempSync(join(tmpdir(), 'conductor-config-cmd-')))
  vi.stubEnv('CI', '1')
  vi.stubEnv('CONDUCTOR_PROFILE', '')
  vi.stubEnv('CONDUCTOR_SERVER_URL', '')
})
afterAll(() => vi.unstubAllEnvs())

type CommandClass = {run(argv: string[], config: Config): Promise<unknown>} & typeof Command
async function run(command: CommandClass, argv: string[]) {
  let stdout = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString()
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (stdout += `${args.join(' ')}\n`))
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  let exitCode = 0
  try {
    await command.run(argv, config)
  } catch (error) {
    if (error instanceof Errors.ExitError) exitCode = error.oclif.exit ?? 1
    else throw error
  } finally {
    vi.restoreAllMocks()
  }
  return {doc: JSON.parse(stdout) as Record<string, unknown>, exitCode}
}

describe('config commands in process', () => {
  it('save writes a 0600 profile with the keys given (the secret never printed)', async () => {
    const {doc, exitCode} = await run(ConfigSave as CommandClass, [
      '--profile',
      'dev',
      '--server',
      'http://localhost:9999',
      '--auth-key',
      'KEY',
      '--auth-secret',
      'TESTSECRET-cfg',
      '--json',
    ])
    expect(exitCode).toBe(0)
    const result = (doc.result ?? doc) as {profile: string; file: string; keys: string[]}
    expect(result.profile).toBe('dev')
    expect(result.keys).toEqual(['server', 'auth-key', 'auth-secret'])
    expect(statSync(result.file).mode & 0o777).toBe(0o600)
    expect(JSON.stringify(doc)).not.toContain('TESTSECRET')
  })

  it('save without a server off a terminal is a usage error', async () => {
    const {doc, exitCode} = await run(ConfigSave as CommandClass, ['--profile', 'x', '--json'])
    expect(exitCode).toBe(2)
    expect((doc.error as {kind: string}).kind).toBe('usage')
  })

  it('list and show see the saved profile, show redacts the secret', async () => {
    const list = await run(ConfigList as CommandClass, ['--json'])
    expect(list.exitCode).toBe(0)
    expect(JSON.stringify(list.doc)).toContain('dev')
    const show = await run(ConfigShow as CommandClass, ['--profile', 'dev', '--json'])
    expect(show.exitCode).toBe(0)
    expect(JSON.stringify(show.doc)).toContain('http://localhost:9999/api')
    expect(JSON.stringify(show.doc)).not.toContain('TESTSECRET')
  })

  it('delete removes it; deleting it again is not found (4)', async () => {
    expect((await run(ConfigDelete as CommandClass, ['dev', '--yes', '--json'])).exitCode).toBe(0)
    const again = await run(ConfigDelete as CommandClass, ['dev', '--yes', '--json'])
    expect(again.exitCode).toBe(4)
    expect((again.doc.error as {kind: string}).kind).toBe('notFound')
  })
})
