import {describe, expect, it} from 'vitest'
import type {JsonObject} from '../../../src/lib/client/types.js'
import {taskEnv, taskLine, Worker} from '../../../src/lib/worker/loop.js'
import {updateTask} from '../../../src/lib/worker/update.js'
import {mockServer} from '../../helpers/mock-server.js'

const mock = mockServer()
const client = mock.client
/** MockAgent matches a path as sent and with its query sorted; keep the one as sent. */
const record = (into: string[]) => (p: string) =>
  p.startsWith('/api/tasks/poll/batch/') && (p.includes('?workerid=') ? into.push(p) : 0, true)
const task = (id: string, input: JsonObject = {}) => ({
  taskId: id,
  workflowInstanceId: `wf-${id}`,
  taskType: 'greet',
  referenceTaskName: 'greet_ref',
  inputData: input,
})

describe('Worker', () => {
  it('polls, runs the command per task and sends each result; stops after --count', async () => {
    const pool = mock.pool()
    const polls: string[] = []
    pool.intercept({path: record(polls), method: 'GET'}).reply(200, [task('a', {name: 'Ada'})])
    pool.intercept({path: record(polls), method: 'GET'}).reply(200, [task('b', {name: 'Bo'})])
    const sent: Record<string, unknown>[] = []
    pool
      .intercept({path: '/api/tasks', method: 'POST'})
      .reply(
        ({body}) => (sent.push(JSON.parse(String(body)) as Record<string, unknown>), {statusCode: 200, data: 'ok'}),
      )
      .times(2)
    const lines: string[] = []
    const summary = await new Worker(client(), {
      taskType: 'greet',
      workerId: 'w1',
      command: {
        command: process.execPath,
        args: [
          '-e',
          'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{console.error("hi");console.log(JSON.stringify({output:{greeting:"Hello "+JSON.parse(s).name}}))})',
        ],
      },
      concurrency: 1,
      count: 2,
      pollTimeoutMs: 1000,
      log: (l) => lines.push(l),
    }).run()
    expect(summary).toEqual({
      taskType: 'greet',
      workerId: 'w1',
      tasks: 2,
      completed: 2,
      failed: 0,
      inProgress: 0,
      updateErrors: 0,
      stoppedBy: 'count',
    })
    expect(polls[0]).toBe('/api/tasks/poll/batch/greet?workerid=w1&count=1&timeout=1000')
    expect(sent.map((s) => [s.taskId, s.status, s.outputData, s.workerId])).toEqual([
      ['a', 'COMPLETED', {greeting: 'Hello Ada'}, 'w1'],
      ['b', 'COMPLETED', {greeting: 'Hello Bo'}, 'w1'],
    ])
    expect((sent[0]?.logs as {log: string}[]).map((l) => l.log)).toEqual(['hi'])
    expect(lines.filter((l) => /^task [ab] greet_ref: COMPLETED in \d+ ms$/.test(l))).toHaveLength(2)
  })

  it('with free slots, asks for a batch at once (timeout 0), then long-polls for one', async () => {
    const pool = mock.pool()
    const polls: string[] = []
    pool.intercept({path: record(polls), method: 'GET'}).reply(200, [])
    pool.intercept({path: record(polls), method: 'GET'}).reply(200, [task('c')])
    pool.intercept({path: record(polls), method: 'GET'}).reply(200, [task('d')])
    pool.intercept({path: '/api/tasks', method: 'POST'}).reply(200, 'ok').times(2)
    await new Worker(client(), {
      taskType: 'greet',
      workerId: 'w',
      domain: 'dev',
      command: {command: process.execPath, args: ['-e', '']},
      concurrency: 4,
      count: 2,
      pollTimeoutMs: 2000,
      log: () => {},
    }).run()
    expect(polls).toEqual([
      '/api/tasks/poll/batch/greet?workerid=w&domain=dev&count=2&timeout=0',
      '/api/tasks/poll/batch/greet?workerid=w&domain=dev&count=1&timeout=2000',
      '/api/tasks/poll/batch/greet?workerid=w&domain=dev&count=1&timeout=2000',
    ])
  })

  it('stop() during a poll: the tasks that poll brings are already ours, so they run, and the loop says so', async () => {
    const pool = mock.pool()
    pool
      .intercept({path: record([]), method: 'GET'})
      .reply(200, [task('e')])
      .delay(150)
    const sent: string[] = []
    pool
      .intercept({path: '/api/tasks', method: 'POST'})
      .reply(
        ({body}) => (
          sent.push(String((JSON.parse(String(body)) as {status: string}).status)),
          {statusCode: 200, data: 'ok'}
        ),
      )
    const lines: string[] = []
    const worker = new Worker(client(), {
      taskType: 'greet',
      workerId: 'w',
      command: {command: process.execPath, args: ['-e', '']},
      concurrency: 1,
      pollTimeoutMs: 1000,
      log: (l) => lines.push(l),
    })
    const running = worker.run()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect([worker.pollInFlight, worker.inFlightCount]).toEqual([true, 0])
    worker.stop()
    const summary = await running
    expect(worker.pollInFlight).toBe(false)
    expect(summary).toMatchObject({tasks: 1, completed: 1, stoppedBy: 'stop'})
    expect(sent).toEqual(['COMPLETED'])
    expect(lines[0]).toBe('The last poll brought 1 task(s): running them before exiting')
  })

  it('backs off on a poll that fails for a reason that may pass, and gives up on one that will not', async () => {
    const pool = mock.pool()
    pool
      .intercept({path: (p) => p.startsWith('/api/tasks/poll/batch/'), method: 'GET'})
      .reply(500, {message: 'db down'})
    pool.intercept({path: (p) => p.startsWith('/api/tasks/poll/batch/'), method: 'GET'}).reply(403, {message: 'denied'})
    const lines: string[] = []
    const slept: number[] = []
    const worker = new Worker(client(), {
      taskType: 'greet',
      workerId: 'w',
      command: {command: process.execPath, args: []},
      concurrency: 1,
      pollTimeoutMs: 100,
      log: (l) => lines.push(l),
      sleep: async (ms) => void slept.push(ms),
    })
    await expect(worker.run()).rejects.toMatchObject({kind: 'auth'})
    expect(slept).toEqual([1000])
    expect(lines[0]).toMatch(/^poll failed: .*HTTP 500: db down; trying again in 1s$/)
  })

  it('the result update is retried while the server is unavailable, not after a 404', async () => {
    const pool = mock.pool()
    pool.intercept({path: '/api/tasks', method: 'POST'}).reply(500, {message: 'busy'})
    pool.intercept({path: '/api/tasks', method: 'POST'}).reply(200, 'ok')
    const retries: number[] = []
    const result = {
      workflowInstanceId: 'w',
      taskId: 't',
      status: 'COMPLETED' as const,
      outputData: {},
      workerId: 'x',
      logs: [],
    }
    await updateTask(client(), result, {sleep: async () => {}, onRetry: (n) => retries.push(n)})
    expect(retries).toEqual([1])
    pool.intercept({path: '/api/tasks', method: 'POST'}).reply(404, {message: 'No such task'})
    await expect(updateTask(client(), result, {sleep: async () => {}})).rejects.toMatchObject({kind: 'notFound'})
  })

  it('task env and log line', () => {
    expect(taskEnv({...task('t'), retryCount: 2}, {PATH: '/bin', X: undefined})).toEqual({
      PATH: '/bin',
      TASK_TYPE: 'greet',
      TASK_ID: 't',
      WORKFLOW_ID: 'wf-t',
      TASK_REF: 'greet_ref',
      TASK_RETRY_COUNT: '2',
    })
    expect(
      taskLine({
        taskId: 't',
        ref: 'r',
        workflowId: 'w',
        status: 'FAILED',
        durationMs: 5,
        reason: 'exited with code 1: a\nb',
        updated: false,
      }),
    ).toBe('task t r: FAILED in 5 ms: exited with code 1: a | b (result NOT sent)')
  })
})
