import {existsSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import ConfigDelete from '../../../src/commands/config/delete.js'
import ConfigSave from '../../../src/commands/config/save.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'

/**
 * `config save` and `config delete` on a terminal: the person at it is played by answers queued for
 * @inquirer/prompts (the library that draws the prompts); everything else is the real command.
 */
const answers: (string | boolean | Error)[] = []
const asked: string[] = []
const next = (message: string) => {
  asked.push(message)
  const answer = answers.shift()
  if (answer === undefined) throw new Error(`no answer queued for "${message}"`)
  if (answer instanceof Error) throw answer
  return answer
}
vi.mock('@inquirer/prompts', () => ({
  // inquirer's input gives the default for an empty answer; password gives what was typed
  input: async ({message, default: fallback}: {message: string; default?: string}) =>
    (next(message) as string) || (fallback ?? ''),
  password: async ({message}: {message: string}) => next(message) as string,
  confirm: async ({message}: {message: string}) => next(message) as boolean,
}))

let home: string
const tty = (value: boolean | undefined) => {
  Object.defineProperty(process.stdin, 'isTTY', {value, configurable: true})
  Object.defineProperty(process.stdout, 'isTTY', {value, configurable: true})
}
const wasTty = {stdin: process.stdin.isTTY, stdout: process.stdout.isTTY}
const Save = ConfigSave as unknown as CommandClass
const Delete = ConfigDelete as unknown as CommandClass
ConfigDelete.id = 'config:delete'

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'conductor-prompts-'))
  vi.stubEnv('CONDUCTOR_CLI_HOME', home)
  vi.stubEnv('CONDUCTOR_PROFILE', '')
  vi.stubEnv('CI', '')
  answers.length = 0
  asked.length = 0
  tty(true)
})
afterEach(() => {
  vi.unstubAllEnvs()
  Object.defineProperty(process.stdin, 'isTTY', {value: wasTty.stdin, configurable: true})
  Object.defineProperty(process.stdout, 'isTTY', {value: wasTty.stdout, configurable: true})
})

describe('config save asks the Go CLI questions on a terminal', () => {
  it('Enterprise with a key and secret: a 0600 profile of that name', async () => {
    answers.push('staging', 'https://staging.example.com', 'Enterprise', '1', 'key-1', 'TESTSECRET-prompt')
    const run = await runInProcess(Save, [])
    expect(run.exitCode).toBe(0)
    expect(asked).toEqual([
      'Profile name (empty for default)',
      'Server URL',
      'Server type (OSS/Enterprise)',
      'Choose',
      'API Key',
      'API Secret',
    ])
    const file = join(home, 'config-staging.yaml')
    expect(run.stdout).toBe(`✓ Configuration saved to ${file}\n`)
    expect(run.stderr).toContain('Authentication method:\n  1. API Key + Secret\n  2. Auth Token')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toBe(
      'server: https://staging.example.com/api\nserver-type: Enterprise\nauth-key: key-1\nauth-secret: TESTSECRET-prompt\n',
    )
  })

  it('empty answers keep what the profile has (the secret shown as ****)', async () => {
    const file = join(home, 'config-prod.yaml')
    writeFileSync(file, 'server: https://prod/api\nserver-type: Enterprise\nauth-key: K\nauth-secret: KEEPME-secret\n')
    answers.push('', '', '', '', '')
    const run = await runInProcess(Save, ['--profile', 'prod'])
    expect(run.exitCode).toBe(0)
    // no profile question: --profile named it
    expect(asked[0]).toBe('Server URL')
    expect(asked.at(-1)).toBe('API Secret [****]')
    expect(readFileSync(file, 'utf8')).toBe(
      'server: https://prod/api\nserver-type: Enterprise\nauth-key: K\nauth-secret: KEEPME-secret\n',
    )
  })

  it('the profile named at the first question supplies the defaults of the next', async () => {
    writeFileSync(join(home, 'config-dev.yaml'), 'server: http://dev-host:8080/api\nserver-type: OSS\n')
    answers.push('dev', '', '')
    const run = await runInProcess(Save, [])
    expect(run.exitCode).toBe(0)
    expect(run.stderr).toContain('No authentication required for OSS Conductor.')
    expect(readFileSync(join(home, 'config-dev.yaml'), 'utf8')).toBe(
      'server: http://dev-host:8080/api\nserver-type: OSS\n',
    )
  })

  it('a token instead of a key; an empty profile name is the default profile', async () => {
    answers.push('', 'http://localhost:8080', 'enterprise', '2', 'TESTTOKEN-prompt-1')
    const run = await runInProcess(Save, [])
    expect(run.exitCode).toBe(0)
    expect(readFileSync(join(home, 'config.yaml'), 'utf8')).toBe(
      'server: http://localhost:8080/api\nserver-type: Enterprise\nauth-token: TESTTOKEN-prompt-1\n',
    )
    expect(run.stdout + run.stderr).not.toContain('TESTTOKEN')
  })

  it('a profile name that is a path is refused (2) after the questions, nothing written', async () => {
    answers.push('../evil', 'http://x', 'OSS')
    const run = await runInProcess(Save, [])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('Error: Invalid profile name "../evil"')
    expect(existsSync(join(home, 'config-..', 'evil.yaml'))).toBe(false)
  })
})

describe('config delete asks on a terminal', () => {
  const saved = () => {
    const file = join(home, 'config-old.yaml')
    writeFileSync(file, 'server: http://o/api\n')
    return file
  }

  it('yes: deleted', async () => {
    const file = saved()
    answers.push(true)
    const run = await runInProcess(Delete, ['old'])
    expect(run.exitCode).toBe(0)
    expect(asked).toEqual([`Delete profile "old" (${file})?`])
    expect(existsSync(file)).toBe(false)
  })

  it('no: declined (14), the file kept', async () => {
    const file = saved()
    answers.push(false)
    const run = await runInProcess(Delete, ['old'])
    expect(run.exitCode).toBe(14)
    expect(run.stderr).toContain('Error: config delete cancelled; nothing was changed')
    expect(existsSync(file)).toBe(true)
  })

  it('Ctrl-C at the prompt is a no', async () => {
    const file = saved()
    answers.push(Object.assign(new Error('User force closed the prompt'), {name: 'ExitPromptError'}))
    const run = await runInProcess(Delete, ['old'])
    expect(run.exitCode).toBe(14)
    expect(existsSync(file)).toBe(true)
  })

  it('CI set: never asks, needs --yes (2)', async () => {
    vi.stubEnv('CI', 'true')
    saved()
    const run = await runInProcess(Delete, ['old'])
    expect(run.exitCode).toBe(2)
    expect(asked).toEqual([])
  })
})
