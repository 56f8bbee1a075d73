import {describe, expect, it} from 'vitest'
import {ApiError} from '../../../src/lib/client/api-error.js'
import {CliError} from '../../../src/lib/errors.js'
import {explainError, explainNoPendingTask, explainRefusal} from '../../../src/lib/executions/explain.js'
import type {Task, Workflow} from '../../../src/lib/executions/types.js'

const id = 'wf-1'

describe('explainRefusal', () => {
  it('retry on a RUNNING workflow (server: 404 "still running") is a conflict that names the alternatives', () => {
    const e = explainRefusal(
      'retry',
      {status: 404, serverMessage: 'Workflow is still running.  status=RUNNING'},
      {id, current: 'RUNNING'},
    )
    expect(e).toMatchObject({
      kind: 'conflict',
      message: 'retry only applies to FAILED, TIMED_OUT or TERMINATED workflows; this one is RUNNING',
    })
    expect(e?.hint).toMatch(/pause or terminate/)
    expect(e?.hint).toMatch(/rerun --from-task/)
  })

  it('retry on a PAUSED workflow points to resume; on a COMPLETED one to restart and rerun', () => {
    expect(explainRefusal('retry', {status: 404}, {id, current: 'PAUSED'})?.hint).toContain('execution resume wf-1')
    const done = explainRefusal(
      'retry',
      {
        status: 409,
        serverMessage:
          'There are no retryable tasks! Use restart if you want to attempt entire workflow execution again.',
      },
      {id, current: 'COMPLETED'},
    )
    expect(done).toMatchObject({kind: 'conflict', message: expect.stringContaining('nothing to retry')})
    expect(done?.hint).toContain('restart')
  })

  it('resume when not PAUSED (server: 500 IllegalStateException)', () => {
    const running = explainRefusal(
      'resume',
      {status: 500, serverMessage: 'The workflow wf-1 is not PAUSED so cannot resume. Current status is RUNNING'},
      {id, current: 'RUNNING'},
    )
    expect(running).toMatchObject({
      kind: 'conflict',
      message: 'resume only applies to PAUSED workflows; this one is RUNNING',
      hint: 'It is already running; nothing to resume.',
    })
    expect(explainRefusal('resume', {status: 500}, {id, current: 'FAILED'})?.hint).toContain('retry')
  })

  it('pause of an ended workflow', () => {
    expect(explainRefusal('pause', {status: 409}, {id, current: 'COMPLETED'})).toMatchObject({
      kind: 'conflict',
      message: 'pause only applies to RUNNING workflows; this one COMPLETED',
    })
  })

  it('restart and rerun of a running workflow say to terminate first', () => {
    for (const op of ['restart', 'rerun'] as const) {
      const e = explainRefusal(op, {status: 409, serverMessage: 'not in terminal state'}, {id, current: 'RUNNING'})
      expect(e?.kind).toBe('conflict')
      expect(e?.message).toContain(`${op} only applies to workflows that have ended`)
      expect(e?.hint).toContain('execution terminate wf-1')
    }
  })

  it('restart of a non-restartable COMPLETED workflow', () => {
    expect(
      explainRefusal(
        'restart',
        {status: 404, serverMessage: 'WorkflowId: wf-1 is non-restartable'},
        {id, current: 'COMPLETED'},
      )?.message,
    ).toContain('restartable=false')
  })

  it('terminate of a COMPLETED workflow', () => {
    expect(
      explainRefusal(
        'terminate',
        {status: 409, serverMessage: 'Cannot terminate a COMPLETED workflow.'},
        {id, current: 'COMPLETED'},
      ),
    ).toMatchObject({
      kind: 'conflict',
      message: 'wf-1 already COMPLETED; there is nothing to terminate',
    })
  })

  it('rerun from an unknown task and skip-task refusals', () => {
    expect(
      explainRefusal('rerun', {status: 400, serverMessage: 'Task abc not found'}, {id, current: 'FAILED', ref: 'abc'}),
    ).toMatchObject({kind: 'notFound', message: 'no task abc in execution wf-1'})
    expect(
      explainRefusal(
        'skip-task',
        {status: 500, serverMessage: 'The task referenced by zz does not exist in the WorkflowDefinition x'},
        {id, current: 'RUNNING', ref: 'zz'},
      )?.kind,
    ).toBe('notFound')
    expect(
      explainRefusal(
        'skip-task',
        {status: 500, serverMessage: 'The task referenced setv has already been processed, cannot be skipped'},
        {id, current: 'RUNNING', ref: 'setv'},
      ),
    ).toMatchObject({
      kind: 'conflict',
      hint: expect.stringContaining('task complete wf-1 setv'),
    })
    expect(
      explainRefusal('skip-task', {status: 500, serverMessage: 'whatever'}, {id, current: 'PAUSED', ref: 'x'})?.hint,
    ).toContain('resume')
  })

  it('delete --archive of a running workflow', () => {
    expect(
      explainRefusal(
        'delete',
        {status: 400, serverMessage: 'Cannot archive workflow: wf-1 with status: RUNNING'},
        {id, current: 'RUNNING', archive: true},
      ),
    ).toMatchObject({
      kind: 'conflict',
      hint: expect.stringContaining('without --archive'),
    })
  })

  it('an unknown id is notFound whatever the operation', () => {
    expect(
      explainRefusal('pause', {status: 404, serverMessage: 'No such workflow found by id: wf-1'}, {id}),
    ).toMatchObject({kind: 'notFound', message: 'no execution with id wf-1'})
  })

  it('leaves what it cannot explain alone', () => {
    expect(explainRefusal('pause', {status: 500, serverMessage: 'db down'}, {id, current: 'RUNNING'})).toBeUndefined()
    expect(explainRefusal('retry', {status: 500, serverMessage: 'db down'}, {id})).toBeUndefined()
  })
})

