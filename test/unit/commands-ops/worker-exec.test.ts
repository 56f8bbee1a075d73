import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import WorkerExec from '../../../src/commands/worker/exec.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {MOCK_ORIGIN, mockServer} from '../../helpers/mock-server.js'

/**
 * `worker exec` in process: the server (undici's MockAgent) hands out tasks from
 * GET /api/tasks/poll/batch/{type} and takes results on POST /api/tasks, as Conductor does; the
 * command run per task is a real /bin/sh.
 */
const server = mockServer()
const json = {headers: {'content-type': 'application/json'}}
/** Runs `worker exec` with ours flags before `--` (every word after it is the command's). */
const exec = (argv: string[]) => {
  const cut = argv.includes('--') ? argv.indexOf('--') : argv.length
  return runInProcess(
    WorkerExec as unknown as CommandClass,
    [...argv.slice(0, cut), '--server', `${MOCK_ORIGIN}/api`, ...argv.slice(cut)],
    server,
  )
}

const task = (id: string, input: Record<string, unknown> = {}) => ({
  taskId: id,
  workflowInstanceId: `wf-${id}`,
  taskType: 'greet',
  referenceTaskName: 'greet_ref',
  inputData: input,
  retryCount: 0,
  status: 'IN_PROGRESS',
})

/** Polls answered from `batches` in turn (then empty lists); each poll's path kept. */
function tasks(batches: unknown[][], polls: string[] = []) {
  let i = 0
  server
    .pool()
    .intercept({path: (p) => p.startsWith('/api/tasks/poll/batch/greet'), method: 'GET'})
    .reply((opts) => {
      polls.push(opts.path)
      return {statusCode: 200, data: JSON.stringify(batches[i++] ?? []), responseOptions: json}
    })
    .persist()
  return polls
}

/** Results posted to /api/tasks, answered with `status` (Conductor answers 200 with the task id as text). */
function results(status = 200) {
  const sent: Record<string, unknown>[] = []
  server
    .pool()
    .intercept({path: '/api/tasks', method: 'POST'})
    .reply((opts) => {
      const body = JSON.parse(String(opts.body)) as Record<string, unknown>
      sent.push(body)
      return status === 200
        ? {statusCode: 200, data: String(body.taskId)}
        : {
            statusCode: status,
            data: JSON.stringify({status, message: `Task not found: ${body.taskId}`}),
            responseOptions: json,
          }
    })
    .persist()
  return sent
}

beforeEach(() => {
  vi.stubEnv('CONDUCTOR_CLI_HOME', mkdtempSync(join(tmpdir(), 'conductor-worker-cmd-')))
  vi.stubEnv('CONDUCTOR_AUTH_TOKEN', '')
  vi.stubEnv('CONDUCTOR_SERVER_URL', '')
})
afterEach(() => vi.unstubAllEnvs())

describe('worker exec: refused before polling (2)', () => {
  const refused = async (argv: string[], message: string) => {
    const polls = tasks([[task('never')]])
    // --json before `--`: every word after it is the command's
    const cut = argv.indexOf('--')
    const withJson = cut === -1 ? [...argv, '--json'] : [...argv.slice(0, cut), '--json', ...argv.slice(cut)]
    const run = await exec(withJson)
    expect(run.exitCode).toBe(2)
    expect((run.doc as {error: {kind: string; message: string}}).error).toMatchObject({kind: 'usage', message})
    expect(polls).toEqual([])
    return run
  }
  it('no command after --', async () => {
    const run = await refused(['greet'], 'Missing the command to run for each task')
    expect((run.doc as {error: {hint: string}}).error.hint).toBe(
      'Put it after --, e.g. `conductor worker exec greet -- node worker.mjs`.',
    )
  })
  it('an empty -- ', () => refused(['greet', '--'], 'Missing the command to run for each task'))
  it('a program not on PATH', () =>
    refused(['greet', '--', 'no-such-program-xyz'], 'Cannot run no-such-program-xyz: not found on PATH'))
  it('a path that is not an executable', () =>
    refused(['greet', '--', '/nonexistent/worker.sh'], 'Cannot run /nonexistent/worker.sh: no such executable file'))
  it('--task-timeout 0', () =>
    refused(['greet', '--task-timeout', '0', '--', '/bin/sh'], '--task-timeout must be more than 0'))
  it('--poll-timeout over 5s', () =>
    refused(
      ['greet', '--poll-timeout', '10s', '--', '/bin/sh'],
      '--poll-timeout 10s: at most 5s (the server refuses longer polls)',
    ))
  it('no task type', async () => {
    const run = await exec(['--json'])
    expect(run.exitCode).toBe(2)
  })
})

