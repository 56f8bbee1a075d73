import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, inject, it} from 'vitest'
import {BIN} from '../helpers/run-cli.js'
import {cli, tempDir, uniqueName} from '../helpers/server-env.js'

describe('interrupted work converges', () => {
  it('register killed midway: a second run finishes the job and reports what was already done', async () => {
    const dir = tempDir()
    const prefix = uniqueName('kill')
    for (let i = 0; i < 1500; i++)
      writeFileSync(
        join(dir, `w${String(i).padStart(4, '0')}.json`),
        JSON.stringify({
          name: `${prefix}_${i}`,
          version: 1,
          schemaVersion: 2,
          ownerEmail: 'a@b.c',
          tasks: [{name: 's', taskReferenceName: 's', type: 'SET_VARIABLE', inputParameters: {i}}],
        }),
      )
    // kill as soon as the first batch has reached the server
    const child = spawn(process.execPath, [BIN, 'workflow', 'register', dir, '--verbose'], {
      env: {...process.env, CONDUCTOR_CLI_HOME: inject('cliHome'), CONDUCTOR_SERVER_URL: inject('serverUrl'), CI: '1'},
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
        if (/< 200 PUT \/api\/metadata\/workflow/.test(stderr)) {
          child.kill('SIGKILL')
          resolve()
        }
      })
      child.on('close', () => resolve())
    })
    const second = await cli(['workflow', 'register', dir, '--json'])
    expect(second.exitCode, second.stderr).toBe(0)
    const actions = (JSON.parse(second.stdout) as {action: string}[]).map((r) => r.action)
    const unchanged = actions.filter((a) => a === 'unchanged').length
    expect(unchanged).toBeGreaterThan(0) // what the killed run had done
    expect(unchanged + actions.filter((a) => a === 'created').length).toBe(1500)
    const third = await cli(['workflow', 'register', dir])
    expect(third.stderr).toContain('1500 unchanged')
  })

  it('Ctrl-C (SIGINT) exits 130 without a stack trace', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'server', 'logs', '--follow', '--port', new URL(inject('serverUrl')).port],
      {
        env: {...process.env, CONDUCTOR_CLI_HOME: inject('cliHome')},
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    await new Promise((resolve) => child.stdout.once('data', resolve))
    child.kill('SIGINT')
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).toBe(130)
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})
