import {spawn} from 'node:child_process'
import {appendFileSync, chmodSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {inject} from 'vitest'
import {BIN} from './run-cli.js'

/** What a shell script printed and how it ended. */
export interface ScriptResult {
  stdout: string
  stderr: string
  exitCode: number
}

const ASSERT_LIB = fileURLToPath(new URL('../e2e/go-compat/lib.sh', import.meta.url))

/**
 * Runs a bash script the way a user's script runs: `conductor` on PATH (our built CLI, through a
 * shim), the integration server in CONDUCTOR_SERVER_URL, an isolated CONDUCTOR_CLI_HOME (and HOME,
 * so the Go CLI's files under ~/.conductor-cli are ours alone), and `lib.sh` (assertions) sourced
 * first. Extra variables come from `env`. Never throws.
 */
export function runScript(
  script: string,
  options: {env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string} = {},
): Promise<ScriptResult> {
  const dir = mkdtempSync(join(tmpdir(), 'conductor-sh-'))
  const shim = join(dir, 'bin', 'conductor')
  const binDir = join(dir, 'bin')
  mkdirSync(binDir)
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
  chmodSync(shim, 0o755)
  const home = join(dir, 'home')
  mkdirSync(home)
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `source "${ASSERT_LIB}"\n${script}`], {
      cwd: dir,
      env: {
        ...process.env,
        PATH: `${binDir}:${process.env.PATH ?? ''}`,
        HOME: home,
        CONDUCTOR_CLI_HOME: join(home, '.conductor-cli'),
        CONDUCTOR_SERVER_URL: inject('serverUrl'),
        NO_COLOR: '1',
        CI: '1',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const capture = process.env.CONDUCTOR_TEST_CAPTURE
      if (capture) appendFileSync(capture, `$ conductor (script)\n${stdout}${stderr}\n`)
      resolve({stdout, stderr, exitCode: code ?? (signal ? 128 : 1)})
    })
    child.stdin.end(options.input ?? '')
  })
}