describe('explainError', () => {
  const request = {method: 'POST', path: '/api/workflow/wf-1/retry', url: 'http://x/api/workflow/wf-1/retry'}
  it('wraps an ApiError, keeping it as the cause', () => {
    const api = new ApiError(404, {message: 'Workflow is still running.  status=RUNNING'}, request)
    const e = explainError('retry', api, {id, current: 'RUNNING'}) as CliError
    expect(e).toBeInstanceOf(CliError)
    expect(e.exitCode).toBe(5)
    expect(e.cause).toBe(api)
    expect(e.details).toMatchObject({status: 404, workflowStatus: 'RUNNING'})
  })

  it('passes other errors through', () => {
    const other = new CliError('network', 'down')
    expect(explainError('retry', other, {id})).toBe(other)
    const unexplained = new ApiError(500, {message: 'db down'}, request)
    expect(explainError('retry', unexplained, {id, current: 'FAILED'})).toBe(unexplained)
  })
})

describe('explainNoPendingTask', () => {
  const wf = (status: Workflow['status'], tasks: Task[]): Workflow => ({workflowId: id, status, tasks})
  const task = (ref: string, status: string, seq: number) => ({
    taskId: `${ref}-${seq}`,
    referenceTaskName: ref,
    taskType: 'WAIT',
    status,
    seq,
  })

  it('says the task is already finished', () => {
    const e = explainNoPendingTask(
      wf('RUNNING', [task('wait1', 'COMPLETED', 1), task('next', 'IN_PROGRESS', 2)]),
      'wait1',
    )
    expect(e).toMatchObject({
      kind: 'notFound',
      message: "no pending task 'wait1' in wf-1: task 'wait1' is already COMPLETED",
      hint: 'Pending tasks now: next.',
    })
  })

  it('uses the latest attempt of the ref', () => {
    expect(
      explainNoPendingTask(wf('FAILED', [task('w', 'CANCELED', 1), task('w', 'FAILED', 2)]), 'w').message,
    ).toContain('already FAILED')
  })

  it('says the workflow has ended or not reached the task', () => {
    expect(explainNoPendingTask(wf('TERMINATED', []), 'w').message).toContain('the workflow is TERMINATED')
    expect(explainNoPendingTask(wf('RUNNING', [task('a', 'IN_PROGRESS', 1)]), 'w').message).toContain(
      'has not reached it',
    )
  })
})
