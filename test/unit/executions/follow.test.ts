import {describe, expect, it} from 'vitest'
import {
  follow,
  followWithProgress,
  nextInterval,
  outcomeExitCode,
  outcomeLine,
  outcomeOf,
  progressText,
} from '../../../src/lib/executions/follow.js'
import type {Workflow} from '../../../src/lib/executions/types.js'
import {ConductorClient} from '../../../src/lib/client/client.js'
import {MOCK_ORIGIN, mockServer} from '../../helpers/mock-server.js'

const mock = mockServer()
const client = mock.client

const doc = (status: string, extra: Partial<Workflow> = {}) => ({
  workflowId: 'w1',
  workflowName: 'flow',
  status,
  tasks: [],
  ...extra,
})

describe('exit codes', () => {
  it('maps each way an execution ends to its code', () => {
    expect(outcomeExitCode('COMPLETED')).toBe(0)
    expect(outcomeExitCode('FAILED')).toBe(10)
    expect(outcomeExitCode('TERMINATED')).toBe(11)
    expect(outcomeExitCode('TIMED_OUT')).toBe(12)
    expect(outcomeExitCode('RUNNING')).toBe(13)
    expect(outcomeExitCode('PAUSED')).toBe(13)
  })
})

describe('polling', () => {
  it('starts at 500 ms and grows to 2 s', () => {
    const seen: number[] = []
    let i: number | undefined
    for (let n = 0; n < 6; n++) seen.push((i = nextInterval(i)))
    expect(seen).toEqual([500, 750, 1125, 1688, 2000, 2000])
  })

  it('polls with tasks until the execution ends, reporting each state', async () => {
    const pool = mock.pool()
    const path = '/api/workflow/w1?includeTasks=true'
    pool
      .intercept({path, method: 'GET'})
      .reply(
        200,
        doc('RUNNING', {tasks: [{taskId: 't', referenceTaskName: 'wait1', taskType: 'WAIT', status: 'IN_PROGRESS'}]}),
      )
    pool.intercept({path, method: 'GET'}).reply(200, doc('PAUSED'))
    pool
      .intercept({path, method: 'GET'})
      .reply(200, doc('FAILED', {reasonForIncompletion: 'boom', startTime: 1000, endTime: 3500}))
    const sleeps: number[] = []
    const updates: string[] = []
    // the transport's own retries off (MockAgent cannot replay a retried reply): each 429 reaches follow()
    const noRetries = new ConductorClient({
      root: MOCK_ORIGIN,
      timeoutMs: 2000,
      auth: {mode: 'none'},
      dispatcher: mock.agent,
      retry: {maxRetries: 0},
    })
    const wf = await follow(noRetries, 'w1', {
      timeoutMs: 60_000,
      sleep: async (ms) => void sleeps.push(ms),
      onUpdate: (w) => updates.push(progressText(w)),
    })
    expect(wf.status).toBe('FAILED')
    expect(sleeps).toEqual([500, 750])
    expect(updates).toEqual(['flow RUNNING · running: wait1', 'flow PAUSED', 'flow FAILED'])
    const outcome = outcomeOf(wf)
    expect(outcome).toMatchObject({
      status: 'FAILED',
      finished: true,
      exitCode: 10,
      durationMs: 2500,
      reasonForIncompletion: 'boom',
    })
    expect(outcomeLine(outcome)).toBe('flow FAILED in 2.5s (w1): boom')
  })

  it('stops at the deadline with the execution still running (exit 13)', async () => {
    let now = 0
    mock
      .pool()
      .intercept({path: '/api/workflow/w1?includeTasks=true', method: 'GET'})
      .reply(200, doc('RUNNING'))
      .persist()
    const progress = {
      lines: [] as string[],
      update() {},
      succeed(t: string) {
        this.lines.push(`ok ${t}`)
      },
      fail(t: string) {
        this.lines.push(`fail ${t}`)
      },
      stop() {},
    }
    const fake = async (ms: number) => void (now += ms)
    const wf = await follow(client(), 'w1', {timeoutMs: 1000, sleep: fake, now: () => now})
    expect(wf.status).toBe('RUNNING')
    expect(now).toBe(1000)
    const outcome = await followWithProgress(client(), 'w1', 0, progress)
    expect(outcome).toMatchObject({finished: false, exitCode: 13})
    expect(progress.lines[0]).toMatch(
      /^fail flow w1 is still RUNNING after waiting 0ms; follow it with `conductor execution watch w1`/,
    )
  })

  it('turns an unknown id into a notFound naming it', async () => {
    mock
      .pool()
      .intercept({path: '/api/workflow/nope?includeTasks=true', method: 'GET'})
      .reply(404, {status: 404, message: 'No such workflow found by id: nope'})
    await expect(follow(client(), 'nope', {timeoutMs: 10})).rejects.toMatchObject({
      kind: 'notFound',
      message: 'no execution with id nope',
    })
  })
})

describe('transient failures while following (issue 14, item 10)', () => {
  it('keeps polling through 429s beyond the per-request retries, and says so', async () => {
    const path = '/api/workflow/w1?includeTasks=true'
    for (let i = 0; i < 9; i++)
      mock.pool().intercept({path, method: 'GET'}).reply(429, {status: 429, message: 'slow down'})
    mock.pool().intercept({path, method: 'GET'}).reply(200, doc('COMPLETED'))
    let now = 0
    const failures: number[] = []
    // the transport's own retries off (MockAgent cannot replay a retried reply): each 429 reaches follow()
    const noRetries = new ConductorClient({
      root: MOCK_ORIGIN,
      timeoutMs: 2000,
      auth: {mode: 'none'},
      dispatcher: mock.agent,
      retry: {maxRetries: 0},
    })
    const wf = await follow(noRetries, 'w1', {
      timeoutMs: 60_000,
      sleep: async (ms) => void (now += ms),
      now: () => now,
      onPollFailure: (error, n) => {
        expect(error.message).toMatch(/HTTP 429/)
        failures.push(n)
      },
    })
    expect(wf.status).toBe('COMPLETED')
    expect(failures).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('still fails at once on what will not pass (a 404)', async () => {
    mock
      .pool()
      .intercept({path: '/api/workflow/gone?includeTasks=true', method: 'GET'})
      .reply(404, {status: 404, message: 'No such workflow found by id: gone'})
    const failures: number[] = []
    await expect(
      follow(client(), 'gone', {timeoutMs: 60_000, onPollFailure: (_e, n) => failures.push(n)}),
    ).rejects.toMatchObject({kind: 'notFound'})
    expect(failures).toEqual([])
  })
})
