import {Config, Errors, type Command} from '@oclif/core'
import {fileURLToPath} from 'node:url'
import {vi} from 'vitest'
import type {ConductorClient} from '../../src/lib/client/client.js'
import {BaseCommand} from '../../src/lib/command/base-command.js'
import {MOCK_ORIGIN, type MockServer} from './mock-server.js'

/** A command class as oclif loads it. */
export type CommandClass = {run(argv: string[], config: Config): Promise<unknown>} & typeof Command

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
let loaded: Promise<Config> | undefined
/** The project's oclif config, loaded once per test file. */
export const projectConfig = (): Promise<Config> => (loaded ??= Config.load(ROOT))

export interface InProcessRun {
  stdout: string
  stderr: string
  exitCode: number
  /** stdout parsed as JSON (undefined when it is not JSON). */
  doc: unknown
}

/**
 * Runs one command in this process (so coverage sees it), the server played by undici's MockAgent:
 * the base command's client is the mock server's, stdout and stderr are captured, an oclif exit
 * becomes `exitCode`. `--server` is added unless argv names one; `server: undefined` runs without a client.
 */
export async function runInProcess(
  command: CommandClass,
  argv: string[],
  server?: MockServer,
  origin = MOCK_ORIGIN,
): Promise<InProcessRun> {
  const config = await projectConfig()
  let stdout = ''
  let stderr = ''
  if (server) {
    const base = BaseCommand.prototype as unknown as {buildClient: () => Promise<ConductorClient>}
    vi.spyOn(base, 'buildClient').mockImplementation(async () => {
      const client = server.client()
      // the base command closes its client at the end; mockServer closes the MockAgent after the test
      client.close = async () => {}
      return client
    })
  }
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
  const withServer = server && !argv.includes('--server') ? [...argv, '--server', `${origin}/api`] : argv
  let exitCode = 0
  try {
    await command.run(withServer, config)
  } catch (error) {
    if (error instanceof Errors.ExitError) exitCode = error.oclif.exit ?? 1
    else if (error instanceof Errors.CLIError) exitCode = error.oclif.exit ?? 2
    else throw error
  } finally {
    vi.restoreAllMocks()
  }
  let doc: unknown
  try {
    doc = JSON.parse(stdout)
  } catch {
    doc = undefined
  }
  return {stdout, stderr, exitCode, doc}
}
