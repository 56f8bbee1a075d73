import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {main, type CommandLoaders} from '../../../src/lib/command/main.js'

/**
 * bin/run.js's entry point in process: a command of this CLI runs through runDirect (the root plugin
 * alone), global flags may come before the command words, anything else takes oclif's full path;
 * exits go through oclif's Exit.exit, recorded here instead of ending the test process.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BIN = pathToFileURL(join(ROOT, 'bin', 'run.js')).href
const commands: CommandLoaders = {
  'config:list': () => import('../../../src/commands/config/list.js'),
  'config:show': () => import('../../../src/commands/config/show.js'),
  whoami: () => import('../../../src/commands/whoami.js'),
}

let home: string
let stdout: string
let stderr: string
let exits: number[]
let sigintBefore: NodeJS.SignalsListener[]

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'conductor-main-'))
  vi.stubEnv('CONDUCTOR_CLI_HOME', home)
  vi.stubEnv('CONDUCTOR_PROFILE', '')
  vi.stubEnv('CONDUCTOR_SERVER_URL', '')
  vi.stubEnv('CONDUCTOR_AUTH_TOKEN', '')
  vi.stubEnv('CI', '1')
  stdout = ''
  stderr = ''
  exits = []
  sigintBefore = process.listeners('SIGINT')
  const {Exit} = await import('@oclif/core/handle')
  vi.spyOn(Exit, 'exit').mockImplementation(((code?: number) => void exits.push(code ?? 0)) as (code?: number) => never)
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString()
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString()
    return true
  })
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (stdout += `${args.join(' ')}\n`))
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void (stderr += `${args.join(' ')}\n`))
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
  for (const listener of process.listeners('SIGINT'))
    if (!sigintBefore.includes(listener)) process.off('SIGINT', listener)
})

describe('main', () => {
  it('runs a command of this CLI directly and returns its id', async () => {
    writeFileSync(join(home, 'config-prod.yaml'), 'server: http://prod/api\n')
    const id = await main(['config', 'list', '-o', 'json'], BIN, {commands})
    expect(id).toBe('config:list')
    expect(exits).toEqual([])
    expect((JSON.parse(stdout) as {profile: string}[]).map((r) => r.profile)).toEqual(['prod'])
  })

  it('global flags before the command words are moved after them', async () => {
    writeFileSync(join(home, 'config-prod.yaml'), 'server: http://prod:8080/api\n')
    const id = await main(['--profile', 'prod', 'whoami', '--json'], BIN, {commands})
    expect(id).toBe('whoami')
    expect(JSON.parse(stdout)).toEqual({server: 'http://prod:8080/api', authentication: 'none'})
  })

  it('a failing command exits with its code from the table (profile not found: 4)', async () => {
    const id = await main(['--profile', 'nosuch', 'config', 'show'], BIN, {commands})
    expect(id).toBe('config:show')
    expect(exits).toEqual([4])
    expect(stderr).toContain("Error: Profile 'nosuch' doesn't exist")
  })

  it('a usage error from parsing exits 2', async () => {
    await main(['config', 'list', '--nosuchflag'], BIN, {commands})
    expect(exits).toEqual([2])
    expect(stderr).toContain('Error: Nonexistent flag: --nosuchflag')
  })

  it('an unknown command takes oclif path and its not-found hook: exit 127 with a suggestion', async () => {
    const id = await main(['cofnig', 'list', '--json'], BIN, {commands})
    expect(id).toBeUndefined()
    expect(exits).toEqual([127])
    const doc = JSON.parse(stdout) as {error: {kind: string; exitCode: number; hint: string}}
    expect(doc.error).toMatchObject({kind: 'unknownCommand', exitCode: 127})
  })

  it('--help is oclif help, not a command run', async () => {
    const id = await main(['config', 'list', '--help'], BIN, {commands})
    expect(id).toBeUndefined()
    expect(stdout).toContain('List saved profiles.')
  })

  it('Ctrl-C exits 130 unless a command listens for it itself', async () => {
    await main(['config', 'list', '-o', 'json'], BIN, {commands})
    const ours = process.listeners('SIGINT').filter((l) => !sigintBefore.includes(l))
    expect(ours).toHaveLength(1)
    const onInterrupt = ours[0] as NodeJS.SignalsListener
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never)
    // a command's own listener (the worker) is there: main's does nothing
    const worker = () => {}
    process.on('SIGINT', worker)
    onInterrupt('SIGINT')
    expect(exit).not.toHaveBeenCalled()
    process.off('SIGINT', worker)
    // alone: exit 130 (listeners of the test runner set aside for the call)
    const others = process.listeners('SIGINT').filter((l) => l !== onInterrupt)
    for (const l of others) process.off('SIGINT', l)
    try {
      onInterrupt('SIGINT')
    } finally {
      for (const l of others) process.on('SIGINT', l)
    }
    expect(exit).toHaveBeenCalledWith(130)
  })
})
