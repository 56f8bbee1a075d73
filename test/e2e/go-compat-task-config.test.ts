import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, inject, it} from 'vitest'
import {runScript} from '../helpers/shell-script.js'

const script = (name: string) => readFileSync(fileURLToPath(new URL(`go-compat/${name}`, import.meta.url)), 'utf8')

describe('scripts written for the official Go CLI: task, config, whoami, server, doctor', () => {
  it('task: create/update from a file or stdin, get, get-all, list --json/--csv, poll, update-execution, delete', async () => {
    const result = await runScript(script('task.sh'), {timeoutMs: 290_000})
    expect(result.stderr + result.stdout).toContain('task.sh: ok')
    expect(result.exitCode, result.stderr).toBe(0)
  }, 300_000)

  it('config save/list/show/delete, whoami, --config, --server-type, and the one-source precedence', async () => {
    const result = await runScript(script('config.sh'), {timeoutMs: 290_000})
    expect(result.stderr + result.stdout).toContain('config.sh: ok')
    expect(result.exitCode, result.stderr).toBe(0)
  }, 300_000)

  it('server status/stop/logs/start and doctor', async () => {
    const url = new URL(inject('serverUrl'))
    const result = await runScript(script('server.sh'), {
      env: {
        // the home of the server under test (CONDUCTOR_TEST_SERVER_HOME when it was started elsewhere)
        SERVER_HOME: process.env.CONDUCTOR_TEST_SERVER_HOME ?? inject('cliHome'),
        SERVER_PORT: url.port,
      },
    })
    expect(result.stderr + result.stdout).toContain('server.sh: ok')
    expect(result.exitCode, result.stderr).toBe(0)
  })
})
