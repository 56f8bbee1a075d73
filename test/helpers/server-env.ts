import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {inject} from 'vitest'
import {runCli, type CliResult} from './run-cli.js'

/** Runs the CLI against the integration server, with an isolated config home. */
export function cli(
  args: string[],
  options: {env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number} = {},
): Promise<CliResult> {
  return runCli(args, {
    ...options,
    env: {CONDUCTOR_CLI_HOME: inject('cliHome'), CONDUCTOR_SERVER_URL: inject('serverUrl'), ...options.env},
  })
}

export function serverUrl(): string {
  return inject('serverUrl')
}

/** The CLI against the second node (the same server when the suite runs one node). */
export function cli2(
  args: string[],
  options: {env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number} = {},
): Promise<CliResult> {
  return cli(args, {...options, env: {CONDUCTOR_SERVER_URL: inject('serverUrl2'), ...options.env}})
}

export function tempDir(prefix = 'conductor-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A raw call to the server, bypassing the CLI, to check what really happened. */
export async function serverGet<T>(path: string): Promise<{status: number; body: T}> {
  const response = await fetch(serverUrl().replace(/\/api$/, '') + '/api' + path)
  const text = await response.text()
  return {status: response.status, body: (text ? JSON.parse(text) : undefined) as T}
}

/** Names unique to one test run, so tests never collide on a shared server. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`
}
