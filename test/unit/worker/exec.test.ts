import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {execEnding, execWorker, interrupt, pollingLine, type ExecAsk} from '../../../src/lib/worker/exec.js'
import type {WorkerSummary} from '../../../src/lib/worker/loop.js'
import {mockServer} from '../../helpers/mock-server.js'

const mock = mockServer()
const ask = (over: Partial<ExecAsk> = {}): ExecAsk => ({
  taskType: 'greet',
  words: [process.execPath, '-e', 'console.log("{}")'],
  concurrency: 1,
  pollTimeoutMs: 1000,
  ...over,
})
const summary = (over: Partial<WorkerSummary> = {}): WorkerSummary => ({
  taskType: 'greet',
  workerId: 'w1',
  tasks: 2,
  completed: 1,
  failed: 1,
  inProgress: 0,
  updateErrors: 0,
  stoppedBy: 'count',
  ...over,
})

async function refused(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(CliError)
  expect((error as CliError).kind).toBe('usage')
  return error as CliError
}

describe('execWorker', () => {
  it('refuses a missing command, bad timeouts and a program not found, before connecting', async () => {
    let connected = false
    const connect = async () => ((connected = true), mock.client())
    const log = {log: () => {}}
    expect((await refused(execWorker(connect, ask({words: []}), log))).message).toBe(
      'Missing the command to run for each task',
    )
    expect((await refused(execWorker(connect, ask({taskTimeoutMs: 0}), log))).message).toBe(
      '--task-timeout must be more than 0',
    )
    expect((await refused(execWorker(connect, ask({pollTimeoutMs: 6000}), log))).message).toBe(
      '--poll-timeout 6s: at most 5s (the server refuses longer polls)',
    )
    expect((await refused(execWorker(connect, ask({words: ['no-such-program-xyz']}), log))).message).toBe(
      'Cannot run no-such-program-xyz: not found on PATH',
    )
    expect((await refused(execWorker(connect, ask({words: ['/no/such/file']}), log))).message).toBe(
      'Cannot run /no/such/file: no such executable file',
    )
    expect(connected).toBe(false)
  })

  it('builds a worker with the given id, or <hostname>-<pid>', async () => {
    const named = await execWorker(async () => mock.client(), ask({workerId: 'me'}), {log: () => {}})
    expect(named.workerId).toBe('me')
    const dflt = await execWorker(async () => mock.client(), ask(), {log: () => {}})
    expect(dflt.workerId).toMatch(new RegExp(`-${process.pid}$`))
  })
})

describe('messages', () => {
  it('pollingLine says what is polled, how many at once, and the count', () => {
    expect(pollingLine(ask(), 'w1')).toBe('Polling greet as w1, 1 at a time; Ctrl-C stops after the tasks in flight')
    expect(pollingLine(ask({concurrency: 4, count: 1, domain: 'd'}), 'w1')).toBe(
      'Polling greet (domain d) as w1, up to 4 at a time, 1 task; Ctrl-C stops after the tasks in flight',
    )
  })

  it('interrupt stops first, kills second', async () => {
    const {worker} = await execWorker(async () => mock.client(), ask(), {log: () => {}})
    expect(interrupt(worker, true)).toBe('Stopping: no more polling')
    expect(interrupt(worker, false)).toBe('Killing the tasks in flight')
  })

  it('execEnding: the counts; partial when results were not sent; interrupted when stopped by Ctrl-C', () => {
    expect(execEnding(summary(), false)).toEqual({line: '2 task(s): 1 completed, 1 failed'})
    const partial = execEnding(summary({updateErrors: 1, inProgress: 1}), true)
    expect(partial.line).toBe('2 task(s): 1 completed, 1 failed, 1 in progress')
    expect(partial.error?.kind).toBe('partial')
    const stopped = execEnding(summary(), true)
    expect(stopped.error?.kind).toBe('interrupted')
    expect(stopped.error?.quiet).toBe(true)
  })
})
