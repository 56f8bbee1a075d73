import {spawn, spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import {EXIT_CODES} from '../../src/lib/errors.js'
import {pollUntil} from '../helpers/poll.js'
import {BIN} from '../helpers/run-cli.js'
import {cli, serverGet, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

/**
 * Every exit code of the README's table, each from a real case against the real server (the bug
 * code from an in-process case in test/unit/command/result-path.test.ts: no real input is a bug).
 */
const names = {
  wait: uniqueName('it_exit_wait'),
  failed: uniqueName('it_exit_failed'),
  terminated: uniqueName('it_exit_terminated'),
  timedOut: uniqueName('it_exit_timedout'),
  changed: uniqueName('it_exit_changed'),
}
const seen = new Map<number, string>()

const def = (name: string, tasks: unknown[], extra: Record<string, unknown> = {}) => ({
  name,
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'cli-tests@example.com',
  tasks,
  ...extra,
})
const terminate = (status: string) => ({
  name: 'end',
  taskReferenceName: 'end',
  type: 'TERMINATE',
  inputParameters: {terminationStatus: status, terminationReason: `ended ${status}`},
})
const wait = {name: 'hold', taskReferenceName: 'hold', type: 'WAIT', inputParameters: {}}

async function expectCode(code: number, label: string, args: string[], options: {input?: string} = {}) {
  const r = await cli(args, options)
  expect(r.exitCode, `${label}: ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`).toBe(code)
  seen.set(code, label)
  return r
}

let authServer: Server
let authUrl = ''
const dir = tempDir('conductor-exit-')

beforeAll(async () => {
  const defs = [
    def(names.wait, [wait]),
    def(names.failed, [terminate('FAILED')]),
    def(names.terminated, [terminate('TERMINATED')]),
    def(names.timedOut, [wait], {timeoutSeconds: 1, timeoutPolicy: 'TIME_OUT_WF'}),
  ]
  writeFileSync(join(dir, 'defs.json'), JSON.stringify(defs))
  const r = await cli(['workflow', 'register', join(dir, 'defs.json')])
  expect(r.exitCode, r.stderr).toBe(0)
  // a server that refuses every credential, as a gateway in front of Conductor would
  authServer = createServer((_req, res) => {
    res.writeHead(401, {'content-type': 'application/json'})
    res.end(JSON.stringify({message: 'Unauthorized'}))
  })
  await new Promise<void>((resolve) => authServer.listen(0, '127.0.0.1', resolve))
  const address = authServer.address()
  authUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api`
})

afterAll(async () => {
  await new Promise((resolve) => authServer?.close(resolve))
})

async function startWait(): Promise<string> {
  const r = await cli(['run', names.wait])
  expect(r.exitCode, r.stderr).toBe(0)
  const id = r.stdout.trim()
  const status = await pollUntil(
    async () => (await serverGet<{tasks: {status: string}[]}>(`/workflow/${id}`)).body.tasks[0]?.status,
    (s) => s === 'IN_PROGRESS',
    30_000,
  )
  if (status !== 'IN_PROGRESS') throw new Error(`fixture: the WAIT task of ${id} is ${status} after 30 s`)
  return id
}

describe('every exit code of the README, from a real case', () => {
  it('0 ok, 1 differences, 2 usage, 3 invalid, 4 not found', async () => {
    await expectCode(0, 'ok', ['workflow', 'get', names.wait, '--json'])
    const file = join(dir, 'changed.json')
    writeFileSync(file, JSON.stringify(def(names.changed, [wait])))
    await expectCode(1, 'differences', ['workflow', 'diff', file])
    await expectCode(2, 'usage', ['workflow', 'list', '--no-such-flag'])
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"name": "x", "tasks": "not a list"}')
    await expectCode(3, 'invalid', ['workflow', 'validate', bad])
    await expectCode(4, 'notFound', ['workflow', 'get', uniqueName('it_exit_missing')])
  })

  it('5 conflict, 6 server, 7 network, 8 auth', async () => {
    const file = join(dir, 'conflict.json')
    writeFileSync(file, JSON.stringify(def(names.wait, [wait, {...wait, taskReferenceName: 'hold2'}])))
    await expectCode(5, 'conflict', ['workflow', 'register', file, '--version-policy', 'fail-if-changed'])
    await expectCode(6, 'server', ['server', 'status', '--port', '1'])
    await expectCode(7, 'network', ['workflow', 'list', '--server', 'http://127.0.0.1:1/api', '--timeout', '5s'])
    await expectCode(8, 'auth', ['workflow', 'list', '--server', authUrl, '--auth-token', 'not-a-valid-token'])
  })

  it('9 partial: one execution terminated, one unknown id', async () => {
    const id = await startWait()
    const r = await expectCode(9, 'partial', ['terminate', id, 'no-such-execution', '--yes', '--json'])
    expect(JSON.parse(r.stdout)).toMatchObject({error: {kind: 'partial', exitCode: 9}})
  })

  it('10 FAILED, 11 TERMINATED, 12 TIMED_OUT, 13 still running', async () => {
    await expectCode(10, 'workflowFailed', ['run', names.failed, '--wait', '60s'])
    await expectCode(11, 'workflowTerminated', ['run', names.terminated, '--wait', '60s'])
    const timedOut = await cli(['run', names.timedOut])
    const id = timedOut.stdout.trim()
    // the server times the workflow out on its own schedule (its sweeper): watch until it does
    await expectCode(12, 'workflowTimedOut', ['execution', 'watch', id, '--wait', '100s'])
    await expectCode(13, 'stillRunning', ['run', names.wait, '--wait', '1s'])
  })

  it('14 declined: a prompt answered no on a terminal', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CONDUCTOR_CLI_HOME: inject('cliHome'),
      CONDUCTOR_SERVER_URL: serverUrl(),
    }
    delete env.CI
    // `script` gives the CLI a terminal, whose input is the "n" piped in
    const r = spawnSync(
      'script',
      ['-qec', `"${process.execPath}" "${BIN}" workflow delete ${names.wait} 1`, '/dev/null'],
      {env, input: 'n\n', encoding: 'utf8', timeout: 60_000},
    )
    expect(r.status, r.stdout).toBe(14)
    expect(r.stdout).toContain('cancelled; nothing was changed')
    seen.set(14, 'declined')
  })

  it('127 unknown command, 130 interrupted', async () => {
    await expectCode(127, 'unknownCommand', ['workflow', 'lisst'])
    const id = await startWait()
    const child = spawn(process.execPath, [BIN, 'execution', 'watch', id], {
      env: {...process.env, CONDUCTOR_CLI_HOME: inject('cliHome'), CONDUCTOR_SERVER_URL: serverUrl()},
      stdio: 'ignore',
    })
    await new Promise((resolve) => setTimeout(resolve, 2500))
    child.kill('SIGINT')
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).toBe(130)
    seen.set(130, 'interrupted')
  })

  it('covered every code but the bug code (70, tested in-process)', () => {
    const expected = Object.values(EXIT_CODES).filter((c) => c !== EXIT_CODES.bug)
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b))
  })
})
