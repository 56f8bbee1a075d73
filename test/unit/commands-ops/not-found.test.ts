import {Errors, type Hook} from '@oclif/core'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import hook from '../../../src/hooks/command-not-found.js'
import {projectConfig} from '../../helpers/in-process.js'

/**
 * The command_not_found hook in process: an unknown command ends like every other error (exit 127,
 * `Error:`/`Hint:` or the --json error document), and on a terminal offers the closest command
 * (the person answering is played by a queued answer for @inquirer/prompts).
 */
const answers: boolean[] = []
vi.mock('@inquirer/prompts', () => ({
  confirm: async () => {
    const answer = answers.shift()
    if (answer === undefined) throw new Error('no answer queued')
    return answer
  },
}))

let stdout: string
let stderr: string
const wasTty = {stdin: process.stdin.isTTY, stdout: process.stdout.isTTY}
const tty = (value: boolean | undefined) => {
  Object.defineProperty(process.stdin, 'isTTY', {value, configurable: true})
  Object.defineProperty(process.stdout, 'isTTY', {value, configurable: true})
}

beforeEach(() => {
  stdout = ''
  stderr = ''
  answers.length = 0
  vi.stubEnv('CONDUCTOR_CLI_HOME', mkdtempSync(join(tmpdir(), 'conductor-notfound-')))
  vi.stubEnv('CI', '1')
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString()
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString()
    return true
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
  Object.defineProperty(process.stdin, 'isTTY', {value: wasTty.stdin, configurable: true})
  Object.defineProperty(process.stdout, 'isTTY', {value: wasTty.stdout, configurable: true})
})

async function notFound(id: string, argv: string[] = []): Promise<{exit: number | undefined; result: unknown}> {
  const config = await projectConfig()
  const context = {config, debug: () => {}, error: () => {}, exit: () => {}, log: () => {}, warn: () => {}}
  try {
    const result = await (hook as Hook<'command_not_found'>).call(
      context as never,
      {id, argv, config, context} as never,
    )
    return {exit: undefined, result}
  } catch (error) {
    if (error instanceof Errors.ExitError) return {exit: error.oclif.exit, result: undefined}
    throw error
  }
}

describe('an unknown command', () => {
  it('exits 127 with a "did you mean" hint naming the closest command', async () => {
    const {exit} = await notFound('cofnig:list')
    expect(exit).toBe(127)
    expect(stderr).toBe(
      'Error: "cofnig list" is not a conductor command\nHint: Did you mean `conductor config list`? `conductor help` lists the commands.\n',
    )
    expect(stdout).toBe('')
  })

  it('with nothing close: only where to find the commands', async () => {
    const {exit} = await notFound('xyzzyplugh')
    expect(exit).toBe(127)
    expect(stderr).toBe('Error: "xyzzyplugh" is not a conductor command\nHint: `conductor help` lists the commands.\n')
  })

  it('under --json: the error document on stdout', async () => {
    const {exit} = await notFound('wokflow:list', ['--json'])
    expect(exit).toBe(127)
    expect(JSON.parse(stdout)).toEqual({
      error: {
        kind: 'unknownCommand',
        exitCode: 127,
        message: '"wokflow list" is not a conductor command',
        hint: 'Did you mean `conductor workflow list`? `conductor help` lists the commands.',
      },
    })
    expect(stderr).toBe('')
  })

  it('on a terminal: offers the closest command, and runs it when accepted', async () => {
    vi.stubEnv('CI', '')
    tty(true)
    answers.push(true)
    const {exit} = await notFound('cofnig:list', ['-o', 'csv'])
    expect(exit).toBeUndefined()
    expect(answers).toEqual([])
    expect(stdout.split('\n')[0]).toBe('Profile,Server,Auth,File')
  })

  it('on a terminal, declined: the same error as elsewhere', async () => {
    vi.stubEnv('CI', '')
    tty(true)
    answers.push(false)
    const {exit} = await notFound('cofnig:list')
    expect(exit).toBe(127)
    expect(stderr).toContain('Error: "cofnig list" is not a conductor command')
  })
})
