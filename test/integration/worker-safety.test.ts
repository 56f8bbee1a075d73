/**
 * `worker exec` against the real server (issue 14): an output the server refuses fails the task with
 * a clear reason at once (item 14), and the credentials of the worker never reach the task command
 * (item 16). Server limits measured live on 3.32.3: one JSON string over 20,000,000 characters is
 * refused with HTTP 500 (Jackson StreamReadConstraints, "retryable": false); an output over 10 MB in
 * smaller strings is accepted and the server fails the task itself (FAILED_WITH_TERMINAL_ERROR).
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {pollUntil} from '../helpers/poll.js'
import {SECRET_MARKER, testSecret} from '../helpers/secrets.js'
import {cli, serverGet, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

interface Task {
  taskId: string
  status: string
  reasonForIncompletion?: string
}
const api = () => serverUrl().replace(/\/api$/, '') + '/api'
const dir = tempDir('conductor-worker-safety-')

async function send(method: string, path: string, body?: unknown): Promise<string> {
  const response = await fetch(api() + path, {
    method,
    headers: {'content-type': 'application/json'},
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return text
}

/** A workflow of one SIMPLE task of a fresh type, started once; returns the type and the execution id. */
async function startOneTask(prefix: string): Promise<{type: string; workflowId: string}> {
  const type = uniqueName(`${prefix}_task`)
  const name = uniqueName(`${prefix}_wf`)
  await send('POST', '/metadata/taskdefs', [
    {name: type, ownerEmail: 'cli-tests@example.com', retryCount: 0, timeoutSeconds: 300, responseTimeoutSeconds: 120},
  ])
  await send('PUT', '/metadata/workflow', [
    {
      name,
      version: 1,
      schemaVersion: 2,
      ownerEmail: 'cli-tests@example.com',
      tasks: [{name: type, taskReferenceName: 'work', type: 'SIMPLE'}],
    },
  ])
  const workflowId = await send('POST', `/workflow/${name}`, {})
  return {type, workflowId}
}

const task = async (workflowId: string) =>
  (await serverGet<{tasks: Task[]}>(`/workflow/${workflowId}?includeTasks=true`)).body.tasks[0] as Task

function program(name: string, source: string): string {
  const file = join(dir, name)
  writeFileSync(file, source)
  return file
}

describe('an output the server refuses (item 14)', () => {
  it('fails the task at once with the reason, instead of re-sending it and leaving the task to time out', async () => {
    const {type, workflowId} = await startOneTask('bigout')
    // one string of 21 million characters: over the server's 20,000,000 limit for a JSON string
    const big = program('big.mjs', 'process.stdout.write(JSON.stringify({data: "x".repeat(21_000_000)}))\n')
    const result = await cli(['worker', 'exec', type, '--count', '1', '--', process.execPath, big], {
      timeoutMs: 90_000,
    })
    const after = await pollUntil(
      () => task(workflowId),
      (t) => t.status !== 'IN_PROGRESS',
      5000,
    )
    expect(after.status, result.stderr).toBe('FAILED_WITH_TERMINAL_ERROR')
    expect(after.reasonForIncompletion).toMatch(/refused the task's output \(21\.0 MB\)/)
    expect(after.reasonForIncompletion).toMatch(/exceeds the maximum allowed/)
    expect(result.stderr).toMatch(/FAILED_WITH_TERMINAL_ERROR/)
    expect(result.stderr).not.toMatch(/attempt 2/)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.ms).toBeLessThan(20_000)
  })
})

describe("the worker's credentials and the task command (item 16)", () => {
  const logs = async (taskId: string) =>
    (await serverGet<{log: string}[]>(`/tasks/${taskId}/log`)).body.map((l) => l.log).join('\n')
  const printEnv = () =>
    program(
      'env.mjs',
      [
        'for (const k of Object.keys(process.env).sort())',
        '  if (/^(CONDUCTOR|TASK_)/.test(k)) console.error(`${k}=${process.env[k]}`)',
      ].join('\n'),
    )

  it('CONDUCTOR_AUTH_* are not passed to the command (whose stderr becomes the task log)', async () => {
    const {type, workflowId} = await startOneTask('env')
    const token = testSecret('worker-token')
    const result = await cli(['worker', 'exec', type, '--count', '1', '--', process.execPath, printEnv()], {
      env: {CONDUCTOR_AUTH_TOKEN: token, CONDUCTOR_AUTH_PROBE: 'x1'},
    })
    expect(result.exitCode, result.stderr).toBe(0)
    const done = await pollUntil(
      () => task(workflowId),
      (t) => t.status === 'COMPLETED',
      5000,
    )
    const log = await logs(done.taskId)
    expect(log).toContain('TASK_ID=')
    expect(log).not.toContain('CONDUCTOR_AUTH_')
    expect(log).not.toContain(SECRET_MARKER)
  })

  it('--pass-env NAME passes one on purpose', async () => {
    const {type, workflowId} = await startOneTask('env')
    const result = await cli(
      [
        'worker',
        'exec',
        type,
        '--count',
        '1',
        '--pass-env',
        'CONDUCTOR_AUTH_TOKEN',
        '--',
        process.execPath,
        printEnv(),
      ],
      {env: {CONDUCTOR_AUTH_TOKEN: 'not-a-real-token-passed-on-purpose', CONDUCTOR_AUTH_PROBE: 'x2'}},
    )
    expect(result.exitCode, result.stderr).toBe(0)
    const done = await pollUntil(
      () => task(workflowId),
      (t) => t.status === 'COMPLETED',
      5000,
    )
    const log = await logs(done.taskId)
    expect(log).toContain('CONDUCTOR_AUTH_TOKEN=not-a-real-token-passed-on-purpose')
    expect(log).not.toContain('CONDUCTOR_AUTH_PROBE')
  })
})
