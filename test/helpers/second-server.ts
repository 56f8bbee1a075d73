import {cli, tempDir} from './server-env.js'
import type {CliResult} from './run-cli.js'

/** A second local server, started with our own `server start`, for tests that need two sides (promote, export). */
export interface SecondServer {
  port: number
  /** Its API URL, e.g. http://localhost:8131/api */
  url: string
  /** The CLI pointed at it. */
  cli: (args: string[]) => Promise<CliResult>
  /** A raw read, bypassing the CLI. */
  get: <T>(path: string) => Promise<{status: number; body: T}>
  start: () => Promise<void>
  stop: () => Promise<void>
}

export function secondServer(port: number): SecondServer {
  const url = `http://localhost:${port}/api`
  return {
    port,
    url,
    cli: (args) => cli(args, {env: {CONDUCTOR_SERVER_URL: url}}),
    async get<T>(path: string) {
      const response = await fetch(`${url}${path}`)
      const text = await response.text()
      return {status: response.status, body: (text ? JSON.parse(text) : undefined) as T}
    },
    async start() {
      // a loaded machine can take minutes to boot Java: more than the 180 s `server start` waits for health, within the 300 s hook
      const started = await cli(['server', 'start', '--port', String(port), '--data-dir', tempDir(), '--json'], {
        timeoutMs: 240_000,
      })
      if (started.exitCode !== 0) throw new Error(`second server did not start: ${started.stderr}`)
    },
    async stop() {
      await cli(['server', 'stop', '--port', String(port)])
    },
  }
}
