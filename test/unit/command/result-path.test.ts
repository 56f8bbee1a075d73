import {Config, Errors} from '@oclif/core'
import {fileURLToPath} from 'node:url'
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest'
import {BaseCommand} from '../../../src/lib/command/base-command.js'
import {CliError} from '../../../src/lib/errors.js'

/**
 * The base command's one result path, in process: what a command returns or throws becomes one
 * document under --json and an `Error:`/`Hint:` pair in text, with the exit code of the table.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
let config: Config

beforeAll(async () => {
  config = await Config.load(ROOT)
})

afterEach(() => {
  vi.restoreAllMocks()
})

type Behaviour = (command: Probe) => Promise<unknown>
let behaviour: Behaviour = async () => ({})

class Probe extends BaseCommand<typeof Probe> {
  static override id = 'probe'
  async run(): Promise<unknown> {
    return behaviour(this)
  }
  say(text: string): void {
    this.warn(text)
  }
}

async function run(argv: string[], what: Behaviour): Promise<{stdout: string; stderr: string; exitCode: number}> {
  behaviour = what
  let stdout = ''
  let stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString()
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString()
    return true
  })
  // oclif writes through console (logToStderr, warn, log)
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (stdout += `${args.join(' ')}\n`))
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void (stderr += `${args.join(' ')}\n`))
  let exitCode = 0
  try {
    await Probe.run(argv, config)
  } catch (error) {
    if (error instanceof Errors.ExitError) exitCode = error.oclif.exit ?? 1
    else throw error
  } finally {
    vi.restoreAllMocks()
  }
  return {stdout, stderr, exitCode}
}

describe('the result path of the base command', () => {
  it('success: the result under --json, with the warnings when there were any', async () => {
    const r = await run(['--json'], async (c) => {
      c.say('version 1 is not the latest')
      return {created: 2}
    })
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({created: 2, warnings: ['version 1 is not the latest']})
    expect(r.stderr).toBe('') // under --json a warning lives in the document only
    const text = await run([], async (c) => {
      c.say('version 1 is not the latest')
      return {created: 2}
    })
    expect(text.stderr).toContain('version 1 is not the latest')
    const list = await run(['--json'], async () => [{id: 'a'}])
    expect(JSON.parse(list.stdout)).toEqual([{id: 'a'}])
  })

  it('failure: the error beside an object result (one shape), a list under result', async () => {
    const report = {problems: [{file: 'a.json'}], summary: {errors: 1}}
    const r = await run(['--json'], async () => {
      throw new CliError('invalid', '1 error in 1 file', {result: report})
    })
    expect(r.exitCode).toBe(3)
    expect(JSON.parse(r.stdout)).toEqual({
      ...report,
      error: {kind: 'invalid', exitCode: 3, message: '1 error in 1 file'},
    })
    const list = await run(['--json'], async () => {
      throw new CliError('partial', 'retry: 1 of 2 failed', {
        result: [
          {id: 'a', ok: true},
          {id: 'b', ok: false},
        ],
      })
    })
    expect(list.exitCode).toBe(9)
    expect(JSON.parse(list.stdout)).toMatchObject({result: [{id: 'a'}, {id: 'b'}], error: {kind: 'partial'}})
  })

  it('text: Error and Hint on stderr, nothing on stdout; quiet endings print no Error line', async () => {
    const r = await run([], async () => {
      throw new CliError('notFound', 'Workflow x does not exist', {hint: 'List them with `conductor workflow list`.'})
    })
    expect(r).toMatchObject({exitCode: 4, stdout: ''})
    expect(r.stderr).toBe('Error: Workflow x does not exist\nHint: List them with `conductor workflow list`.\n')
    const quiet = await run([], async () => {
      throw new CliError('differences', '2 differ', {quiet: true})
    })
    expect(quiet).toEqual({exitCode: 1, stdout: '', stderr: ''})
  })

  it('a bug: exit 70, one line and a hint, no stack unless DEBUG', async () => {
    const r = await run([], async () => {
      const missing = undefined as unknown as {name: string}
      return missing.name
    })
    expect(r.exitCode).toBe(70)
    expect(r.stderr).toMatch(/^Error: Unexpected error: Cannot read properties of undefined/)
    expect(r.stderr).toContain('Hint: This is a bug in conductor')
    expect(r.stderr).not.toContain('    at ')
    const json = await run(['--json'], async () => {
      throw new TypeError('boom')
    })
    expect(JSON.parse(json.stdout)).toMatchObject({error: {kind: 'bug', exitCode: 70}})
  })

  it('a closed pipe ends quietly with 0', async () => {
    const r = await run([], async () => {
      throw Object.assign(new Error('write EPIPE'), {code: 'EPIPE'})
    })
    expect(r).toEqual({exitCode: 0, stdout: '', stderr: ''})
  })

  it('a bad duration is a usage error naming the flag, in one line', async () => {
    const r = await run(['--timeout', 'soon'], async () => ({}))
    expect(r.exitCode).toBe(2)
    expect(r.stderr.split('\n')[0]).toBe('Error: --timeout=soon: not a duration')
  })

  it('secrets given on the command line never reach the JSON error, wherever the server echoed them', async () => {
    const r = await run(['--json', '--auth-token', 'TESTSECRET-token-1234'], async (c) => {
      await (c as unknown as {settings: () => Promise<unknown>}).settings()
      throw new CliError('auth', 'token TESTSECRET-token-1234 refused', {details: {echo: 'TESTSECRET-token-1234'}})
    })
    expect(r.exitCode).toBe(8)
    expect(r.stdout).not.toContain('TESTSECRET')
  })
})