describe('worker exec: tasks', () => {
  it('runs the command per task with the input on stdin and the task in its environment; --count ends it', async () => {
    const polls = tasks([[task('t1', {name: 'Ada'})], [task('t2', {name: 'Bo'})]])
    const sent = results()
    const script =
      'read input; echo "working on $TASK_REF" >&2; printf \'{"output":{"id":"%s","wf":"%s","type":"%s","input":%s}}\' "$TASK_ID" "$WORKFLOW_ID" "$TASK_TYPE" "$input"'
    const run = await exec([
      'greet',
      '--count',
      '2',
      '--worker-id',
      'w-1',
      '--domain',
      'blue',
      '--poll-timeout',
      '1s',
      '--',
      '/bin/sh',
      '-c',
      script,
    ])
    expect(run.exitCode).toBe(0)
    expect(polls[0]).toBe('/api/tasks/poll/batch/greet?workerid=w-1&domain=blue&count=1&timeout=1000')
    expect(sent.map((s) => [s.taskId, s.workflowInstanceId, s.status, s.workerId])).toEqual([
      ['t1', 'wf-t1', 'COMPLETED', 'w-1'],
      ['t2', 'wf-t2', 'COMPLETED', 'w-1'],
    ])
    expect(sent[0]?.outputData).toEqual({id: 't1', wf: 'wf-t1', type: 'greet', input: {name: 'Ada'}})
    expect((sent[0]?.logs as {log: string}[]).map((l) => l.log)).toEqual(['working on greet_ref'])
    const lines = run.stderr.split('\n')
    expect(lines[0]).toBe(
      'Polling greet (domain blue) as w-1, 1 at a time, 2 tasks; Ctrl-C stops after the tasks in flight',
    )
    expect(lines.filter((l) => /^task t[12] greet_ref: COMPLETED in \d+ ms$/.test(l))).toHaveLength(2)
    expect(run.stderr).toContain('2 task(s): 2 completed, 0 failed')
  })

  it('--json: the summary; a failing command fails its task with the end of stderr', async () => {
    tasks([[task('t1')]])
    const sent = results()
    const run = await exec(['greet', '-n', '1', '--json', '--', '/bin/sh', '-c', 'echo "no such customer" >&2; exit 3'])
    expect(run.exitCode).toBe(0)
    expect(run.doc).toEqual({
      taskType: 'greet',
      workerId: expect.any(String),
      tasks: 1,
      completed: 0,
      failed: 1,
      inProgress: 0,
      updateErrors: 0,
      stoppedBy: 'count',
    })
    expect(sent[0]).toMatchObject({taskId: 't1', status: 'FAILED'})
    expect(String(sent[0]?.reasonForIncompletion)).toContain('no such customer')
    // under --json the notes are silent
    expect(run.stderr).toBe('')
  })

  it("--echo-stderr copies the command's stderr, prefixed with the task ref", async () => {
    tasks([[task('t1')]])
    results()
    const run = await exec([
      'greet',
      '-n',
      '1',
      '--echo-stderr',
      '--',
      '/bin/sh',
      '-c',
      'echo "step 1" >&2; echo "step 2" >&2; echo "{}"',
    ])
    expect(run.exitCode).toBe(0)
    expect(run.stderr).toContain('greet_ref| step 1\ngreet_ref| step 2\n')
  })

  it('--concurrency 2 asks for a batch first, and says how many at a time', async () => {
    const polls = tasks([[task('a'), task('b')]])
    results()
    const run = await exec(['greet', '-c', '2', '-n', '2', '--', '/bin/sh', '-c', 'echo "{}"'])
    expect(run.exitCode).toBe(0)
    expect(polls[0]).toContain('count=2&timeout=0')
    expect(run.stderr).toContain('up to 2 at a time, 2 tasks;')
  })

  it('a result the server will not take (404) is a partial failure (9), the summary beside the error', async () => {
    tasks([[task('gone')]])
    const sent = results(404)
    const run = await exec(['greet', '--count', '1', '--json', '--', '/bin/sh', '-c', 'echo ok'])
    expect(run.exitCode).toBe(9)
    expect(sent).toHaveLength(1)
    expect(run.doc).toMatchObject({
      tasks: 1,
      completed: 1,
      updateErrors: 1,
      error: {kind: 'partial', exitCode: 9, message: '1 task result(s) could not be sent to the server'},
    })
  })

  it('an output the server refuses fails the task at once, terminal, saying why', async () => {
    tasks([[task('big')]])
    const sent: Record<string, unknown>[] = []
    server
      .pool()
      .intercept({path: '/api/tasks', method: 'POST'})
      .reply((opts) => {
        const body = JSON.parse(String(opts.body)) as Record<string, unknown>
        sent.push(body)
        // 3.32.3 refuses a JSON string over 20,000,000 characters this way
        return sent.length === 1
          ? {
              statusCode: 500,
              data: JSON.stringify({status: 500, message: 'String length exceeds maximum', retryable: false}),
              responseOptions: json,
            }
          : {statusCode: 200, data: String(body.taskId)}
      })
      .persist()
    const run = await exec(['greet', '-n', '1', '--json', '--', '/bin/sh', '-c', 'echo \'{"output":{"blob":"xyz"}}\''])
    expect(run.exitCode).toBe(0)
    expect(sent.map((s) => s.status)).toEqual(['COMPLETED', 'FAILED_WITH_TERMINAL_ERROR'])
    expect(sent[1]?.outputData).toEqual({})
    expect(String(sent[1]?.reasonForIncompletion)).toMatch(
      /^the server refused the task's output \(0\.0 MB\) as COMPLETED: HTTP 500: String length exceeds maximum/,
    )
    expect(run.doc).toMatchObject({tasks: 1, failed: 1, completed: 0, updateErrors: 0})
  })

  it('a poll the server refuses (401) ends the worker with that error (8)', async () => {
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/tasks/poll/batch/greet'), method: 'GET'})
      .reply(401, {status: 401, message: 'Unauthorized'}, json)
    const run = await exec(['greet', '--', '/bin/sh', '-c', 'echo ok'])
    expect(run.exitCode).toBe(8)
    expect(run.stderr).toMatch(/Error: .*401/)
  })

  it('a poll that fails for a reason that may pass is tried again', async () => {
    const pool = server.pool()
    pool
      .intercept({path: (p) => p.startsWith('/api/tasks/poll/batch/greet'), method: 'GET'})
      .reply(503, {status: 503, message: 'Service Unavailable'}, json)
    tasks([[task('t1')]])
    const sent = results()
    const run = await exec(['greet', '-n', '1', '--', '/bin/sh', '-c', 'echo "{}"'])
    expect(run.exitCode).toBe(0)
    expect(run.stderr).toMatch(/poll failed: .*; trying again in 1s/)
    expect(sent.map((s) => s.taskId)).toEqual(['t1'])
  })

  it('Ctrl-C stops polling and finishes the task in flight (exit 130, nothing printed as an error)', async () => {
    const before = process.listeners('SIGINT')
    const ctrlC = () => {
      for (const listener of process.listeners('SIGINT')) if (!before.includes(listener)) listener('SIGINT')
    }
    let polled = 0
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/tasks/poll/batch/greet'), method: 'GET'})
      .reply(() => {
        polled++
        // the task's command takes half a second: Ctrl-C arrives while it runs
        if (polled === 1) setTimeout(ctrlC, 100)
        return {statusCode: 200, data: JSON.stringify(polled === 1 ? [task('t1')] : []), responseOptions: json}
      })
      .persist()
    const sent = results()
    const run = await exec(['greet', '--', '/bin/sh', '-c', 'sleep 0.5; echo "{}"'])
    expect(run.exitCode).toBe(130)
    expect(run.stderr).toMatch(/Stopping: no more polling; waiting for 1 task\(s\) in flight/)
    expect(run.stderr).not.toContain('Error:')
    expect(sent.map((s) => [s.taskId, s.status])).toEqual([['t1', 'COMPLETED']])
    expect(process.listeners('SIGINT')).toEqual(before)
  })

  it('a second Ctrl-C kills the commands in flight; their tasks fail', async () => {
    const before = process.listeners('SIGINT')
    const ctrlC = () => {
      for (const listener of process.listeners('SIGINT')) if (!before.includes(listener)) listener('SIGINT')
    }
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/tasks/poll/batch/greet'), method: 'GET'})
      .reply(() => {
        // twice while the task's command sleeps
        setTimeout(ctrlC, 100)
        setTimeout(ctrlC, 250)
        return {statusCode: 200, data: JSON.stringify([task('t1')]), responseOptions: json}
      })
    const sent = results()
    const started = Date.now()
    const run = await exec(['greet', '--json', '--', '/bin/sh', '-c', 'exec sleep 10'])
    expect(Date.now() - started).toBeLessThan(8000)
    expect(run.exitCode).toBe(130)
    expect(run.doc).toMatchObject({
      tasks: 1,
      failed: 1,
      stoppedBy: 'stop',
      error: {kind: 'interrupted', exitCode: 130},
    })
    expect(sent[0]).toMatchObject({taskId: 't1', status: 'FAILED'})
  })
})
