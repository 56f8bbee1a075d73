import {describe, expect, it} from 'vitest'
import {asEnvelope, clip, outcomeOf, parseStdout, type ChildExit} from '../../../src/lib/worker/result.js'

const exit = (extra: Partial<ChildExit>): ChildExit => ({
  exitCode: 0,
  signal: null,
  stdout: '',
  stderrTail: '',
  timedOut: false,
  ...extra,
})

describe('stdout → result', () => {
  it('reads an envelope: status, output, logs, reason, callbackAfterSeconds', () => {
    expect(
      parseStdout(
        '{"status":"IN_PROGRESS","output":{"p":1},"logs":["a",{"b":2}],"reason":"later","callbackAfterSeconds":30}\n',
      ),
    ).toEqual({
      status: 'IN_PROGRESS',
      output: {p: 1},
      logs: ['a', '{"b":2}'],
      reason: 'later',
      callbackAfterSeconds: 30,
    })
    expect(parseStdout('{"output":{"greeting":"Hello"}}')).toEqual({
      status: 'COMPLETED',
      output: {greeting: 'Hello'},
      logs: [],
      reason: undefined,
      callbackAfterSeconds: undefined,
    })
  })

  it('takes any other object as the output, other JSON and text as {result}', () => {
    expect(parseStdout('{"a":1,"status":"x"}')).toMatchObject({status: 'COMPLETED', output: {a: 1, status: 'x'}})
    expect(parseStdout('{"status":"ok"}')).toMatchObject({status: 'COMPLETED', output: {status: 'ok'}})
    expect(parseStdout('{"output":3}')).toMatchObject({output: {output: 3}})
    expect(parseStdout('[1,2]')).toMatchObject({output: {result: [1, 2]}})
    expect(parseStdout('42\n')).toMatchObject({output: {result: 42}})
    expect(parseStdout('hello\nworld\n')).toMatchObject({status: 'COMPLETED', output: {result: 'hello\nworld'}})
    expect(parseStdout('  \n')).toEqual({status: 'COMPLETED', output: {}, logs: []})
  })

  it("reads Conductor's TaskResult shape (outputData, reasonForIncompletion, logs as {log})", () => {
    expect(
      parseStdout(
        JSON.stringify({
          status: 'FAILED',
          outputData: {code: 7},
          reasonForIncompletion: 'boom',
          logs: [{log: 'step 1', createdTime: 1}, 'step 2'],
          taskId: 't1',
          workflowInstanceId: 'w1',
        }),
      ),
    ).toEqual({
      status: 'FAILED',
      output: {code: 7},
      reason: 'boom',
      logs: ['step 1', 'step 2'],
      callbackAfterSeconds: undefined,
    })
    expect(parseStdout('{"status":"FAILED","reasonForIncompletion":"boom"}')).toMatchObject({
      status: 'FAILED',
      output: {},
      reason: 'boom',
    })
    expect(parseStdout('{"outputData":{"a":1}}')).toMatchObject({status: 'COMPLETED', output: {a: 1}})
  })

  it('an object with a task status is never silently the output: a malformed one fails the task and says why', () => {
    const bad = (value: unknown) => asEnvelope(value as never)
    expect(bad({status: 'COMPLETED', logs: 'x'})).toMatchObject({
      status: 'FAILED',
      reason: expect.stringContaining('"logs" must be a list'),
    })
    expect(bad({status: 'COMPLETED', callbackAfterSeconds: -1})).toMatchObject({status: 'FAILED'})
    expect(bad({status: 'FAILED', reason: 'boom', code: 7})).toMatchObject({
      status: 'FAILED',
      reason: expect.stringContaining('a result does not have: code'),
    })
    expect(bad({status: 'COMPLETED', output: {a: 1}, outputData: {a: 2}})).toMatchObject({status: 'FAILED'})
    expect(bad({status: 'TIMED_OUT'})).toMatchObject({
      status: 'FAILED',
      reason: expect.stringContaining('status TIMED_OUT cannot be set by a worker'),
    })
    expect(bad({status: 'COMPLETED', output: 3})).toMatchObject({status: 'FAILED'})
    expect(bad({logs: []})).toBeUndefined()
  })
})

describe('exit → outcome', () => {
  it('a non-zero exit is FAILED with the end of stderr as the reason, keeping a terminal status the command asked for', () => {
    expect(outcomeOf(exit({exitCode: 2, stderrTail: 'line 1\nboom'}))).toMatchObject({
      status: 'FAILED',
      reason: 'exited with code 2: line 1\nboom',
    })
    expect(outcomeOf(exit({exitCode: 1}))).toMatchObject({status: 'FAILED', reason: 'exited with code 1'})
    expect(outcomeOf(exit({exitCode: 1, stdout: '{"status":"COMPLETED","output":{"a":1}}'}))).toMatchObject({
      status: 'FAILED',
      output: {a: 1},
    })
    expect(
      outcomeOf(exit({exitCode: 1, stdout: '{"status":"FAILED_WITH_TERMINAL_ERROR","reason":"gone"}'})),
    ).toMatchObject({status: 'FAILED_WITH_TERMINAL_ERROR', reason: 'gone'})
    expect(outcomeOf(exit({exitCode: null, signal: 'SIGKILL'}))).toMatchObject({
      status: 'FAILED',
      reason: 'killed by SIGKILL',
    })
  })

  it('timeouts, spawn errors and long reasons', () => {
    expect(
      outcomeOf(exit({exitCode: null, signal: 'SIGTERM', timedOut: true, timeoutMs: 1000, stderrTail: 'working'})),
    ).toMatchObject({
      status: 'FAILED',
      reason: 'timed out after 1000 ms; the command was killed: working',
    })
    expect(outcomeOf(exit({exitCode: null, error: 'cannot run x: no such command'}))).toMatchObject({
      status: 'FAILED',
      reason: 'cannot run x: no such command',
    })
    const long = outcomeOf(exit({exitCode: 1, stderrTail: 'x'.repeat(2000) + 'END'}))
    expect(long.reason?.length).toBeLessThanOrEqual(500)
    expect(long.reason).toMatch(/^exited with code 1: …x+END$/)
    expect(clip('abcdef', 4)).toBe('…def')
  })
})
