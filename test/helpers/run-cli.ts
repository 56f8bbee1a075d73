import {spawn} from 'node:child_process'
import {appendFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  stdout: string
  stderr: string
  exitCode: number
  ms: number
}

/** Runs the built CLI as users do (a real process); never throws. */
export function runCli(
  args: string[],
  options: {env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number} = {},
): Promise<CliResult> {
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: {...process.env, NO_COLOR: '1', CI: '1', ...options.env},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      // CI greps everything the CLI printed during the run for the test secrets (see .ci/run)
      const capture = process.env.CONDUCTOR_TEST_CAPTURE
      if (capture) appendFileSync(capture, `$ conductor ${args[0] ?? ''} ${args[1] ?? ''}\n${stdout}${stderr}\n`)
      resolve({stdout, stderr, exitCode: code ?? (signal ? 128 : 1), ms: performance.now() - started})
    })
    child.stdin.end(options.input ?? '')
  })
}
